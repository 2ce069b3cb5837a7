import { z } from 'zod';

/**
 * One line of bench/results.md. A comparison has both sides measured in the same run (`floor` is the
 * reference: the raw HTTP server, the minimal pipeline, raw BullMQ, the smallest size, the empty
 * database) and `ratio` = ours ÷ floor. A figure has no floor (checker and understanding latency).
 */
export const summaryRowSchema = z.object({
  /** What is measured, e.g. "Telegram webhook acks/s". */
  measure: z.string().min(1),
  /** The backend or size the line is about, e.g. "PostgreSQL + Redis", "embedded", "100,000 pending". */
  setting: z.string(),
  unit: z.string(),
  ours: z.number().finite(),
  /** The reference side's name, e.g. "raw HTTP floor"; absent for a figure. */
  floorName: z.string().optional(),
  floor: z.number().finite().optional(),
  ratio: z.number().finite().optional(),
  /** What a reader should know to read the line (direction, why a ratio is unstable). */
  note: z.string().optional(),
});
export type SummaryRow = z.infer<typeof summaryRowSchema>;

/** What a bench returns to the runner: `summary` (its lines of results.md) beside its own detailed figures. */
export interface BenchOutput extends Record<string, unknown> {
  summary: SummaryRow[];
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Ours ÷ floor to 3 significant-ish digits; undefined when the floor is 0 (no ratio is honest then). */
export function ratioOf(ours: number, floor: number): number | undefined {
  if (floor === 0 || !Number.isFinite(ours) || !Number.isFinite(floor)) return undefined;
  const r = ours / floor;
  return r >= 100 ? Math.round(r) : r >= 10 ? round(r, 1) : round(r, 3);
}

/** A comparison line; the ratio is computed here so every bench computes it the same way. */
export function compare(row: { measure: string; setting: string; unit: string; ours: number; floorName: string; floor: number; note?: string }): SummaryRow {
  const ratio = ratioOf(row.ours, row.floor);
  return { ...row, ...(ratio === undefined ? { note: [row.note, 'no ratio: the reference is 0'].filter(Boolean).join('; ') } : { ratio }) };
}

/** A figure without a reference side. */
export function figure(row: { measure: string; setting: string; unit: string; ours: number; note?: string }): SummaryRow {
  return row;
}

/**
 * Checks a bench's output: a `summary` of at least one line, each well formed; a comparison must carry its
 * floor. Returns the problems (empty when fine).
 */
export function summaryProblems(name: string, output: unknown): string[] {
  const parsed = z.object({ summary: z.array(summaryRowSchema).min(1) }).safeParse(output);
  if (!parsed.success) return [`${name}: no well-formed summary (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`];
  return parsed.data.summary.flatMap((row) => (row.floorName !== undefined && row.floor === undefined ? [`${name}: "${row.measure}" (${row.setting}) has no floor figure`] : []));
}

const num = (n: number | undefined) => (n === undefined ? '' : n.toLocaleString('en-US', { maximumFractionDigits: n >= 100 ? 0 : n >= 10 ? 1 : 3 }));

/** results.md: one table of every line of every bench, in run order, with the run's context above it. */
export function renderSummaryMarkdown(input: { at: string; quick: boolean; complete: boolean; machine: Record<string, unknown>; seconds: number; benches: Array<{ name: string; seconds: number; summary: SummaryRow[]; error?: string }> }): string {
  const lines: string[] = [];
  lines.push(`# Benchmark results${input.quick ? ' (quick mode: reduced sizes, a smoke test, not figures to quote)' : ''}`);
  if (!input.complete) lines.push('', '**Incomplete: the run stopped (or is still running) after the benches below.**');
  lines.push('');
  lines.push(`Written by \`npm run bench${input.quick ? ' -- --quick' : ''}\` at ${input.at}; ${input.seconds} s in all. Machine: ${JSON.stringify(input.machine)}.`);
  lines.push('');
  lines.push('Each comparison ran both sides in this run on this machine; ratio = ours ÷ reference. For throughput a ratio below 1 is the share of the reference kept; for latency, memory and CPU a ratio above 1 is how many times the reference it costs. See README "Reliability and performance" (Benchmarks) for what each bench does.');
  lines.push('');
  lines.push('| bench | measure | setting | ours | reference | reference figure | ratio | unit | note |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const bench of input.benches) {
    if (bench.error) lines.push(`| ${bench.name} | **failed** | | | | | | | ${bench.error.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
    for (const row of bench.summary) {
      lines.push(`| ${bench.name} | ${row.measure} | ${row.setting} | ${num(row.ours)} | ${row.floorName ?? '—'} | ${num(row.floor)} | ${row.ratio === undefined ? '' : `**${num(row.ratio)}**`} | ${row.unit} | ${row.note ?? ''} |`);
    }
  }
  lines.push('');
  lines.push('| bench | seconds |');
  lines.push('|---|---|');
  for (const bench of input.benches) lines.push(`| ${bench.name} | ${bench.seconds} |`);
  return `${lines.join('\n')}\n`;
}
