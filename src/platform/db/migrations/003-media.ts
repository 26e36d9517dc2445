import {appendOnly} from './001-foundation.js'
import type {Migration} from './index.js'

/**
 * Evidence media (第四十二条, 第五十条). `media` rows are never changed: links to steps, handovers and
 * fixity results are new rows. `media_import_journal` remembers which source files (path, size,
 * modification time) an import already registered, so a re-run skips them without re-hashing.
 */
export const media: Migration = {
  version: 3,
  name: 'media',
  sql: `
CREATE TABLE media (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,
  file TEXT NOT NULL,
  original TEXT NOT NULL,
  original_raw_hex TEXT,
  source_path TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  sha256 TEXT NOT NULL,
  sm3 TEXT NOT NULL,
  kind TEXT NOT NULL,
  format TEXT,
  captured_at TEXT,
  capture_source TEXT,
  duration_sec REAL,
  width INTEGER,
  height INTEGER,
  gps TEXT,
  make TEXT,
  model TEXT,
  serial TEXT,
  device TEXT,
  officer TEXT,
  name_time TEXT,
  name_time_offset_sec REAL,
  warnings TEXT NOT NULL DEFAULT '[]',
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL,
  UNIQUE (case_id, seq),
  UNIQUE (file)
);
CREATE INDEX media_case_sha256 ON media (case_id, sha256);
CREATE TABLE media_links (
  id INTEGER PRIMARY KEY,
  media_id TEXT NOT NULL REFERENCES media(id),
  event TEXT NOT NULL,
  linked_at TEXT NOT NULL,
  linked_by TEXT NOT NULL,
  UNIQUE (media_id, event)
);
CREATE TABLE media_import_journal (
  case_id TEXT NOT NULL REFERENCES cases(id),
  source_key TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  media_id TEXT NOT NULL REFERENCES media(id),
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (case_id, source_key, size, mtime_ms)
);
CREATE TABLE handovers (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,
  from_officer TEXT NOT NULL,
  to_custodian TEXT NOT NULL,
  at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (case_id, seq)
);
CREATE TABLE handover_items (
  handover_id TEXT NOT NULL REFERENCES handovers(id),
  media_id TEXT NOT NULL REFERENCES media(id),
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  sm3 TEXT NOT NULL,
  PRIMARY KEY (handover_id, media_id)
);
CREATE TABLE handover_documents (
  handover_id TEXT NOT NULL REFERENCES handovers(id),
  document_id TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (handover_id, document_id)
);
CREATE TABLE fixity_runs (
  id INTEGER PRIMARY KEY,
  case_id TEXT,
  mode TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  counts TEXT NOT NULL
);
CREATE TABLE fixity_results (
  run_id INTEGER NOT NULL REFERENCES fixity_runs(id),
  media_id TEXT,
  path TEXT NOT NULL,
  status TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX fixity_results_run ON fixity_results (run_id);
${appendOnly('media')}
${appendOnly('media_links')}
${appendOnly('media_import_journal')}
${appendOnly('handovers')}
${appendOnly('handover_items')}
${appendOnly('handover_documents')}
${appendOnly('fixity_runs')}
${appendOnly('fixity_results')}
`,
}
