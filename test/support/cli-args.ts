/**
 * Names and `--name value` / `--name=value` / `--flag` options, as the bench and eval runners take them.
 * Options listed in `flags` never take a value, so `--quick flows` is the flag and a name.
 */
export function parseRunnerArgs(args: readonly string[], known: { flags?: readonly string[] } = {}): { names: string[]; options: Record<string, string> } {
  const names: string[] = [];
  const options: Record<string, string> = {};
  const flags = new Set(known.flags ?? []);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      names.push(arg);
      continue;
    }
    const [key = '', inline] = arg.slice(2).split('=', 2);
    const next = args[i + 1];
    if (inline !== undefined) options[key] = inline;
    else if (!flags.has(key) && next !== undefined && !next.startsWith('--')) {
      options[key] = next;
      i += 1;
    } else options[key] = 'true';
  }
  return { names, options };
}
