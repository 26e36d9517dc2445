import {Flags} from '@oclif/core'

import {byUrgency, caseAgenda, type CaseAgendaEntry} from '../app/case-agenda.js'
import {BaseCommand} from '../cli/base-command.js'
import {renderTable} from '../cli/render/table.js'
import {tone} from '../cli/render/tone.js'

export interface TodoResult {
  asOf: string
  /** Whose cases: the acting person, or everyone with --all. */
  officer: string | null
  cases: CaseAgendaEntry[]
}

export default class Todo extends BaseCommand<typeof Todo> {
  static override summary = '待办：我承办的案件下一步要做什么（错误、临近或逾期的期限、待归档），按紧急程度排序'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --within 5', '<%= config.bin %> <%= command.id %> --all --json']

  static override flags = {
    all: Flags.boolean({description: '全部执法人员的案件，而不只是自己的'}),
    'as-of': Flags.string({description: '按哪一天判断（YYYY-MM-DD，默认今天）'}),
    within: Flags.integer({default: 10, description: '列出 N 天内到期的期限', min: 0}),
  }

  async run(): Promise<TodoResult> {
    const ws = this.workspace()
    const officer = this.flags.all ? null : ws.actor.name
    const {asOf, cases} = caseAgenda(ws, {asOf: this.flags['as-of'], officer: officer ?? undefined})
    const horizon = this.flags.within
    const pending = cases
      .map((entry) => ({...entry, openDeadlines: entry.openDeadlines.filter((row) => row.status === 'overdue' || daysUntil(asOf, row.due) <= horizon)}))
      .filter((entry) => entry.errors.length > 0 || entry.openDeadlines.length > 0 || entry.next?.startsWith('归档') === true)
      .sort(byUrgency)
    if (!this.jsonEnabled()) {
      if (pending.length === 0) this.log(`${officer ?? '全部人员'}：没有待办事项（截至 ${asOf}，${horizon} 天内）。`)
      else {
        this.log(`${officer ?? '全部人员'}的待办（截至 ${asOf}，${horizon} 天内到期的期限）：`)
        this.log(
          renderTable(
            ['案件', '案由', '下一步', '最近期限', '错误'],
            pending.map((entry) => [
              entry.id,
              entry.title,
              entry.next,
              entry.openDeadlines[0] ? tone(`${entry.openDeadlines[0].due}（${entry.openDeadlines[0].name}）`, entry.openDeadlines[0].status === 'overdue' ? 'error' : 'warning') : null,
              entry.errors.length > 0 ? tone(String(entry.errors.length), 'error') : null,
            ]),
          ),
        )
      }
    }

    return {asOf, cases: pending, officer}
  }
}

const daysUntil = (asOf: string, due: string | null): number =>
  due === null ? Number.POSITIVE_INFINITY : (Date.parse(due.slice(0, 10)) - Date.parse(asOf)) / 86_400_000
