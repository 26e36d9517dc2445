import {Args} from '@oclif/core'

import {confidentialView, type MediaView, viewMedia} from '../../access/confidential-view.js'
import {BaseCommand} from '../../cli/base-command.js'
import {findMediaDetail, type HandoverRecord, listHandovers, type MediaDetail} from '../../media/media-store.js'
import {humanBytes} from '../../platform/human-bytes.js'

export interface MediaShowResult extends MediaView<MediaDetail> {
  handovers: Array<Pick<HandoverRecord, 'id' | 'from' | 'to' | 'at'>>
}

export default class MediaShow extends BaseCommand<typeof MediaShow> {
  static override summary = '查看一个音像文件的登记信息（摘要、元数据、关联步骤、交接）'
  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 2026-0001-M001',
    '<%= config.bin %> <%= command.id %> 2026-0001 M001 --json',
    '<%= config.bin %> <%= command.id %> 2026-0001 3f9a1c0b',
  ]

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
    media: Args.string({description: '音像文件：编号（2026-0001-M001 或 M001）、SHA-256 前至少 8 位，或文件名', required: true}),
  }

  async run(): Promise<MediaShowResult> {
    const ws = this.workspace()
    const media = viewMedia(confidentialView(ws, this.args.case), findMediaDetail(ws, this.args.case, this.args.media))
    const handovers = listHandovers(ws, this.args.case)
      .filter((handover) => handover.items.some((item) => item.mediaId === media.id))
      .map(({at, from, id, to}) => ({at, from, id, to}))
    if (!this.jsonEnabled()) {
      const lines: Array<[string, string | number | null]> = [
        ['编号', media.id],
        ['文件', media.file],
        ['原文件名', media.original + (media.originalRawHex ? `（原始字节 ${media.originalRawHex}）` : '')],
        ['来源', media.sourcePath],
        ['类型', `${media.kind}${media.format ? `（${media.format}）` : ''}`],
        ['大小', `${humanBytes(media.size)}（${media.size} 字节）`],
        ['SHA-256', media.sha256],
        ['SM3', media.sm3],
        ['拍摄时间', media.capturedAt ? `${media.capturedAt}（${media.captureSource}）` : null],
        ['文件名时间', media.nameTime],
        ['时长', media.durationSec === null ? null : `${media.durationSec} 秒`],
        ['尺寸', media.width && media.height ? `${media.width}×${media.height}` : null],
        ['位置', media.gps ? `${media.gps.latitude}, ${media.gps.longitude}` : null],
        ['设备', [media.make, media.model, media.serial, media.device].filter(Boolean).join(' ') || null],
        ['拍摄人', media.officer],
        ['关联步骤', media.steps.join('、') || null],
        ['交接', handovers.map((handover) => `${handover.id} ${handover.from}→${handover.to} ${handover.at}`).join('；') || null],
        ['登记', `${media.addedAt} ${media.addedBy}`],
        ['保密', media.mark ? `${media.mark.className}${media.masked ? '（位置、来源路径已屏蔽）' : ''}` : null],
      ]
      for (const [label, value] of lines) if (value !== null && value !== '') this.log(`${label}：${value}`)
      for (const warning of media.warnings) this.log(`注意：${warning}`)
    }

    return {...media, handovers}
  }
}
