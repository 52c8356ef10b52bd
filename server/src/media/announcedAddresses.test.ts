import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { machineAddresses, planRtcAddresses } from './announcedAddresses.js';

type Interfaces = ReturnType<typeof os.networkInterfaces>;
const entry = (address: string, internal = false, family: 'IPv4' | 'IPv6' = 'IPv4') =>
  ({
    address,
    internal,
    family,
    netmask: '255.255.255.0',
    mac: '00:00:00:00:00:00',
    cidr: `${address}/24`,
    ...(family === 'IPv6' && { scopeid: 0 }),
  }) as os.NetworkInterfaceInfo;

const lan: Interfaces = {
  lo: [entry('127.0.0.1', true), entry('::1', true, 'IPv6')],
  eth0: [entry('192.168.1.20'), entry('fe80::1', false, 'IPv6')],
};

describe('planRtcAddresses', () => {
  it('never announces 0.0.0.0: a wildcard binds the machine addresses', () => {
    const plan = planRtcAddresses('0.0.0.0', undefined, lan);
    expect(plan).toEqual({ listenIps: [{ ip: '192.168.1.20' }], announced: ['192.168.1.20'], reason: 'interfaces' });
    expect(JSON.stringify(plan)).not.toContain('0.0.0.0');
  });

  it('an explicit announced address wins', () => {
    expect(planRtcAddresses('0.0.0.0', '203.0.113.10', lan)).toEqual({
      listenIps: [{ ip: '0.0.0.0', announcedIp: '203.0.113.10' }],
      announced: ['203.0.113.10'],
      reason: 'explicit',
    });
  });

  it('an explicit announced wildcard is ignored like an absent one', () => {
    expect(planRtcAddresses('0.0.0.0', '0.0.0.0', lan).announced).toEqual(['192.168.1.20']);
  });

  it('a specific listen address is announced as itself (loopback included)', () => {
    expect(planRtcAddresses('127.0.0.1', undefined, lan)).toEqual({
      listenIps: [{ ip: '127.0.0.1' }],
      announced: ['127.0.0.1'],
      reason: 'specific-listen-ip',
    });
  });

  it('several interfaces: each address once; link-local and IPv6 left out', () => {
    const many: Interfaces = { ...lan, wlan0: [entry('10.0.0.5'), entry('169.254.3.3')], br0: [entry('192.168.1.20')] };
    expect(machineAddresses(many)).toEqual(['192.168.1.20', '10.0.0.5']);
    expect(planRtcAddresses('::', undefined, many).listenIps).toEqual([{ ip: '192.168.1.20' }, { ip: '10.0.0.5' }]);
  });

  it('no network at all: loopback serves the browser on this machine', () => {
    expect(planRtcAddresses('0.0.0.0', undefined, { lo: [entry('127.0.0.1', true)] })).toEqual({
      listenIps: [{ ip: '127.0.0.1' }],
      announced: ['127.0.0.1'],
      reason: 'loopback-only',
    });
  });
});
