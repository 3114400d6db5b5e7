import { defineConfig } from 'vite';

/**
 * Builds the plug-in as ES modules: a small entry with `<mdr-section>`, one chunk per tab
 * (dynamic imports in plugin/tabs/registry.ts). Locale files are not bundled; they are fetched per
 * language from `locales/`.
 */
export default defineConfig({
  build: {
    outDir: 'dist/plugin',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Read by the benchmark to size the entry and each tab chunk.
    manifest: true,
    lib: {
      entry: 'plugin/index.ts',
      formats: ['es'],
      fileName: () => 'mdr-plugin.js',
    },
    rolldownOptions: {
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Everything the tabs share (components, API client, contract, Lit, i18next) in one chunk
        // that the entry imports: a tab's chunk then needs nothing more, and opening a tab costs one
        // request instead of a chain of them (each shared module found only once its importer has
        // arrived).
        codeSplitting: {
          groups: [{ name: 'shared', test: (id: string) => !/[\\/]plugin[\\/](tabs|activation)[\\/]/.test(id) && !/[\\/]plugin[\\/]index\.ts$/.test(id) }],
        },
      },
    },
  },
});
