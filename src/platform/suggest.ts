/**
 * Edit distance between two strings in characters (so 询问 and 询闻 differ by one), with a swap of two
 * neighbours counting as one edit: `filde` is one slip from `filed`.
 */
export const editDistance = (a: string, b: string): number => {
  const left = [...a]
  const right = [...b]
  const rows = Array.from({length: left.length + 1}, (_, i) => Array.from({length: right.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= left.length; i++) {
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1)
    }
  }

  return rows[left.length][right.length]
}

/**
 * "Did you mean": the candidates closest to what was typed, best first. A candidate qualifies when it
 * is within a third of its length of the input, or when one contains the other (「询问」 → 询问笔录).
 */
export const suggest = (typed: string, candidates: Iterable<string>, limit = 3): string[] => {
  const wanted = typed.trim().toLowerCase()
  if (!wanted) return []
  const scored: Array<{candidate: string; score: number}> = []
  for (const candidate of new Set(candidates)) {
    const lower = candidate.toLowerCase()
    const distance = editDistance(wanted, lower)
    const contains = lower.includes(wanted) || wanted.includes(lower)
    if (distance <= Math.max(1, Math.floor([...lower].length / 3)) || contains) scored.push({candidate, score: distance})
  }

  return scored
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({candidate}) => candidate)
}

/** 「你是不是要输入：a、b？」 or nothing, for appending to an error message. */
export const didYouMean = (typed: string, candidates: Iterable<string>): string => {
  const close = suggest(typed, candidates)
  return close.length > 0 ? `你是不是要输入：${close.join('、')}？` : ''
}
