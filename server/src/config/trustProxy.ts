import net from 'node:net';

/**
 * Express's `trust proxy`: which hops in front of a node may say who the client is (X-Forwarded-For).
 * A hop count, or a list of addresses, CIDR ranges and proxy-addr's names. Never `true` (every hop):
 * then any client could write its own address into the rate limits and the audit log.
 */
export type TrustProxy = number | string[];

const NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(item: string): boolean {
  const [address = '', prefix, ...rest] = item.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY as written: `loopback` (a balancer on the same host), `1` (exactly one balancer, whatever
 * its address), or `10.0.0.5,10.0.1.0/24` (the balancers' addresses). Returns the reason it is refused.
 */
export function parseTrustProxy(text: string): { value: TrustProxy } | { error: string } {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return hops <= 16 ? { value: hops } : { error: 'a hop count is at most 16' };
  }
  if (/^(true|yes|all|\*)$/i.test(trimmed)) {
    return { error: 'trusting every hop lets any client choose its own address; name the balancers or count hops' };
  }
  const items = trimmed
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) return { error: 'give a hop count, loopback, or the balancers’ addresses' };
  const bad = items.filter((item) => !NAMES.has(item) && !isAddressOrRange(item));
  if (bad.length > 0)
    return { error: `not an address, a CIDR range or loopback/linklocal/uniquelocal: ${bad.join(', ')}` };
  return { value: items };
}
