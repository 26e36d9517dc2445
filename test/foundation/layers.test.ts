import {ESLint} from 'eslint'
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, normalize, relative} from 'node:path'
import {describe, expect, it} from 'vitest'

import {LAYERS} from '../../eslint.config.js'
import {PROJECT_ROOT} from '../helpers/cli.js'

const SRC = join(PROJECT_ROOT, 'src')

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )

/** Every relative import (static, re-export or dynamic) of `src/`, as folder → folder edges. */
const folderEdges = (): Array<{from: string; to: string; file: string; specifier: string}> =>
  sourceFiles(SRC).flatMap((file) => {
    const from = relative(SRC, file).split('/')[0]
    return [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(([, specifier]) => ({
      file: relative(PROJECT_ROOT, file),
      from,
      specifier,
      to: relative(SRC, normalize(join(dirname(file), specifier))).split('/')[0],
    }))
  })

describe('the layers of src/', () => {
  it('has exactly the folders the layer list names', () => {
    const folders = readdirSync(SRC, {withFileTypes: true}).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
    expect(folders.sort()).toEqual([...LAYERS].sort())
  })

  it('imports only downward, dynamic imports included, so no folder-level cycle can exist', () => {
    const upward = folderEdges().filter(({from, to}) => from !== to && LAYERS.indexOf(to) > LAYERS.indexOf(from))
    expect(upward).toEqual([])
  })

  it('eslint refuses an upward import and oclif below cli/', async () => {
    const eslint = new ESLint({cwd: PROJECT_ROOT})
    const [upward] = await eslint.lintText("import {BaseCommand} from '../cli/base-command.js'\nexport const x = BaseCommand\n", {
      filePath: join(PROJECT_ROOT, 'src/rules/upward-example.ts'),
    })
    expect(upward.messages.map((message) => message.ruleId)).toContain('no-restricted-imports')
    expect(upward.messages[0].message).toContain('rules/ 位于 cli/ 之下')

    const [oclif] = await eslint.lintText("import {Flags} from '@oclif/core'\nexport const x = Flags\n", {
      filePath: join(PROJECT_ROOT, 'src/media/oclif-example.ts'),
    })
    expect(oclif.messages.map((message) => message.ruleId)).toContain('no-restricted-imports')

    const [downward] = await eslint.lintText("import {usageError} from '../platform/errors.js'\nexport const x = usageError\n", {
      filePath: join(PROJECT_ROOT, 'src/rules/downward-example.ts'),
    })
    expect(downward.messages).toEqual([])
  }, 30_000)

  it('eslint keeps SQLite inside platform/db: no prepared statement, sqlite_master, rowid or INSERT OR elsewhere', async () => {
    const eslint = new ESLint({cwd: PROJECT_ROOT})
    const source = [
      "import type {Workspace} from '../workspace/workspace.js'",
      "export const prepared = (ws: Workspace) => (ws.db as unknown as {prepare: (sql: string) => unknown}).prepare('SELECT 1')",
      "export const tables = (ws: Workspace) => ws.db.get(\"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'media'\")",
      'export const added = (ws: Workspace, mark: number) => ws.db.all(`SELECT * FROM media WHERE rowid > ?`, mark)',
      "export const ignored = (ws: Workspace) => ws.db.run('INSERT OR IGNORE INTO marks (case_id) VALUES (1)')",
      '',
    ].join('\n')
    const lintAt = async (path: string) => (await eslint.lintText(source, {filePath: join(PROJECT_ROOT, path)}))[0].messages
    const outside = await lintAt('src/media/sqlite-example.ts')
    expect(outside.filter((message) => message.ruleId === 'no-restricted-syntax').map((message) => message.line)).toEqual([2, 3, 4, 5])
    expect(outside[0].message).toContain('只有 platform/db 知道目录库是 SQLite')
    expect(await lintAt('src/platform/db/sqlite-example.ts')).toEqual([])
  }, 30_000)
})
