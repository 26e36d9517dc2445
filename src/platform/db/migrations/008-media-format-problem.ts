import type {Migration} from './index.js'

/**
 * Why an imported file's bytes are not what its name says or cannot be parsed (JSON `{code, message}`),
 * recorded at import so `check` can report it before an archive is packed. Null for a sound file.
 */
export const mediaFormatProblem: Migration = {
  version: 8,
  name: 'media-format-problem',
  sql: `ALTER TABLE media ADD COLUMN format_problem TEXT;`,
}
