import * as sdpTransform from 'sdp-transform';

/** An audio codec both the phone and the SFU (hence the browser) can send. */
export interface AudioCodec {
  /** mediasoup's name: audio/PCMU, audio/PCMA, audio/G722, audio/opus. */
  mimeType: string;
  payloadType: number;
  /** The RTP clock rate (8000 for G.722 too, as RFC 3551 fixed it). */
  clockRate: number;
  channels: number;
}

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** What a peer's SDP says about its audio. */
export interface RemoteAudio {
  address: string;
  port: number;
  direction: MediaDirection;
  codecs: AudioCodec[];
  /** RFC 4733 telephone-event payload types by clock rate. */
  telephoneEvents: Map<number, number>;
  /** c=0.0.0.0 or a=sendonly/inactive: the old (RFC 2543) and new ways to hold. */
  onHold: boolean;
}

/** The codecs we speak, by SDP encoding name; all of them browsers can send too. */
const known: Record<string, { mimeType: string; clockRate: number; channels: number; staticPt?: number }> = {
  pcmu: { mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, staticPt: 0 },
  pcma: { mimeType: 'audio/PCMA', clockRate: 8000, channels: 1, staticPt: 8 },
  g722: { mimeType: 'audio/G722', clockRate: 8000, channels: 1, staticPt: 9 },
  opus: { mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
};
const byStaticPt = new Map(Object.entries(known).flatMap(([name, c]) => (c.staticPt === undefined ? [] : [[c.staticPt, name]])));

export class SdpError extends Error {
  override name = 'SdpError';
}

/** Reads the first audio stream of an SDP body; throws SdpError when there is none usable. */
export function parseRemoteAudio(body: string): RemoteAudio {
  let session: sdpTransform.SessionDescription;
  try {
    session = sdpTransform.parse(body);
  } catch {
    throw new SdpError('unreadable SDP');
  }
  const audio = session.media?.find((m) => m.type === 'audio' && m.port > 0);
  if (!audio) throw new SdpError('no audio stream');
  const address = audio.connection?.ip ?? session.connection?.ip;
  if (!address) throw new SdpError('no connection address');
  const payloads = String(audio.payloads ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  const codecs: AudioCodec[] = [];
  const telephoneEvents = new Map<number, number>();
  for (const pt of payloads) {
    if (!Number.isInteger(pt) || pt < 0 || pt > 127) continue;
    const rtp = audio.rtp.find((r) => r.payload === pt);
    const name = (rtp?.codec ?? byStaticPt.get(pt) ?? '').toLowerCase();
    if (name === 'telephone-event') {
      telephoneEvents.set(rtp?.rate ?? 8000, pt);
      continue;
    }
    const codec = known[name];
    if (!codec) continue;
    if (rtp?.rate && rtp.rate !== codec.clockRate) continue;
    codecs.push({ mimeType: codec.mimeType, payloadType: pt, clockRate: codec.clockRate, channels: codec.channels });
  }
  const direction = (audio.direction ?? session.direction ?? 'sendrecv') as MediaDirection;
  const onHold = address === '0.0.0.0' || direction === 'sendonly' || direction === 'inactive';
  return { address, port: audio.port, direction, codecs, telephoneEvents, onHold };
}

/** Our preferred codec among the phone's offer, in `preference` order of mimeType. */
export function chooseCodec(remote: RemoteAudio, preference: readonly string[]): AudioCodec | null {
  for (const wanted of preference) {
    const match = remote.codecs.find((c) => c.mimeType.toLowerCase() === wanted.toLowerCase());
    if (match) return match;
  }
  return null;
}

/** The direction we answer with: the mirror of theirs. */
export function answerDirection(theirs: MediaDirection): MediaDirection {
  if (theirs === 'sendonly') return 'recvonly';
  if (theirs === 'recvonly') return 'sendonly';
  return theirs;
}

/** Our SDP: one audio stream at our relay's address and port. */
export function buildSdp(input: {
  sessionId: string;
  version: number;
  address: string;
  port: number;
  codecs: AudioCodec[];
  telephoneEvent: { payloadType: number; clockRate: number } | null;
  direction: MediaDirection;
}): string {
  const { codecs, telephoneEvent } = input;
  const rtp = codecs.map((c) => ({
    payload: c.payloadType,
    codec: c.mimeType.slice('audio/'.length),
    rate: c.clockRate,
    ...(c.channels > 1 ? { encoding: c.channels } : {}),
  }));
  const fmtp: Array<{ payload: number; config: string }> = [];
  if (telephoneEvent) {
    rtp.push({ payload: telephoneEvent.payloadType, codec: 'telephone-event', rate: telephoneEvent.clockRate });
    fmtp.push({ payload: telephoneEvent.payloadType, config: '0-16' });
  }
  const ipVer = input.address.includes(':') ? 6 : 4;
  return sdpTransform.write({
    version: 0,
    origin: {
      username: '-',
      sessionId: input.sessionId,
      sessionVersion: input.version,
      netType: 'IN',
      ipVer,
      address: input.address,
    },
    name: 'contact-center',
    connection: { version: ipVer, ip: input.address },
    timing: { start: 0, stop: 0 },
    media: [
      {
        type: 'audio',
        port: input.port,
        protocol: 'RTP/AVP',
        payloads: rtp.map((r) => r.payload).join(' '),
        rtp,
        fmtp,
        ptime: 20,
        direction: input.direction,
      },
    ],
  } as sdpTransform.SessionDescription);
}
