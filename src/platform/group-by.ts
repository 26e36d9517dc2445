/** Rows grouped by a key, in the order each key is first met, each group in row order. */
export const groupBy = <T, K>(rows: Iterable<T>, key: (row: T) => K): Map<K, T[]> => {
  const groups = new Map<K, T[]>()
  for (const row of rows) {
    const value = key(row)
    const group = groups.get(value)
    if (group) group.push(row)
    else groups.set(value, [row])
  }

  return groups
}
