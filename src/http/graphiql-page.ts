import type { GraphiQLOptions } from 'graphql-yoga';
import type { Logger } from 'pino';

/*
 * GraphiQL's page is 8.8 MB of inlined assets: the bundle keeps it in graphiql.cjs beside main.cjs
 * (scripts/build.ts), loaded the first time, so starts without GraphiQL (production) never read it.
 */
type GraphiQLModule = typeof import('@graphql-yoga/render-graphiql');
let loaded: Promise<GraphiQLModule> | undefined;

/**
 * Loads the page's module once. Entry points call it at start when GraphiQL is on, so a deployment
 * missing graphiql.cjs fails to start, naming the file, instead of on the first visit.
 */
export function loadGraphiQL(): Promise<GraphiQLModule> {
  loaded ??= import('@graphql-yoga/render-graphiql').catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

/** Yoga's `renderGraphiQL`: the page, or, if its module cannot be loaded, a short page saying so (the reason is logged). */
export const renderGraphiQLPage =
  (logger: Logger) =>
  async (options: GraphiQLOptions): Promise<string> => {
    try {
      return (await loadGraphiQL()).renderGraphiQL(options);
    } catch (error) {
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'GraphiQL page could not be loaded',
      );
      return '<!doctype html><title>GraphiQL unavailable</title><p>GraphiQL is not available on this gateway.</p>';
    }
  };
