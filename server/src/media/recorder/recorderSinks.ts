import type { MediasoupTypes } from '../mediasoup.js';
import { recorderErrors } from './errors.js';
import { isRecordableCodec, type SdpStream } from './sdp.js';

type Layer = 'top' | 'phone';

/** One track on its way to ffmpeg: a PlainTransport (RTCP on its own port) and a paused consumer. */
export interface RecorderSink {
  kind: 'audio' | 'video';
  transport: MediasoupTypes.PlainTransport;
  consumer: MediasoupTypes.Consumer;
}

/**
 * What the recorder can receive: the producer's codec only, no RTX, no feedback and no header
 * extensions. Without transport-cc or REMB the worker runs no bandwidth estimation for the consumer,
 * which would otherwise hold it on the lowest simulcast layer; ffmpeg sends no NACK or PLI anyway.
 */
export function recorderCapabilities(
  router: MediasoupTypes.Router,
  producer: MediasoupTypes.Producer,
): MediasoupTypes.RtpCapabilities {
  const mime = producer.rtpParameters.codecs[0]?.mimeType.toLowerCase();
  return {
    codecs: (router.rtpCapabilities.codecs ?? [])
      .filter((c) => c.mimeType.toLowerCase() === mime)
      .map((c) => ({ ...c, rtcpFeedback: [] })),
    headerExtensions: [],
  };
}

/**
 * Video bit rate of the phone rendition's layer: with Opus (~40 kbit/s) it stays under ~500 kbit/s,
 * which a phone on a 1 Mbit/s link plays without stalling. The host's middle layer is sized for it
 * (client/src/features/media/encodings.ts), so the phone rendition needs no transcode.
 */
export const PHONE_VIDEO_MAX_BITRATE = 450_000;

/**
 * The spatial layer a run records: for the archive the highest one the producer sends ('top'); for
 * phones the highest whose declared maxBitrate fits PHONE_VIDEO_MAX_BITRATE, else the lowest.
 */
export function spatialLayerFor(producer: Pick<MediasoupTypes.Producer, 'rtpParameters'>, layer: Layer): number {
  const encodings = producer.rtpParameters.encodings ?? [];
  if (layer === 'top') return Math.max(0, encodings.length - 1);
  let chosen = 0;
  encodings.forEach((e, i) => {
    if (e.maxBitrate !== undefined && e.maxBitrate <= PHONE_VIDEO_MAX_BITRATE) chosen = i;
  });
  return chosen;
}

function checkProducer(producer: MediasoupTypes.Producer, slot: 'audio' | 'video'): void {
  if (producer.closed) throw recorderErrors.producerClosed();
  if (producer.kind !== slot) throw recorderErrors.wrongKind(slot, producer.kind);
  const mime = producer.rtpParameters.codecs[0]?.mimeType ?? 'unknown';
  if (!isRecordableCodec(mime)) throw recorderErrors.codecNotRecordable(mime);
}

/** Checks the producers before anything is created (bad input is refused with nothing left behind). */
export function checkTracks(tracks: { audio?: MediasoupTypes.Producer; video?: MediasoupTypes.Producer }): void {
  if (!tracks.audio && !tracks.video) throw recorderErrors.noTrack();
  if (tracks.audio) checkProducer(tracks.audio, 'audio');
  if (tracks.video) checkProducer(tracks.video, 'video');
}

/** Opens the sink of one track: the consumer is created paused and stays so until ffmpeg listens. */
export async function openSink(
  router: MediasoupTypes.Router,
  producer: MediasoupTypes.Producer,
  layer: Layer,
  listenIp: string,
): Promise<RecorderSink> {
  const rtpCapabilities = recorderCapabilities(router, producer);
  if (!router.canConsume({ producerId: producer.id, rtpCapabilities }))
    throw recorderErrors.codecNotRecordable(producer.rtpParameters.codecs[0]?.mimeType ?? 'unknown');
  const transport = await router.createPlainTransport({
    listenIp: { ip: listenIp },
    rtcpMux: false,
    comedia: false,
    appData: { recorder: true },
  });
  try {
    const consumer = await transport.consume({
      producerId: producer.id,
      rtpCapabilities,
      paused: true,
      ...(producer.kind === 'video' && producer.type !== 'simple'
        ? { preferredLayers: { spatialLayer: spatialLayerFor(producer, layer) } }
        : {}),
    });
    return { kind: producer.kind, transport, consumer };
  } catch (error) {
    transport.close();
    throw error;
  }
}

/** The SDP stream of a sink, received on `port`. */
export function sdpStreamOf(sink: RecorderSink, port: number): SdpStream {
  const codec = sink.consumer.rtpParameters.codecs[0]!;
  return {
    kind: sink.kind,
    port,
    payloadType: codec.payloadType,
    mimeType: codec.mimeType,
    clockRate: codec.clockRate,
    ...(codec.channels === undefined ? {} : { channels: codec.channels }),
  };
}
