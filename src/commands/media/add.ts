import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {importMedia, type ImportResult} from '../../media/media-import.js'
import {createProgressBar} from '../../cli/render/progress-bar.js'
import {humanBytes} from '../../platform/human-bytes.js'
import {resolveEventId} from '../../law/events.js'

export default class MediaAdd extends BaseCommand<typeof MediaAdd> {
  static override summary = '导入音像资料：复制入案、计算 SHA-256 与 SM3、读取拍摄时间等元数据（第四十二条）'
  static override description =
    '可给出文件或整个文件夹（如执法记录仪存储卡的导出目录，递归导入）。原文件不会被修改或移动（除非 --move）；同名但内容不同的文件另起名保存，内容相同的记为重复。工作区自己管理的文件（.zfjl、zfjl.json、cases 下的证据、文书和归档包等）和可执行文件、脚本不予导入；内容与扩展名不符或无法解析的文件照常登记并附提示，zfjl check 会列出。中断（Ctrl-C，退出码 130）后重新运行同一命令，会跳过已登记的文件（不再重新计算摘要）。有文件失败或没有可导入的文件时，其余照常导入，退出码为 1。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 /media/card/DCIM --step onsite-inspection',
    '<%= config.bin %> <%= command.id %> 2026-0001 IMG_0001.JPG 询问录音.wav --step inquiry --recorder 张伟 --json',
  ]

  static override strict = false

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
    path: Args.string({description: '文件或文件夹（可多个）', required: true}),
  }

  static override flags = {
    device: Flags.string({description: '记录设备编号（缺省从执法记录仪文件名识别）'}),
    move: Flags.boolean({default: false, description: '登记成功后删除来源文件（默认保留原文件）'}),
    recorder: Flags.string({description: '拍摄/录制人（缺省从执法记录仪文件名识别警号）'}),
    step: Flags.string({description: '这些文件记录的程序步骤（事件编号，如 onsite-inspection）'}),
  }

  async run(): Promise<ImportResult> {
    const {argv} = await this.parse(MediaAdd)
    const paths = (argv as string[]).slice(1)
    const ws = this.workspace()
    const bar = createProgressBar(process.stderr.isTTY && !this.jsonEnabled() ? process.stderr : null, '导入')
    // Ctrl-C undoes the unfinished part (no staging copy stays behind) and exits 130; a second one kills at once.
    const interrupt = new AbortController()
    const onSigint = () => interrupt.abort()
    process.once('SIGINT', onSigint)
    let result: ImportResult
    try {
      result = await importMedia(ws, this.args.case, paths, {
        device: this.flags.device,
        move: this.flags.move,
        onProgress: (progress) => bar.update(progress.bytesDone, progress.bytesTotal),
        recorder: this.flags.recorder,
        signal: interrupt.signal,
        step: this.flags.step === undefined ? undefined : resolveEventId(this.flags.step, '步骤（事件）'),
      })
    } finally {
      process.removeListener('SIGINT', onSigint)
      bar.finish()
    }

    if (!this.jsonEnabled()) {
      if (result.added.length > 0) {
        this.log(
          renderTable(
            ['编号', '文件', '类型', '大小', '拍摄时间', '时长(秒)', 'SM3'],
            result.added.map((item) => [item.id, item.original, item.kind, humanBytes(item.size), item.capturedAt, item.durationSec, `${item.sm3.slice(0, 16)}…`]),
          ),
        )
      }

      for (const item of result.added.filter((entry) => entry.warnings.length > 0)) this.log(`注意 ${item.id}：${item.warnings.join('；')}`)
      for (const item of result.duplicates) {
        this.log(`重复：${item.path} ${item.reason === 'already-imported' ? '已于此前导入' : '内容与已登记文件相同'}（${item.existing}）`)
      }

      for (const item of result.failed) this.log(`失败：${item.path}：${item.error}`)
      this.log(`新增 ${result.added.length} 个，重复 ${result.duplicates.length} 个，失败 ${result.failed.length} 个；本次读取 ${humanBytes(result.hashedBytes)}。`)
    }

    if (result.failed.length > 0) this.markFindings()
    if (result.added.length > 0) await this.nextStep((steps) => steps.nextStepForMedia(ws, this.args.case, result.added.filter((item) => item.steps.length === 0).map((item) => item.id)))
    return result
  }
}
