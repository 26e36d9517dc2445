/**
 * oclif's parser speaks English. People at a zfjl terminal read Chinese, so each message the parser can
 * produce is rewritten here, line by line; a line no rule knows is kept as it is rather than lost.
 */
const RULES: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^Missing (\d+) required args?:?$/, (count) => `缺少 ${count} 个必需参数：`],
  [/^Missing required flag (\S+)$/, (flag) => `缺少必需的标志 --${flag}`],
  [/^Nonexistent flags?: (.+)$/, (flags) => `没有这个标志：${flags}`],
  [/^Unexpected arguments?: (.+)$/, (args) => `多余的参数：${args}`],
  [/^Expected --([\w-]+)=(.*) to be one of: (.+)$/, (flag, value, options) => `--${flag} 的值「${value}」无效，可选：${options}`],
  [/^Expected (.*) to be one of: (.+)$/, (value, options) => `参数值「${value}」无效，可选：${options}`],
  [/^Flag --([\w-]+) expects a value$/, (flag) => `标志 --${flag} 需要一个值`],
  [/^Flag --([\w-]+) can only be specified once$/, (flag) => `标志 --${flag} 只能给一次`],
  [/^Expected an integer but received: (.*)$/, (value) => `需要整数，收到「${value}」`],
  [/^Expected an integer greater than or equal to (\S+) but received: (.*)$/, (min, value) => `需要不小于 ${min} 的整数，收到「${value}」`],
  [/^Expected an integer less than or equal to (\S+) but received: (.*)$/, (max, value) => `需要不大于 ${max} 的整数，收到「${value}」`],
  [/^--([\w-]+)=(.*) cannot also be provided when using --([\w-]+)$/, (flag, _value, other) => `--${flag} 不能与 --${other} 同时使用`],
  [/^--([\w-]+) cannot also be provided when using --([\w-]+)$/, (flag, other) => `--${flag} 不能与 --${other} 同时使用`],
  [/^All of the following must be provided when using --([\w-]+): (.+)$/, (flag, others) => `使用 --${flag} 时必须同时给出：${others}`],
  [/^One of the following must be provided when using --([\w-]+): (.+)$/, (flag, others) => `使用 --${flag} 时须给出其中之一：${others}`],
  [/^Only the following can be provided when using --([\w-]+): (.+)$/, (flag, others) => `使用 --${flag} 时只能再给出：${others}`],
  [/^Note: (.+) allows? multiple values\..*$/, (flags) => `注意：${flags} 可取多个值，参数须写在这些标志之前`],
  [/^Alternatively, you can use "--" to signify the end of the flags and the beginning of arguments\.$/, () => '或用「--」把标志与参数隔开'],
  [/^The following errors? occurred:$/, () => ''],
  [/^See more help with --help$/, () => ''],
]

// eslint-disable-next-line no-control-regex -- the parser colours its lists; the escapes must go
const ANSI = /\u001B\[[0-9;]*m/g

export const translateParseError = (message: string): string =>
  message
    .replace(ANSI, '')
    .split('\n')
    .map((line) => {
      const trimmed = line.trim()
      for (const [pattern, render] of RULES) {
        const match = pattern.exec(trimmed)
        if (match) return render(...match.slice(1))
      }

      return trimmed
    })
    .filter(Boolean)
    .join('；')
    .replace(/：；/g, '：')
