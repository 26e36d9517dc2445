import Database from 'better-sqlite3'

import type {Catalog, ColumnEquals, InsertionMark, SqlParameter} from './catalog.js'
import {MIGRATIONS, type Migration} from './migrations/index.js'

/** Prepared statements kept per connection: every query the program issues, with room to spare. */
const STATEMENT_CACHE_SIZE = 256

/** Table and column names are spliced into SQL, so only plain identifiers are accepted. */
const identifier = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`not an SQL identifier: ${name}`)
  return name
}

/**
 * The catalog in SQLite (better-sqlite3, synchronous). Statements are prepared once per SQL text and
 * kept in a small least-recently-used cache, so a loop that runs the same SQL (media import, audit
 * verify) compiles it once, as it did when callers held the statements themselves. Insertion order is
 * SQLite's rowid: every catalog table has one, and a rowid table gives new rows ever larger rowids
 * while the write lock is held (rows are never deleted from the tracked tables).
 */
class SqliteCatalog implements Catalog {
  private readonly statements = new Map<string, Database.Statement>()

  constructor(private readonly db: Database.Database) {}

  get<Row>(sql: string, ...params: SqlParameter[]): Row | undefined {
    return this.statement(sql).get(...params) as Row | undefined
  }

  all<Row>(sql: string, ...params: SqlParameter[]): Row[] {
    return this.statement(sql).all(...params) as Row[]
  }

  iterate<Row>(sql: string, ...params: SqlParameter[]): IterableIterator<Row> {
    const cached = this.statement(sql)
    // A cached statement still iterating (the same query nested in its own loop) cannot run twice.
    const statement = cached.busy ? this.db.prepare(sql) : cached
    return statement.iterate(...params) as IterableIterator<Row>
  }

  run(sql: string, ...params: SqlParameter[]): {changes: number} {
    return {changes: this.statement(sql).run(...params).changes}
  }

  writeTransaction<T>(work: () => T): T {
    // BEGIN IMMEDIATE takes the write lock at once; busy_timeout makes a second writer wait for it.
    return this.db.transaction(work).immediate()
  }

  hasTable(name: string): boolean {
    return this.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name) !== undefined
  }

  insertionMark(table: string): InsertionMark {
    return this.get<{top: number}>(`SELECT COALESCE(MAX(rowid), 0) AS top FROM ${identifier(table)}`)!.top
  }

  rowsInsertedSince<Row>(table: string, mark: InsertionMark): Row[] {
    return this.all<Row>(`SELECT * FROM ${identifier(table)} WHERE rowid > ? ORDER BY rowid`, mark)
  }

  rowsInInsertionOrder<Row>(table: string, where?: ColumnEquals): IterableIterator<Row> {
    return where
      ? this.iterate<Row>(`SELECT * FROM ${identifier(table)} WHERE ${identifier(where.column)} = ? ORDER BY rowid`, where.equals)
      : this.iterate<Row>(`SELECT * FROM ${identifier(table)} ORDER BY rowid`)
  }

  close(): void {
    this.statements.clear()
    this.db.close()
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql)
    if (statement) {
      this.statements.delete(sql)
    } else {
      statement = this.db.prepare(sql)
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!)
    }

    this.statements.set(sql, statement)
    return statement
  }
}

/**
 * Opens the workspace catalog: WAL so readers never block the writer, a busy timeout so concurrent
 * commands queue instead of failing, and pending migrations applied each in its own transaction.
 */
export const openCatalog = (path: string, migrations: readonly Migration[] = MIGRATIONS): Catalog => {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 15000')
  db.pragma('foreign_keys = ON')
  db.pragma('synchronous = NORMAL')
  migrate(db, migrations)
  return new SqliteCatalog(db)
}

/**
 * Opens an existing catalog for reading only: nothing is created, migrated or written (commands that
 * check what they are given, like archive verify, must leave the folder they run in as they found it).
 */
export const openCatalogReadOnly = (path: string): Catalog => {
  const db = new Database(path, {fileMustExist: true, readonly: true})
  db.pragma('busy_timeout = 15000')
  return new SqliteCatalog(db)
}

const migrate = (db: Database.Database, migrations: readonly Migration[]): void => {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{version: number}>).map((row) => row.version),
  )
  const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => !applied.has(m.version))
  for (const migration of pending) {
    db.transaction(() => {
      // Another process may have applied it between our read and our write lock.
      const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version)
      if (done) return
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      )
    }).immediate()
  }
}
