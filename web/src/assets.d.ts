// CSS imported by the entry is bundled by esbuild into console.css.
declare module '*.css';
