import type { z } from 'zod';
import type { Ack } from './errors.js';

/** A client → server request: its payload schema and the schema of the data in its ack. */
export interface RequestDefinition<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}

export type RequestMap = Record<string, RequestDefinition>;
/** Server → client pushes carry a payload and expect no ack. */
export type PushMap = Record<string, z.ZodType>;

export type RequestPayload<M extends RequestMap, K extends keyof M> = z.input<M[K]['request']>;
export type ResponseData<M extends RequestMap, K extends keyof M> = z.output<M[K]['response']>;

/** Socket.IO's typed `ClientToServerEvents`, derived from a request map. */
export type ClientToServerOf<M extends RequestMap> = {
  [K in keyof M]: (payload: RequestPayload<M, K>, ack: (result: Ack<ResponseData<M, K>>) => void) => void;
};

/** Socket.IO's typed `ServerToClientEvents`, derived from a push map. */
export type ServerToClientOf<M extends PushMap> = {
  [K in keyof M]: (payload: z.output<M[K]>) => void;
};
