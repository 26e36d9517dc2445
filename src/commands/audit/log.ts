import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {type AuditRow, listAudit} from '../../platform/db/audit-chain.js'

export interface AuditLogResult {
  rows: AuditRow[]
}

export default class AuditLog extends BaseCommand<typeof AuditLog> {
  static override summary = '查看审计记录（谁、以谁的名义、用哪个系统账户、何时、做了什么）'
  static override description =
    '每一项变更都在同一事务中追加一条审计记录（第五十条）。每条记录有操作人（人员名单中的人，审批、接收等都以此人名义，不能代他人操作）和运行命令的系统账户。--action 按动作族筛选：export 同时匹配 export 与 export.*。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --case 2026-0001',
    '<%= config.bin %> <%= command.id %> --action export --json',
  ]

  static override flags = {
    action: Flags.string({description: '动作或动作族，如 case.event、doc、export'}),
    case: Flags.string({description: '只看该案件的记录'}),
    since: Flags.string({description: '只看该时间（ISO，UTC）之后的记录'}),
  }

  async run(): Promise<AuditLogResult> {
    const rows = listAudit(this.workspace().db, {action: this.flags.action, caseId: this.flags.case, since: this.flags.since})
    if (!this.jsonEnabled()) {
      this.log(
        renderTable(
          ['序号', '时间（UTC）', '操作人（人员）', '系统账户', '动作', '对象', '详情'],
          rows.map((row) => [row.seq, row.at, row.actor, row.osUser, row.action, row.subject, JSON.stringify(row.details)]),
        ),
      )
    }

    return {rows}
  }
}
