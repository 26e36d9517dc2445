import {existsSync} from 'node:fs'
import {resolve} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {latestArchivePath} from '../../archive/archive-status.js'
import {labelForArchive, type LabelResult, writeLabel} from '../../archive/label-source.js'
import {verifyOptionsFromFlags} from '../../archive/trusted-signers.js'
import {notFound} from '../../platform/errors.js'
import type {Workspace} from '../../workspace/workspace.js'

export default class ArchiveLabel extends BaseCommand<typeof ArchiveLabel> {
  static override summary = '光盘标签与封套（第四十三条）：PDF 或 SVG，含案卷 SM3、签名公钥指纹和二维码'
  static override description = `给出案件编号时用该案最新的案卷（须先 archive pack）；给出 zip 文件时直接读取案卷。只读：不在当前目录创建或升级数据库。
标签为案卷作证：先做与 archive verify 相同的四性检测，未通过（含签名者不受信任）即不生成标签，退出码 1。
默认文件名随案卷：案卷旁的 <案卷文件名>-光盘标签.pdf，每次打包的案卷各有自己的标签。
标签载明制作单位、制作人、制作时间、执法活动或案件名称及编号；中文字形嵌入文件，打印机器无需安装中文字体。`

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001',
    '<%= config.bin %> <%= command.id %> 2026-0001 --out 2026-0001-标签.svg',
    '<%= config.bin %> <%= command.id %> /media/disc/2026-0001.zip --out 标签.pdf --json',
  ]

  static override args = {
    source: Args.string({description: '案件编号，或案卷 zip 文件', required: true}),
  }

  static override flags = {
    'allow-untrusted': Flags.boolean({default: false, description: '签名者不受信任时仍制作标签（只用包内公钥核验签名；请先与该单位公布的指纹核对）'}),
    out: Flags.string({char: 'o', description: '输出文件（.pdf 或 .svg）；默认在案卷旁 <案卷文件名>-光盘标签.pdf'}),
    pubkey: Flags.string({description: '预期的签名公钥（PEM 文件）；给出时只认这一把'}),
  }

  async run(): Promise<LabelResult> {
    const {archive, ws} = this.archive()
    const label = await labelForArchive(archive, verifyOptionsFromFlags(ws, {allowUntrusted: this.flags['allow-untrusted'], pubkey: this.flags.pubkey}))
    const result = await writeLabel(label, this.flags.out)
    if (!this.jsonEnabled()) {
      this.log(`已生成光盘标签（${result.format.toUpperCase()}）：${result.out}`)
      this.log(`  案件 ${result.caseId}；案卷 SM3 ${result.archiveSm3}`)
      this.log(`  签名公钥指纹 ${result.signerFingerprint}`)
    }

    return result
  }

  /** The zip given, or the newest archive of the case given; the workspace (if any) supplies the trusted keys. */
  private archive(): {archive: string; ws: Workspace | null} {
    const path = resolve(this.args.source)
    const ws = this.workspaceForReading()
    if (existsSync(path)) return {archive: path, ws}
    if (!ws) throw notFound('WORKSPACE_NOT_FOUND', `${this.args.source} 不是文件；案件编号只在工作区内可用（用 --workspace 指定）`)
    return {archive: latestArchivePath(ws, this.args.source), ws}
  }
}
