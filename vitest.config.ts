// Vitest: unit and HTTP-level tests live beside the code in src/ (browser tests are Playwright's, in
// e2e/); what every test needs is registered once in the setup file.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    dir: 'src',
    include: ['**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
  },
});
