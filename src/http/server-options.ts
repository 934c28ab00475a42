import type { ServerOptions } from 'node:http';

/**
 * node:http options that bound how long a client may hold a connection with a request it never
 * finishes. Node's defaults keep a slow body for 300 s, and check only every 30 s: 50 connections
 * sending a byte every 5 s stayed open past 95 s. Checked every second here, so a timeout ends
 * within about a second of its setting.
 */
export function httpServerOptions(settings: { readonly requestTimeoutMs: number; readonly headersTimeoutMs: number }) {
  return {
    requestTimeout: settings.requestTimeoutMs,
    headersTimeout: settings.headersTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, settings.headersTimeoutMs),
  } satisfies ServerOptions;
}
