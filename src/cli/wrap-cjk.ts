/**
 * Wraps text for a terminal of `width` columns the way Chinese is set: a line may break between any
 * two CJK characters, never before closing punctuation (，。；：）」…) nor after opening punctuation
 * (（「…), and Latin words, numbers, flags and paths are kept whole. Width counts CJK as two columns.
 */
const CLOSING = new Set([...'，。、；：！？）》」』】〕…％,.;:!?)]}%'])
const OPENING = new Set([...'（《「『【〔([{'])

const isWide = (char: string): boolean => {
  const code = char.codePointAt(0) ?? 0
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
}

// eslint-disable-next-line no-control-regex -- colour escapes take no columns
const ANSI = /\u001B\[[0-9;]*m/g

export const displayWidth = (text: string): number => {
  let width = 0
  for (const char of text.replace(ANSI, '')) width += isWide(char) ? 2 : 1
  return width
}

/** Splits a line into units that must stay together: a CJK character (with its punctuation), or a Latin run. */
const units = (line: string): string[] => {
  const result: string[] = []
  for (const token of line.match(/\u001B\[[0-9;]*m|\s+|[^\s\u001B]/g) ?? []) { // eslint-disable-line no-control-regex -- see ANSI
    const last = result.at(-1)
    const lastChar = last?.replace(ANSI, '').at(-1)
    const joinsLast =
      last !== undefined &&
      !/^\s+$/.test(token) &&
      !/\s$/.test(last) &&
      (token.startsWith('\u001B') ||
        CLOSING.has(token) ||
        (lastChar !== undefined && OPENING.has(lastChar)) ||
        (!isWide(token) && lastChar !== undefined && !isWide(lastChar)))
    if (joinsLast) result[result.length - 1] = last + token
    else result.push(token)
  }

  return result
}

export const wrapCjk = (text: string, width: number): string =>
  text
    .split('\n')
    .flatMap((line) => {
      if (displayWidth(line) <= width) return [line]
      const lines: string[] = []
      let current = ''
      for (const unit of units(line)) {
        if (current && displayWidth(current + unit) > width) {
          lines.push(current.trimEnd())
          current = /^\s+$/.test(unit) ? '' : unit
        } else {
          current += unit
        }

        // A Latin run wider than the whole line is cut hard, as wrap-ansi's `hard` option does.
        while (displayWidth(current) > width) {
          let cut = ''
          for (const char of current) {
            if (displayWidth(cut + char) > width) break
            cut += char
          }

          lines.push(cut)
          current = current.slice(cut.length)
        }
      }

      if (current.trim()) lines.push(current.trimEnd())
      return lines
    })
    .join('\n')
