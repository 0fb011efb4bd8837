// The storefront's front end: `npm run build --workspace services/storefront` (vite build app) writes it
// into ../public, which the server serves and the image ships (score.yaml x-build.include).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../public',
    // Outside this root: Vite empties it only when told to (nothing stale ships).
    emptyOutDir: true,
    target: 'es2022',
  },
});
