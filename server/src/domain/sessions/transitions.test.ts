import { describe, expect, it } from 'vitest';
import { SESSION_STATUSES } from '@diem-cau/shared';
import { AppError } from '../../errors/AppError.js';
import { assertTransition, canTransition, isEditable, isJoinable } from './transitions.js';

describe('session status transitions', () => {
  it('allows exactly draft→scheduled, draft→live, scheduled→live, live→ended', () => {
    const allowed: string[] = [];
    for (const from of SESSION_STATUSES)
      for (const to of SESSION_STATUSES) if (canTransition(from, to)) allowed.push(`${from}→${to}`);
    expect(allowed.sort()).toEqual(['draft→live', 'draft→scheduled', 'live→ended', 'scheduled→live']);
  });

  it('refuses going back or skipping to ended with CONFLICT', () => {
    for (const [from, to] of [
      ['live', 'scheduled'],
      ['ended', 'live'],
      ['draft', 'ended'],
      ['scheduled', 'ended'],
      ['live', 'live'],
    ] as const) {
      let caught: unknown;
      try {
        assertTransition(from, to);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('CONFLICT');
    }
    expect(() => assertTransition('scheduled', 'live')).not.toThrow();
  });

  it('lets sockets join scheduled and live sessions and edits happen before live', () => {
    expect(SESSION_STATUSES.filter(isJoinable)).toEqual(['scheduled', 'live']);
    expect(SESSION_STATUSES.filter(isEditable)).toEqual(['draft', 'scheduled']);
  });
});
