import {describe, expect, it} from 'vitest'

import {normalizeDateText, parseUserDate, parseUserDateTime} from '../../src/platform/local-time.js'

describe('dates as people write them', () => {
  it.each([
    ['2026/11/28', '2026-11-28'],
    ['2026.11.28', '2026-11-28'],
    ['2026年11月28日', '2026-11-28'],
    ['2026年1月5号', '2026-01-05'],
    ['2026-1-5', '2026-01-05'],
    ['2026-11-28', '2026-11-28'],
  ])('%s → %s', (typed, iso) => {
    expect(normalizeDateText(typed)).toBe(iso)
    expect(parseUserDate(typed, '+08:00')).toBe(iso)
  })

  it('今天 and 昨天 are the workspace’s local days, not UTC ones', () => {
    // 2026-11-30T17:00Z is already 12-01 in China.
    const now = new Date('2026-11-30T17:00:00Z')
    expect(parseUserDate('今天', '+08:00', '日期', now)).toBe('2026-12-01')
    expect(parseUserDate('昨天', '+08:00', '日期', now)).toBe('2026-11-30')
    expect(parseUserDateTime('昨天', '+08:00', '时间', now)).toBe('2026-11-30')
  })

  it('keeps refusing what is not a date', () => {
    expect(() => parseUserDate('garbage', '+08:00')).toThrow(/不是有效的日期/)
    expect(() => parseUserDate('2026年2月30日', '+08:00')).toThrow(/不是有效的日期/)
    expect(parseUserDateTime('2026/11/28 09:30', '+08:00')).toBe('2026-11-28T09:30:00+08:00')
  })
})
