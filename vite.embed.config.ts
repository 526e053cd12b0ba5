// The <gan-playground> element: one ES module script, dist/embed/gan-playground.js, built
// after the site (npm run build), and its React component, dist/embed/gan-playground-react.js.
// The site's config with other entries: scripts instead of index.html. base './' makes every URL the script loads (the worker, the wasm kernels, the
// digits asset) relative to the script's own URL (import.meta.url), not the host page's.
import { mergeConfig } from 'vite';
import site from './vite.config.ts';

export default mergeConfig(site, {
  build: {
    outDir: 'dist/embed',
    emptyOutDir: true,
    // the site's favicon is the site's
    copyPublicDir: false,
    // no <link rel=modulepreload> written into the host page's head for the lazy chunks
    modulePreload: false,
    rollupOptions: {
      // the React component (src/embed/react.ts) uses the host's React; the element bundles its own
      input: { 'gan-playground': 'src/embed/index.ts', 'gan-playground-react': 'src/embed/react.ts' },
      // scripts to import from, not an app's entry: keep what they export
      preserveEntrySignatures: 'exports-only',
      external: (id: string, importer: string | undefined) => !!importer && /[\\/]src[\\/]embed[\\/]react\.ts$/.test(importer) && (id === 'react' || id.startsWith('react/')),
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
