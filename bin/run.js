#!/usr/bin/env node
import {existsSync, readFileSync} from 'node:fs'
import {arch, platform, release} from 'node:os'

/**
 * oclif calls a Linux platform "wsl" when it detects WSL (is-wsl); this mirrors that detection loosely,
 * so that anything that might be WSL is left to oclif itself.
 */
const mightBeWsl = () => {
  if (platform() !== 'linux') return false
  if (release().toLowerCase().includes('microsoft') || existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') || existsSync('/run/WSL')) return true
  try {
    return readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft')
  } catch {
    return false
  }
}

// `zfjl --version` (oclif reads it only as the first argument) is answered before loading oclif, which
// alone takes longer than the rest of the process: the same line oclif prints (its config.userAgent).
if (process.argv[2] === '--version' && !mightBeWsl()) {
  const {name, version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${name}/${version || '0.0.0'} ${platform()}-${arch() === 'ia32' ? 'x86' : arch()} node-${process.version}\n`)
} else {
  // On every start oclif loads semver (some 30 ms) to compare node with its own `engines` (node >= 18);
  // zfjl's package.json asks for a newer node than that anyway. A user's own setting wins, and the
  // commands' child processes see the environment as it was.
  const userSetting = process.env.OCLIF_DISABLE_ENGINE_WARNING
  process.env.OCLIF_DISABLE_ENGINE_WARNING ??= 'true'
  const {execute} = await import('@oclif/core')
  if (userSetting === undefined) delete process.env.OCLIF_DISABLE_ENGINE_WARNING
  await execute({dir: import.meta.url})
}
