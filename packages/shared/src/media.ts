import { z } from 'zod';

/**
 * Shapes of the mediasoup parameters that cross the wire. They are checked here for
 * structure; mediasoup checks the values again and its errors become `bad-request`.
 */
const RtcpFeedback = z.object({ type: z.string(), parameter: z.string().optional() });
const RtpCodecParameters = z.looseObject({
  mimeType: z.string().regex(/^(audio|video)\/.+/),
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  rtcpFeedback: z.array(RtcpFeedback).optional(),
});
export const RtpParameters = z.looseObject({
  mid: z.string().optional(),
  codecs: z.array(RtpCodecParameters).min(1).max(16),
  headerExtensions: z.array(z.looseObject({ uri: z.string(), id: z.number().int() })).max(32).optional(),
  encodings: z.array(z.record(z.string(), z.unknown())).max(8).optional(),
  rtcp: z.record(z.string(), z.unknown()).optional(),
});

const RtpCodecCapability = z.looseObject({
  kind: z.enum(['audio', 'video']),
  mimeType: z.string(),
  clockRate: z.number().int().positive(),
  preferredPayloadType: z.number().int().optional(),
  channels: z.number().int().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  rtcpFeedback: z.array(RtcpFeedback).optional(),
});
export const RtpCapabilities = z.looseObject({
  codecs: z.array(RtpCodecCapability).max(64).optional(),
  headerExtensions: z.array(z.record(z.string(), z.unknown())).max(64).optional(),
});

export const DtlsParameters = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.object({ algorithm: z.string().max(16), value: z.string().max(256) }))
    .min(1)
    .max(8),
});

export const TransportDirection = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof TransportDirection>;

/** What a browser needs to build its side of a WebRTC transport. */
export const TransportOptions = z.object({
  id: z.string(),
  iceParameters: z.record(z.string(), z.unknown()),
  iceCandidates: z.array(z.record(z.string(), z.unknown())),
  dtlsParameters: z.record(z.string(), z.unknown()),
});

/** Which side of the call a producer belongs to. */
/** Who sends a stream in a call: its customer, its agent, or the server's music on hold. */
/**
 * `external`: a phone number the agent brought in (consult or transfer), on the agent's
 * side. `supervisor`: someone monitoring the call (who hears them depends on the mode).
 */
export const ParticipantRole = z.enum(['customer', 'agent', 'music', 'external', 'supervisor']);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

export const ProducerInfo = z.object({
  callId: z.string(),
  producerId: z.string(),
  kind: z.enum(['audio', 'video']),
  from: ParticipantRole,
});
export type ProducerInfo = z.infer<typeof ProducerInfo>;

export const ConsumerOptions = z.object({
  id: z.string(),
  producerId: z.string(),
  kind: z.enum(['audio', 'video']),
  rtpParameters: z.record(z.string(), z.unknown()),
});
