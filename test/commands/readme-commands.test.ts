import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {PROJECT_ROOT, runCli} from '../helpers/cli.js'

/**
 * A new user copies the README's commands: every event, 文书 and flag they name must exist, else the
 * first command typed from the README is refused.
 */
const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')
const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, {flags: Record<string, unknown>}>
}

/** `zfjl <command words> <rest>` on one README line, with the longest command id that exists. */
const commandsOnLine = (line: string): Array<{id: string; text: string}> =>
  [...line.matchAll(/zfjl ((?:[a-z-]+ ?){1,3})([^`#|]*)/g)].flatMap((match) => {
    const words = match[1].trim().split(' ')
    for (let length = words.length; length > 0; length--) {
      const id = words.slice(0, length).join(':')
      if (manifest.commands[id]) return [{id, text: match[0]}]
    }

    return []
  })

describe('README commands', () => {
  it('names only events and 文书 that the catalog has', async () => {
    const catalog = (await runCli(['catalog', '--json'])).json as {documents: Array<{id: string; name: string}>; events: Array<{id: string}>}
    const events = new Set(catalog.events.map((event) => event.id))
    const documents = new Set(catalog.documents.flatMap((type) => [type.id, type.name]))
    const steps = [...readme.matchAll(/--(?:step|subject) ([\w-]+)|case event \S+ ([\w-]+)/g)].map((match) => match[1] ?? match[2])
    expect(steps).toContain('statement-heard')
    expect(steps.filter((step) => !events.has(step))).toEqual([])
    const filled = [...readme.matchAll(/doc fill (?:\d{4}-\d{4} )?([^\s<`/]+)/g)].map((match) => match[1])
    expect(filled.length).toBeGreaterThan(2)
    expect(filled.filter((type) => !documents.has(type))).toEqual([])
  })

  it('uses only flags the commands have', () => {
    const unknown = readme.split('\n').flatMap((line) =>
      commandsOnLine(line).flatMap(({id, text}) =>
        [...text.matchAll(/(?:^|\s)--([a-z-]+)/g)].map((flag) => flag[1]).filter((flag) => flag !== 'help' && !manifest.commands[id].flags[flag]).map((flag) => `${id} --${flag}`),
      ),
    )
    expect(unknown).toEqual([])
  })

  it('approves and serves the 文书 its own daily flow drafted (D03 = the third doc fill)', () => {
    const flow = readme.slice(readme.indexOf('## 二、日常办案'), readme.indexOf('### 检查什么'))
    const drafts = flow.split('\n').filter((line) => /^zfjl doc fill 2026-0001 /.test(line) && !line.includes('--template'))
    expect(drafts.at(-1)).toContain('penalty-decision')
    const id = `D${String(drafts.length).padStart(2, '0')}`
    expect(flow.match(/doc (?:approve|serve) 2026-0001 (D\d+)/g)?.map((text) => text.split(' ').at(-1))).toEqual([id, id, id])
  })

  it('lists every environment variable that --help mentions', async () => {
    const help = (await runCli(['case', 'list', '--help'])).stdout
    const mentioned = new Set(help.match(/ZFJL_[A-Z_]+/g))
    expect(mentioned).toContain('ZFJL_WORKSPACE')
    const listed = readme.slice(readme.indexOf('环境变量：')).split('\n')[0]
    expect([...mentioned].filter((name) => !listed.includes(`\`${name}\``))).toEqual([])
  })
})
