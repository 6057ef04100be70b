/**
 * The widget's stylesheet, scoped by its shadow root. `:host { all: initial }` stops the
 * host page's inherited styles (fonts, colours, line height) at the boundary.
 * Host pages may theme it with `--cc-accent` on the <cc-call-widget> element.
 */
export const widgetStyles = /* css */ `
:host {
  all: initial;
  display: block;
  position: fixed;
  right: 20px;
  bottom: 20px;
  z-index: 2147483000;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1b2330;
  --accent: var(--cc-accent, #1f4fd1);
  --accent-dark: color-mix(in srgb, var(--accent) 82%, #000);
  --danger: #c0262d;
  --danger-dark: #9d1c22;
  --ok: #16803c;
  --wait: #c27803;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }

.root {
  display: flex;
  flex-direction: column-reverse;
  align-items: flex-end;
  gap: 12px;
}

button {
  font: inherit;
  cursor: pointer;
  border: 0;
  margin: 0;
}
button:focus-visible {
  outline: 3px solid var(--accent);
  outline-offset: 3px;
  box-shadow: 0 0 0 3px #fff;
}

.launcher {
  display: inline-flex;
  align-items: center;
  gap: 10px;
  height: 52px;
  padding: 0 22px 0 18px;
  border-radius: 999px;
  background: var(--accent);
  color: #fff;
  font-weight: 600;
  font-size: 16px;
  letter-spacing: 0.01em;
  box-shadow: 0 8px 24px rgb(15 23 42 / 0.22), 0 2px 6px rgb(15 23 42 / 0.12);
  transition: background-color 120ms ease, transform 120ms ease, box-shadow 120ms ease;
}
.launcher:hover { background: var(--accent-dark); transform: translateY(-1px); }
.launcher:active { transform: translateY(0); }
.launcher[aria-disabled="true"] {
  cursor: default;
  background: #5b6473;
  transform: none;
}
.launcher svg { width: 20px; height: 20px; flex: none; }

.panel {
  width: min(320px, calc(100vw - 40px));
  background: #fff;
  border: 1px solid #dfe3ea;
  border-radius: 16px;
  box-shadow: 0 18px 44px rgb(15 23 42 / 0.2), 0 3px 8px rgb(15 23 42 / 0.08);
  padding: 16px 18px 18px;
}
.panel-header {
  display: flex;
  align-items: center;
  gap: 10px;
  margin: 0 0 10px;
}
.title {
  flex: 1;
  margin: 0;
  font-size: 14px;
  font-weight: 600;
  color: #4a5465;
  text-transform: uppercase;
  letter-spacing: 0.06em;
}
.dot {
  width: 10px;
  height: 10px;
  border-radius: 50%;
  background: #9aa3b2;
  flex: none;
}
.panel[data-tone="waiting"] .dot { background: var(--wait); animation: pulse 1.6s ease-in-out infinite; }
.panel[data-tone="active"] .dot { background: var(--ok); }
.panel[data-tone="error"] .dot { background: var(--danger); }
@keyframes pulse { 50% { opacity: 0.35; } }
@media (prefers-reduced-motion: reduce) {
  .panel[data-tone="waiting"] .dot { animation: none; }
  .launcher { transition: none; }
}

.close {
  width: 32px;
  height: 32px;
  margin: -6px -8px -6px 0;
  border-radius: 8px;
  background: transparent;
  color: #4a5465;
  display: inline-grid;
  place-items: center;
}
.close:hover { background: #eef1f5; color: #1b2330; }
.close svg { width: 16px; height: 16px; }

.status {
  margin: 0;
  font-size: 16px;
  color: #1b2330;
  min-height: 1.45em;
}
.panel[data-tone="error"] .status { color: var(--danger-dark); }

.timer {
  margin: 6px 0 0;
  font-size: 28px;
  font-weight: 600;
  font-variant-numeric: tabular-nums;
  letter-spacing: 0.02em;
  color: #1b2330;
}

.hangup {
  display: flex;
  align-items: center;
  justify-content: center;
  gap: 8px;
  width: 100%;
  height: 44px;
  margin-top: 14px;
  border-radius: 999px;
  background: var(--danger);
  color: #fff;
  font-weight: 600;
}
.hangup:hover { background: var(--danger-dark); }
.hangup[aria-disabled="true"] { opacity: 0.6; cursor: default; }
.hangup svg { width: 18px; height: 18px; transform: rotate(135deg); }

.visually-hidden {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}

@media (forced-colors: active) {
  .launcher, .hangup, .panel { border: 2px solid ButtonText; }
}
@media (max-width: 480px) {
  :host { right: 12px; bottom: 12px; }
}
`;
