import type { z } from 'zod';
import { AppError } from '../../errors/AppError.js';
import type { BroadcastRoom } from '../BroadcastRoom.js';
import type { MediasoupTypes } from '../mediasoup.js';

/** One pipe link of this node, as `PipeCascade.links()` describes it. */
export interface PipeLinkInfo {
  sessionId: string;
  /** The node at the other end. */
  nodeId: string;
  /** `in`: brings that node's producers here; `out`: sends this node's producers there. */
  direction: 'in' | 'out';
  srtp: boolean;
  rtx: boolean;
  producers: number;
  consumers: number;
}

/** A message from another node, checked: BAD_REQUEST when it is not what the schema says. */
export function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('BAD_REQUEST', `Malformed pipe message: ${parsed.error.message}`);
  return parsed.data;
}

/** This node's end of a pipe, on the room's pipe router: SRTP and RTX on. */
export async function createPipe(
  room: BroadcastRoom,
  listen: MediasoupTypes.TransportListenIp,
  appData: Record<string, unknown>,
): Promise<MediasoupTypes.PipeTransport> {
  const router = await room.pipeRouter();
  return router.createPipeTransport({
    listenIp: listen,
    enableSrtp: true,
    enableRtx: true,
    appData: { ...appData, sessionId: room.sessionId },
  });
}

/** The address and port the other node sends to. */
export function endOf(transport: MediasoupTypes.PipeTransport): { ip: string; port: number } {
  return { ip: transport.tuple.localIp, port: transport.tuple.localPort };
}

export function srtpOf(transport: MediasoupTypes.PipeTransport): { cryptoSuite: string; keyBase64: string } {
  const srtp = transport.srtpParameters;
  if (!srtp) throw new Error('pipe transport without SRTP parameters');
  return { cryptoSuite: srtp.cryptoSuite, keyBase64: srtp.keyBase64 };
}

/** What the worker says of one end of a link. */
export async function describeLink(
  transport: MediasoupTypes.PipeTransport,
  base: Pick<PipeLinkInfo, 'sessionId' | 'nodeId' | 'direction'>,
): Promise<PipeLinkInfo> {
  const dump = (await transport.dump()) as unknown as {
    srtpParameters?: unknown;
    rtx?: boolean;
    producerIds: string[];
    consumerIds: string[];
  };
  return {
    ...base,
    srtp: Boolean(dump.srtpParameters),
    rtx: dump.rtx === true,
    producers: dump.producerIds.length,
    consumers: dump.consumerIds.length,
  };
}
