import type {Migration} from './index.js'

/**
 * Files a transaction puts in place: the row is written in the transaction, the file is renamed from
 * its staged copy right after COMMIT, and the row is then removed. A crash between COMMIT and rename
 * leaves the row, and the next command finishes the rename; a crash before COMMIT leaves no row, and
 * the staged copy is removed. `staging` rows mark a long copy made before the transaction (an export),
 * so that its partial output is found and removed when the process that made it died.
 * A work queue, not history: rows are deleted once their file is in place.
 */
export const filePlacements: Migration = {
  version: 9,
  name: 'file-placements',
  sql: `
CREATE TABLE file_placements (
  final TEXT PRIMARY KEY,
  staged TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('staging', 'committed')),
  pid INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
`,
}
