import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import parseRange from 'range-parser';
import { fileErrors } from '../files/errors.js';
import type { ByteRange } from '../files/fileStore.js';

/** A file to hand out: what the store keeps of it, and how to open its bytes (all, or a range). */
export interface Download {
  sizeBytes: number;
  /** The content's SHA-256 (hex): the strong ETag, the same on every node. */
  sha256: string;
  contentType: string;
  /** Offered to the browser as the saved file's name (UTF-8). */
  filename: string;
  lastModified?: Date;
  /**
   * `private, no-cache` lets a browser keep a copy and ask again (If-None-Match → 304, with the
   * reader's rights checked each time); `private, no-store` for files that must not stay on a shared PC.
   */
  cacheControl: 'private, no-cache' | 'private, no-store';
  open(range?: ByteRange): Promise<Readable>;
}

/** `attachment` with an ASCII fallback name and the UTF-8 one (RFC 6266), safe for the header. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Whole seconds, as HTTP dates carry them. */
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000) * 1000;

/**
 * If-None-Match (weak comparison, `*` matches), else If-Modified-Since (RFC 9110 §13.1.2–3). Not
 * Express's req.fresh: that also requires the request to carry no `Cache-Control: no-cache`, which
 * fetch() adds to every request with a conditional header, and which is a cache's concern, not ours.
 */
function notModified(req: Request, etag: string, lastModified: Date | undefined): boolean {
  const noneMatch = req.get('if-none-match');
  if (noneMatch)
    return noneMatch.split(',').some((tag) => tag.trim() === '*' || tag.trim().replace(/^W\//, '') === etag);
  const since = Date.parse(req.get('if-modified-since') ?? '');
  return lastModified !== undefined && !Number.isNaN(since) && seconds(lastModified) <= since;
}

/** If-Range: the range holds only while the file is the one the client has part of (RFC 9110 §13.1.5). */
function rangeStillApplies(req: Request, etag: string, lastModified: Date | undefined): boolean {
  const ifRange = req.get('if-range');
  if (!ifRange) return true;
  // An entity tag: strong comparison (a weak one never matches).
  if (ifRange.includes('"')) return ifRange.trim() === etag;
  const since = Date.parse(ifRange);
  return lastModified !== undefined && !Number.isNaN(since) && seconds(lastModified) <= since;
}

/**
 * The one range to send, undefined for the whole file: 206 for one range (overlapping or adjacent
 * ones are combined), RANGE_NOT_SATISFIABLE (416, `Content-Range: bytes *\/size`) when none is inside
 * the file. A malformed header, another unit and several disjoint ranges get the whole file with 200,
 * as Express's own static files answer them: a multipart/byteranges body is something no client of
 * ours asks for (PDF viewers and media elements ask one range at a time).
 */
function chosenRange(req: Request, res: Response, file: Download, etag: string): ByteRange | undefined {
  const header = req.headers.range;
  if (!header || !rangeStillApplies(req, etag, file.lastModified)) return undefined;
  const ranges = parseRange(file.sizeBytes, header, { combine: true });
  if (ranges === -1) {
    res.set('Content-Range', `bytes */${file.sizeBytes}`);
    throw fileErrors.rangeNotSatisfiable(file.sizeBytes);
  }
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return undefined;
  return ranges[0];
}

/**
 * Answers a GET or HEAD for a stored file: streamed (never whole in memory), with `Accept-Ranges`,
 * a strong ETag from the SHA-256, 304 for a matching If-None-Match (or If-Modified-Since), 206 with
 * Content-Range for one range, If-Range honoured. Errors before the first byte (the file gone from
 * the store, a bad range) reach the error handler as coded errors; once bytes flow, a failure cuts the
 * connection, so the client sees a short body rather than a wrong one.
 */
export async function sendStoredFile(req: Request, res: Response, file: Download): Promise<void> {
  const etag = `"${file.sha256}"`;
  res.set({ ETag: etag, 'Cache-Control': file.cacheControl, 'Accept-Ranges': 'bytes' });
  if (file.lastModified) res.set('Last-Modified', file.lastModified.toUTCString());
  if (notModified(req, etag, file.lastModified)) {
    res.status(304).end();
    return;
  }
  const range = chosenRange(req, res, file, etag);
  const body = req.method === 'HEAD' ? undefined : await file.open(range);
  res.status(range ? 206 : 200).set({
    'Content-Type': file.contentType,
    'Content-Length': String(range ? range.end - range.start + 1 : file.sizeBytes),
    'Content-Disposition': attachment(file.filename),
    'X-Content-Type-Options': 'nosniff',
  });
  if (range) res.set('Content-Range', `bytes ${range.start}-${range.end}/${file.sizeBytes}`);
  if (!body) {
    res.end();
    return;
  }
  try {
    await pipeline(body, res);
  } catch (error) {
    // The client went away (or the disk failed) mid-body: the connection is already closed by pipeline.
    if (!res.headersSent) throw error;
  }
}
