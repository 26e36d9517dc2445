import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {verifyMedia, type VerifyResult} from '../../media/media-verify.js'
import {createProgressBar} from '../../cli/render/progress-bar.js'

const STATUS_WORDS = {changed: '已改变', missing: '缺失', moved: '被移动', ok: '完好', unregistered: '未登记'} as const

export default class MediaVerify extends BaseCommand<typeof MediaVerify> {
  static override summary = '音像资料完整性校验：逐个重新计算摘要，报告完好、已改变、缺失、被移动、未登记（第五十条）'
  static override description =
    '适合每晚定时运行。全部完好时退出码为 0；有已改变（含被替换为符号链接）、缺失、被移动或未登记的文件时为 6（完整性破坏）。--fast 只比较大小和修改时间，不读文件内容。每次运行及其统计都记入审计链。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001',
    '<%= config.bin %> <%= command.id %> --all --json',
    '<%= config.bin %> <%= command.id %> --all --fast',
  ]

  static override args = {
    case: Args.string({description: '案件编号（或用 --all）'}),
  }

  static override flags = {
    all: Flags.boolean({default: false, description: '校验全部案件', exclusive: ['case']}),
    fast: Flags.boolean({default: false, description: '只比较大小和修改时间（不重新计算摘要）'}),
  }

  async run(): Promise<VerifyResult> {
    const bar = createProgressBar(process.stderr.isTTY && !this.jsonEnabled() ? process.stderr : null, '校验')
    const result = await verifyMedia(this.workspace(), {
      all: this.flags.all,
      caseId: this.args.case,
      fast: this.flags.fast,
      onProgress: (done, total) => bar.update(done, total),
    })
    bar.finish()
    if (!this.jsonEnabled()) {
      const problems = result.entries.filter((entry) => entry.status !== 'ok')
      if (problems.length > 0) {
        this.log(
          renderTable(
            ['状态', '编号', '文件', '说明'],
            problems.map((entry) => [STATUS_WORDS[entry.status], entry.mediaId, entry.file, entry.detail]),
          ),
        )
      }

      for (const problem of result.records) this.log(`目录记录与审计链不符：${problem.message}`)
      const counts = Object.entries(result.counts).map(([status, count]) => `${STATUS_WORDS[status as keyof typeof STATUS_WORDS]} ${count}`)
      this.log(`${result.mode === 'fast' ? '快速校验（大小和修改时间）' : '完整校验（SHA-256 与 SM3）'} ${result.caseIds.length} 个案件：${counts.join('，')}`)
    }

    if (!result.ok) this.markFindings('integrity')
    return result
  }
}
