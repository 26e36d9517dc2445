import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {handoverMedia, type HandoverResult} from '../../media/media-handover.js'

export default class MediaHandover extends BaseCommand<typeof MediaHandover> {
  static override summary = '音像资料交接：记录移交人、接收人、时间和每个文件当时的摘要（第四十二条）'
  static override description =
    '移交前逐个重新计算 SHA-256 与 SM3，任何文件与登记不符即拒绝整次交接（退出码 6）。接收人须具有档案管理员（custodian）角色。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 --from 张伟 --all-pending',
    '<%= config.bin %> <%= command.id %> 2026-0001 --from 张伟 --to 赵敏 --media M001,M002 --at 2026-03-02T18:00',
  ]

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
  }

  static override flags = {
    'all-pending': Flags.boolean({default: false, description: '移交全部尚未移交的文件', exclusive: ['media']}),
    at: Flags.string({description: '交接时间（本地时间，默认现在）'}),
    from: Flags.string({description: '移交人', required: true}),
    media: Flags.string({delimiter: ',', description: '要移交的文件（编号、SHA-256 前缀或文件名；逗号分隔或重复给出）', multiple: true}),
    to: Flags.string({description: '接收人，只能是操作人本人（档案管理员）；可省略'}),
  }

  async run(): Promise<HandoverResult> {
    const ws = this.workspace()
    const result = await handoverMedia(ws, this.args.case, {
      allPending: this.flags['all-pending'],
      at: this.flags.at,
      from: this.flags.from,
      media: this.flags.media,
      to: this.flags.to,
    })
    if (!this.jsonEnabled()) {
      this.log(`交接记录 ${result.id}：${result.from} → ${result.to}，${result.at}，共 ${result.items.length} 个文件（摘要均与登记一致）`)
      for (const item of result.items) this.log(`  ${item.mediaId} ${item.original} SM3 ${item.sm3}`)
      if (result.documentId) this.log(`已生成音像资料交接记录 ${result.documentId}`)
    }

    await this.nextStep((steps) => steps.nextStepForHandover(ws, this.args.case))

    return result
  }
}
