import { createServer, type Server } from 'node:http';
import { loadConfig } from './config.js';
import { type ConnectEndpoint, createGateway, createSimulatorForTenants, simulatedResourcesOf } from './gateway.js';
import { loadGraphiQL } from './http/graphiql-page.js';
import { httpServerOptions } from './http/server-options.js';
import { createLogDestination } from './log-destination.js';
import { createLogger } from './logger.js';
import { createMetricsServer } from './observability/metrics-server.js';
import type { captureProcessWarnings } from './observability/process-warnings.js';
import type { Tracing } from './observability/tracing-switch.js';
import { SIMULATOR_CREDENTIALS, type Simulator } from './simulator/index.js';
import { createFileTenantStore } from './tenants/file-store.js';

/**
 * Runs the gateway as `npm start` does: settings from the environment, the tenants file (reloaded
 * on SIGHUP), the embedded simulator in simulator mode, the metrics listener, and a graceful
 * shutdown on SIGTERM/SIGINT that ends the process. `tracing` was started before this module loaded.
 */
export async function runGateway(
  tracing: Tracing,
  warnings?: ReturnType<typeof captureProcessWarnings>,
): Promise<void> {
  const config = loadConfig();
  if (config.graphiql) await loadGraphiQL();
  const logStream = createLogDestination();
  const logger = createLogger(config.logLevel, logStream);
  warnings?.attach(logger);
  let simulator: Simulator | undefined;
  const tenants = createFileTenantStore({
    file: config.tenantsFile,
    readSecret: config.readSecret,
    logger,
    watch: config.tenantsWatch,
    // The embedded simulator learns the instances and roles of tenants added by a reload.
    onReload: (registry) => simulator?.add(simulatedResourcesOf(registry.tenants)),
  });
  logger.info(
    { tenantsFile: config.tenantsFile, tenants: tenants.current.tenants.map((t) => t.id), watch: config.tenantsWatch },
    'tenants loaded',
  );

  let connect: ConnectEndpoint = {};
  if (config.connectMode === 'simulator') {
    simulator = createSimulatorForTenants(tenants.current, config.simulator.faults);
    await simulator.listen(config.simulator.port ?? 0, '127.0.0.1');
    connect = { endpoint: simulator.url, stsEndpoint: simulator.url, credentials: SIMULATOR_CREDENTIALS };
    logger.warn(
      { simulator: simulator.url, faults: config.simulator.faults || undefined },
      '*** CONNECT_MODE=simulator: chats go to the embedded local Connect simulator, NOT to Amazon Connect ***',
    );
  } else {
    logger.info('CONNECT_MODE=aws: chats go to Amazon Connect (AWS_ENDPOINT_URL_CONNECT honoured)');
  }

  let shuttingDown = false;
  const gateway = createGateway({
    config,
    logger,
    tenants,
    demoApiKey: tenants.current.demoApiKey,
    // Loaded only with tracing on: the OpenTelemetry plugin costs ≈ 20 ms of a start.
    graphqlTracing: tracing.enabled
      ? (await import('./observability/graphql-tracing.js')).useGraphQLTracing()
      : undefined,
    connect,
    readiness: () => (shuttingDown ? { ready: false, reason: 'shutting down' } : { ready: true }),
  });
  const server = createServer(httpServerOptions(config.http), gateway.app);
  // Counted so shutdown can say how many requests it drained.
  let inFlight = 0;
  server.on('request', (_req, res) => {
    // While draining, a keep-alive client must open a new connection (refused) for its next request.
    if (shuttingDown) res.setHeader('connection', 'close');
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  gateway.ownOrigins.listening(port);
  let metricsServer: Server | undefined;
  if (config.metricsPort !== undefined) {
    // Its own server and port: metrics never share the public listener.
    const server = createMetricsServer(gateway.metrics.registry);
    metricsServer = server;
    await new Promise<void>((resolve) => server.listen(config.metricsPort, config.host, resolve));
    const bound = server.address();
    const metricsPort = typeof bound === 'object' && bound ? bound.port : config.metricsPort;
    logger.info({ url: `http://${config.host}:${metricsPort}/metrics`, metricsPort }, 'metrics listening');
  }
  logger.info(
    {
      url: `http://${config.host}:${port}/graphql`,
      port,
      graphiql: config.graphiql,
      ownOrigins: gateway.ownOrigins.list,
    },
    'gateway listening',
  );
  // Start-up lines at once, not with the first block: whoever started the gateway waits for them.
  logStream.flushSync();

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    process.off('SIGHUP', reload);
    const draining = inFlight;
    logger.info({ signal, inFlight: draining, graceMs: config.shutdownGraceMs }, 'shutting down');
    // Open event streams would hold the drain for its whole grace: they end now, and resume elsewhere.
    gateway.endStreams();
    let closedAll = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve())).then(() => {
      closedAll = true;
    });
    // In-flight requests finish; keep-alive connections are closed as soon as they go idle.
    const deadline = Date.now() + config.shutdownGraceMs;
    while (!closedAll && Date.now() < deadline) {
      server.closeIdleConnections();
      await new Promise((r) => setTimeout(r, 50));
    }
    const cut = inFlight;
    server.closeAllConnections();
    // Closing Redis, the metrics server and the tracer must not hold the exit hostage (a hung
    // OTLP collector would): exit regardless shortly after the drain.
    setTimeout(() => {
      logger.warn('shutdown still closing after 3 s: exiting anyway');
      process.exit(0); // the log destination is flushed on exit
    }, 3000).unref();
    await closed;
    logger.info({ drained: draining - cut, cut }, 'connections closed');
    tenants.close();
    await gateway.close();
    await simulator?.close();
    metricsServer?.closeAllConnections();
    await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
    await tracing.shutdown(); // flushes buffered spans
    logger.info('stopped');
    process.exit(0); // the log destination is flushed on exit
  };
  const reload = () => tenants.reload('SIGHUP');
  process.on('SIGHUP', reload);
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
