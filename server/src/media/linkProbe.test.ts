import { describe, expect, it } from 'vitest';
import { transportLinkState } from './linkProbe.js';

describe('transportLinkState', () => {
  it('is up only once ICE and DTLS are connected', () => {
    expect(transportLinkState({ closed: false, iceState: 'completed', dtlsState: 'connected' })).toBe('up');
    expect(transportLinkState({ closed: false, iceState: 'connected', dtlsState: 'connected' })).toBe('up');
    expect(transportLinkState({ closed: false, iceState: 'new', dtlsState: 'new' })).toBe('connecting');
    expect(transportLinkState({ closed: false, iceState: 'connected', dtlsState: 'connecting' })).toBe('connecting');
  });

  it('tells ICE lost from DTLS failed from no transport', () => {
    expect(transportLinkState({ closed: false, iceState: 'disconnected', dtlsState: 'connected' })).toBe('ice');
    expect(transportLinkState({ closed: false, iceState: 'completed', dtlsState: 'failed' })).toBe('dtls');
    expect(transportLinkState({ closed: true, iceState: 'completed', dtlsState: 'connected' })).toBe('none');
    expect(transportLinkState(undefined)).toBe('none');
  });

  it('takes a transport without ICE (plain RTP) as up while it is open', () => {
    expect(transportLinkState({ closed: false })).toBe('up');
  });
});
