import {foundation} from './001-foundation.js'
import {access} from './006-access.js'

export interface Migration {
  version: number
  name: string
  sql: string
}

/**
 * Every schema change, in order. Each capability adds its own file and one line here; a workspace
 * records the versions it has applied in `schema_migrations` and applies the rest on open.
 */
export const MIGRATIONS: readonly Migration[] = [foundation, access]
