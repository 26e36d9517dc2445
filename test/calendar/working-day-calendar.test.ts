import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {addMonthsClamped} from '../../src/platform/civil-date.js'
import {statutoryHolidays} from '../../src/law/statutory-holidays.js'
import {WorkingDayCalendar} from '../../src/rules/working-day-calendar.js'
import {ZfjlError} from '../../src/platform/errors.js'
import {makeTempDir} from '../helpers/cli.js'

const calendar = new WorkingDayCalendar()

describe('WorkingDayCalendar on State Council data', () => {
  it.each([
    ['2026-10-01', false, '国庆节'],
    ['2026-10-10', true, '调休上班（国庆节）'],
    ['2026-02-28', true, '调休上班（春节）'],
    ['2026-01-04', true, '调休上班（元旦）'],
    ['2026-10-11', false, '周末'],
    ['2026-10-12', true, '工作日'],
  ])('%s is workday=%s (%s)', (date, workday, reason) => {
    expect(calendar.isWorkday(date)).toMatchObject({date, provisional: false, reason, source: 'state-council', workday})
  })

  it('5 wd after 2026-09-29 is 2026-10-12 (国庆 off, 10/10 worked)', () => {
    expect(calendar.addWorkdays('2026-09-29', 5)).toEqual({due: '2026-10-12', provisional: false})
  })

  it('7 wd after 2026-02-12 is 2026-02-28, a 调休 Saturday', () => {
    expect(calendar.addWorkdays('2026-02-12', 7)).toEqual({due: '2026-02-28', provisional: false})
  })

  it('15 cd after 2026-09-20 lands in 国庆 and rolls to 2026-10-08', () => {
    expect(calendar.addCalendarDays('2026-09-20', 15)).toEqual({due: '2026-10-08', provisional: false})
  })

  it('a 30 cd cap from 2026-09-05 stays on 2026-10-05 without rolling', () => {
    expect(calendar.addCalendarDays('2026-09-05', 30, {roll: false})).toEqual({due: '2026-10-05', provisional: false})
    expect(calendar.addCalendarDays('2026-09-05', 30).due).toBe('2026-10-08')
  })

  it('counts backwards: 7 wd before 2026-10-12', () => {
    // 10/10, 10/9, 10/8, 9/30, 9/29, 9/28, 9/25 is 中秋 → 9/24
    expect(calendar.subtractWorkdays('2026-10-12', 7)).toEqual({due: '2026-09-24', provisional: false})
  })

  it('months use the same-numbered day, else the month end, then roll', () => {
    expect(addMonthsClamped('2026-08-31', 6)).toBe('2027-02-28')
    expect(addMonthsClamped('2028-08-31', 6)).toBe('2029-02-28')
    expect(addMonthsClamped('2027-08-31', 6)).toBe('2028-02-29')
    expect(calendar.addMonths('2026-04-01', 6)).toEqual({due: '2026-10-08', provisional: false})
    expect(calendar.addMonths('2026-04-01', 6, {roll: false})).toEqual({due: '2026-10-01', provisional: false})
  })

  it('excluded (paused) days do not count', () => {
    const paused = new Set(['2026-03-03', '2026-03-04'])
    expect(calendar.addWorkdays('2026-03-02', 2, {excluded: (date) => paused.has(date)}).due).toBe('2026-03-06')
    expect(calendar.addCalendarDays('2026-03-02', 2, {excluded: (date) => paused.has(date), roll: false}).due).toBe('2026-03-06')
  })

  it('refuses negative or fractional counts', () => {
    expect(() => calendar.addWorkdays('2026-03-02', -1)).toThrow(ZfjlError)
    expect(() => calendar.addCalendarDays('2026-03-02', 1.5)).toThrow(ZfjlError)
  })
})

