import { quantile } from './quantile.ts';

/** Wall and CPU time per item, in microseconds. */
export interface ItemLatency {
  samples: number;
  medianMicros: number;
  p99Micros: number;
  maxMicros: number;
  cpuMedianMicros: number;
  cpuP99Micros: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Times `run` once per item, `repetitions` passes after one warm-up pass, each item on its own: wall time,
 * and CPU time (user + system) beside it: on a shared machine the wall-time tail is mostly time the process
 * was not scheduled, which the CPU time leaves out. Awaits `run` when it returns a promise.
 */
export async function timeEach<T>(items: readonly T[], repetitions: number, run: (item: T) => unknown): Promise<ItemLatency> {
  for (const item of items) await run(item);
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let pass = 0; pass < repetitions; pass++) {
    for (const item of items) {
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      await run(item);
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
      const used = process.cpuUsage(cpuStart);
      cpu.push(used.user + used.system);
    }
  }
  samples.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    samples: samples.length,
    medianMicros: round1(quantile(samples, 0.5)),
    p99Micros: round1(quantile(samples, 0.99)),
    maxMicros: round1(samples.at(-1) ?? 0),
    cpuMedianMicros: round1(quantile(cpu, 0.5)),
    cpuP99Micros: round1(quantile(cpu, 0.99)),
  };
}
