import { isIP } from 'node:net';
import { hostname } from 'node:os';

/** A Host header as browsers send it: a name or an address, and a port. Nothing else (no user info). */
const HOST_HEADER = /^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i;

/**
 * The names this hub answers to (DNS rebinding). A page on a domain that the attacker
 * points at 127.0.0.1 or a LAN address reaches the hub with the attacker's name in Host,
 * and its own origin matches that Host, so the Origin check alone lets it through. Refusing
 * names that are not the hub's keeps it out. An address is always fine: a browser sends an
 * address in Host only for a page loaded from that very address. A hub reached by a DNS name
 * is told it by `--origin` (the name of every allowed origin counts) or `hostNames`.
 */
export class HubNames {
  private readonly names: Set<string>;

  constructor(opts: { host?: string; allowedOrigins?: readonly string[]; hostNames?: readonly string[] }) {
    const names = ['localhost', hostname(), opts.host ?? '', ...(opts.hostNames ?? [])];
    for (const origin of opts.allowedOrigins ?? []) {
      try {
        names.push(new URL(origin).hostname);
      } catch {
        // Not a URL: it can match no Host, as it matches no Origin.
      }
    }
    this.names = new Set(names.filter((n) => n !== '').map(canonical));
  }

  /**
   * The Host header, lower-cased, when it names this hub; null when it does not. A request
   * without one (HTTP/1.0; never a browser) is answered: it names nothing to rebind.
   */
  check(host: string | undefined): { ok: true; host: string | null } | { ok: false } {
    if (host === undefined) return { ok: true, host: null };
    if (!HOST_HEADER.test(host)) return { ok: false };
    const lower = host.toLowerCase();
    const name = canonical(lower.startsWith('[') ? lower.slice(1, lower.indexOf(']')) : lower.replace(/:\d+$/, ''));
    return isIP(name) !== 0 || this.names.has(name) ? { ok: true, host: lower } : { ok: false };
  }
}

/** `Hub.Example.` and `hub.example` are one name. */
const canonical = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** What a refused name is told: the status (421 Misdirected Request) and a sentence. */
export const MISDIRECTED = { status: 421, reason: 'This hub does not answer to that name: use its address, or start it with --origin for the name' } as const;
