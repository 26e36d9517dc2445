import {appendOnly} from './001-foundation.js'
import type {Migration} from './index.js'

/**
 * People bound to operating-system accounts, and the changes a head or the administrator makes later:
 * reactivating a person and taking roles away. SQLite cannot widen a CHECK constraint in place, so the
 * append-only table is rebuilt with every row kept (ids included, so the order of changes stays).
 */
export const peopleAccounts: Migration = {
  version: 10,
  name: 'people-accounts',
  sql: `
CREATE TABLE person_changes_010 (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  change TEXT NOT NULL CHECK (change IN ('add', 'deactivate', 'reactivate', 'remove-roles')),
  roles TEXT NOT NULL,
  cert_no TEXT,
  account TEXT,
  reason TEXT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  os_user TEXT
);
INSERT INTO person_changes_010 (id, name, change, roles, cert_no, account, reason, at, actor, os_user)
  SELECT id, name, change, roles, cert_no, NULL, reason, at, actor, NULL FROM person_changes;
DROP TABLE person_changes;
ALTER TABLE person_changes_010 RENAME TO person_changes;
CREATE INDEX person_changes_name ON person_changes (name, id);
${appendOnly('person_changes')}
`,
}
