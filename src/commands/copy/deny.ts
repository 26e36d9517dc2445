import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {type CopyRequest, denyCopy} from '../../access/copy-approval.js'

export default class CopyDeny extends BaseCommand<typeof CopyDeny> {
  static override summary = '拒绝复制申请（仅执法机构负责人，且不得是申请人本人）'
  static override examples = ['<%= config.bin %> <%= command.id %> CR-2026-0001 --reason 用途与案件无关']

  static override args = {
    request: Args.string({description: '复制申请编号', required: true}),
  }

  static override flags = {
    by: Flags.string({description: '审批人，只能是操作人本人（执法机构负责人）；可省略'}),
    reason: Flags.string({description: '拒绝理由', required: true}),
  }

  async run(): Promise<CopyRequest> {
    const request = denyCopy(this.workspace(), this.args.request, {by: this.flags.by, reason: this.flags.reason})
    if (!this.jsonEnabled()) this.log(`${request.decision!.by} 已拒绝复制申请 ${request.id}（理由：${request.decision!.reason}）`)
    return request
  }
}
