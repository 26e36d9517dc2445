import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {loadCaseItems} from '../../access/case-items.js'
import {type CopyRequest, requestCopy} from '../../access/copy-approval.js'

export default class CopyRequestCommand extends BaseCommand<typeof CopyRequestCommand> {
  static override summary = '申请复制执法记录（须经执法机构负责人同意，第四十六条）'
  static override description =
    '申请编号为 CR-YYYY-NNNN。--all 申请复制申请时案件中的全部文书与音像文件；--items 列出编号（D03、M007、文号或原文件名，逗号分隔或重复）。批准后用 zfjl export <案件> --approval <申请编号> 导出。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 --items D05,M001 --purpose 行政复议答复',
    '<%= config.bin %> <%= command.id %> 2026-0001 --all --purpose 法院调卷 --json',
  ]

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
  }

  static override flags = {
    all: Flags.boolean({description: '申请复制全部文书与音像文件', exclusive: ['items']}),
    by: Flags.string({description: '申请人，只能是操作人本人；可省略'}),
    items: Flags.string({description: '要复制的文书或音像文件编号（逗号分隔，可重复）', multiple: true}),
    purpose: Flags.string({description: '用途', required: true}),
  }

  async run(): Promise<CopyRequest> {
    const ws = this.workspace()
    const request = requestCopy(
      ws,
      {all: this.flags.all, caseId: this.args.case, items: this.flags.items, purpose: this.flags.purpose, requestedBy: this.flags.by},
      loadCaseItems(ws, this.args.case),
    )
    if (!this.jsonEnabled()) {
      this.log(`已提交复制申请 ${request.id}（案件 ${request.caseId}，${request.items.length} 个文件，用途：${request.purpose}）`)
    }

    await this.nextStep(() => `zfjl copy grant ${request.id}（由另一位执法机构负责人本人运行）`)

    return request
  }
}
