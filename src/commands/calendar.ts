import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {type AddAnswer, askAdd, askDay, calendarFor, type DayAnswer, weekdayName} from '../rules/date-query.js'
import {PROVISIONAL_NOTE} from '../rules/working-day-calendar.js'
import {parseUserDate} from '../platform/local-time.js'
import {DEFAULT_TIMEZONE} from '../workspace/config.js'

export default class Calendar extends BaseCommand<typeof Calendar> {
  static override summary = '查询某日是否工作日及原因，或推算 N 个工作日/自然日后的日期'
  static override description = [
    '工作日依据国务院每年的放假安排（含调休上班日）；数据未覆盖的年份按《全国年节及纪念日放假办法》的法定节日推算（含第六条补假），结果标为「暂定」。',
    '工作区可在 calendar/<年份>.json 中补充或更正某年的放假安排，格式：',
    '{"year": 2027, "source": "放假通知文号", "holidays": [{"name": "春节", "from": "2027-02-05", "to": "2027-02-11"}, {"name": "清明节", "date": "2027-04-05"}], "workdays": [{"date": "2027-02-20", "name": "春节"}]}',
    '该文件覆盖当年全部安排（未列出的日子按周一至周五计），优先于内置数据。',
    '--add Nwd：第 N 个工作日（起算日不计）；--add Ncd：N 个自然日后，落在节假日的顺延至其后第一个工作日。',
  ].join('\n')

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> 2026-10-01',
    '<%= config.bin %> <%= command.id %> 2026-09-29 --add 5wd',
    '<%= config.bin %> <%= command.id %> 2026-09-20 --add 15cd --json',
  ]

  static override args = {
    date: Args.string({description: '日期：YYYY-MM-DD、2026/11/28、2026年11月28日、今天、昨天；默认今天'}),
  }

  static override flags = {
    add: Flags.string({description: '推算：Nwd（工作日）或 Ncd（自然日，遇节假日顺延）'}),
  }

  async run(): Promise<DayAnswer | AddAnswer> {
    const calendar = calendarFor(this.flags.workspace)
    const date = parseUserDate(this.args.date ?? '今天', DEFAULT_TIMEZONE)
    if (this.flags.add !== undefined) {
      const answer = askAdd(calendar, date, this.flags.add)
      if (!this.jsonEnabled()) {
        const unit = answer.add.endsWith('wd') ? '个工作日' : '日（自然日，遇节假日顺延）'
        this.log(`${answer.from} 起 ${answer.add.slice(0, -2)} ${unit}：${answer.due}（${weekdayName(answer.due)}）${answer.provisional ? '〔暂定〕' : ''}`)
        if (answer.provisional) this.log(PROVISIONAL_NOTE)
      }

      return answer
    }

    const answer = askDay(calendar, date)
    if (!this.jsonEnabled()) {
      // A provisional holiday already says 暂定 in its reason; an ordinary day of a provisional year does not.
      const provisionalMark = answer.provisional && !answer.reason.includes('暂定') ? '〔暂定〕' : ''
      this.log(`${answer.date}（${weekdayName(answer.date)}）：${answer.workday ? '工作日' : '非工作日'}${answer.reason === '工作日' ? '' : `，${answer.reason}`}${provisionalMark}`)
      if (answer.provisional) this.log(PROVISIONAL_NOTE)
    }

    return answer
  }
}
