/** The few RTP header fields the mixer and recorder read and write (RFC 3550 §5.1). */
export interface RtpHeader {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  marker: boolean;
}

/**
 * The payload of an RTP packet, past CSRCs, header extensions and padding; null when
 * the packet is too short or not version 2 (such packets are dropped, never thrown on).
 */
export function parseRtp(packet: Buffer): { header: RtpHeader; payload: Buffer } | null {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return null;
  const csrcCount = packet[0]! & 0x0f;
  let offset = 12 + csrcCount * 4;
  if (packet[0]! & 0x10) {
    if (packet.length < offset + 4) return null;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  let end = packet.length;
  if (packet[0]! & 0x20) end -= packet[packet.length - 1]!;
  if (end < offset) return null;
  return {
    header: {
      payloadType: packet[1]! & 0x7f,
      marker: (packet[1]! & 0x80) !== 0,
      sequenceNumber: packet.readUInt16BE(2),
      timestamp: packet.readUInt32BE(4),
      ssrc: packet.readUInt32BE(8),
    },
    payload: packet.subarray(offset, end),
  };
}

export function buildRtp(header: RtpHeader, payload: Buffer): Buffer {
  const packet = Buffer.allocUnsafe(12 + payload.length);
  packet[0] = 0x80;
  packet[1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  packet.writeUInt16BE(header.sequenceNumber & 0xffff, 2);
  packet.writeUInt32BE(header.timestamp >>> 0, 4);
  packet.writeUInt32BE(header.ssrc >>> 0, 8);
  payload.copy(packet, 12);
  return packet;
}

/** Whether sequence number `a` comes after `b`, across the 16-bit wrap. */
export function isNewerSequence(a: number, b: number): boolean {
  const diff = (a - b) & 0xffff;
  return diff !== 0 && diff < 0x8000;
}
