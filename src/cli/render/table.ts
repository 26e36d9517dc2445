import Table from 'cli-table3'

/** A table for people reading a terminal; scripts use --json instead. */
export const renderTable = (head: string[], rows: Array<Array<string | number | null | undefined>>): string => {
  const table = new Table({head, style: {border: [], head: []}, wordWrap: true})
  for (const row of rows) table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))))
  return table.toString()
}
