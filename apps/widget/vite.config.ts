import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const packageJson = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** dist/demo/index.html: the server serves dist/demo at /demo/ next to dist/widget.js. */
function demoPage(): Plugin {
  const source = fileURLToPath(new URL('./demo/index.html', import.meta.url));
  return {
    name: 'cc-widget-demo-page',
    buildStart() {
      this.addWatchFile(source);
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'demo/index.html', source: readFileSync(source, 'utf8') });
    },
  };
}

/**
 * One self-contained classic script, dist/widget.js, that host pages embed with a
 * <script> tag: IIFE, every dependency bundled, no CSS file (styles live in the shadow
 * root), nothing loaded lazily.
 */
export default defineConfig({
  define: {
    __WIDGET_VERSION__: JSON.stringify(packageJson.version),
    // Library mode leaves process.env alone for bundlers downstream; a <script> tag has none.
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  publicDir: false,
  build: {
    lib: {
      entry: fileURLToPath(new URL('./src/main.ts', import.meta.url)),
      formats: ['iife'],
      name: 'ContactCenterWidgetBundle',
      fileName: () => 'widget.js',
    },
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Host pages' visitors use all sorts of browsers; WebRTC needs these anyway.
    target: 'es2020',
  },
  plugins: [demoPage()],
});
