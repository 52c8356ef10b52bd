/** One RTP stream ffmpeg receives: RTP on `port`, RTCP on `port + 1` (ffmpeg's SDP default). */
export interface SdpStream {
  kind: 'audio' | 'video';
  port: number;
  payloadType: number;
  /** 'audio/opus', 'video/VP8', 'video/VP9'. */
  mimeType: string;
  clockRate: number;
  channels?: number;
}

/** What WebM can hold without transcoding (FACTS.md: VP8/Opus need WebM/Matroska). */
const RECORDABLE = new Set(['audio/opus', 'video/vp8', 'video/vp9']);

export function isRecordableCodec(mimeType: string): boolean {
  return RECORDABLE.has(mimeType.toLowerCase());
}

/**
 * The session description ffmpeg reads to receive the consumers' RTP: one media section per track,
 * the address being where mediasoup sends from and ffmpeg listens (loopback).
 */
export function recorderSdp(streams: readonly SdpStream[], ip: string): string {
  const lines = ['v=0', `o=- 0 0 IN IP4 ${ip}`, 's=diem-cau recording', `c=IN IP4 ${ip}`, 't=0 0'];
  for (const s of streams) {
    const name = s.mimeType.split('/')[1] ?? s.mimeType;
    const channels = s.kind === 'audio' && s.channels ? `/${s.channels}` : '';
    lines.push(
      `m=${s.kind} ${s.port} RTP/AVP ${s.payloadType}`,
      `a=rtcp:${s.port + 1}`,
      `a=rtpmap:${s.payloadType} ${name}/${s.clockRate}${channels}`,
      'a=recvonly',
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
