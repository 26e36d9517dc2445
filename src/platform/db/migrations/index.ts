import {foundation} from './001-foundation.js'
import {documents} from './002-documents.js'
import {media} from './003-media.js'
import {archive} from './005-archive.js'
import {access} from './006-access.js'
import {mediaCrc32} from './007-media-crc32.js'
import {mediaFormatProblem} from './008-media-format-problem.js'
import {filePlacements} from './009-file-placements.js'
import {peopleAccounts} from './010-people-accounts.js'
import {checkFacts} from './011-check-facts.js'
import {recordLookups} from './012-record-lookups.js'

export interface Migration {
  version: number
  name: string
  sql: string
}

/**
 * Every schema change, in order. Each capability adds its own file and one line here; a workspace
 * records the versions it has applied in `schema_migrations` and applies the rest on open.
 */
export const MIGRATIONS: readonly Migration[] = [foundation, documents, media, archive, access, mediaCrc32, mediaFormatProblem, filePlacements, peopleAccounts, checkFacts, recordLookups]
