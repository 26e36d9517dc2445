import {existsSync} from 'node:fs'
import {resolve} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {latestArchivePath} from '../../archive/archive-status.js'
import {verifyOptionsFromFlags} from '../../archive/trusted-signers.js'
import {type ArchiveVerification, verifyArchive} from '../../archive/verify.js'
import {notFound} from '../../platform/errors.js'
import type {Workspace} from '../../workspace/workspace.js'

const STATUS_WORDS = {failed: '不通过', passed: '通过', unverified: '未验证'} as const
const KEY_SOURCES = {embedded: '包内公钥（未经信任）', given: '所给公钥（--pubkey）', trusted: '信任库中的公钥', workspace: '本工作区的密钥'} as const

export default class ArchiveVerify extends BaseCommand<typeof ArchiveVerify> {
  static override summary = '四性检测（DA/T 70）：真实性、完整性、可用性、安全性'
  static override description = `核验案卷 zip、解压后的文件夹，或案件编号（该案最新的案卷），列出发现的全部问题。
真实性只认受信任的公钥：--pubkey 指定的公钥；否则本工作区的密钥，以及信任库（zfjl key trust add）中其他单位的公钥。签名者不受信任时真实性为「未验证」，退出码 1；核对包内公钥指纹后可加 --allow-untrusted。
只读：不在当前目录创建或升级数据库。退出码 0 表示四性全部通过，1 表示有问题或未验证。`

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001',
    '<%= config.bin %> <%= command.id %> cases/2026-0001/archive/2026-0001-20260310-100000.zip',
    '<%= config.bin %> <%= command.id %> /media/disc/2026-0001.zip --pubkey 珠卫-公钥.pem --json',
    '<%= config.bin %> <%= command.id %> ./unzipped-bag/ --allow-untrusted',
  ]

  static override args = {
    source: Args.string({description: '案卷 zip 文件、解压后的文件夹，或案件编号（最新的案卷）', required: true}),
  }

  static override flags = {
    'allow-untrusted': Flags.boolean({default: false, description: '签名者不受信任时仍用包内公钥核验签名（显示其指纹，请自行核对）'}),
    pubkey: Flags.string({description: '预期的签名公钥（PEM 文件）；给出时只认这一把'}),
  }

  async run(): Promise<ArchiveVerification> {
    const ws = this.workspaceForReading()
    const options = verifyOptionsFromFlags(ws, {allowUntrusted: this.flags['allow-untrusted'], pubkey: this.flags.pubkey})
    const report = await verifyArchive(this.archivePath(ws), options)
    if (!report.ok) this.markFindings()
    if (!this.jsonEnabled()) {
      this.log(`四性检测：${report.source}${report.caseId ? `（案件 ${report.caseId}）` : ''}`)
      for (const property of report.properties) {
        this.log(`${property.passed ? '✓' : '✗'} ${property.name}：${STATUS_WORDS[property.status]}（${property.checks}）`)
        for (const finding of property.findings) this.log(`    ${finding.severity === 'error' ? '错误' : '提示'}：${finding.message}`)
      }

      const signer = report.signature
      if (signer.valid !== null) {
        const source = signer.keySource ? `，用${KEY_SOURCES[signer.keySource]}${signer.trustedName ? `（${signer.trustedName}）` : ''}核验` : ''
        this.log(`签名：${signer.algorithm?.toUpperCase()}，${signer.valid ? '有效' : '无效'}${source}；包内公钥指纹 ${signer.embeddedFingerprint ?? '无'}`)
      }

      if (report.forced) this.log(`强制归档：理由「${report.forced.reason}」；归档时检查错误 ${report.forced.checkErrors ?? '未记录'} 项`)
      this.log(report.ok ? '结论：四性检测全部通过' : `结论：发现 ${report.findings.filter((finding) => finding.severity === 'error').length} 个问题`)
    }

    return report
  }

  /** A path as given; otherwise, in a workspace, a case id stands for its newest archive. */
  private archivePath(ws: Workspace | null): string {
    const path = resolve(this.args.source)
    if (existsSync(path)) return path
    const looksLikePath = /[\\/]|\.zip$/i.test(this.args.source)
    if (ws && !looksLikePath) return latestArchivePath(ws, this.args.source)
    throw notFound('ARCHIVE_NOT_FOUND', `找不到要核验的案卷：${path} 不存在${looksLikePath ? '' : '（案件编号只在工作区内可用）'}`)
  }
}
