import { defineConfig, type UserConfig } from 'tsdown';

/**
 * The library build: what `npm install leakscope` gives a project, next to the extension that Vite builds into
 * `dist/extension/`. Two public entries, `leakscope` (the core: snapshot files, diff, rules, reports) and
 * `leakscope/playwright` (fixture, matcher, session, scenarios), each as ESM (`.mjs`) and CommonJS (`.cjs`) with
 * declarations, so a spec of any kind (a `.ts` spec that Playwright compiles to CommonJS, `.mjs`, `.cjs`) and a
 * strict `tsc` load them. The CLI is ESM only (`bin/leakscope.mjs` imports `cli.mjs`); it shares the ESM chunks.
 */
const shared: UserConfig = {
  outDir: 'dist/lib',
  platform: 'node',
  target: 'node20.19',
  tsconfig: 'tsconfig.lib.json',
  // `import.meta.url` in the CommonJS files: the package root is found from it.
  shims: true,
  dts: true,
  deps: {
    // Never bundled: the user's Playwright (@playwright/test re-exports the types of 'playwright', which would
    // otherwise be copied into our declarations and clash with the user's own), and our dependencies.
    neverBundle: [/^@playwright\//, /^playwright(-core)?(\/|$)/, /^tsx(\/|$)/, /^zod(\/|$)/, /^yaml$/],
  },
};

const LIBRARY = { index: 'src/core/index.ts', playwright: 'src/playwright/index.ts' };

// The two formats build at once into one folder, so each cleans only its own files.
export default defineConfig([
  { ...shared, entry: { ...LIBRARY, cli: 'src/cli/main.ts' }, format: 'esm', clean: ['dist/lib/**/*.mjs', 'dist/lib/**/*.d.mts'] },
  { ...shared, entry: LIBRARY, format: 'cjs', clean: ['dist/lib/**/*.cjs', 'dist/lib/**/*.d.cts'] },
]);
