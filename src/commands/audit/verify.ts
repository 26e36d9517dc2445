import {BaseCommand} from '../../cli/base-command.js'
import {verifyWorkspaceAudit, type WorkspaceAuditVerification} from '../../workspace/record-trail.js'
import {workspaceTrustProblems} from '../../workspace/trust.js'

export interface AuditVerifyResult extends WorkspaceAuditVerification {
  /** Files of .zfjl/trust/ with no standing audit record (copied in, edited, put back after removal): not used by archive verify. */
  trust: {problems: Array<{file: string; fingerprint: string; message: string}>}
}

export default class AuditVerify extends BaseCommand<typeof AuditVerify> {
  static override summary = '校验审计链：任何一条被修改、删除、调换，或最新记录被删，均会发现'
  static override description = [
    '逐条核对审计链（哈希、前后链接、编号）和链头记录文件，并核对案件、事件、文书、音像文件、复制申请与审批、导出',
    '等目录记录与创建它们的审计记录所载的内容摘要是否一致，列出没有审计记录的目录记录，以及信任库（.zfjl/trust/）中没有审计记录或与之不符的公钥。',
    '输出最后一行的链头（第 N 条及其哈希）可由夜间脚本记录到本机之外，用于发现整条链被替换。',
    '退出码 0 表示完整；1 表示发现问题（--json 的 problems、records.problems 与 trust.problems 列出全部问题）。',
  ].join('\n')

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<AuditVerifyResult> {
    const ws = this.workspaceToInspect()
    const chain = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
    const trustProblems = workspaceTrustProblems(ws).map((entry) => ({file: entry.file, fingerprint: entry.fingerprint, message: entry.problem ?? ''}))
    const verification: AuditVerifyResult = {...chain, ok: chain.ok && trustProblems.length === 0, trust: {problems: trustProblems}}
    if (!verification.ok) this.markFindings()
    if (!this.jsonEnabled()) {
      const problems = [...verification.problems, ...verification.records.problems, ...verification.trust.problems]
      if (verification.ok) {
        this.log(`审计链完整：共 ${verification.rows} 条，目录记录 ${verification.records.checked} 条与审计记录相符`)
      } else {
        this.log(chain.ok ? `审计链完整，但信任库中有 ${problems.length} 个文件没有审计记录或与之不符（archive verify 不采用）：` : `审计链已被破坏：发现 ${problems.length} 处问题`)
        for (const problem of problems) this.log(`  ${problem.message}`)
      }

      if (verification.records.legacy.length > 0) {
        this.log(`另有 ${verification.records.legacy.length} 条目录记录无内容摘要（旧记录，本版本之前写入）：已按审计记录所载的主要内容核对，其余内容无法核对（--json 列出）`)
      }

      const head = `第 ${verification.head?.seq ?? 0} 条 ${verification.head?.hash ?? ''}`
      if (verification.ok) this.log(`链头：${head}`)
      else this.log(`表中最新：${head}；链头记录文件：${verification.recordedHead ? `第 ${verification.recordedHead.seq} 条 ${verification.recordedHead.hash}` : '缺失'}`)
    }

    return verification
  }
}
