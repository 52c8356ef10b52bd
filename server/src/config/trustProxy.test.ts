import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { parseTrustProxy } from './trustProxy.js';

describe('TRUST_PROXY', () => {
  it('reads a hop count, names, addresses and CIDR ranges', () => {
    expect(parseTrustProxy('loopback')).toEqual({ value: ['loopback'] });
    expect(parseTrustProxy('1')).toEqual({ value: 1 });
    expect(parseTrustProxy('0')).toEqual({ value: 0 });
    expect(parseTrustProxy(' 10.0.0.5, 10.0.1.0/24 ,loopback')).toEqual({
      value: ['10.0.0.5', '10.0.1.0/24', 'loopback'],
    });
    expect(parseTrustProxy('fd00::/8,::1')).toEqual({ value: ['fd00::/8', '::1'] });
  });

  it('refuses trusting every hop, and what is no address', () => {
    for (const text of ['true', 'TRUE', '*', 'all']) expect(parseTrustProxy(text)).toHaveProperty('error');
    expect(parseTrustProxy('10.0.0.0/33')).toMatchObject({ error: expect.stringContaining('10.0.0.0/33') });
    expect(parseTrustProxy('10.0.0.0/8/1')).toHaveProperty('error');
    expect(parseTrustProxy('balancer.local')).toHaveProperty('error');
    expect(parseTrustProxy(' , ')).toHaveProperty('error');
    expect(parseTrustProxy('99')).toHaveProperty('error');
  });

  it('is read by loadConfig: loopback by default, as before; a bad value names the variable', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5' }).trustProxy).toEqual(['10.0.0.5']);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: trusting every hop/);
    expect(loadConfig({}).shutdownDrainMs).toBe(0);
    expect(loadConfig({ SHUTDOWN_DRAIN_SECONDS: '3' }).shutdownDrainMs).toBe(3000);
  });
});
