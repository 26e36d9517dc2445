import {afterEach, describe, expect, it, vi} from 'vitest'

import {renderTable} from '../../src/cli/render/table.js'
import {tone} from '../../src/cli/render/tone.js'
import {translateParseError} from '../../src/cli/parse-errors.js'
import {displayWidth, wrapCjk} from '../../src/cli/wrap-cjk.js'
import {didYouMean, suggest} from '../../src/platform/suggest.js'

const stdout = process.stdout as NodeJS.WriteStream & {isTTY: boolean; columns: number}
const saved = {columns: stdout.columns, isTTY: stdout.isTTY}

const asTerminal = (columns: number) => {
  stdout.isTTY = true
  stdout.columns = columns
}

afterEach(() => {
  stdout.isTTY = saved.isTTY
  stdout.columns = saved.columns
  // Files share a worker (isolate: false): the environment goes back as it was.
  vi.unstubAllEnvs()
})

describe('Chinese wrapping', () => {
  it('fills each line and breaks between characters, never inside a Latin word or before closing punctuation', () => {
    const text = '目录：五类程序、39 种文书（字段、文号、类别字）、事件、音像记录义务、非文书义务，见 penalty-decision。'
    const lines = wrapCjk(text, 30).split('\n')
    expect(lines.length).toBeGreaterThan(1)
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(30)
    expect(lines[0]).toContain('39 种') // oclif broke here: 「39⏎种文书」
    for (const line of lines.slice(1)) expect(line).not.toMatch(/^[，。、；：）」]/)
    expect(lines.join('')).toContain('penalty-decision')
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
  })
})

describe('tables', () => {
  const head = ['编号', '文件', '步骤']
  const rows = [['M001', 'DSJ-A8_20261012090500_43040520260001.MP4', '现场检查'], ['M002', '询问录音.wav', null]]

  it('piped: tab-separated rows without boxes or header, one line per row', () => {
    stdout.isTTY = false
    expect(renderTable(head, rows)).toBe('M001\tDSJ-A8_20261012090500_43040520260001.MP4\t现场检查\nM002\t询问录音.wav\t')
  })

  it('on a terminal: never wider than the terminal, whatever the cells hold', () => {
    asTerminal(40)
    const table = renderTable(head, rows)
    expect(table).toContain('┌')
    for (const line of table.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(40)
  })

  it('colours only on a terminal and never with NO_COLOR', () => {
    asTerminal(80)
    vi.stubEnv('NO_COLOR', undefined)
    vi.stubEnv('TERM', 'xterm-256color')
    expect(tone('错误', 'error')).toBe('\u001B[31m错误\u001B[39m')
    vi.stubEnv('NO_COLOR', '1')
    expect(tone('错误', 'error')).toBe('错误')
    stdout.isTTY = false
    vi.stubEnv('NO_COLOR', undefined)
    expect(tone('错误', 'error')).toBe('错误')
  })
})

describe('parser messages', () => {
  it.each([
    ['Missing required flag code\nSee more help with --help', '缺少必需的标志 --code'],
    ['Nonexistent flag: --bogus\nSee more help with --help', '没有这个标志：--bogus'],
    ['Expected --procedure=xx to be one of: permit, inspection\nSee more help with --help', '--procedure 的值「xx」无效，可选：permit, inspection'],
    ['The following error occurred:\n  \u001B[2mMissing required flag unit\u001B[22m\nSee more help with --help', '缺少必需的标志 --unit'],
    ['Flag --as-of expects a value', '标志 --as-of 需要一个值'],
    ['Flag --workspace can only be specified once', '标志 --workspace 只能给一次'],
  ])('%j → %s', (english, chinese) => {
    expect(translateParseError(english)).toBe(chinese)
  })
})

describe('did you mean', () => {
  it('finds commands, ids and Chinese names close to what was typed', () => {
    expect(suggest('cse list', ['case list', 'case new', 'copy list', 'check'])[0]).toBe('case list')
    expect(suggest('chek', ['check', 'calendar', 'catalog'])).toEqual(['check'])
    expect(suggest('询问', ['询问笔录', '现场笔录', '听证笔录'])).toEqual(['询问笔录'])
    expect(suggest('filde', ['filed', 'closed', 'served'])).toEqual(['filed'])
    expect(didYouMean('zzzzzz', ['check'])).toBe('')
  })
})
