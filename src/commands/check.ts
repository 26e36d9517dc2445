import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {renderTable} from '../cli/render/table.js'
import {tone} from '../cli/render/tone.js'
import {usageError} from '../platform/errors.js'
import {groupBy} from '../platform/group-by.js'
import {runCheck} from '../rules/check.js'
import {type Finding, findingOrder} from '../rules/completeness.js'
import type {WaivedFinding} from '../rules/waivers.js'
import {KIND_NAMES, SEVERITY_NAMES, shortArticle} from '../law/labels.js'

export interface CheckResult {
  asOf: string
  /** How many cases were checked. */
  caseCount: number
  errors: number
  warnings: number
  findings: Finding[]
  /** Findings a head has waived (`zfjl check waive`), each with its waiver; they do not affect the exit code. */
  waived: WaivedFinding[]
}

export default class Check extends BaseCommand<typeof Check> {
  static override summary = '检查案件：法定期限、文书、音像记录、审批、送达回证、平台录入、程序顺序'
  static override description = [
    '有错误（severity=error）时退出码为 1；提醒（如即将到期、逾期完成）不影响退出码，除非用 --strict。负责人用 zfjl check waive 豁免的发现列在 waived 中，不影响退出码。',
    '每条发现包含 case、rule、kind（deadline/document/av/approval/order/platform）、severity、article、message、due。',
  ].join('\n')

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001',
    '<%= config.bin %> <%= command.id %> --all --as-of 2026-10-09 --json',
    '<%= config.bin %> <%= command.id %> --all --soon 5 --strict',
  ]

  static override args = {
    case: Args.string({description: '案件编号（或用 --all 检查全部案件）'}),
  }

  static override flags = {
    all: Flags.boolean({description: '检查工作区全部案件'}),
    'as-of': Flags.string({description: '按哪一天判断（YYYY-MM-DD，默认今天）'}),
    soon: Flags.integer({description: '距到期不超过 N 天的期限提示为即将到期（默认取工作区 policy.dueSoonDays）', min: 0}),
    strict: Flags.boolean({description: '有提醒也以退出码 1 结束'}),
  }

  async run(): Promise<CheckResult> {
    if (Boolean(this.flags.all) === Boolean(this.args.case)) {
      throw usageError('CHECK_TARGET', this.flags.all ? '请只给出案件编号或 --all 之一' : '请给出案件编号，或用 --all 检查全部案件')
    }

    const ws = this.workspace()
    const options = {asOf: this.flags['as-of'], soonDays: this.flags.soon}
    const {asOf, cases, findings, waived} = runCheck(ws, this.flags.all ? {all: true} : {caseId: this.args.case as string}, options)
    const errors = findings.filter((finding) => finding.severity === 'error').length
    const result = {asOf, caseCount: cases, errors, findings, waived, warnings: findings.length - errors}
    if (!this.jsonEnabled()) this.log(renderFindings(result))
    // Records that do not match the audit chain, or files gone from their place, are an integrity failure, not a finding about the case.
    if (findings.some((finding) => finding.kind === 'record')) this.markFindings('integrity')
    else if (errors > 0 || (this.flags.strict && findings.length > 0)) this.markFindings()
    return result
  }
}

/** One table per case, overdue deadlines first. */
const renderFindings = (result: CheckResult): string => {
  const lines = [`检查 ${result.caseCount} 件案件（截至 ${result.asOf}）：错误 ${result.errors} 项，提醒 ${result.warnings} 项`]
  for (const [caseId, findings] of groupBy(result.findings, (finding) => finding.case)) {
    lines.push('', `案件 ${caseId}`)
    lines.push(
      renderTable(
        ['级别', '类别', '问题', '期限', '依据', '规则'],
        [...findings].sort(findingOrder).map((finding) => [tone(SEVERITY_NAMES[finding.severity], finding.severity), KIND_NAMES[finding.kind], finding.message, finding.due, shortArticle(finding.article), finding.rule]),
      ),
    )
  }

  if (result.findings.length === 0) lines.push('未发现问题。')
  if (result.waived.length > 0) {
    lines.push('', `已豁免 ${result.waived.length} 项（负责人同意，不影响退出码）：`)
    for (const finding of result.waived) {
      lines.push(`  ${finding.case} ${finding.rule}${finding.subject ? `（${finding.subject}）` : ''}：${finding.waiver.by} 于 ${finding.waiver.at} 豁免，理由：${finding.waiver.reason}`)
    }
  }
  return lines.join('\n')
}
