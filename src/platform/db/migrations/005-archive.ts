import {appendOnly} from './001-foundation.js'
import type {Migration} from './index.js'

/**
 * Signed case archives (案卷). One row per pack: the zip's own digests, size and signer, so a disc or
 * a copy can be matched to what was made. History: a new pack is a new row, nothing is updated.
 */
export const archive: Migration = {
  version: 5,
  name: 'archive',
  sql: `
CREATE TABLE archives (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  file TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  sm3 TEXT NOT NULL,
  payload_oxum TEXT NOT NULL,
  signature_algorithm TEXT NOT NULL,
  signer_fingerprint TEXT NOT NULL,
  forced_reason TEXT,
  packed_at TEXT NOT NULL,
  packed_by TEXT NOT NULL
);
CREATE INDEX archives_case ON archives (case_id);
${appendOnly('archives')}
`,
}
