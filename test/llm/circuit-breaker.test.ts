import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitState } from '../../src/llm/circuit-breaker.ts';

function breakerAt(failureThreshold = 3, cooldownMs = 1_000) {
  let clock = 0;
  const changes: Array<[CircuitState, CircuitState]> = [];
  const breaker = new CircuitBreaker({ failureThreshold, cooldownMs, now: () => clock, onChange: (state, previous) => changes.push([previous, state]) });
  return { breaker, changes, advance: (ms: number) => void (clock += ms) };
}

/** Runs one call through the breaker: false when refused, else reports the outcome. */
function call(breaker: CircuitBreaker, ok: boolean): boolean {
  if (!breaker.tryAcquire()) return false;
  if (ok) breaker.success();
  else breaker.failure();
  return true;
}

describe('CircuitBreaker', () => {
  it('lets calls through while closed and opens after N consecutive failures, not before', () => {
    const { breaker, changes } = breakerAt(3);
    expect(call(breaker, false)).toBe(true);
    expect(call(breaker, false)).toBe(true);
    expect(breaker.state).toBe('closed');
    expect(call(breaker, false)).toBe(true);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(changes).toEqual([['closed', 'open']]);
  });

  it('counts consecutive failures only: a success in between starts the count again', () => {
    const { breaker } = breakerAt(3);
    call(breaker, false);
    call(breaker, false);
    call(breaker, true);
    call(breaker, false);
    call(breaker, false);
    expect(breaker.state).toBe('closed');
    call(breaker, false);
    expect(breaker.state).toBe('open');
  });

  it('stays open for the whole cool-down, then lets exactly one trial through', () => {
    const { breaker, advance } = breakerAt(1, 1_000);
    call(breaker, false);
    advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    // While the trial runs, nothing else goes.
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('closes when the trial succeeds', () => {
    const { breaker, advance, changes } = breakerAt(2, 1_000);
    call(breaker, false);
    call(breaker, false);
    advance(1_000);
    expect(call(breaker, true)).toBe(true);
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([['closed', 'open'], ['open', 'half_open'], ['half_open', 'closed']]);
    // Closed again means the full threshold is needed to reopen.
    call(breaker, false);
    expect(breaker.state).toBe('closed');
  });

  it('reopens for a fresh cool-down when the trial fails', () => {
    const { breaker, advance } = breakerAt(2, 1_000);
    call(breaker, false);
    call(breaker, false);
    advance(5_000);
    expect(call(breaker, false)).toBe(true);
    expect(breaker.state).toBe('open');
    advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('refuses nonsense settings', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, cooldownMs: 1, now: () => 0 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ failureThreshold: 1, cooldownMs: -1, now: () => 0 })).toThrow(RangeError);
  });

  it('grants nothing while open and one trial per report while half-open, whatever the sequence (property)', () => {
    const step = fc.oneof(fc.constant('acquire' as const), fc.constant('success' as const), fc.constant('failure' as const), fc.integer({ min: 0, max: 600 }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const { breaker, advance } = breakerAt(3, 500);
        let running = 0;
        let trialsUnreported = 0;
        for (const s of steps) {
          if (typeof s === 'number') {
            advance(s);
          } else if (s === 'acquire') {
            const state = breaker.state;
            const granted = breaker.tryAcquire();
            if (state === 'open') expect(granted).toBe(false);
            if (state === 'closed') expect(granted).toBe(true);
            if (granted) running += 1;
            if (granted && state === 'half_open') trialsUnreported += 1;
            expect(trialsUnreported).toBeLessThanOrEqual(1);
          } else if (running > 0) {
            running -= 1;
            trialsUnreported = 0;
            if (s === 'success') breaker.success();
            else breaker.failure();
          }
        }
      }),
    );
  });
});
