import {BaseCommand} from '../../cli/base-command.js'
import {type AuditVerification, verifyAuditChain} from '../../platform/db/audit-chain.js'

export default class AuditVerify extends BaseCommand<typeof AuditVerify> {
  static override summary = '校验审计链：任何一条被修改、删除、调换，或最新记录被删，均会发现'
  static override description = '退出码 0 表示审计链完整；1 表示发现问题，并指出第一条断裂的记录。'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<AuditVerification> {
    const ws = this.workspace()
    const verification = verifyAuditChain(ws.db, ws.paths.auditHead)
    if (!verification.ok) this.markFindings()
    if (!this.jsonEnabled()) {
      if (verification.ok) {
        this.log(`审计链完整：共 ${verification.rows} 条，链头第 ${verification.head?.seq ?? 0} 条 ${verification.head?.hash ?? ''}`)
      } else {
        this.log(`审计链已被破坏：${verification.firstBroken?.message}`)
      }
    }

    return verification
  }
}
