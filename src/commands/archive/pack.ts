import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {packCase, type PackResult} from '../../archive/pack-case.js'

export default class ArchivePack extends BaseCommand<typeof ArchivePack> {
  static override summary = '案卷归档：打包为签名的 BagIt 1.0 zip（文书、音像、电子数据、卷内目录、case.json）'
  static override description = `每个文件只读一遍：边计算 SHA-256/SM3 边写入 zip（音像原样存储，文本压缩），并与导入或制作时登记的摘要比对，不符即中止并指出文件（退出码 6）。
先写入临时文件，完成后才改名为 --out，中断不会留下残缺的案卷。检查（zfjl check）有错误时拒绝归档，除非 --force --reason。
案卷自身的 SHA-256/SM3、大小和签名公钥指纹记入目录库和审计链。`

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001',
    '<%= config.bin %> <%= command.id %> 2026-0001 --out /media/disc/2026-0001.zip --json',
    '<%= config.bin %> <%= command.id %> 2026-0001 --force --reason 当事人下落不明，决定书公告送达期间先行归档',
  ]

  static override args = {
    case: Args.string({description: '案件编号 YYYY-NNNN', required: true}),
  }

  static override flags = {
    force: Flags.boolean({default: false, description: '检查有错误时仍归档（须同时给 --reason；操作人须为执法机构负责人，记入 bag-info 与审计链）'}),
    out: Flags.string({char: 'o', description: '案卷 zip 路径；默认 cases/<案件>/archive/<案件>-<时间>.zip'}),
    reason: Flags.string({description: '强制归档的理由，写入 bag-info.txt 和审计链'}),
  }

  async run(): Promise<PackResult> {
    const ws = this.workspace()
    let lastShown = -1
    const result = await packCase(ws, this.args.case, {
      force: this.flags.force,
      onProgress: (done, total) => {
        const percent = Math.floor((done / total) * 100)
        if (percent >= lastShown + 10 || done === total) {
          lastShown = percent
          this.status(`  已处理 ${done}/${total} 个文件`)
        }
      },
      out: this.flags.out,
      reason: this.flags.reason,
    })
    if (!this.jsonEnabled()) {
      this.log(`已归档案件 ${result.caseId}：${result.path}`)
      this.log(`  大小：${result.size} 字节（载荷 ${result.payloadFiles} 个文件，Payload-Oxum ${result.payloadOxum}）`)
      this.log(`  SHA-256：${result.sha256}`)
      this.log(`  SM3：${result.sm3}`)
      this.log(`  签名：${result.signatureAlgorithm.toUpperCase()}，公钥指纹 ${result.signerFingerprint}`)
      if (result.forcedReason) this.log(`  强制归档（检查错误 ${result.checkErrors} 项）：${result.forcedReason}`)
    }

    // Verify the archive as a recipient would, then print its disc label.
    await this.nextStep(() => `zfjl archive verify ${result.caseId}，然后 zfjl archive label ${result.caseId}`)

    return result
  }
}
