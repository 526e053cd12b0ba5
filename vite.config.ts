import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// base './': the built site works unchanged from any sub-path of any static server.
export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: {
    alias: {
      // plotly.js's registry requires maplibre's CSS for map traces, which we never register
      'maplibre-gl/dist/maplibre-gl.css': fileURLToPath(new URL('./src/app/charts/no-maplibre.css', import.meta.url)),
    },
  },
  // Some of plotly.js's CommonJS dependencies read Node's `global`.
  define: { global: 'globalThis' },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
  },
  // plotly.js is CommonJS: let the dev server pre-bundle its entry points. tfjs is listed
  // too: the worker imports it, and the dev server's scan does not follow the worker, so
  // without this it found tfjs late, re-bundled and reloaded the page mid-start.
  optimizeDeps: {
    include: [
      'plotly.js/lib/core',
      'plotly.js/lib/bar',
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
    ],
  },
});
