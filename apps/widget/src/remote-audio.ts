/**
 * The <audio> element that plays the agent. It lives in the light DOM (end-to-end tests
 * find it with `[data-remote-audio]`) and is visually hidden; it has no controls, so
 * there is nothing to see or focus.
 */
export class RemoteAudio {
  private readonly element: HTMLAudioElement;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('audio');
    this.element.autoplay = true;
    this.element.dataset.remoteAudio = '';
    this.element.setAttribute('aria-hidden', 'true');
    this.element.style.cssText =
      'position:fixed!important;width:1px!important;height:1px!important;overflow:hidden!important;' +
      'clip-path:inset(50%)!important;opacity:0!important;pointer-events:none!important;';
    parent.append(this.element);
  }

  /** Plays a stream, or stops playing when given null. */
  play(stream: MediaStream | null): void {
    this.element.srcObject = stream;
    // The call started from a click, so autoplay is allowed; play() covers browsers
    // that want it asked for explicitly. A refusal here is not worth surfacing.
    if (stream) this.element.play().catch(() => undefined);
  }
}
