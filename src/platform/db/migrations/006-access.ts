import {appendOnly} from './001-foundation.js'
import type {Migration} from './index.js'

/**
 * People and their roles (第四十五、四十八条), confidentiality marks (第四十七条), copy approvals and
 * the copies made under them (第四十六条). All history: every change of state is a new row.
 */
export const access: Migration = {
  version: 6,
  name: 'access',
  sql: `
CREATE TABLE person_changes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  change TEXT NOT NULL CHECK (change IN ('add', 'deactivate')),
  roles TEXT NOT NULL,
  cert_no TEXT,
  reason TEXT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX person_changes_name ON person_changes (name, id);
CREATE TABLE marks (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  item_id TEXT NOT NULL,
  item_kind TEXT NOT NULL CHECK (item_kind IN ('document', 'media')),
  action TEXT NOT NULL CHECK (action IN ('mark', 'unmark')),
  class TEXT NOT NULL,
  reason TEXT NOT NULL,
  approval_id TEXT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX marks_case ON marks (case_id, item_id, id);
CREATE TABLE copy_requests (
  id TEXT PRIMARY KEY,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  case_id TEXT NOT NULL REFERENCES cases(id),
  scope TEXT NOT NULL CHECK (scope IN ('all', 'items')),
  items TEXT NOT NULL,
  purpose TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (year, seq)
);
CREATE TABLE copy_decisions (
  id INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE REFERENCES copy_requests(id),
  decision TEXT NOT NULL CHECK (decision IN ('granted', 'denied')),
  decided_by TEXT NOT NULL,
  reason TEXT,
  include_confidential INTEGER NOT NULL DEFAULT 0,
  expires TEXT,
  repeatable INTEGER NOT NULL DEFAULT 0,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE TABLE copy_exports (
  id TEXT PRIMARY KEY,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  request_id TEXT NOT NULL REFERENCES copy_requests(id),
  case_id TEXT NOT NULL REFERENCES cases(id),
  out TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('folder', 'zip')),
  manifest_sha256 TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (year, seq)
);
CREATE TABLE copy_records (
  serial TEXT PRIMARY KEY,
  export_id TEXT NOT NULL REFERENCES copy_exports(id),
  request_id TEXT NOT NULL REFERENCES copy_requests(id),
  case_id TEXT NOT NULL REFERENCES cases(id),
  item_id TEXT NOT NULL,
  item_kind TEXT NOT NULL,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  sm3 TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX copy_records_item ON copy_records (case_id, item_id);
${appendOnly('person_changes')}
${appendOnly('marks')}
${appendOnly('copy_requests')}
${appendOnly('copy_decisions')}
${appendOnly('copy_exports')}
${appendOnly('copy_records')}
`,
}
