import { readEmbedConfig } from './embed-config.ts';
import { mountWidget } from './widget.ts';

declare global {
  interface Window {
    /** Set once the widget script has run; a second copy of the script then does nothing. */
    ContactCenterWidget?: { readonly version: string };
  }
}

// Only readable while this script runs for the first time, so captured before any await.
// Tag managers that inject scripts oddly leave it null; then look for the snippet's tag.
const script =
  document.currentScript instanceof HTMLScriptElement
    ? document.currentScript
    : document.querySelector<HTMLScriptElement>('script[data-queue][src*="widget"]');

if (!window.ContactCenterWidget) {
  window.ContactCenterWidget = Object.freeze({ version: __WIDGET_VERSION__ });
  const config = readEmbedConfig(script);
  if (typeof config === 'string') {
    console.error(`[contact-center widget] not shown: ${config}`);
  } else if (document.body) {
    mountWidget(config);
  } else {
    // An async script in <head> can run before <body> exists.
    document.addEventListener('DOMContentLoaded', () => mountWidget(config), { once: true });
  }
}
