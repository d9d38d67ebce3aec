// Lint rules. The one that matters most: src/domain stays pure (no I/O libraries),
// and only src/adapters imports the telephony, storage, queue and HTTP libraries.
// No import cycles in src/ (import-x/no-cycle, resolving the `.js` specifiers to the .ts files).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const ioLibraries = [
  'ari-client', 'asterisk-manager', 'ioredis', 'bullmq', 'express', 'pg', '@electric-sql/pglite', 'pino',
  '@node-rs/jieba', '@node-rs/jieba/dict.js',
  'prom-client',
];
const nodeIo = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:dgram', 'node:child_process', 'fs', 'net', 'http', 'child_process'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.stack/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...ioLibraries, ...nodeIo].map((name) => ({ name, message: 'src/domain is pure: I/O belongs in src/adapters.' })),
        patterns: [{ group: ['**/adapters/**', '**/app/**'], message: 'src/domain must not depend on adapters or use cases.' }],
      }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'The domain does not schedule; return an effect.' }, { name: 'setInterval', message: 'The domain does not schedule; return an effect.' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Pass time in; the domain does not read the clock.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pass time in; the domain does not read the clock.' }],
    },
  },
  {
    // the browser consoles (web/, Preact): no server code, and nothing rendered as HTML
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...ioLibraries, ...nodeIo].map((name) => ({ name, message: 'web/ runs in the browser: it talks to the app over its API.' })),
        patterns: [{ group: ['**/src/**'], message: 'web/ runs in the browser: it talks to the app over its API.' }],
      }],
      'no-restricted-syntax': ['error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Nothing is rendered as HTML: pass text.' },
        { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'Nothing is rendered as HTML: pass text.' },
        { selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln)$/]", message: 'Nothing is rendered as HTML: pass text.' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['src/app/**/*.ts', 'src/ports/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ioLibraries.map((name) => ({ name, message: 'Only src/adapters imports I/O libraries.' })),
      }],
    },
  },
);
