import { createHash } from 'node:crypto';
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import type { TenantRegistry } from './registry.js';
import type { TenantStore, TenantStoreHealth } from './store.js';
import { parseTenantsText, TenantsFileError } from './tenants-file.js';

/** A tenant store backed by the tenants file, reloaded when it changes and on demand (SIGHUP). */
export interface FileTenantStore extends TenantStore {
  /** The snapshot in use. */
  readonly current: TenantRegistry;
  /** Re-reads the file now; false (and the last good config kept) when it is broken. */
  reload(reason: string): boolean;
  /** Stops watching the file. */
  close(): void;
}

export interface FileTenantStoreOptions {
  readonly file: string;
  readonly readSecret: (name: string) => string | undefined;
  readonly logger: Logger;
  /** Reload when the file changes. @default true */
  readonly watch?: boolean;
  /** Called with the new snapshot after each successful reload. */
  readonly onReload?: (registry: TenantRegistry) => void;
  /** Quiet time after a change before reloading, so a half-written file is read once complete. @default 100 */
  readonly debounceMs?: number;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Loads the tenants file (throwing a `TenantsFileError` at start, as before) and keeps it
 * current. A broken change never replaces a working configuration: it is logged with the exact
 * error and reported by `health()` until a good version arrives. Each request reads one snapshot,
 * so a reload never changes the tenant under a request in flight.
 */
export function createFileTenantStore(options: FileTenantStoreOptions): FileTenantStore {
  const { file, logger } = options;
  const read = () => readFileSync(file, 'utf8');
  let text: string;
  try {
    text = read();
  } catch (e) {
    throw new TenantsFileError(`Cannot read tenants file ${file}: ${(e as Error).message}`);
  }
  let current = parseTenantsText(text, options.readSecret, file);
  let loadedAt = new Date().toISOString();
  /** Why the latest change was refused, as readiness may show it; the log has the exact error. */
  let error: string | undefined;

  const reload = (reason: string) => {
    let next: string;
    try {
      next = read();
    } catch (e) {
      error = 'the tenants file cannot be read';
      logger.error(
        { reason, error: `Cannot read tenants file ${file}: ${(e as Error).message}` },
        'tenants reload failed; keeping the last good configuration',
      );
      return false;
    }
    // Watchers fire for unrelated files in the directory and twice per save: only content counts.
    if (digest(next) === digest(text) && error === undefined) return true;
    try {
      current = parseTenantsText(next, options.readSecret, file);
    } catch (e) {
      text = next;
      error = e instanceof TenantsFileError ? e.summary : 'the tenants file was refused';
      logger.error(
        { reason, error: (e as Error).message },
        'tenants reload failed; keeping the last good configuration',
      );
      return false;
    }
    text = next;
    error = undefined;
    loadedAt = new Date().toISOString();
    logger.info({ reason, tenants: current.tenants.map((t) => t.id) }, 'tenants reloaded');
    options.onReload?.(current);
    return true;
  };

  let watchFailed = false;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (options.watch ?? true) {
    // Watch the directory, not the file: editors and Kubernetes ConfigMaps replace files by rename.
    const name = basename(file);
    watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
      if (changed !== null && changed !== name && !changed.startsWith('..')) return;
      clearTimeout(timer);
      timer = setTimeout(() => reload('file changed'), options.debounceMs ?? 100);
    });
    watcher.on('error', (e) => {
      // Changes are no longer seen: say so in readiness; SIGHUP still reloads.
      watchFailed = true;
      logger.error({ error: e.message }, 'watching the tenants file failed');
    });
  }

  return {
    get current() {
      return current;
    },
    async find(lookups) {
      const snapshot = current;
      return lookups.map((lookup) =>
        'apiKey' in lookup ? snapshot.byApiKey(lookup.apiKey) : snapshot.byId(lookup.tenantId),
      );
    },
    async anyAllowsOrigin(origin) {
      return current.anyAllowsOrigin(origin);
    },
    health(): TenantStoreHealth {
      const problem = error ?? (watchFailed ? 'watching the tenants file failed; reload with SIGHUP' : undefined);
      return {
        ok: problem === undefined,
        ...(problem ? { error: problem } : {}),
        loadedAt,
        tenantCount: current.tenants.length,
      };
    },
    reload,
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
