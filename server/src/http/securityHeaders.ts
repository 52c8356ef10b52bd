import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** A Host header fit for a CSP source (name or IPv4, optional port); anything else adds no source. */
const HOST_SOURCE = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

/**
 * The WebSocket origin of this very page (`ws://host:port wss://host:port`), for browsers whose
 * 'self' does not yet cover ws:/wss: (CSP 2: older smart TVs, old Safari); CSP 3 browsers match
 * same-origin WebSockets with 'self' alone. Never another host's WebSockets.
 */
function sameOriginWebSockets(req: IncomingMessage): string {
  const host = req.headers.host;
  return host && HOST_SOURCE.test(host) ? `ws://${host} wss://${host}` : "'self'";
}

/**
 * Security headers for every answer (helmet), with the Content Security Policy of the web app: a
 * Vite-built SPA whose module scripts and stylesheets come from /assets (no inline script or
 * style element in index.html; React's `style` props go through the CSSOM, which style-src does
 * not govern), Socket.IO to the same origin, QR codes as data: images and downloads as blob: URLs.
 * HSTS (and the upgrade of insecure requests) only when this server speaks HTTPS itself.
 */
export function securityHeaders(options: { tls: boolean }): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", sameOriginWebSockets],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.tls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // One year, this host only: the deployment's parent domain may still serve plain HTTP elsewhere.
    strictTransportSecurity: options.tls ? { maxAge: 365 * 24 * 3600, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' },
    // Both serve a secure context; over plain HTTP off localhost (a LAN address) Chromium ignores the
    // opener policy with a console error and warns about origin keying, so HTTPS answers only (below).
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
  });
  return (req, res, next) => {
    // `secure` honours X-Forwarded-Proto from a proxy on this host (trust proxy: loopback).
    if (req.secure) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Origin-Agent-Cluster', '?1');
    }
    headers(req, res, next);
  };
}
