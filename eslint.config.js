// ESLint's flat config: typescript-eslint with type information for all TypeScript, React's hook rules for the
// panel, and eslint-config-prettier last so that no rule here argues with Prettier about layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    'dist/',
    'node_modules/',
    'test-results/',
    'playwright-report/',
    '.leakscope/',
    // Fixture pages and apps, plain scripts served to the browser: the demo app and the test pages leak on purpose,
    // and the tests assert the line numbers of their leak markers, so they are kept exactly as written.
    'demo/public/',
    'e2e/pages/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },

  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // `_` marks a parameter or binding kept for its position (a callback's signature, a destructured rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A closure declared before the one assignment reads the binding (installed wrappers compared later).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },

  // Page-side code patches natives: it keeps the originals off their prototypes and calls them with
  // Reflect.apply/`.call` (so `unbound-method` is the pattern, not a mistake), holds them as `Function`, forwards
  // `arguments` untouched so the native sees exactly what the page passed (no rest array on hot paths), and returns
  // whatever the native returned (Reflect.apply gives `any`).
  {
    files: ['src/content/instrument/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'prefer-rest-params': 'off',
    },
  },

  // The page script runs among the page's scripts, which may replace any built-in after it installed (see
  // src/content/instrument/intrinsics.ts): outside intrinsics.ts it reads no built-in global by name, calls no
  // built-in method by property (names that only built-ins have), and uses no syntax that calls the page's
  // iterators. A page that broke `Array.prototype.push` or `Map.prototype.get` must change nothing we count.
  {
    files: ['src/content/instrument/**/*.ts'],
    ignores: ['src/content/instrument/intrinsics.ts', 'src/content/instrument/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'Object',
          'Array',
          'Map',
          'Set',
          'WeakMap',
          'WeakSet',
          'WeakRef',
          'FinalizationRegistry',
          'Symbol',
          'Reflect',
          'String',
          'Number',
          'Boolean',
          'Math',
          'JSON',
          'Error',
          'Promise',
          'Proxy',
          'Date',
          'RegExp',
          'Function',
          'parseInt',
          'parseFloat',
          'isNaN',
          'isFinite',
          'queueMicrotask',
          'setTimeout',
          'clearTimeout',
          'structuredClone',
          'performance',
          'globalThis',
          'window',
          'document',
          'self',
          'Intl',
        ].map((name) => ({ name, message: `take ${name} from ./intrinsics.ts (or the realm at install): the page may replace the global` })),
      ],
      'no-restricted-properties': [
        'error',
        ...[
          'push',
          'pop',
          'shift',
          'unshift',
          'splice',
          'concat',
          'slice',
          'map',
          'filter',
          'reduce',
          'some',
          'every',
          'find',
          'findIndex',
          'includes',
          'indexOf',
          'lastIndexOf',
          'join',
          'sort',
          'reverse',
          'split',
          'replace',
          'replaceAll',
          'startsWith',
          'endsWith',
          'trim',
          'toLowerCase',
          'toUpperCase',
          'padStart',
          'padEnd',
          'call',
          'apply',
          'bind',
          'then',
          'catch',
          'finally',
          'deref',
          'register',
          'unregister',
          'exec',
          'test',
          'match',
          'matchAll',
          'search',
          'values',
          'keys',
          'entries',
          'charCodeAt',
          'at',
          'flat',
          'flatMap',
          'fill',
        ].map((property) => ({ property, message: `call the built-in through ./intrinsics.ts: the page may replace .${property}` })),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ForOfStatement', message: "for…of calls the page's iterator: use an index loop or forEach of a Safe collection" },
        {
          selector: 'ArrayExpression > SpreadElement, CallExpression > SpreadElement, NewExpression > SpreadElement',
          message: "spread calls the page's iterator",
        },
        { selector: 'ArrayPattern', message: "array destructuring calls the page's iterator" },
        { selector: 'YieldExpression[delegate=true]', message: "yield* calls the page's iterator" },
      ],
    },
  },

  // Browser tests read natives off prototypes to check that the wrappers stay transparent; the conformance checks
  // run in the page and do on purpose what pages do: throw non-errors, stringify natives and odd values, `for…in`
  // over window, string handlers for timers.
  {
    files: ['e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // Playwright reads a fixture's dependencies from its first parameter, so a fixture that needs none says `{}`.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  {
    files: ['e2e/conformance/**/*.ts', 'e2e/observers.spec.ts', 'e2e/timers.spec.ts'],
    rules: {
      '@typescript-eslint/no-implied-eval': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-for-in-array': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // Unit tests' fakes of Promise-returning interfaces are `async` without an `await`, so that a throw in them
  // rejects as the real call would.
  {
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },

  // The user's project stand-in: its own tsconfig (NodeNext, no path to the sources) would resolve `leakscope` to the
  // build, which does not exist yet when lint runs; the root tsconfig maps it to the sources, as `npm run typecheck` does.
  {
    files: ['e2e/support/consumer/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
  },

  // Plain JavaScript (the bin stub, benchmark scripts, the consumer's .mjs/.cjs): no tsconfig covers them, so no types.
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  {
    files: ['src/panel/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },

  prettier,
);
