/** Replaced at build time with apps/widget/package.json's version (vite.config.ts). */
declare const __WIDGET_VERSION__: string;
