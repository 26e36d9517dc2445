import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {loadCaseItems} from '../access/case-items.js'
import {unmarkItem, type UnmarkResult} from '../access/marks.js'

export default class Unmark extends BaseCommand<typeof Unmark> {
  static override summary = '取消保密标记（执法机构负责人本人操作，须有覆盖该文件且包括涉密内容的复制批准）'
  static override description =
    '操作人须具有执法机构负责人（head）角色。标记不会被删除：取消是一条新记录，写明依据的批准（复制申请编号）与理由。批准须由执法机构负责人作出、针对本案、未过期、包括该文件，且批准时指定了 --include-confidential。'

  static override examples = ['<%= config.bin %> <%= command.id %> 2026-0001 M002 --approval CR-2026-0003 --reason 已脱敏处理']

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
    item: Args.string({description: '文书或音像文件编号', required: true}),
  }

  static override flags = {
    approval: Flags.string({description: '复制申请编号（已批准）'}),
    reason: Flags.string({description: '取消理由', required: true}),
  }

  async run(): Promise<UnmarkResult> {
    const ws = this.workspace()
    const result = unmarkItem(
      ws,
      {approval: this.flags.approval, caseId: this.args.case, reason: this.flags.reason, ref: this.args.item},
      loadCaseItems(ws, this.args.case),
    )
    if (!this.jsonEnabled()) this.log(`已取消 ${result.item} 的${result.removed.className}标记（依据 ${result.approval}）`)
    return result
  }
}
