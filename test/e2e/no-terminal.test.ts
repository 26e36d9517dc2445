import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeWorkspace, spawnCli, TEST_OFFICERS} from '../helpers/cli.js'

// A nightly script has no terminal: the real process, with stdin and stdout as pipes and CI unset, must not prompt.

describe('zfjl case new without a terminal', () => {
  it('lists every missing value at once instead of prompting', async () => {
    const dir = await makeWorkspace()
    const noCi = {env: {CI: undefined}}
    const result = await spawnCli(['case', 'new', '--workspace', dir, '--officer', TEST_OFFICERS[0]], noCi)
    expect(result.exitCode).toBe(2)
    for (const missing of ['--procedure', '--title', '--party', '至少 2 名']) expect(result.stderr).toContain(missing)
    const json = await spawnCli(['case', 'new', '--workspace', dir, '--json'], noCi)
    expect(json.exitCode).toBe(2)
    expect(json.json.error.details.problems).toHaveLength(4)
    expect(readdirSync(join(dir, 'cases'))).toEqual([])
  })
})
