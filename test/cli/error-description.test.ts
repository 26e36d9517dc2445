import Database from 'better-sqlite3'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {describeError} from '../../src/cli/base-command.js'
import {makeTempDir} from '../helpers/workspace-builder.js'

const thrown = (work: () => unknown): Error => {
  try {
    work()
  } catch (error) {
    return error as Error
  }

  throw new Error('expected an error')
}

describe('a full disk', () => {
  it.skipIf(process.platform !== 'linux')('is said in words, with the I/O exit code, when the file system refuses a write (ENOSPC)', () => {
    const error = thrown(() => writeFileSync('/dev/full', 'x'))
    expect(describeError(error).error).toMatchObject({code: 'ENOSPC', exitCode: 7, kind: 'io', message: expect.stringContaining('磁盘空间不足')})
  })

  it('is said in words when SQLite runs out of room (SQLITE_FULL), not called an internal error', () => {
    const db = new Database(join(makeTempDir('zfjl-full-'), 'full.db'))
    db.exec('CREATE TABLE t (x BLOB)')
    db.pragma('max_page_count = 3')
    const error = thrown(() => db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024)))
    db.close()
    expect(describeError(error).error).toMatchObject({code: 'SQLITE_FULL', exitCode: 7, kind: 'io', message: expect.stringContaining('磁盘空间不足')})
  })
})
