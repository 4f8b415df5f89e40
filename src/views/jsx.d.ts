// JSX types for htmx attributes and htmx 4's <hx-partial> element.
/// <reference types="@kitajs/html/htmx.d.ts" />

declare namespace JSX {
  interface IntrinsicElements {
    'hx-partial': HtmlTag & { 'hx-target': string; 'hx-swap'?: string };
  }
}
