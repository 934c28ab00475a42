/**
 * The origins of the gateway's own pages (GraphiQL), whose requests every tenant accepts: the page
 * the gateway serves must be able to call the gateway that served it, whatever the tenants'
 * `allowedOrigins` say.
 *
 * Never derived from the request's Host header: under DNS rebinding a hostile page's origin
 * (`http://evil.example:4000`) and the Host it sends agree, so "Origin matches Host" would let it
 * call a gateway on loopback. Only fixed origins count:
 * - `PUBLIC_URL`'s origin, where the gateway is published (production, a proxy, another port);
 * - outside production, the loopback origins of the listening port (`localhost`, `127.0.0.1`,
 *   `[::1]`) and the listening address itself when HOST names one.
 */
export interface OwnOrigins {
  has(origin: string): boolean;
  /** Called once the server listens: only then is the port known (PORT=0). */
  listening(port: number): void;
  readonly list: readonly string[];
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** Creates the set; it holds `PUBLIC_URL`'s origin from the start and the listening origins once known. */
export function createOwnOrigins(options: {
  /** Whether the gateway serves pages at all (GraphiQL): without them it has no origin of its own. */
  readonly enabled: boolean;
  readonly publicUrl?: string | undefined;
  readonly host: string;
  readonly production: boolean;
}): OwnOrigins {
  const origins = new Set<string>(options.enabled && options.publicUrl ? [new URL(options.publicUrl).origin] : []);
  return {
    has: (origin) => origins.has(origin),
    listening(port) {
      if (!options.enabled || options.production) return;
      const hosts = ['localhost', '127.0.0.1', '[::1]'];
      if (!WILDCARD_HOSTS.has(options.host))
        hosts.push(options.host.includes(':') ? `[${options.host}]` : options.host);
      for (const host of hosts) {
        // A HOST no URL can hold (an IPv6 zone such as fe80::1%eth0) has no origin a browser sends.
        if (URL.canParse(`http://${host}:${port}`)) origins.add(new URL(`http://${host}:${port}`).origin);
      }
    },
    get list() {
      return [...origins];
    },
  };
}
