// ESLint: typescript-eslint's recommended type-checked rules, plus size warnings so growth is visible.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'static/htmx*'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // vitest.config.ts sits outside tsconfig's folders (it is not part of the build).
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
      // Folio matches control characters on purpose: it escapes them in logs and refuses them in input.
      'no-control-regex': 'off',
      // Hono's c.var copies every variable into a new object on each read; c.get reads one.
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='c'][property.name='var']",
          message: "read a request's variables with c.get('name'), not c.var",
        },
      ],
    },
  },
  // Tests are long lists of cases inside describe(): the function-length warning says nothing there.
  // Vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed any by design.
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: { 'max-lines-per-function': 'off', '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  // The app and its tools never depend on test code (tests and their helpers depend on them).
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/testing/**', '**/*.test.ts', '**/*.test.tsx', 'src/**/testing.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/testing/*'], message: 'app and CLI code must not import test code' },
          ],
        },
      ],
    },
  },
  // Migrations take Kysely<any> on purpose: they are frozen in time and never import the app's types.
  {
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['static/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, htmx: 'readonly' } },
  },
);
