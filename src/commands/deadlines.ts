import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {renderTable} from '../cli/render/table.js'
import {findEvent} from '../law/events.js'
import {PROVISIONAL_NOTE} from '../rules/working-day-calendar.js'
import {UNIT_NAMES} from '../law/deadline-rules.js'
import {evaluateCaseInWorkspace} from '../rules/check.js'
import type {DeadlineRow} from '../rules/deadlines.js'
import {shortArticle, STATUS_NAMES} from '../law/labels.js'
import {tone, type Tone} from '../cli/render/tone.js'

const STATUS_TONES: Partial<Record<string, Tone>> = {'due-soon': 'warning', met: 'ok', 'met-late': 'warning', overdue: 'error', premature: 'error'}

export interface DeadlinesResult {
  case: string
  asOf: string
  deadlines: DeadlineRow[]
}

/** Beside the limit: where it comes from when it is not 法律 itself. */
const BASIS_LABELS: Record<DeadlineRow['basis'], string> = {document: '（文书载明）', law: '', measures: '（本办法）', policy: '（本单位规定）', workspace: '（工作区覆盖）'}

export default class Deadlines extends BaseCommand<typeof Deadlines> {
  static override summary = '列出案件适用的法定期限：起算、到期日、状态和依据'
  static override description =
    '每条规则一行（规则列表见 zfjl catalog）：起算事件、到期日（工作日/自然日/月/小时）、状态（met 按时、met-late 逾期完成、pending 进行中、due-soon 即将到期、overdue 已逾期、premature 过早、not-applicable 不适用）、是否暂定、依据条文。\n工作区根目录的 rules.json 可覆盖期限（如《卫生健康行政处罚程序规定》另有规定时），须写明依据：{"rules": {"penalty-decision": {"limit": 90, "unit": "cd", "from": "2025-06-01", "article": "…第N条：…"}}}。有 from 的只适用于该日及以后起算的案件。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001',
    '<%= config.bin %> <%= command.id %> 2026-0001 --as-of 2026-10-09 --json',
  ]

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
  }

  static override flags = {
    'as-of': Flags.string({description: '按哪一天判断（YYYY-MM-DD，默认今天）'}),
  }

  async run(): Promise<DeadlinesResult> {
    const {asOf, deadlines} = evaluateCaseInWorkspace(this.workspace(), this.args.case, {asOf: this.flags['as-of']})
    if (!this.jsonEnabled()) {
      this.log(`案件 ${this.args.case} 的期限（截至 ${asOf}）`)
      this.log(
        renderTable(
          ['规则', '起算', '期限', '到期', '状态', '依据'],
          deadlines.map((row) => [
            `${row.name}\n${row.rule}`,
            row.triggerAt ? `${findEvent(row.trigger)?.name ?? row.trigger}\n${row.triggerAt}` : `（未发生：${findEvent(row.trigger)?.name ?? row.trigger}）`,
            row.limit === null ? '' : `${row.limit} ${UNIT_NAMES[row.unit]}${BASIS_LABELS[row.basis]}`,
            row.due ? `${row.due}${row.provisional ? '〔暂定〕' : ''}` : '',
            `${tone(STATUS_NAMES[row.status], STATUS_TONES[row.status])}${row.metAt ? `\n${row.metAt}` : ''}${row.note ? `\n${row.note}` : ''}`,
            shortArticle(row.article),
          ]),
        ),
      )
      if (deadlines.some((row) => row.provisional)) this.log(PROVISIONAL_NOTE)
    }

    return {asOf, case: this.args.case, deadlines}
  }
}
