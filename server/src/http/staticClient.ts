import { existsSync } from 'node:fs';
import path from 'node:path';
import { Router, type RequestHandler } from 'express';
import expressStaticGzip from 'express-static-gzip';

const HASHED_ASSET = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * Serves the built React client, with the SPA fallback so /host, /endpoint, … load index.html.
 * The build writes `name.br` and `name.gz` beside each file (client/vite.config.ts); each answer is
 * the variant the browser accepts, brotli first, then gzip, else the file itself, with its own
 * Content-Type, `Content-Encoding` and `Vary: Accept-Encoding`. A variant missing on disk is never
 * offered (the folder is indexed once, at start: the build comes before the server).
 * Hashed assets are cached for a year; index.html and the rest revalidate (a new build shows at once).
 */
export function staticClient(distDir: string): Router {
  const router = Router();
  const indexFile = path.join(distDir, 'index.html');
  if (!existsSync(indexFile)) return router;
  const assetsDir = path.join(distDir, 'assets') + path.sep;
  const files: RequestHandler = expressStaticGzip(distDir, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      redirect: false,
      cacheControl: false,
      setHeaders: (res, filePath) =>
        res.setHeader('Cache-Control', filePath.startsWith(assetsDir) ? HASHED_ASSET : REVALIDATE),
    },
  });
  router.use(files);
  // A hashed file that is not (or no longer) in this build: a 404, never index.html as a script.
  router.use('/assets', (_req, res) => {
    res.status(404).end();
  });
  router.get(/^\/(?!api\/|socket\.io\/).*/, (req, res, next) => {
    req.url = '/index.html';
    files(req, res, next);
  });
  return router;
}
