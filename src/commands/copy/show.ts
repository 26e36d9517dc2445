import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {type CopyRequest, getCopyRequest} from '../../access/copy-approval.js'
import {type CopyRecord, listCopyRecords} from '../../access/export.js'
import {COPY_STATUS_NAMES} from '../../law/labels.js'

export interface CopyShowResult extends CopyRequest {
  copies: CopyRecord[]
}

export default class CopyShow extends BaseCommand<typeof CopyShow> {
  static override summary = '查看一份复制申请：批准内容，以及据此复制的每个文件（谁、何时、摘要）'
  static override examples = ['<%= config.bin %> <%= command.id %> CR-2026-0001']

  static override args = {
    request: Args.string({description: '复制申请编号', required: true}),
  }

  async run(): Promise<CopyShowResult> {
    const ws = this.workspace()
    const request = getCopyRequest(ws, this.args.request)
    const copies = listCopyRecords(ws, {caseId: request.caseId}).filter((record) => record.approval === request.id)
    if (!this.jsonEnabled()) {
      this.log(`复制申请 ${request.id}（案件 ${request.caseId}）：${COPY_STATUS_NAMES[request.status]}`)
      this.log(`  申请人：${request.requestedBy}（${request.requestedAt}）；用途：${request.purpose}`)
      this.log(`  申请复制：${request.scope === 'all' ? '全部文件' : ''}${request.items.join('、')}`)
      const decision = request.decision
      if (decision) {
        this.log(
          decision.decision === 'granted'
            ? `  ${decision.by} 于 ${decision.at} 批准${decision.includeConfidential ? '（含涉密文件）' : ''}${decision.expires ? `，有效期至 ${decision.expires}` : ''}${decision.repeatable ? '，可多次导出' : ''}`
            : `  ${decision.by} 于 ${decision.at} 拒绝：${decision.reason}`,
        )
      }

      if (copies.length > 0) {
        this.log(
          renderTable(
            ['复制记录', '导出', '文件', '时间', '操作人', 'SHA-256'],
            copies.map((copy) => [copy.serial, copy.export, `${copy.item} ${copy.path}`, copy.at, copy.actor, copy.sha256]),
          ),
        )
      }
    }

    return {...request, copies}
  }
}
