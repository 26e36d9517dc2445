import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {findEvent} from '../../law/events.js'
import {recordEvent} from '../../cases/case-service.js'
import type {EventRecord} from '../../workspace/records.js'
import {resolveEventId} from '../../law/events.js'

export default class CaseEvent extends BaseCommand<typeof CaseEvent> {
  static override summary = '记录程序事件（事件只增不改；更正用 --supersedes 和 --reason）'
  static override description =
    '事件编号见 zfjl catalog --json 的 events（如 filed、prior-notice-served、decision-served）。--at 接受 YYYY-MM-DD 或 YYYY-MM-DDTHH:mm[:ss][+08:00]，不得晚于当前时间；缺省为现在。pause-start 必须用 --note 写明中止原因。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 filed --at 2026-03-02',
    '<%= config.bin %> <%= command.id %> 2026-0001 pause-start --at 2026-03-10 --note 样品送检',
    '<%= config.bin %> <%= command.id %> 2026-0001 filed --at 2026-03-03 --supersedes 4 --reason 立案日期录入错误',
  ]

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
    event: Args.string({description: '事件编号，如 filed', required: true}),
  }

  static override flags = {
    at: Flags.string({description: '发生时间（本地时间，默认现在）'}),
    note: Flags.string({description: '说明'}),
    reason: Flags.string({dependsOn: ['supersedes'], description: '更正理由（与 --supersedes 同用）'}),
    supersedes: Flags.integer({description: '被更正事件的编号（#）'}),
  }

  async run(): Promise<EventRecord> {
    const ws = this.workspace()
    const event = recordEvent(ws, this.args.case, resolveEventId(this.args.event), {
      at: this.flags.at,
      note: this.flags.note,
      reason: this.flags.reason,
      supersedes: this.flags.supersedes,
    })
    if (!this.jsonEnabled()) {
      this.log(`已记录 ${event.caseId} #${event.id}：${findEvent(event.event)?.name ?? event.event}（${event.event}），${event.at}`)
      if (event.supersedes !== null) this.log(`  更正事件 #${event.supersedes}，理由：${event.reason}`)
    }

    await this.nextStep((steps) => steps.nextStepForCase(ws, event.caseId))

    return event
  }
}
