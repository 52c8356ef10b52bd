import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
/** tsx's loader, given explicitly so children run TypeScript whoever started the parent (tsx, vitest). */
const TSX_LOADER = pathToFileURL(require.resolve('tsx')).href;

interface Envelope<T> {
  id: number;
  body: T;
}
interface ReplyEnvelope<R> {
  id: number;
  ok: boolean;
  body?: R;
  error?: string;
}

/**
 * A load-generator child process running a TypeScript file, with request/response messages over
 * the IPC channel. Every request has a timeout, and `stop` ends the child (SIGKILL after a grace).
 */
export class LoadChild<Req, Res> {
  readonly #child: ChildProcess;
  readonly #pending = new Map<
    number,
    { resolve: (r: Res) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  #nextId = 1;
  #exited = false;

  constructor(file: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env) {
    this.#child = fork(file, args, {
      // BENCH_CPU_PROFILE_DIR: every child writes a V8 CPU profile there when it exits (for finding hot spots).
      execArgv: [
        '--import',
        TSX_LOADER,
        ...(process.env.BENCH_CPU_PROFILE_DIR
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`]
          : []),
      ],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child.on('message', (raw: unknown) => {
      const reply = raw as ReplyEnvelope<Res>;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      clearTimeout(pending.timer);
      if (reply.ok) pending.resolve(reply.body as Res);
      else pending.reject(new Error(reply.error ?? 'load child failed'));
    });
    this.#child.on('exit', (code, signal) => {
      this.#exited = true;
      for (const p of this.#pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(`load child exited (code ${code}, signal ${signal})`));
      }
      this.#pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  request(body: Req, timeoutMs = 60_000): Promise<Res> {
    if (this.#exited) return Promise.reject(new Error('load child has exited'));
    const id = this.#nextId++;
    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`load child did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      const envelope: Envelope<Req> = { id, body };
      this.#child.send(envelope);
    });
  }

  async stop(graceMs = 3000): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.disconnect();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The child side: answers each request with `handle`, and exits when the parent disconnects
 * (or after `maxLifetimeMs`, so a forgotten child never outlives its run for long).
 */
export function serveParent<Req, Res>(
  handle: (req: Req) => Promise<Res> | Res,
  onExit: () => void,
  maxLifetimeMs = 30 * 60_000,
): void {
  const send = (reply: ReplyEnvelope<Res>): void => {
    if (process.connected) process.send?.(reply);
  };
  process.on('message', (raw: unknown) => {
    const { id, body } = raw as Envelope<Req>;
    Promise.resolve()
      .then(() => handle(body))
      .then(
        (result) => send({ id, ok: true, body: result }),
        (error: unknown) => send({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  const finish = (): void => {
    onExit();
    process.exit(0);
  };
  process.on('disconnect', finish);
  setTimeout(finish, maxLifetimeMs).unref();
}
