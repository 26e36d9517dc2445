import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {loadCaseItems} from '../access/case-items.js'
import {MARK_CLASSES, markItems, type MarkResult} from '../access/marks.js'

export default class Mark extends BaseCommand<typeof Mark> {
  static override summary = '标记涉密文书或音像文件（国家秘密、商业秘密、个人隐私，第四十七条）'
  static override description = `类别：${MARK_CLASSES.map((entry) => `${entry.id}（${entry.name}）`).join('、')}。标记后该文件只有在复制批准包括涉密内容（copy grant --include-confidential）时才会被导出；取消标记须有覆盖该文件的批准（zfjl unmark）。`

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 M002 M003 --class privacy --reason 含当事人身份证号',
    '<%= config.bin %> <%= command.id %> 2026-0001 D04 --class commercial-secret --reason 含产品配方',
  ]

  static override strict = false

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
    item: Args.string({description: '文书或音像文件编号（如 D03、M007），可列多个', required: true}),
  }

  static override flags = {
    class: Flags.string({description: `保密类别：${MARK_CLASSES.map((entry) => `${entry.id}（${entry.name}）`).join('、')}`, required: true}),
    reason: Flags.string({description: '标记理由', required: true}),
  }

  async run(): Promise<MarkResult> {
    const {argv} = await this.parse(Mark)
    const refs = (argv as string[]).slice(1)
    const ws = this.workspace()
    const result = markItems(ws, {caseId: this.args.case, class: this.flags.class, reason: this.flags.reason, refs}, loadCaseItems(ws, this.args.case))
    if (!this.jsonEnabled()) {
      this.log(`已标记为${result.className}：`)
      for (const item of result.items) this.log(`  ${item.id}  ${item.label}`)
    }

    return result
  }
}
