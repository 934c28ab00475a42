import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * `npm run example`: serves this page on http://localhost:5173, the origin tenants.example.json
 * allows (strictPort: another port would be an origin the gateway refuses).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
});
