import {describe, expect, it} from 'vitest'

import {ZfjlError} from '../../src/platform/errors.js'
import {assertNotFuture, formatLocal, parseDate, parseUserDateTime, toInstant} from '../../src/platform/local-time.js'

describe('local time', () => {
  it.each([
    ['2026-03-02', '2026-03-02'],
    ['2026-03-02T09:30', '2026-03-02T09:30:00+08:00'],
    ['2026-03-02 09:30:15', '2026-03-02T09:30:15+08:00'],
    ['2026-03-02T01:30:00Z', '2026-03-02T09:30:00+08:00'],
    ['2026-03-01T20:00:00-05:00', '2026-03-02T09:00:00+08:00'],
    ['2024-02-29', '2024-02-29'],
    ['2026/03/02', '2026-03-02'],
    ['2026年3月2日', '2026-03-02'],
  ])('normalises %s to %s', (input, expected) => {
    expect(parseUserDateTime(input, '+08:00')).toBe(expected)
  })

  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-03-02T24:00', '明天', '2026/13/02', ''])(
    'refuses %j with a usage error',
    (input) => {
      expect(() => parseUserDateTime(input, '+08:00')).toThrow(ZfjlError)
      try {
        parseUserDateTime(input, '+08:00')
      } catch (error) {
        expect((error as ZfjlError).kind).toBe('usage')
        expect((error as ZfjlError).message).toMatch(/日期|时间/)
      }
    },
  )

  it('reads 今天 and 昨天 as the local date', () => {
    const now = new Date('2026-03-01T17:00:00Z')
    expect(parseUserDateTime('今天', '+08:00', '时间', now)).toBe('2026-03-02')
    expect(parseUserDateTime('昨天', '+08:00', '时间', now)).toBe('2026-03-01')
  })

  it('puts a date-only value at local midnight', () => {
    expect(toInstant('2026-03-02', '+08:00').toISOString()).toBe('2026-03-01T16:00:00.000Z')
    expect(formatLocal(new Date('2026-03-01T16:00:00Z'), '+08:00')).toBe('2026-03-02T00:00:00+08:00')
  })

  it('refuses the future but accepts today and now', () => {
    const now = new Date('2026-11-27T03:00:00Z')
    expect(() => assertNotFuture('2026-11-27', '+08:00', 'at', now)).not.toThrow()
    expect(() => assertNotFuture('2026-11-27T11:00:00+08:00', '+08:00', 'at', now)).not.toThrow()
    expect(() => assertNotFuture('2026-11-28', '+08:00', 'at', now)).toThrow(/晚于当前时间/)
    expect(() => assertNotFuture('2026-11-27T11:00:01+08:00', '+08:00', 'at', now)).toThrow(/晚于当前时间/)
  })

  it('validates plain dates', () => {
    expect(parseDate('2026-10-08')).toBe('2026-10-08')
    expect(() => parseDate('2026-10-32')).toThrow(/不是有效的日期/)
  })
})
