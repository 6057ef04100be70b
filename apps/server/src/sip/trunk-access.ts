import net from 'node:net';
import type { TrunkConfig } from '../trunks/trunk-repository.ts';

/**
 * Which trunk, if any, an INVITE's source address belongs to. Only listed addresses may
 * call in: everything else is refused, so the gateway is never an open relay and no
 * stranger reaches a queue (or, later, an outbound line) through it.
 */
export class TrunkAccess {
  private entries: Array<{ trunk: TrunkConfig; sources: net.BlockList }> = [];

  constructor(trunks: TrunkConfig[] = []) {
    this.replace(trunks);
  }

  replace(trunks: TrunkConfig[]): void {
    this.entries = trunks
      .filter((t) => t.enabled)
      .map((trunk) => {
        const sources = new net.BlockList();
        for (const source of trunk.allowedSources) addSource(sources, source);
        return { trunk, sources };
      });
  }

  /** The trunk allowed to send from `address`, or null. */
  match(address: string): TrunkConfig | null {
    const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
    const family = net.isIPv6(plain) ? 'ipv6' : 'ipv4';
    if (!net.isIP(plain)) return null;
    return this.entries.find((e) => e.sources.check(plain, family))?.trunk ?? null;
  }

  /** The trunk outbound calls go through: the first enabled one with an outbound host. */
  outbound(): TrunkConfig | null {
    return this.entries.find((e) => e.trunk.outboundHost)?.trunk ?? null;
  }

  all(): TrunkConfig[] {
    return this.entries.map((e) => e.trunk);
  }
}

function addSource(list: net.BlockList, source: string): void {
  const [address, prefix] = source.split('/');
  if (!address || !net.isIP(address)) return;
  const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
  if (prefix === undefined) list.addAddress(address, family);
  else list.addSubnet(address, Number(prefix), family);
}
