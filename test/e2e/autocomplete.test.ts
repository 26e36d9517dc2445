import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeTempDir, spawnCli} from '../helpers/cli.js'
import {hasTool} from '../helpers/tools.js'

// Spawned: oclif fixes its cache folder (where the scripts go) when a process loads its configuration.
describe('zfjl autocomplete', () => {
  it.skipIf(!hasTool('bash'))('--json: one document with the setup, and the generated bash script is sourceable', async () => {
    const cache = makeTempDir()
    const result = await spawnCli(['autocomplete', 'bash', '--json'], {env: {ZFJL_CACHE_DIR: cache}})
    expect(result.exitCode).toBe(0)
    expect(result.json).toEqual({
      completionScript: join(cache, 'autocomplete', 'functions', 'bash', 'zfjl.bash'),
      ok: true,
      profile: '~/.bashrc',
      schemaVersion: 1,
      setupCommand: 'printf "$(zfjl autocomplete script bash)" >> ~/.bashrc; source ~/.bashrc',
      setupScript: join(cache, 'autocomplete', 'bash_setup'),
      shell: 'bash',
    })
    for (const script of [result.json.setupScript, result.json.completionScript]) {
      expect(existsSync(script)).toBe(true)
      execFileSync('bash', ['-n', script])
    }

    const installed = execFileSync('bash', ['-c', `source ${result.json.setupScript}; complete -p zfjl`], {encoding: 'utf8'})
    expect(installed).toContain('zfjl')
  })

  it('tells people the setup in Chinese, and refuses a shell it cannot serve', async () => {
    const cache = makeTempDir()
    const zsh = await spawnCli(['autocomplete', 'zsh'], {env: {ZFJL_CACHE_DIR: cache}})
    expect(zsh.exitCode).toBe(0)
    expect(zsh.stdout).toContain('命令补全（zsh）的安装方法')
    expect(zsh.stdout).not.toMatch(/Setup Instructions|Enjoy/)
    expect(existsSync(join(cache, 'autocomplete', 'functions', 'zsh', '_zfjl'))).toBe(true)

    const fish = await spawnCli(['autocomplete', '--json'], {env: {SHELL: '/usr/bin/fish', ZFJL_CACHE_DIR: cache}})
    expect(fish.exitCode).toBe(2)
    expect(fish.json.error.code).toBe('SHELL_UNKNOWN')
  })
})
