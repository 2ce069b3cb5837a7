/** Reads Prometheus text exposition (as /metrics serves it), so tests match samples whatever the label order. */

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Every sample line: metric name, labels (unescaped) and value. */
export function samples(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  return text.split('\n').flatMap((line) => {
    const match = sampleLine.exec(line);
    if (!match || line.startsWith('#')) return [];
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(labelPair)].map((m) => [m[1] ?? '', unescapeLabel(m[2] ?? '')]));
    return [{ name: match[1] ?? '', labels, value: Number(match[3]) }];
  });
}

/** The value of the sample `name` with exactly these labels, or undefined when there is none. */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return samples(text).find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted)?.value;
}
