import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * A plain `node:http` server answering `GET /metrics` (and `HEAD`) with the registry in the
 * Prometheus text format; anything else is 404 (405 for other methods on /metrics). It never
 * listens on its own: main.ts calls `listen(METRICS_PORT, HOST)`. Keep it off the public port.
 */
export function createMetricsServer(registry: Registry): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method not allowed\n');
      return;
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      () => {
        response.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics unavailable\n');
      },
    );
  });
}
