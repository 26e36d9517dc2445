import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {renderTable} from '../cli/render/table.js'
import {loadCaseItems} from '../access/case-items.js'
import {exportCase, type ExportResult} from '../access/export.js'

export default class Export extends BaseCommand<typeof Export> {
  static override summary = '按批准导出（复制）案件的文书与音像文件，附签名清单（第四十六、四十七条）'
  static override description =
    '只复制复制申请中批准的文件；有保密标记的文件仅在批准包括涉密内容时复制，否则跳过并列出。须有本案件的、已批准且未过期的申请；一次性批准用过即失效。复制时逐个计算 SHA-256 与 SM3 并与登记值核对，不符则中止（退出码 6）。每个文件生成一条复制记录；导出中的 manifest.json 写明申请、申请人、批准人、操作人与每个文件的摘要，并以工作区密钥签名（manifest.sig，公钥 manifest.pub.pem），可用 zfjl copy verify 或 openssl 校验。--out 以 .zip 结尾时写 zip，否则写文件夹；已存在的路径不会被覆盖。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 --approval CR-2026-0001 --out ./复制件-2026-0001.zip',
    '<%= config.bin %> <%= command.id %> 2026-0001 --approval CR-2026-0001 --out ./复制件 --json',
  ]

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
  }

  static override flags = {
    approval: Flags.string({description: '已批准的复制申请编号（CR-YYYY-NNNN）'}),
    out: Flags.string({description: '输出文件夹或 .zip 文件（不得已存在）', required: true}),
  }

  async run(): Promise<ExportResult> {
    const ws = this.workspace()
    this.status(`正在按复制申请 ${this.flags.approval ?? '（未指定）'} 导出案件 ${this.args.case} …`)
    const result = await exportCase(ws, {approval: this.flags.approval, caseId: this.args.case, out: this.flags.out}, loadCaseItems(ws, this.args.case))
    if (!this.jsonEnabled()) {
      this.log(`已导出 ${result.export}：${result.files.length} 个文件 → ${result.out}`)
      this.log(`依据复制申请 ${result.approval}（申请人 ${result.requester}，批准人 ${result.grantor}），操作人 ${result.actor}`)
      this.log(renderTable(['复制记录', '文件', '内容', 'SHA-256'], result.files.map((file) => [file.serial, file.path, file.label, file.sha256])))
      if (result.skipped.length > 0) {
        this.log('未导出（涉密，批准未包括涉密内容）：')
        for (const entry of result.skipped) this.log(`  ${entry.item}  ${entry.label}（${entry.className}）`)
      }

      this.log(`清单 ${result.manifest.file} 已以 ${result.signature.algorithm} 签名（${result.manifest.signature}，密钥指纹 ${result.signature.fingerprint}）`)
    }

    await this.nextStep(() => `zfjl copy verify ${result.out}`)

    return result
  }
}
