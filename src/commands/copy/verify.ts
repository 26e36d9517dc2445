import {Args} from '@oclif/core'
import {resolve} from 'node:path'

import {BaseCommand} from '../../cli/base-command.js'
import {type ExportVerification, verifyExport} from '../../access/verify-export.js'

export default class CopyVerify extends BaseCommand<typeof CopyVerify> {
  static override summary = '校验一份导出（文件夹或 zip）：清单签名、文件摘要，以及工作区中的复制记录'
  static override description =
    '在工作区内运行时还核对签名密钥是本工作区的、每个文件都有复制记录；在工作区外只校验签名与摘要。只读：不创建或升级数据库。发现问题时以退出码 1 结束。'

  static override examples = ['<%= config.bin %> <%= command.id %> ./复制件-2026-0001.zip', '<%= config.bin %> <%= command.id %> ./export-folder --json']

  static override args = {
    path: Args.string({description: '导出的文件夹或 .zip', required: true}),
  }

  async run(): Promise<ExportVerification> {
    const result = await verifyExport(resolve(this.args.path), this.workspaceForReading() ?? undefined)
    if (!result.ok) this.markFindings()
    if (!this.jsonEnabled()) {
      this.log(result.ok ? `校验通过：${result.path}` : `校验未通过：${result.path}`)
      if (result.export) {
        this.log(`  导出 ${result.export}（案件 ${result.caseId}），依据复制申请 ${result.approval}：申请人 ${result.requestedBy}，批准人 ${result.grantedBy}`)
        this.log(`  由 ${result.actor} 于 ${result.exportedAt} 导出，${result.files} 个文件`)
      }

      this.log(
        `  签名：${result.signature.valid ? '有效' : '无效'}（${result.signature.algorithm ?? '未知算法'}，密钥指纹 ${result.signature.fingerprint ?? '无'}` +
          `${result.signature.workspaceKey === null ? '' : result.signature.workspaceKey ? '，本工作区密钥' : '，不是本工作区密钥'}）`,
      )
      for (const problem of result.problems) this.log(`  ✗ ${problem.message}`)
    }

    return result
  }
}
