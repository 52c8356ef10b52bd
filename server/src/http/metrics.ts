import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one app instance (its own registry, so tests can run several apps). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    workersAlive: new Gauge({
      name: 'diemcau_mediasoup_workers_alive',
      help: 'mediasoup worker processes alive',
      registers: [registry],
    }),
    workerDeaths: new Counter({
      name: 'diemcau_mediasoup_worker_deaths_total',
      help: 'mediasoup worker processes that died',
      registers: [registry],
    }),
    socketsConnected: new Gauge({
      name: 'diemcau_sockets_connected',
      help: 'Socket.IO connections on this node',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
