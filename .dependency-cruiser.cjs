/**
 * The layout as a check (`npm run lint:arch`): which folder may import which. Folders follow execution contexts
 * (see src/core/README.md and the data flow in the README), so an import across a line below either ships code
 * into a world where it cannot run or breaks a promise the design makes.
 *
 * Tests (`*.test.ts`) and the browser tests in e2e/ may import anything: they reach into every layer on purpose,
 * and nothing ships them. Each rule below therefore starts from non-test sources.
 */
const NOT_TESTS = '\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      // The page bundle (the MAIN-world script and the ISOLATED relay) is built into every watched page. It must
      // stay small, bundle nothing of the analysis, and share only the protocol with the other contexts.
      // The relay alone talks to the extension, through webextension-polyfill; the MAIN-world script has no
      // extension APIs at all (page-script-no-extension-api below).
      name: 'page-bundle-isolated',
      severity: 'error',
      comment: 'src/content imports only src/content and src/shared (the relay also webextension-polyfill)',
      from: { path: '^src/content/', pathNot: NOT_TESTS },
      to: { pathNot: ['^src/(content|shared)/', '^node_modules/webextension-polyfill/'] },
    },
    {
      // The MAIN world runs with the page's privileges only: extension APIs are not there, and the polyfill would
      // throw at load. Only the relay may import it (or the port Wall over it).
      name: 'page-script-no-extension-api',
      severity: 'error',
      comment: 'src/content/instrument (MAIN world) cannot use extension APIs',
      from: { path: '^src/content/instrument/', pathNot: NOT_TESTS },
      to: { path: ['^node_modules/webextension-polyfill/', '^src/shared/port-wall\\.ts$'] },
    },
    {
      // The core is pure analysis: the panel bundles it into the browser, the CLI and Playwright run it in Node.
      // So no Node builtins, no browser or extension APIs, no Playwright, and no other layer of Leakscope: only
      // itself, src/shared (kinds, signatures), its schema/parse libraries and package.json (the version).
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core imports only src/core, src/shared, zod, yaml and package.json',
      from: { path: '^src/core/', pathNot: NOT_TESTS },
      to: { pathNot: ['^src/(core|shared)/', '^node_modules/(zod|yaml)/', '^package\\.json$'] },
    },
    {
      // The service worker routes messages between tabs and panels; analysis belongs to the panel and Node side,
      // and a worker that Chrome stops at any time must hold no snapshots.
      name: 'background-no-analysis',
      severity: 'error',
      comment: 'src/background imports nothing from src/core, src/collector or src/panel',
      from: { path: '^src/background/', pathNot: NOT_TESTS },
      to: { path: '^src/(core|collector|panel)/' },
    },
    {
      // The panel and the page live in different processes: the panel reaches the page through the typed
      // protocol (src/shared) and CDP, never by importing page code.
      name: 'panel-reaches-page-by-messages',
      severity: 'error',
      comment: 'src/panel imports nothing from src/content',
      from: { path: '^src/panel/', pathNot: NOT_TESTS },
      to: { path: '^src/content/' },
    },
    {
      // Every context imports src/shared (the page bundle too), so it must depend on no context of its own.
      name: 'shared-is-shared',
      severity: 'error',
      comment: 'src/shared imports only src/shared (and the polyfill types for the port Wall)',
      from: { path: '^src/shared/', pathNot: NOT_TESTS },
      to: { pathNot: ['^src/shared/', '^node_modules/webextension-polyfill/'] },
    },
    {
      // The core's public face is its index (what the `leakscope` package exports): code outside the core that
      // reaches into its files depends on its inner layout, which may then not change without touching it.
      name: 'core-through-index',
      severity: 'error',
      comment: 'code outside src/core imports the core through src/core/index.ts',
      from: { pathNot: [NOT_TESTS, '^src/core/', '^e2e/'] },
      to: { path: '^src/core/', pathNot: '^src/core/index\\.ts$' },
    },
    {
      // A cycle makes load order matter (a module sees another half-initialised) and layers impossible to tell apart.
      name: 'no-circular',
      severity: 'error',
      comment: 'no import cycles',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules may be a link to another checkout's (a git worktree): name packages by where they are linked.
    preserveSymlinks: true,
    // Not node_modules: an excluded module's imports vanish, and rules on packages would never fire.
    exclude: { path: '^(dist|test-results|playwright-report)/' },
    // Type-only imports count: a type from the core in the page bundle is still the page depending on the core.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
