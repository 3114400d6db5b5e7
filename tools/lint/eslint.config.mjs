// The project's linter: JavaScript's and TypeScript's recommended rules everywhere, and the Lit and
// web-component rules for the browser code (the plug-in and the console's pages). Run from the
// repository root by `npm run lint` (and by `npm test`); it lives here with its own TypeScript 5.9
// because typescript-eslint does not support the project's TypeScript 7.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Browser code: the plug-in and the console's pages (and the sample plug-in kept with the tests). */
const browserFiles = ['plugin/**/*.ts', 'host-shim/console/**/*.ts', 'test/components/**/*.ts', 'test/fixtures/**/*.{js,ts}'];

export default tseslint.config(
  {
    basePath: root,
    ignores: ['**/node_modules/**', '.stryker-tmp/**', 'dist/**', '.data/**', 'reports/**', 'test-results/**', 'tools/**', 'locales/**', '**/*.d.ts'],
  },
  {
    basePath: root,
    files: ['**/*.{ts,mjs,js}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // TypeScript's own checks (noUnusedLocals, noUnusedParameters) already refuse unused names.
      '@typescript-eslint/no-unused-vars': 'off',
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
      'no-var': 'error',
    },
  },
  {
    basePath: root,
    files: browserFiles,
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended']],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'lit/no-invalid-html': 'error',
      'lit/no-useless-template-literals': 'error',
      // This rule also reports assignments inside the event listeners a template declares
      // (`@click=${() => (this.open = false)}`), which run on events, not in render().
      'lit/no-this-assign-in-render': 'off',
      'lit/attribute-value-entities': 'error',
      'lit/no-native-attributes': 'error',
      'wc/guard-super-call': 'off',
    },
  },
  {
    basePath: root,
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: {
      // Tests read answers as loose JSON (`Record<string, any>`) to assert on them field by field.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
