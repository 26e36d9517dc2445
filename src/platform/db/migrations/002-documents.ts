import {appendOnly} from './001-foundation.js'
import type {Migration} from './index.js'

/**
 * 文书 and what happens to them. A document row is written once; approvals (第十四条, 第四十八条),
 * services and voids are further rows, so the history of each document stays readable and nothing is
 * ever changed in place (第五十条). A number stays taken by its row even when the document is voided.
 */
export const documents: Migration = {
  version: 2,
  name: 'documents',
  sql: `
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  number TEXT,
  number_key TEXT,
  number_year INTEGER,
  number_seq INTEGER,
  doc_date TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  sm3 TEXT NOT NULL,
  fields TEXT NOT NULL,
  template_sha256 TEXT NOT NULL,
  drafted_by TEXT NOT NULL,
  drafted_at TEXT NOT NULL,
  source TEXT,
  UNIQUE (case_id, seq),
  UNIQUE (number_key, number_year, number_seq)
);
CREATE INDEX documents_number ON documents (number);
CREATE TABLE document_approvals (
  id INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  role TEXT NOT NULL CHECK (role IN ('review', 'approve')),
  person TEXT NOT NULL,
  at TEXT NOT NULL,
  opinion TEXT,
  recorded_by TEXT NOT NULL
);
CREATE INDEX document_approvals_document ON document_approvals (document_id);
CREATE TABLE document_services (
  id INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES documents(id),
  recipient TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('direct', 'left', 'mail', 'electronic', 'public')),
  at TEXT NOT NULL,
  receipt_document_id TEXT REFERENCES documents(id),
  event_id INTEGER REFERENCES events(id),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX document_services_document ON document_services (document_id);
CREATE TABLE document_voids (
  document_id TEXT PRIMARY KEY REFERENCES documents(id),
  reason TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
${appendOnly('documents')}
${appendOnly('document_approvals')}
${appendOnly('document_services')}
${appendOnly('document_voids')}
`,
}
