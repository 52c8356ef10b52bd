// ESLint for every workspace: typescript-eslint's recommended rules, import hygiene, and the server's
// architecture (docs/ARCHITECTURE.md) as rules, so a dependency that runs the wrong way fails `npm test`.
// Formatting is Prettier's (eslint-config-prettier turns the overlapping style rules off).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Domains from the bottom up: a domain may import only those listed before it (through their
 * index.ts). A dependency that would run back up becomes an event or hook the lower one publishes.
 */
const DOMAIN_LAYERS = [
  'audit',
  'org',
  'sessions',
  'accounts',
  'checkin',
  'attendance',
  'documents',
  'broadcast',
  'recording',
  'quiz',
  'makeup',
  'reports',
  'webhooks',
];

/**
 * Infrastructure from the bottom up: a folder imports values only from those before it (types from
 * any of them). None imports a domain, the demo or the module list.
 */
const INFRA_LAYERS = [
  'errors',
  'config',
  'logging',
  'files',
  'store',
  'redis',
  'media',
  'context',
  'auth',
  'http',
  'signaling',
  'jobs',
];

const below = (list, name) => list.slice(0, list.indexOf(name));

/** Files of a domain that may touch the transport and the wiring; the services get ctx.live instead. */
const DOMAIN_EDGE_FILES = [
  'server/src/domain/**/handlers.ts',
  'server/src/domain/**/*Handlers.ts',
  'server/src/domain/**/routes.ts',
  'server/src/domain/**/module.ts',
  'server/src/domain/**/services.ts',
  'server/src/domain/**/index.ts',
];

const architecture = {
  files: ['server/src/**/*.ts'],
  plugins: { boundaries, 'import-x': importX },
  settings: {
    'boundaries/root-path': import.meta.dirname,
    'boundaries/include': ['server/src/**/*.ts'],
    'boundaries/ignore': ['server/src/**/*.test.ts', 'server/src/**/*.test-data.ts'],
    'boundaries/elements': [
      { type: 'domain', pattern: 'server/src/domain/*', mode: 'folder', capture: ['name'] },
      { type: 'composition', pattern: 'server/src/modules', mode: 'folder' },
      { type: 'demo', pattern: 'server/src/demo', mode: 'folder' },
      ...INFRA_LAYERS.map((name) => ({ type: `infra-${name}`, pattern: `server/src/${name}`, mode: 'folder' })),
      { type: 'app', pattern: 'server/src/*.ts', mode: 'file' },
    ],
    'import/resolver': { typescript: { project: 'server/tsconfig.json' } },
    'import-x/resolver-next': [
      (await import('eslint-import-resolver-typescript')).createTypeScriptImportResolver({
        project: 'server/tsconfig.json',
      }),
    ],
  },
  rules: {
    'boundaries/element-types': [
      'error',
      {
        default: 'disallow',
        message: '${file.type} may not import ${dependency.type} (see docs/ARCHITECTURE.md)',
        rules: [
          ...DOMAIN_LAYERS.map((name) => ({
            from: [['domain', { name }]],
            allow: [
              ...below(DOMAIN_LAYERS, name).map((lower) => ['domain', { name: lower }]),
              ...INFRA_LAYERS.map((infra) => `infra-${infra}`),
            ],
          })),
          ...INFRA_LAYERS.map((name) => ({
            from: `infra-${name}`,
            allow: below(INFRA_LAYERS, name).map((lower) => `infra-${lower}`),
          })),
          // Types may cross infrastructure layers either way (AppContext names every service's type).
          ...INFRA_LAYERS.map((name) => ({
            from: `infra-${name}`,
            allow: INFRA_LAYERS.map((other) => `infra-${other}`),
            importKind: 'type',
          })),
          { from: 'demo', allow: ['domain', ...INFRA_LAYERS.map((n) => `infra-${n}`)] },
          { from: 'composition', allow: ['domain', ...INFRA_LAYERS.map((n) => `infra-${n}`)] },
          { from: 'app', allow: ['domain', 'demo', 'composition', 'app', ...INFRA_LAYERS.map((n) => `infra-${n}`)] },
        ],
      },
    ],
    // One door per domain: another folder reaches a domain only through its index.ts.
    'boundaries/entry-point': [
      'error',
      {
        default: 'allow',
        rules: [
          {
            target: ['domain'],
            disallow: '**',
            message: 'Import ${dependency.type} "${dependency.name}" through its index.ts',
          },
          { target: ['domain'], allow: 'index.ts' },
        ],
      },
    ],
    'import-x/no-cycle': ['error', { ignoreExternal: true }],
    'import-x/no-self-import': 'error',
    'import-x/no-duplicates': 'error',
  },
};

/** Domain services know neither Socket.IO nor Express nor how they are wired. */
const domainServices = {
  files: ['server/src/domain/**/*.ts'],
  ignores: [...DOMAIN_EDGE_FILES, 'server/src/**/*.test.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '(^|/)(signaling|http|modules)/',
            allowTypeImports: true,
            message:
              'Services reach clients through ctx.live; only handlers.ts, routes.ts and module.ts use the transport.',
          },
          {
            regex: '(^|/)context/perContext\\.js$',
            message: 'Services are constructed in services.ts and given their collaborators.',
          },
        ],
      },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "MemberExpression[property.name='io']",
        message: 'Services reach clients through ctx.live, not the Socket.IO server.',
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'bench/results/**', 'data/**', 'coverage/**', 'client/public/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  architecture,
  domainServices,
  {
    files: ['client/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  prettier,
);
