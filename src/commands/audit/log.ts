import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {type AuditRow, listAudit} from '../../platform/db/audit-chain.js'
import {formatLocal, parseUserDateTime, toInstant} from '../../platform/local-time.js'

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
    since: Flags.string({description: '只看该时间之后的记录（工作区本地时间：2026-12-01、2026/12/01 09:30、今天、昨天）'}),
  }

  async run(): Promise<AuditLogResult> {
    const ws = this.workspaceToInspect()
    const {timezone} = ws.config
    // Rows keep UTC instants; people give and read local time.
    const since = this.flags.since === undefined ? undefined : toInstant(parseUserDateTime(this.flags.since, timezone, '--since'), timezone).toISOString()
    const rows = listAudit(ws.db, {action: this.flags.action, caseId: this.flags.case, since})
    if (!this.jsonEnabled()) {
      if (rows.length === 0) this.log('没有符合条件的审计记录。')
      else {
        this.log(
          renderTable(
            ['序号', `时间（${timezone}）`, '操作人（人员）/ 系统账户', '动作', '对象', '详情'],
            rows.map((row) => [
              row.seq,
              formatLocal(new Date(row.at), timezone).slice(0, 19).replace('T', ' '),
              `${row.actor} / ${row.osUser}`,
              row.action,
              row.subject,
              summarizeDetails(row.details),
            ]),
          ),
        )
      }
    }

    return {rows}
  }
}

const MAX_VALUE = 60

/**
 * Details for people: one `键：值` per line, lists and objects counted rather than dumped (the whole
 * record stays in --json), long values cut with …, so one row never becomes thousands of characters.
 */
const summarizeDetails = (details: Record<string, unknown>): string =>
  Object.entries(details)
    .map(([key, value]) => {
      const text = Array.isArray(value)
        ? `${value.length} 项`
        : value !== null && typeof value === 'object'
          ? Object.entries(value as Record<string, unknown>)
              .map(([innerKey, innerValue]) => `${innerKey}=${typeof innerValue === 'object' && innerValue !== null ? '…' : String(innerValue)}`)
              .join(' ')
          : String(value)
      return `${key}：${[...text].length > MAX_VALUE ? `${[...text].slice(0, MAX_VALUE - 1).join('')}…` : text}`
    })
    .join('\n')
