import Database from 'better-sqlite3'

import {MIGRATIONS, type Migration} from './migrations/index.js'

export type SqliteDatabase = Database.Database
/** A prepared statement of the catalog, for code that keeps one across calls. */
export type CatalogStatement = Database.Statement

/**
 * Opens the workspace catalog: WAL so readers never block the writer, a busy timeout so concurrent
 * commands queue instead of failing, and pending migrations applied each in its own transaction.
 */
export const openDatabase = (path: string, migrations: readonly Migration[] = MIGRATIONS): SqliteDatabase => {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 15000')
  db.pragma('foreign_keys = ON')
  db.pragma('synchronous = NORMAL')
  migrate(db, migrations)
  return db
}

/**
 * Opens an existing catalog for reading only: nothing is created, migrated or written (commands that
 * check what they are given, like archive verify, must leave the folder they run in as they found it).
 */
export const openDatabaseReadOnly = (path: string): SqliteDatabase => {
  const db = new Database(path, {fileMustExist: true, readonly: true})
  db.pragma('busy_timeout = 15000')
  return db
}

const migrate = (db: SqliteDatabase, migrations: readonly Migration[]): void => {
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
