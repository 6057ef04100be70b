import { QueueName } from '@cc/shared';

/** What the host page asked for, read from the attributes of the widget's <script> tag. */
export interface EmbedConfig {
  /** Origin of the contact center server. Default: the origin widget.js was loaded from. */
  server: string;
  /** `data-queue`, required. */
  queue: string;
  /** `data-label`: the button's text. Default "Call us". */
  label: string;
}

const DEFAULT_LABEL = 'Call us';

/**
 * Reads the embed's attributes. Returns a reason string instead when the snippet is
 * unusable, so the widget can say so in the console rather than render a dead button.
 */
export function readEmbedConfig(script: HTMLScriptElement | null): EmbedConfig | string {
  if (!script) return 'cannot find its <script> tag; load widget.js with a plain <script src> tag.';
  const queue = QueueName.safeParse(script.dataset.queue ?? '');
  if (!queue.success) return `data-queue="${script.dataset.queue ?? ''}" is not a queue name.`;
  const server = originOf(script.dataset.server || script.src);
  if (!server) return `data-server="${script.dataset.server ?? ''}" is not a URL.`;
  const label = script.dataset.label?.trim() || DEFAULT_LABEL;
  return { server, queue: queue.data, label };
}

/**
 * Only the origin is kept: socket.io would read a path as a namespace, and the HTTP API
 * lives at the root too.
 */
function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url, document.baseURI);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
