import { crx } from '@crxjs/vite-plugin';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };
import { extensionVersion } from './scripts/extension-version.ts';

/**
 * Content scripts are built as standalone synchronous bundles: the MAIN-world one must run before the page's
 * first script, which the plugin's default async loader would not guarantee; the relay must be listening by then.
 */
export const CONTENT_SCRIPTS = ['src/content/instrument/index.ts', 'src/content/relay.ts'];

export default defineConfig({
  plugins: [
    react(),
    crx({
      // The version is package.json's (see scripts/extension-version.ts); manifest.json has none.
      manifest: { ...manifest, version: extensionVersion(pkg.version) },
      contentScripts: { standaloneFiles: CONTENT_SCRIPTS },
    }),
  ],
  // The snapshot import worker (src/panel/model/import-worker.ts) as a module script, as the panel creates it.
  worker: { format: 'es' },
  build: {
    outDir: 'dist/extension',
    emptyOutDir: true,
    target: 'chrome111',
    // The panel page is opened by the DevTools page at run time, so the manifest does not name it.
    rollupOptions: { input: { panel: 'src/panel/panel.html' } },
  },
});
