/* global process, console, URL */
// Builds the browser consoles (web/src, Preact) into one bundle the app serves under /assets:
// console.js and console.css in CONSOLE_WEB_DIR (default dist/web). Everything comes from npm
// and is bundled: no CDN, no inline script. `npm run build:web` typechecks web/ first.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const outdir = process.env.CONSOLE_WEB_DIR ?? 'dist/web';

await build({
  absWorkingDir: repo,
  entryPoints: { console: 'web/src/main.tsx' },
  outdir,
  bundle: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: 'linked',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'linked',
  logLevel: 'warning',
});
console.log(`[build:web] consoles bundled into ${outdir}/console.js and console.css`);
