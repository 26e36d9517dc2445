import type {Migration} from './index.js'

/**
 * Indexes for reading a case's records by case, and the rows that belong to a record: verifying every
 * record against the audit chain (check, audit verify, nightly) reads these once per record, and
 * without them each read scanned the whole table.
 */
export const recordLookups: Migration = {
  version: 12,
  name: 'record-lookups',
  sql: `CREATE INDEX IF NOT EXISTS parties_case ON parties (case_id);
CREATE INDEX IF NOT EXISTS copy_requests_case ON copy_requests (case_id);
CREATE INDEX IF NOT EXISTS copy_decisions_request ON copy_decisions (request_id);
CREATE INDEX IF NOT EXISTS copy_exports_case ON copy_exports (case_id);
CREATE INDEX IF NOT EXISTS copy_records_export ON copy_records (export_id);
CREATE INDEX IF NOT EXISTS fixity_runs_case ON fixity_runs (case_id);
`,
}
