import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {type CopyRequest, listCopyRequests, type RequestStatus} from '../../access/copy-approval.js'

export const STATUS_NAMES: Record<RequestStatus, string> = {
  denied: '已拒绝',
  expired: '已过期',
  granted: '已批准',
  pending: '待审批',
  used: '已使用',
}

export interface CopyListResult {
  requests: CopyRequest[]
}

export default class CopyList extends BaseCommand<typeof CopyList> {
  static override summary = '列出复制申请及其审批、导出情况'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> 2026-0001 --json']

  static override args = {
    case: Args.string({description: '案件编号（省略则列出全部）'}),
  }

  async run(): Promise<CopyListResult> {
    const requests = listCopyRequests(this.workspace(), this.args.case)
    if (!this.jsonEnabled()) {
      this.log(
        renderTable(
          ['申请', '案件', '申请人', '用途', '文件数', '状态', '审批', '导出'],
          requests.map((request) => [
            request.id,
            request.caseId,
            request.requestedBy,
            request.purpose,
            request.items.length,
            STATUS_NAMES[request.status],
            request.decision ? `${request.decision.by} ${request.decision.at}` : '',
            request.exports.join('、'),
          ]),
        ),
      )
    }

    return {requests}
  }
}
