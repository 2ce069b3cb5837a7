/** The value at quantile `q` (0..1) of ascending `sorted` values (nearest rank, lower side); 0 when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
