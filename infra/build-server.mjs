// Compiles the server (and the job worker entry) into server/dist with esbuild: the project's own
// TypeScript (server and the shared workspace) is bundled; npm packages stay external and load from
// node_modules, so native addons (mediasoup, better-sqlite3, argon2) work unchanged.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@diem-cau/') ? undefined : { path: args.path, external: true },
    );
  },
};

rmSync(path.join(root, 'server/dist'), { recursive: true, force: true }); // no stale chunks
await build({
  absWorkingDir: root,
  entryPoints: { main: 'server/src/main.ts', worker: 'server/src/workerMain.ts' },
  outdir: 'server/dist',
  bundle: true,
  splitting: true, // main.ts loads the app with a dynamic import, after the worker path is set
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalPackages],
});
