import Database from 'better-sqlite3'

/** What someone with file access could do: drop the append-only triggers and rewrite the catalog at `databasePath`. */
export const tamperCatalog = (databasePath: string, sql: string, ...parameters: unknown[]): void => {
  const db = new Database(databasePath)
  db.pragma('foreign_keys = OFF')
  for (const {name} of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{name: string}>) db.exec(`DROP TRIGGER ${name}`)
  if (parameters.length > 0) db.prepare(sql).run(...parameters)
  else db.exec(sql)
  db.close()
}
