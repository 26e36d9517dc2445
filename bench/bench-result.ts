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

/**
 * The best wall-clock milliseconds of each contender, measured in alternating rounds (A, B, C, A, B, C …)
 * rather than all of A and then all of B: on a shared virtual machine the speed of the cores drifts
 * by 10–20 % within a minute, and a ratio of two figures taken minutes apart measures that drift. A
 * contender that times itself (a child reporting its own figure) returns that number instead.
 */
export const timeAlternating = async <K extends string>(contenders: Record<K, () => Promise<unknown>>, rounds = 3): Promise<Record<K, number>> => {
  const best = Object.fromEntries(Object.keys(contenders).map((name) => [name, Number.POSITIVE_INFINITY])) as Record<K, number>
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(contenders) as K[]) {
      const started = performance.now()
      const reported = await contenders[name]()
      const ms = typeof reported === 'number' ? reported : performance.now() - started
      best[name] = Math.min(best[name], ms)
    }
  }

  return best
}
