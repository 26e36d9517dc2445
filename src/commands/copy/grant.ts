import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {type CopyRequest, grantCopy} from '../../access/copy-approval.js'

export default class CopyGrant extends BaseCommand<typeof CopyGrant> {
  static override summary = '批准复制申请（仅执法机构负责人本人操作，且不得是申请人）'
  static override description =
    '批准人就是操作人：须具有执法机构负责人（head）角色，--by 只能写本人或省略。默认只批准一次导出、不含涉密文件、不设期限。--include-confidential 允许导出有保密标记的文件（也允许据此取消标记）；--expires 为有效期（日期当天有效至 23:59:59）；--repeatable 允许多次导出。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> CR-2026-0001',
    '<%= config.bin %> <%= command.id %> CR-2026-0002 --include-confidential --expires 2026-12-31 --repeatable',
  ]

  static override args = {
    request: Args.string({description: '复制申请编号', required: true}),
  }

  static override flags = {
    by: Flags.string({description: '批准人，只能是操作人本人（执法机构负责人）；可省略'}),
    expires: Flags.string({description: '有效期至（YYYY-MM-DD 或日期时间）'}),
    'include-confidential': Flags.boolean({description: '包括有保密标记的文件'}),
    repeatable: Flags.boolean({description: '允许多次导出'}),
  }

  async run(): Promise<CopyRequest> {
    const request = grantCopy(this.workspace(), this.args.request, {
      by: this.flags.by,
      expires: this.flags.expires,
      includeConfidential: this.flags['include-confidential'],
      repeatable: this.flags.repeatable,
    })
    if (!this.jsonEnabled()) {
      const decision = request.decision!
      this.log(
        `${decision.by} 已批准复制申请 ${request.id}${decision.includeConfidential ? '（含涉密文件）' : '（不含涉密文件）'}` +
          `${decision.expires ? `，有效期至 ${decision.expires}` : ''}${decision.repeatable ? '，可多次导出' : '，仅限导出一次'}`,
      )
    }

    await this.nextStep(() => `zfjl export ${request.caseId} --approval ${request.id} --out <输出文件夹或 .zip>`)

    return request
  }
}
