import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {type CopyRequest, listCopyRequests} from '../../access/copy-approval.js'
import {COPY_STATUS_NAMES} from '../../law/labels.js'

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
            COPY_STATUS_NAMES[request.status],
            request.decision ? `${request.decision.by} ${request.decision.at}` : '',
            request.exports.join('、'),
          ]),
        ),
      )
    }

    return {requests}
  }
}
