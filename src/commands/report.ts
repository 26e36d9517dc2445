import {Flags} from '@oclif/core'
import {resolve} from 'node:path'

import {BaseCommand} from '../cli/base-command.js'
import {renderTable} from '../cli/render/table.js'
import {writeFileAtomic} from '../platform/atomic-file.js'
import {type AssessmentReport, buildAssessmentReport, type ReportGroup} from '../rules/report.js'
import {renderReportHtml} from '../cli/render/report-html.js'

export default class Report extends BaseCommand<typeof Report> {
  static override summary = '考核报告（第四十九条）：按执法人员、按程序统计案件、文书、音像覆盖率和期限完成情况'
  static override description =
    '案件按其首个程序事件的日期归入统计期间。--html 写出一个自包含的 HTML 文件（内嵌 SVG 图表，离线可打开）。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --from 2026-01-01 --to 2026-12-31',
    '<%= config.bin %> <%= command.id %> --by officer --json',
    '<%= config.bin %> <%= command.id %> --html 考核报告-2026.html',
  ]

  static override flags = {
    'as-of': Flags.string({description: '期限按哪一天判断（YYYY-MM-DD，默认今天）'}),
    by: Flags.string({description: '只按执法人员或只按程序统计（默认两者都有）', options: ['officer', 'procedure']}),
    from: Flags.string({description: '统计期间起（YYYY-MM-DD，含）'}),
    html: Flags.string({description: '写出 HTML 报告到该文件'}),
    to: Flags.string({description: '统计期间止（YYYY-MM-DD，含）'}),
  }

  async run(): Promise<AssessmentReport> {
    const report = buildAssessmentReport(this.workspace(), {
      asOf: this.flags['as-of'],
      by: this.flags.by as 'officer' | 'procedure' | undefined,
      from: this.flags.from,
      to: this.flags.to,
    })
    if (this.flags.html) {
      const file = resolve(this.flags.html)
      writeFileAtomic(file, renderReportHtml(report))
      this.status(`已写出考核报告：${file}`)
    }

    if (!this.jsonEnabled() && !this.flags.html) {
      this.log(`${report.unit} 考核报告：${report.from ?? '最早'} 至 ${report.to ?? '最近'}，案件 ${report.caseCount} 件（截至 ${report.asOf}）`)
      if (report.byOfficer) this.log(`\n按执法人员\n${renderGroups('执法人员', report.byOfficer)}`)
      if (report.byProcedure) this.log(`\n按程序\n${renderGroups('程序', report.byProcedure)}`)
      if (report.waivers.length > 0) {
        this.log(`\n负责人豁免的检查发现（不计入错误、提醒）\n${renderTable(['案件', '规则', '对象', '负责人', '时间', '理由'], report.waivers.map((waiver) => [waiver.caseId, waiver.rule, waiver.subject ?? '全部', waiver.by, waiver.at, waiver.reason]))}`)
      }
    }

    return report
  }
}

const renderGroups = (heading: string, groups: ReportGroup[]): string =>
  renderTable(
    [heading, '案件', '已结案', '文书', '音像覆盖', '按时', '逾期完成', '已逾期', '进行中', '错误', '提醒'],
    groups.map((group) => [
      group.label,
      group.caseCount,
      group.closed,
      group.documents,
      group.avCoverage === null ? '—' : `${(group.avCoverage * 100).toFixed(1)}%（${group.avCovered}/${group.avRequired}）`,
      group.deadlines.met,
      group.deadlines.metLate,
      group.deadlines.overdue,
      group.deadlines.running,
      group.errors,
      group.warnings,
    ]),
  )
