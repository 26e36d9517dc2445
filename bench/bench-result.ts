/** One measured figure, printed side by side with its baseline (openssl, zip, plain node) as a ratio. */
export interface BenchResult {
  name: string
  value: number
  unit: string
  baseline?: number
  /** value / baseline, when there is a baseline. */
  ratio?: number
  /** The acceptance target in words, e.g. `≤ 0.6` or `< 400 ms`. */
  target?: string
  note?: string
}

export type BenchModule = {run: () => Promise<BenchResult[]>}

/** Wall-clock milliseconds of `work`, best of `repeat` runs (the least disturbed by other load). */
export const timeBest = async (work: () => Promise<unknown>, repeat = 3): Promise<number> => {
  let best = Number.POSITIVE_INFINITY
  for (let index = 0; index < repeat; index++) {
    const started = performance.now()
    // Runs must not overlap, or they would measure each other.
    await work()
    best = Math.min(best, performance.now() - started)
  }

  return best
}
