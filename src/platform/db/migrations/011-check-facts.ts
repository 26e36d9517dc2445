import {appendOnly} from './001-foundation.js'
import type {Migration} from './index.js'

/**
 * What `check` needs to know beyond events: whether the party is a 公民 or an organisation (行政处罚法
 * 第五十一条 sets different on-the-spot limits), and the findings a head has accepted (`check waive`),
 * kept append-only with who, when and why. Cases made before this version have no party type (null).
 */
export const checkFacts: Migration = {
  version: 11,
  name: 'check-facts',
  sql: `ALTER TABLE parties ADD COLUMN type TEXT CHECK (type IN ('person', 'organization'));
CREATE TABLE check_waivers (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  rule TEXT NOT NULL,
  subject TEXT,
  reason TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX check_waivers_case ON check_waivers (case_id);
${appendOnly('check_waivers')}
`,
}
