import {Flags} from '@oclif/core'

import {runNightly, type NightlySummary} from '../app/nightly.js'
import {BaseCommand} from '../cli/base-command.js'
import {tone} from '../cli/render/tone.js'
import {usageError} from '../platform/errors.js'
import {parseByteSize} from '../platform/human-bytes.js'

export default class Nightly extends BaseCommand<typeof Nightly> {
  static override summary = '夜间任务：音像证据定期校验、全部案件检查、审计链校验，可选为已结案未归档的案件打包'
  static override description = [
    '输出一份摘要（--json 为一个 JSON 文档，含 schemaVersion），并在工作区 .zfjl/nightly.log 追加一行。',
    '退出码：0 一切正常；1 检查发现错误或打包失败；6 音像证据被改动、缺失、移动或有未登记文件，或审计链不一致（与 media verify 相同）。',
    '摘要中的审计链头（audit.head）应每晚记到本机之外（邮件、平台），作为审计链的外部锚点。',
  ].join('\n')

  static override examples = [
    '<%= config.bin %> <%= command.id %> --json',
    '<%= config.bin %> <%= command.id %> --budget 50GiB --pack-closed --json >> /var/log/zfjl-nightly.json',
  ]

  static override flags = {
    'as-of': Flags.string({description: '检查按哪一天判断（YYYY-MM-DD，默认今天）'}),
    budget: Flags.string({description: '本次最多重新计算多少字节的摘要（如 50GiB），从最久未校验的案件起轮换；默认全部'}),
    'pack-closed': Flags.boolean({description: '为已结案且没有最新归档的案件打包（检查有错误的案件不会强制打包）'}),
  }

  async run(): Promise<NightlySummary> {
    const budgetBytes = this.flags.budget === undefined ? undefined : parseByteSize(this.flags.budget)
    if (this.flags.budget !== undefined && (budgetBytes === undefined || budgetBytes <= 0)) {
      throw usageError('BUDGET_INVALID', `--budget「${this.flags.budget}」不是有效的大小（如 500MiB、50GiB）`)
    }

    this.status('夜间任务：校验音像证据、检查案件、校验审计链……')
    const summary = await runNightly(this.workspace(), {asOf: this.flags['as-of'], budgetBytes, packClosed: this.flags['pack-closed']})
    if (!this.jsonEnabled()) this.log(renderSummary(summary))
    if (summary.outcome === 'integrity') this.markFindings('integrity')
    else if (summary.outcome === 'findings') this.markFindings()
    return summary
  }
}

const renderSummary = (summary: NightlySummary): string => {
  const {archives, audit, check, fixity} = summary
  const fixityLine = `音像校验：${fixity.caseIds.length} 件案件，完好 ${fixity.counts.ok}，改动 ${fixity.counts.changed}，缺失 ${fixity.counts.missing}，移动 ${fixity.counts.moved}，未登记 ${fixity.counts.unregistered}${fixity.skippedCaseIds.length > 0 ? `（轮换：${fixity.skippedCaseIds.length} 件留待以后）` : ''}`
  return [
    `夜间任务 ${summary.startedAt} — ${summary.finishedAt}（${(summary.durationMs / 1000).toFixed(1)} 秒）`,
    fixity.problems.length > 0 ? tone(fixityLine, 'error') : fixityLine,
    ...fixity.problems.map((entry) => `  ${entry.caseId} ${entry.mediaId ?? ''} ${entry.file}：${entry.detail ?? entry.status}`),
    `案件检查（截至 ${check.asOf}）：${check.caseCount} 件，错误 ${tone(String(check.errors), check.errors > 0 ? 'error' : undefined)} 项，提醒 ${check.warnings} 项`,
    ...check.errorFindings.slice(0, 20).map((finding) => `  ${finding.case} ${finding.message}`),
    ...(check.errorFindings.length > 20 ? [`  ……共 ${check.errorFindings.length} 项，详见 zfjl check --all`] : []),
    `已结案未归档：${archives.closedUnarchived.length > 0 ? archives.closedUnarchived.join('、') : '无'}${archives.packed.length > 0 ? `；本次打包 ${archives.packed.map((entry) => entry.caseId).join('、')}` : ''}`,
    ...archives.packFailures.map((failure) => `  ${failure.caseId} 未能打包：${failure.message}`),
    audit.ok
      ? `审计链：完整，共 ${audit.rows} 条；链头 ${audit.head ? `${audit.head.seq}:${audit.head.hash}` : '无'}（请记到本机之外）`
      : tone(`审计链：不一致：${audit.problem}`, 'error'),
  ].join('\n')
}
