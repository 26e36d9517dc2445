import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {confidentialView, type MediaView, viewMedia} from '../../access/confidential-view.js'
import {listMediaDetails, type MediaDetail} from '../../media/media-store.js'
import {humanBytes} from '../../platform/human-bytes.js'
import {MEDIA_KIND_NAMES} from '../../law/labels.js'
import {findEvent} from '../../law/events.js'

export interface MediaListResult {
  caseId: string
  /** Each file with its confidentiality mark (第四十七条), null when it carries none; a marked one's location and source masked unless the actor may read them. */
  media: Array<MediaView<MediaDetail>>
}

export default class MediaList extends BaseCommand<typeof MediaList> {
  static override summary = '列出案件的音像资料'
  static override examples = ['<%= config.bin %> <%= command.id %> 2026-0001', '<%= config.bin %> <%= command.id %> 2026-0001 --json']

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
  }

  async run(): Promise<MediaListResult> {
    const ws = this.workspace()
    const view = confidentialView(ws, this.args.case)
    const media = listMediaDetails(ws, this.args.case).map((item) => viewMedia(view, item))
    if (!this.jsonEnabled()) {
      if (media.length === 0) this.log(`案件 ${this.args.case} 还没有音像资料（用 zfjl media add 导入）。`)
      else {
        this.log(
          renderTable(
            ['编号', '文件', '类型', '大小', '拍摄时间', '时长', '步骤', '拍摄人', '保密'],
            media.map((item) => [
              // The case is in the command line already: M001 is what a person types next.
              item.id.slice(item.id.lastIndexOf('-') + 1),
              item.original,
              MEDIA_KIND_NAMES[item.kind],
              humanBytes(item.size),
              item.capturedAt?.slice(0, 16).replace('T', ' '),
              item.durationSec === null ? null : `${Math.round(item.durationSec * 10) / 10} 秒`,
              item.steps.map((step) => findEvent(step)?.name ?? step).join('、'),
              item.officer,
              item.mark?.className,
            ]),
          ),
        )
      }
    }

    return {caseId: this.args.case, media}
  }
}
