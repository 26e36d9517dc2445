/** Bytes for people: 1.2 GiB, 310.5 MiB. */
export const humanBytes = (bytes: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }

  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`
}

const UNIT_BYTES: Record<string, number> = {'': 1, b: 1, g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2, t: 1024 ** 4, tb: 1000 ** 4, tib: 1024 ** 4}

/** `20GiB`, `500 MB`, `4096`: a size as people write it, in bytes; undefined when it is not one. */
export const parseByteSize = (text: string): number | undefined => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  const unit = match ? UNIT_BYTES[match[2].toLowerCase()] : undefined
  return match && unit !== undefined ? Math.round(Number(match[1]) * unit) : undefined
}
