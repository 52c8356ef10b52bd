import { AppError } from '../../errors/AppError.js';

/** Every error the broadcast domain's services answer with (media, floor, roll call): code and message defined once. */
export const broadcastErrors = {
  // ---- media -----------------------------------------------------------------------------------
  sessionNotLive: () => new AppError('CONFLICT', 'The session is not live'),
  mayNotPublish: () => new AppError('FORBIDDEN', 'Only the host, or the endpoint holding the floor, may publish'),

  connectionClosed: () => new AppError('CONFLICT', 'The connection closed'),
  /** mediasoup refused the producer; its own text is logged, never sent. */
  cannotProduce: () => new AppError('BAD_REQUEST', 'The media parameters were refused'),

  // ---- what one connection may hold (config: MEDIA_MAX_*_PER_CONNECTION) ---------------------------
  tooManyTransports: (max: number) =>
    new AppError('CONFLICT', `A connection holds at most ${max} media transports; close one first`),
  tooManyConsumers: (max: number) => new AppError('CONFLICT', `A connection receives at most ${max} media streams`),
  alreadyConsuming: () => new AppError('CONFLICT', 'This connection already receives that producer'),

  // ---- the floor -------------------------------------------------------------------------------
  endpointNotConnected: () => new AppError('CONFLICT', 'That endpoint is not connected to the session'),
  alreadyHoldsFloor: () => new AppError('CONFLICT', 'This endpoint already holds the floor'),
  nobodyHoldsFloor: () => new AppError('CONFLICT', 'Nobody holds the floor'),

  // ---- roll calls ------------------------------------------------------------------------------
  rollCallOpen: () => new AppError('CONFLICT', 'A roll call is already open'),
  rollCallNotFound: () => new AppError('NOT_FOUND', 'No such roll call in this session'),
  rollCallClosed: () => new AppError('DEADLINE_PASSED', 'The roll call is closed'),
} satisfies Record<string, (...args: never[]) => AppError>;
