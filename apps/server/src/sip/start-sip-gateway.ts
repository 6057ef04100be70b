import { readFileSync } from 'node:fs';
import type { SipSettings } from '../config/config.ts';
import { type AudioCodec } from './sdp-negotiation.ts';
import { SipGateway } from './sip-gateway.ts';

const outboundCodecs: Record<SipSettings['outboundCodec'], AudioCodec> = {
  PCMU: { mimeType: 'audio/PCMU', payloadType: 0, clockRate: 8000, channels: 1 },
  PCMA: { mimeType: 'audio/PCMA', payloadType: 8, clockRate: 8000, channels: 1 },
};

/** The gateway from validated settings: certificates read, defaults for what tests never change. */
export function startSipGateway(settings: SipSettings, deps: Parameters<typeof SipGateway.start>[1]): Promise<SipGateway> {
  return SipGateway.start(
    {
      listenIp: settings.listenIp,
      port: settings.port,
      publicAddress: settings.publicAddress,
      tcp: true,
      tls: settings.tls
        ? { port: settings.tls.port, cert: readFileSync(settings.tls.certFile), key: readFileSync(settings.tls.keyFile) }
        : null,
      rtp: {
        listenIp: settings.listenIp,
        announcedIp: settings.publicAddress,
        portRange: { min: settings.rtp.portMin, max: settings.rtp.portMax },
        timeoutMs: settings.rtp.timeoutMs,
      },
      maxCalls: settings.maxCalls,
      codecPreference: settings.codecs,
      outboundCodec: outboundCodecs[settings.outboundCodec],
      dialTimeoutMs: settings.dialTimeoutMs,
      maxMessageBytes: 16 * 1024,
    },
    deps,
  );
}
