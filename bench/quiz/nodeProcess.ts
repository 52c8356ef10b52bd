import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PlatformTopology } from '../fanout/platformTopology.js';
import { serveParent } from '../lib/childProcess.js';
import { startPlatform, type PlatformApp } from '../lib/platformApp.js';
import type { NodeRequest, NodeResponse } from './protocol.js';
import { loadTarget } from './target.js';

/**
 * One platform node (createApp on 127.0.0.1 port 0) in its own process, so each holds its own
 * ≤ 20,000 open files; nodes share Redis (Socket.IO adapter), the data folder and the secret, as a
 * multi-node deployment does. Configured by BENCH_NODE_DATA_DIR, BENCH_NODE_PREFIX, AUTH_SECRET.
 * Optionally carries the host's broadcast (bench/fanout's platform topology on its workers).
 */
let platform: PlatformApp | undefined;
let media: PlatformTopology | undefined;
let cpuMark = process.cpuUsage();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function running(): PlatformApp {
  if (!platform) throw new Error('node not started');
  return platform;
}
const app = (): PlatformApp['app'] => running().app;
const ms = (ns: number): number => Math.round((ns / 1e6) * 10) / 10;

async function closeAll(): Promise<void> {
  await media?.close();
  media = undefined;
  await platform?.close();
  platform = undefined;
}

serveParent<NodeRequest, NodeResponse>(
  async (req) => {
    switch (req.op) {
      case 'start':
        platform ??= await startPlatform({
          workers: req.workers ?? 1,
          dataDir: process.env.BENCH_NODE_DATA_DIR,
          env: {
            REDIS_PREFIX: process.env.BENCH_NODE_PREFIX ?? 'bench-quiz',
            AUTH_SECRET: process.env.AUTH_SECRET ?? '',
            ACCESS_TOKEN_TTL_SECONDS: '7200',
          },
        });
        return { url: platform.url };
      case 'prepare':
        return (await loadTarget(req.target)).server.prepare(app(), req.members, req.endpoints);
      case 'sign': {
        const target = await loadTarget(req.target);
        const tokens: string[] = [];
        for (let i = req.from; i < req.from + req.count; i++)
          tokens.push(await app().tokens.sign(target.server.identity(i, req.shared)));
        return { tokens };
      }
      case 'ask': {
        const askedAt = Date.now();
        await (await loadTarget(req.target)).server.ask(app(), req.round, req.shared);
        return { askedAt };
      }
      case 'stored':
        return { stored: await (await loadTarget(req.target)).server.storedAnswers(app(), req.round, req.shared) };
      case 'cpuMark': {
        const used = process.cpuUsage(cpuMark);
        cpuMark = process.cpuUsage();
        return { cpuMs: (used.user + used.system) / 1000, sockets: app().io.engine.clientsCount };
      }
      case 'lag': {
        const lag = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
        loopDelay.reset();
        return lag;
      }
      case 'mediaStart':
        media ??= await PlatformTopology.attach(running());
        return { port: media.ingressPort };
      case 'mediaAdd':
        if (!media) throw new Error('media not started');
        await media.addReceivers(req.ports);
        return { receivers: media.receivers.length, perWorker: media.receiversPerWorker() };
      case 'mediaStop':
        await media?.close();
        media = undefined;
        return { done: true };
      case 'info': {
        const memory = process.memoryUsage();
        return {
          pid: process.pid,
          workerPids: app().media.slots.map((s) => s.worker.pid),
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          sockets: app().io.engine.clientsCount,
        };
      }
      case 'shutdown':
        await closeAll();
        return { done: true };
    }
  },
  () => void closeAll(),
);
