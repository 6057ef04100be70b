/**
 * RFC 4733 telephone-events: the payload of one DTMF RTP packet, both ways. Events 0-9
 * are digits, 10 is *, 11 is #, 12-15 are A-D.
 */
const symbols = '0123456789*#ABCD';

export interface TelephoneEvent {
  digit: string;
  end: boolean;
  volume: number;
  /** In RTP timestamp units since the event began. */
  duration: number;
}

export function decodeTelephoneEvent(payload: Buffer): TelephoneEvent | null {
  if (payload.length < 4) return null;
  const event = payload[0]!;
  if (event >= symbols.length) return null;
  return {
    digit: symbols[event]!,
    end: (payload[1]! & 0x80) !== 0,
    volume: payload[1]! & 0x3f,
    duration: payload.readUInt16BE(2),
  };
}

export function encodeTelephoneEvent(event: TelephoneEvent): Buffer {
  const code = symbols.indexOf(event.digit);
  if (code < 0) throw new RangeError(`not a DTMF digit: ${event.digit}`);
  const payload = Buffer.alloc(4);
  payload[0] = code;
  payload[1] = (event.end ? 0x80 : 0) | (event.volume & 0x3f);
  payload.writeUInt16BE(Math.min(event.duration, 0xffff), 2);
  return payload;
}

/** SIP INFO bodies: application/dtmf-relay ("Signal=5") and application/dtmf ("5"). */
export function digitFromInfo(contentType: string, body: string): string | null {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  let signal: string | undefined;
  if (type === 'application/dtmf-relay') signal = /^\s*signal\s*=\s*(\S+)/im.exec(body)?.[1];
  else if (type === 'application/dtmf') signal = body.trim();
  if (!signal) return null;
  const digit = signal === '10' ? '*' : signal === '11' ? '#' : signal.toUpperCase();
  return digit.length === 1 && symbols.includes(digit) ? digit : null;
}
