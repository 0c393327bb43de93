import { createServer } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';

/** `os.networkInterfaces`, handed in so a test can describe any machine. */
export type NetworkInterfaces = () => NodeJS.Dict<NetworkInterfaceInfo[]>;

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

export const isWildcard = (host: string): boolean => WILDCARDS.has(host.trim());

/** A base URL for a host and port, with IPv6 literals in brackets. */
export function hubUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * An IPv4 address of this machine that others on the network can reach: the first one that
 * is neither loopback nor link-local (169.254.x.x only exists when DHCP failed). Null when
 * the machine has none.
 */
export function firstLanAddress(interfaces: NetworkInterfaces): string | null {
  for (const entries of Object.values(interfaces())) {
    for (const entry of entries ?? []) {
      // Node 18.0–18.3 reported the family as a number.
      const ipv4 = entry.family === 'IPv4' || (entry.family as unknown) === 4;
      if (ipv4 && !entry.internal && !entry.address.startsWith('169.254.')) return entry.address;
    }
  }
  return null;
}

/**
 * Where the crew reaches a hub listening on `host`: the host itself, unless it is the
 * "every interface" address, which nobody can connect to by name; then a LAN address.
 */
export function crewHost(host: string, interfaces: NetworkInterfaces): string | null {
  return isWildcard(host) ? firstLanAddress(interfaces) : host;
}

/** Where this desktop's own window reaches the hub: loopback when it listens everywhere. */
export function localHost(host: string): string {
  return isWildcard(host) ? '127.0.0.1' : host;
}

/** Why the hub could not listen, as a sentence for the hosting card. */
export function listenErrorSentence(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return `Port ${port} is already in use on ${host}: another program (or another hub) listens there. Choose another port.`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this computer. Use one of its network addresses, or 0.0.0.0 for all of them.`;
    case 'EACCES':
      return `This computer does not let Warroom listen on ${host} port ${port}.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${host} is not a name or address this computer knows.`;
    default:
      return `Could not listen on ${host} port ${port}: ${(error as Error | null)?.message ?? String(error)}`;
  }
}

/**
 * Tries the address before the running hub is stopped for it, so a port in use or a
 * mistyped address leaves solo mode untouched instead of taking the hub down and back up.
 */
export function probeListen(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
