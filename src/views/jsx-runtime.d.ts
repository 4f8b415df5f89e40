// Types of the JSX runtime (src/views/jsx-runtime.js): kita's, unchanged.
export * from '@kitajs/html/jsx-runtime';
export { jsx as jsxDEV } from '@kitajs/html/jsx-runtime';
export function escapeAttributeValues<T extends object>(attrs: T): T;
