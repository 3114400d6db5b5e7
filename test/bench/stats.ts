/** Median of a non-empty list of numbers, rounded to 0.1. */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 10) / 10;
}

/** Runs `measure` `warmup` times unmeasured, then `runs` times, and returns the samples. */
export async function sample(measure: () => Promise<number>, options: { runs: number; warmup: number }): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) await measure();
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) samples.push(await measure());
  return samples;
}
