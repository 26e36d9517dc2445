import type {Migration} from './index.js'

/** Rows of these tables are history: no UPDATE or DELETE, ever (第五十条). Corrections are new rows. */
export const appendOnly = (table: string): string => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} 为只增记录，不可修改'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} 为只增记录，不可删除'); END;`

export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  sql: `
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  procedure TEXT NOT NULL,
  title TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (year, seq)
);
CREATE TABLE parties (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  name TEXT NOT NULL,
  id_number TEXT,
  address TEXT
);
CREATE TABLE case_officers (
  case_id TEXT NOT NULL REFERENCES cases(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  cert_no TEXT NOT NULL,
  PRIMARY KEY (case_id, position)
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  event TEXT NOT NULL,
  at TEXT NOT NULL,
  note TEXT,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  supersedes INTEGER REFERENCES events(id),
  reason TEXT,
  source TEXT
);
CREATE INDEX events_case ON events (case_id, at);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  os_user TEXT NOT NULL,
  action TEXT NOT NULL,
  case_id TEXT,
  subject TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_case ON audit_log (case_id);
CREATE INDEX audit_log_action ON audit_log (action);
${appendOnly('cases')}
${appendOnly('parties')}
${appendOnly('case_officers')}
${appendOnly('events')}
${appendOnly('audit_log')}
`,
}
