// `npm run build`: the page for production into ../public (vite.config.ts), through Vite's JavaScript API
// rather than its command: the image's build stage has node and npm but no /usr/bin/env for a bin's
// shebang. Production whatever NODE_ENV the caller has (a test runner sets `test`, which would give React's
// development build).
import { fileURLToPath } from 'node:url';

process.env.NODE_ENV = 'production';
const { build } = await import('vite');
await build({ root: fileURLToPath(new URL('.', import.meta.url)), mode: 'production' });
