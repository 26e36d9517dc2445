/**
 * The workspace catalog as the domain sees it: portable SQL in, plain rows out. Nothing outside
 * platform/db knows which database answers (today SQLite, see sqlite-catalog.ts), so the domain writes
 * only SQL a server database also accepts: `?` positional parameters, `INSERT … ON CONFLICT … DO
 * NOTHING`, `INSERT … RETURNING id` for a generated key; and asks this interface for what each
 * database does its own way (whether a table exists, which rows a transaction added).
 */

/** A value bound to a `?` parameter. */
export type SqlParameter = string | number | bigint | Uint8Array | null

/**
 * Where a table's insertion order stood at one moment: the rows inserted after it are the ones
 * `rowsInsertedSince` returns. Opaque to the domain.
 */
export type InsertionMark = number

/** A row filter on one column's value, for the table-level reads below. */
export interface ColumnEquals {
  column: string
  equals: SqlParameter
}

export interface Catalog {
  /** The first row of a query, or undefined when there is none. */
  get<Row>(sql: string, ...params: SqlParameter[]): Row | undefined
  all<Row>(sql: string, ...params: SqlParameter[]): Row[]
  /** Rows one at a time, for a table too large to hold; the catalog may be read (not written) meanwhile. */
  iterate<Row>(sql: string, ...params: SqlParameter[]): IterableIterator<Row>
  /** A statement that returns no rows; `changes` is the number of rows it inserted, updated or deleted. */
  run(sql: string, ...params: SqlParameter[]): {changes: number}
  /**
   * Runs `work` in one write transaction that holds the catalog's write lock from its first statement,
   * so concurrent commands queue rather than interleave (numbering, the audit chain). Committed when
   * `work` returns, rolled back when it throws; nested calls join the outer transaction as a savepoint.
   */
  writeTransaction<T>(work: () => T): T
  hasTable(name: string): boolean
  /** The current end of `table`'s insertion order (taken inside a write transaction). */
  insertionMark(table: string): InsertionMark
  /** The rows of `table` inserted after `mark`, in insertion order. */
  rowsInsertedSince<Row>(table: string, mark: InsertionMark): Row[]
  /** The rows of `table` (those matching `where`, if given) in insertion order. */
  rowsInInsertionOrder<Row>(table: string, where?: ColumnEquals): IterableIterator<Row>
  close(): void
}
