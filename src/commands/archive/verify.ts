import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {type ArchiveVerification, verifyArchive, type VerifyOptions} from '../../archive/verify.js'
import {ZfjlError} from '../../platform/errors.js'
import {readPublicSigningKey} from '../../platform/signing/keys.js'

export default class ArchiveVerify extends BaseCommand<typeof ArchiveVerify> {
  static override summary = '四性检测（DA/T 70）：真实性、完整性、可用性、安全性'
  static override description = `核验案卷 zip 或解压后的文件夹，列出发现的全部问题。签名用 --pubkey 指定的公钥核验；未指定时，在工作区内用本单位公钥，否则只能用包内公钥（结果中提示核对指纹）。
退出码 0 表示四性全部通过，1 表示有问题。`

  static override examples = [
    '<%= config.bin %> <%= command.id %> cases/2026-0001/archive/2026-0001-20260310-100000.zip',
    '<%= config.bin %> <%= command.id %> /media/disc/2026-0001.zip --pubkey 珠卫-公钥.pem --json',
    '<%= config.bin %> <%= command.id %> ./unzipped-bag/',
  ]

  static override args = {
    source: Args.string({description: '案卷 zip 文件或解压后的文件夹', required: true}),
  }

  static override flags = {
    pubkey: Flags.string({description: '预期的签名公钥（PEM 文件）'}),
  }

  async run(): Promise<ArchiveVerification> {
    const options: VerifyOptions = {}
    if (this.flags.pubkey) {
      options.expectedPublicKeyPem = readFileSync(resolve(this.flags.pubkey), 'utf8')
      options.expectedKeySource = 'given'
    } else {
      const workspaceKey = this.workspaceKey()
      if (workspaceKey) {
        options.expectedPublicKeyPem = workspaceKey
        options.expectedKeySource = 'workspace'
      }
    }

    const report = await verifyArchive(resolve(this.args.source), options)
    if (!report.ok) this.markFindings()
    if (!this.jsonEnabled()) {
      this.log(`四性检测：${report.source}${report.caseId ? `（案件 ${report.caseId}）` : ''}`)
      for (const property of report.properties) {
        this.log(`${property.passed ? '✓' : '✗'} ${property.name}：${property.passed ? '通过' : '不通过'}（${property.checks}）`)
        for (const finding of property.findings) this.log(`    ${finding.severity === 'error' ? '错误' : '提示'}：${finding.message}`)
      }

      const signer = report.signature
      if (signer.valid !== null) this.log(`签名：${signer.algorithm?.toUpperCase()}，${signer.valid ? '有效' : '无效'}；包内公钥指纹 ${signer.embeddedFingerprint ?? '无'}`)
      this.log(report.ok ? '结论：四性检测全部通过' : `结论：发现 ${report.findings.filter((finding) => finding.severity === 'error').length} 个问题`)
    }

    return report
  }

  /** Inside a workspace with a key, that key is the one expected; elsewhere there is none. */
  private workspaceKey(): string | undefined {
    try {
      return readPublicSigningKey(this.workspace().paths).publicKeyPem
    } catch (error) {
      if (error instanceof ZfjlError && error.kind === 'not-found') return undefined
      throw error
    }
  }
}
