/** Builds a minimal RTP packet (RFC 3550 fixed header, no CSRC, no extensions). */
export function rtpPacket(opts: {
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
  marker?: boolean;
}): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80; // version 2
  header[1] = ((opts.marker ? 1 : 0) << 7) | (opts.payloadType & 0x7f);
  header.writeUInt16BE(opts.sequence & 0xffff, 2);
  header.writeUInt32BE(opts.timestamp >>> 0, 4);
  header.writeUInt32BE(opts.ssrc >>> 0, 8);
  return Buffer.concat([header, opts.payload]);
}

export function rtpSsrc(packet: Buffer): number {
  return packet.readUInt32BE(8);
}

export function rtpPayloadType(packet: Buffer): number {
  return packet[1]! & 0x7f;
}

/** RTCP and RTP share the port (rtcp-mux); RFC 5761: second byte 192–223 is RTCP. */
export function isRtcp(packet: Buffer): boolean {
  const b = packet[1]!;
  return b >= 192 && b <= 223;
}
