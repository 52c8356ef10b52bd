// The one place the server loads mediasoup: the worker path and the log bridge must come first.
import './mediasoupWorkerBin.js';
import './mediasoupLogBridge.js';
import * as mediasoup from 'mediasoup';

export { mediasoup };
export type { types as MediasoupTypes } from 'mediasoup';
