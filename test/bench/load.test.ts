import { describe, expect, it } from 'vitest';
import { dueCount, percentile, summarize } from './load.ts';

// The webhook bench's pure parts: open-loop pacing and percentiles (no clocks, no servers).
describe('bench load generator', () => {
  it('paces open loop: one request at once, then one every 1000/rate ms, never past the total', () => {
    expect(dueCount(-1, 500, 10)).toBe(0);
    expect(dueCount(0, 500, 10)).toBe(1);
    expect(dueCount(1.99, 500, 10)).toBe(1);
    expect(dueCount(2, 500, 10)).toBe(2);
    expect(dueCount(17.9, 500, 10)).toBe(9);
    expect(dueCount(18, 500, 10)).toBe(10);
    expect(dueCount(60_000, 500, 10)).toBe(10);
    expect(dueCount(1000, 3, 100)).toBe(4);
    expect(dueCount(5, 500, 0)).toBe(0);
    // 500/s for 10 s: the last of 5000 is due at 9.998 s.
    expect(dueCount(9_997.9, 500, 5000)).toBe(4999);
    expect(dueCount(9_998, 500, 5000)).toBe(5000);
  });

  it('takes nearest-rank percentiles', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile(hundred, 0.99)).toBe(99);
    expect(percentile(hundred, 1)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBe(0);
  });

  it('summarizes unsorted latencies', () => {
    expect(summarize([3.04, 1, 2, 10.26])).toEqual({ count: 4, p50: 2, p99: 10.3, max: 10.3 });
    expect(summarize([])).toEqual({ count: 0, p50: 0, p99: 0, max: 0 });
  });
});
