import {existsSync} from 'node:fs'
import {resolve} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {notFound} from '../../platform/errors.js'
import type {Workspace} from '../../workspace/workspace.js'
import {labelForCase, labelForZip, type LabelResult, writeLabel} from '../../archive/label-source.js'

export default class ArchiveLabel extends BaseCommand<typeof ArchiveLabel> {
  static override summary = '光盘标签与封套（第四十三条）：PDF 或 SVG，含案卷 SM3、签名公钥指纹和二维码'
  static override description = `给出案件编号时用该案最新的案卷（须先 archive pack）；给出 zip 文件时直接读取案卷。只读：不在当前目录创建或升级数据库。
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
    out: Flags.string({char: 'o', description: '输出文件（.pdf 或 .svg）；默认在案卷旁 <案件>-光盘标签.pdf'}),
  }

  async run(): Promise<LabelResult> {
    const path = resolve(this.args.source)
    const label = existsSync(path) ? await labelForZip(path) : labelForCase(this.caseWorkspace(), this.args.source)
    const result = await writeLabel(label, this.flags.out)
    if (!this.jsonEnabled()) {
      this.log(`已生成光盘标签（${result.format.toUpperCase()}）：${result.out}`)
      this.log(`  案件 ${result.caseId}；案卷 SM3 ${result.archiveSm3}`)
      this.log(`  签名公钥指纹 ${result.signerFingerprint}`)
    }

    return result
  }

  private caseWorkspace(): Workspace {
    const ws = this.workspaceForReading()
    if (!ws) throw notFound('WORKSPACE_NOT_FOUND', `${this.args.source} 不是文件；案件编号只在工作区内可用（用 --workspace 指定）`)
    return ws
  }
}
