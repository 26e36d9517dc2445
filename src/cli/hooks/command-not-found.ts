import {Errors, type Hook} from '@oclif/core'

import {usageError} from '../../platform/errors.js'
import {suggest} from '../../platform/suggest.js'
import {describeError} from '../base-command.js'

/**
 * `zfjl cse list`, `zfjl chek`: a Chinese message with the closest commands, written with spaces as
 * they are typed, and the usage exit code; under --json exactly one JSON document on stdout.
 */
const hook: Hook<'command_not_found'> = async function (options) {
  const typed = options.id.split(':').join(' ')
  const commands = options.config.commands.filter((command) => !command.hidden).map((command) => command.id.split(':').join(' '))
  const topics = options.config.topics.map((topic) => topic.name.split(':').join(' '))
  const close = suggest(typed, [...commands, ...topics])
  const hint = close.length > 0 ? `你是不是要输入：${close.map((id) => `${options.config.bin} ${id}`).join('、')}？` : `用 ${options.config.bin} --help 查看全部命令。`
  const json = describeError(usageError('COMMAND_NOT_FOUND', `没有命令「${typed}」。${hint}`, {suggestions: close}))
  process.exitCode = json.error.exitCode
  if ((options.argv ?? []).includes('--json')) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  else process.stderr.write(`错误：${json.error.message}\n`)
  throw new Errors.ExitError(json.error.exitCode)
}

export default hook
