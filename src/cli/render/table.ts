import {createRequire} from 'node:module'

import {displayWidth, wrapCjk} from '../wrap-cjk.js'

type Cell = string | number | null | undefined

const MIN_COLUMN = 6

const cellText = (cell: Cell): string => (cell === null || cell === undefined ? '' : String(cell))

/**
 * A table for people reading a terminal; scripts use --json. On a terminal it is fitted to the width:
 * the widest columns give way first and wrap inside their cells. Piped (`zfjl case list | cut -f1`), it
 * is tab-separated lines without a header or boxes, as gh prints, so each row stays one line.
 */
export const renderTable = (head: string[], rows: Cell[][]): string => {
  if (!process.stdout.isTTY) {
    return rows.map((row) => row.map((cell) => cellText(cell).replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n')
  }

  const texts = rows.map((row) => row.map(cellText))
  const natural = head.map((title, column) =>
    Math.max(displayWidth(title), ...texts.map((row) => Math.max(0, ...(row[column] ?? '').split('\n').map(displayWidth)))) + 2,
  )
  const widths = fitWidths(natural, (process.stdout.columns || 120) - (head.length + 1))
  // Wrapped here rather than by cli-table3, whose hard wrap miscounts Chinese and colour codes. Loaded
  // only here: piped output, what scripts and nightly runs see, starts without it.
  const Table = createRequire(import.meta.url)('cli-table3') as typeof import('cli-table3')
  const table = new Table({colWidths: widths, head, style: {border: [], head: []}, wordWrap: false})
  for (const row of texts) table.push(row.map((text, column) => wrapCjk(text, Math.max(1, widths[column] - 2))))
  return table.toString()
}

/**
 * Water-filling: narrow columns keep their natural width; the wide ones share what is left equally,
 * so one long file name does not squeeze every other column to a few characters.
 */
const fitWidths = (natural: number[], available: number): number[] => {
  if (natural.reduce((sum, width) => sum + width, 0) <= available) return natural
  let cap = Math.max(...natural)
  while (cap > MIN_COLUMN && natural.reduce((sum, width) => sum + Math.min(width, cap), 0) > available) cap--
  return natural.map((width) => Math.min(width, cap))
}
