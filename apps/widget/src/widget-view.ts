import { widgetStyles } from './widget-styles.ts';

/** Everything the view shows; derived from the current call by widget.ts. */
export interface WidgetViewModel {
  /** The panel with the status line. Closed until the first call, then until dismissed. */
  panelOpen: boolean;
  status: string;
  tone: 'neutral' | 'waiting' | 'active' | 'error';
  /** When the agent answered (epoch ms): shows the mm:ss timer. Null hides it. */
  connectedAt: number | null;
  /** A call is under way: "Call us" is unavailable and "Hang up" is shown. */
  inCall: boolean;
  /** Hang up was pressed and is being confirmed. */
  hangUpBusy: boolean;
}

export interface WidgetViewHandlers {
  call(): void;
  hangUp(): void;
  dismiss(): void;
}

const phoneIcon =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"/></svg>';
const closeIcon =
  '<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M3 3l10 10M13 3L3 13" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>';

/**
 * The widget's DOM inside an open shadow root (open so that Playwright's role queries
 * and assistive technology reach it; the shadow boundary is for CSS isolation only).
 *
 * The launcher comes first in the DOM and is drawn last (column-reverse), so Tab goes
 * from "Call us" to "Hang up" while the panel sits visually above the button.
 */
export class WidgetView {
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly status: HTMLElement;
  private readonly timer: HTMLElement;
  private readonly timerText: HTMLElement;
  private readonly hangUp: HTMLButtonElement;
  private readonly close: HTMLButtonElement;
  private model: WidgetViewModel | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private tickingFrom: number | null = null;
  private statusFrame = 0;

  constructor(host: HTMLElement, label: string, handlers: WidgetViewHandlers) {
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `
      <style>${widgetStyles}</style>
      <div class="root">
        <button type="button" class="launcher">${phoneIcon}<span class="label"></span></button>
        <section class="panel" aria-labelledby="cc-title" hidden>
          <div class="panel-header">
            <span class="dot" aria-hidden="true"></span>
            <p class="title" id="cc-title">Voice call</p>
            <button type="button" class="close" aria-label="Close">${closeIcon}</button>
          </div>
          <p class="status" role="status" aria-live="polite" aria-atomic="true"></p>
          <p class="timer" hidden><span class="visually-hidden">Call duration </span><span role="timer">00:00</span></p>
          <button type="button" class="hangup" hidden>${phoneIcon}<span>Hang up</span></button>
        </section>
      </div>`;
    const find = <T extends Element>(selector: string): T => {
      const element = root.querySelector<T>(selector);
      if (!element) throw new Error(`widget template lacks ${selector}`);
      return element;
    };
    this.launcher = find('.launcher');
    this.panel = find('.panel');
    this.status = find('.status');
    this.timer = find('.timer');
    this.timerText = find('[role="timer"]');
    this.hangUp = find('.hangup');
    this.close = find('.close');
    find('.label').textContent = label;

    // aria-disabled rather than disabled: the button keeps focus during the call
    // instead of dropping it to <body>, and says why it does nothing.
    this.launcher.addEventListener('click', () => {
      if (this.launcher.getAttribute('aria-disabled') !== 'true') handlers.call();
    });
    this.hangUp.addEventListener('click', () => {
      if (this.hangUp.getAttribute('aria-disabled') !== 'true') handlers.hangUp();
    });
    this.close.addEventListener('click', () => {
      handlers.dismiss();
      this.launcher.focus();
    });
    // Escape closes the finished call's panel from the launcher too, not only inside it.
    find<HTMLElement>('.root').addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.model?.panelOpen && !this.model.inCall) {
        handlers.dismiss();
        this.launcher.focus();
      }
    });
  }

  render(model: WidgetViewModel): void {
    const previous = this.model;
    this.model = model;
    const hangUpHadFocus = this.hangUp.matches(':focus');

    this.launcher.setAttribute('aria-disabled', String(model.inCall));
    this.panel.hidden = !model.panelOpen;
    this.panel.dataset.tone = model.tone;
    this.close.hidden = model.inCall;
    this.hangUp.hidden = !model.inCall;
    // Not `disabled`: that would drop keyboard focus to <body> while the server confirms.
    this.hangUp.setAttribute('aria-disabled', String(model.hangUpBusy));
    this.renderStatus(model.status, model.panelOpen && !previous?.panelOpen);
    this.renderTimer(model.connectedAt);

    // The hang-up button disappears with the call; keep the keyboard user's place.
    if (hangUpHadFocus && !model.inCall) this.launcher.focus();
  }

  /**
   * A live region that appears and changes in the same frame is often not announced,
   * so on opening the panel the text goes in one frame later.
   */
  private renderStatus(text: string, justOpened: boolean): void {
    cancelAnimationFrame(this.statusFrame);
    if (!justOpened) {
      if (this.status.textContent !== text) this.status.textContent = text;
      return;
    }
    this.status.textContent = '';
    this.statusFrame = requestAnimationFrame(() => {
      this.status.textContent = this.model?.status ?? text;
    });
  }

  private renderTimer(connectedAt: number | null): void {
    if (connectedAt === this.tickingFrom) return;
    this.tickingFrom = connectedAt;
    this.timer.hidden = connectedAt === null;
    clearInterval(this.ticker);
    this.ticker = undefined;
    if (connectedAt === null) return;
    const tick = () => {
      this.timerText.textContent = formatDuration(Date.now() - connectedAt);
    };
    tick();
    this.ticker = setInterval(tick, 1_000);
  }
}

/** mm:ss; minutes keep counting past 59 (a 75-minute call reads 75:00). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  const mm = String(Math.floor(seconds / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}
