import { z } from 'zod';

// Imported first by main.tsx, before any schema is built: zod's JIT probes `new Function`, which the
// server's Content Security Policy (script-src 'self', no 'unsafe-eval') refuses and reports as a
// violation on every page. Without the JIT zod parses the same, only without compiled fast paths.
z.config({ jitless: true });
