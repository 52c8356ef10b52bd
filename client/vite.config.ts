import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the API server runs on :3000; everything it owns is proxied so the
// client can use same-origin relative URLs in both dev and production.
const apiServer = 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': apiServer,
      '/socket.io': { target: apiServer, ws: true },
      '/healthz': apiServer,
      '/metrics': apiServer,
    },
  },
});