describe('years without State Council data', () => {
  it('detects coverage from the package data (2004 onwards, not 2027)', () => {
    const {stateCouncil} = calendar.coverage()
    expect(stateCouncil).toContain(2004)
    expect(stateCouncil).toContain(2026)
    expect(stateCouncil).not.toContain(2027)
  })

  it('a working-day count crossing into 2027 skips 2027-01-01 and is provisional', () => {
    // 12/29, 12/30, 12/31 are 2026 working days; 2027-01-01 is 元旦; then 1/4, 1/5.
    expect(calendar.addWorkdays('2026-12-28', 5)).toEqual({due: '2027-01-05', provisional: true})
    expect(calendar.isWorkday('2027-01-01')).toMatchObject({provisional: true, reason: '元旦（暂定）', workday: false})
  })

  it('a count that stays in 2026 is not provisional', () => {
    expect(calendar.addWorkdays('2026-12-21', 5)).toEqual({due: '2026-12-28', provisional: false})
  })

  it('computes 2027 holidays from the lunar calendar with 第六条 compensation', () => {
    const days = Object.fromEntries(statutoryHolidays(2027).map((day) => [day.date, day.name]))
    // 2027: 除夕 2/5 (Fri), 初一 2/6 (Sat), 初二 2/7 (Sun), 初三 2/8 → 2/9 and 2/10 made up.
    expect(days['2027-02-05']).toBe('春节（除夕）')
    expect(days['2027-02-09']).toBe('春节补假')
    expect(days['2027-02-10']).toBe('春节补假')
    expect(days['2027-04-05']).toBe('清明节')
    expect(days['2027-06-09']).toBe('端午节')
    expect(days['2027-09-15']).toBe('中秋节')
    // 10/2 Sat and 10/3 Sun → 10/4 and 10/5.
    expect(days['2027-10-04']).toBe('国庆节补假')
    expect(days['2027-10-05']).toBe('国庆节补假')
    expect(days['2027-10-06']).toBeUndefined()
  })

  it('a holiday shared by two festivals is made up (2028: 中秋 on 10/3)', () => {
    const days = Object.fromEntries(statutoryHolidays(2028).map((day) => [day.date, day.name]))
    expect(days['2028-10-03']).toBe('中秋节、国庆节')
    // 10/1 is a Sunday and 10/3 carries two holidays: two make-up days.
    expect(days['2028-10-04']).toBe('国庆节补假')
    expect(days['2028-10-05']).toMatch(/补假$/)
    expect(days['2028-01-03']).toBe('元旦补假')
  })
})

describe('workspace calendar files', () => {
  const writeCalendar = (files: Record<string, string>): string => {
    const dir = join(makeTempDir(), 'calendar')
    mkdirSync(dir, {recursive: true})
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
    return dir
  }

  const year2027 = {
    holidays: [
      {date: '2027-01-01', name: '元旦'},
      {from: '2027-02-05', name: '春节', to: '2027-02-11'},
    ],
    source: '测试用放假安排',
    workdays: [{date: '2027-02-20', name: '春节'}],
    year: 2027,
  }

  it('takes precedence and makes the year official (not provisional)', () => {
    const dir = writeCalendar({'2027.json': JSON.stringify(year2027)})
    const own = WorkingDayCalendar.fromDirectory(dir)
    expect(own.isWorkday('2027-02-11')).toMatchObject({provisional: false, reason: '春节', source: 'workspace', workday: false})
    expect(own.isWorkday('2027-02-20')).toMatchObject({reason: '调休上班（春节）', workday: true})
    // Not in the file: an ordinary day of a covered year, no statutory guess.
    expect(own.isWorkday('2027-10-04')).toMatchObject({provisional: false, reason: '工作日', workday: true})
    expect(own.addWorkdays('2026-12-28', 5)).toEqual({due: '2027-01-05', provisional: false})
    expect(own.coverage().workspace).toEqual([2027])
  })

  it('can override a year the package covers', () => {
    const dir = writeCalendar({'2026.json': JSON.stringify({holidays: [{date: '2026-03-02', name: '测试假日'}], workdays: [], year: 2026})})
    const own = WorkingDayCalendar.fromDirectory(dir)
    expect(own.isWorkday('2026-03-02')).toMatchObject({reason: '测试假日', workday: false})
    expect(own.isWorkday('2026-10-01')).toMatchObject({reason: '工作日', workday: true})
  })

  it.each([
    ['not JSON', '{year: 2027'],
    ['year mismatch', JSON.stringify({...year2027, year: 2028})],
    ['holidays missing', JSON.stringify({workdays: [], year: 2027})],
    ['impossible date', JSON.stringify({...year2027, holidays: [{date: '2027-02-30', name: '春节'}]})],
    ['day 32', JSON.stringify({...year2027, holidays: [{date: '2027-01-32', name: '元旦'}]})],
    ['workday that is a holiday', JSON.stringify({...year2027, workdays: [{date: '2027-01-01'}]})],
  ])('a malformed file (%s) is a usage error naming the file', (_label, content) => {
    const dir = writeCalendar({'2027.json': content})
    let caught: unknown
    try {
      WorkingDayCalendar.fromDirectory(dir)
    } catch (error) {
      caught = error
    }

    expect(caught).toBeInstanceOf(ZfjlError)
    expect((caught as ZfjlError).kind).toBe('usage')
    expect((caught as ZfjlError).code).toBe('CALENDAR_FILE_INVALID')
    expect((caught as ZfjlError).message).toContain(join(dir, '2027.json'))
  })

  it('refuses a .json file not named after a year', () => {
    const dir = writeCalendar({'holidays.json': JSON.stringify(year2027)})
    expect(() => WorkingDayCalendar.fromDirectory(dir)).toThrow(/年份\.json/)
  })
})
