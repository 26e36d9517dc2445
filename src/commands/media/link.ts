import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {findEvent} from '../../law/events.js'
import {type LinkResult, linkMedia} from '../../media/media-store.js'
import {resolveEventId} from '../../law/events.js'

export default class MediaLink extends BaseCommand<typeof MediaLink> {
  static override summary = '把音像文件关联到它所记录的程序步骤（音像记录义务检查据此判断）'
  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 M001 M002 --step onsite-inspection',
    '<%= config.bin %> <%= command.id %> 2026-0001 询问录音.wav --step inquiry --json',
  ]

  static override strict = false

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
    media: Args.string({description: '音像文件（可多个）：编号、SHA-256 前至少 8 位或文件名', required: true}),
  }

  static override flags = {
    step: Flags.string({description: '程序步骤（事件编号，如 inquiry）', required: true}),
  }

  async run(): Promise<LinkResult> {
    const {argv} = await this.parse(MediaLink)
    const ws = this.workspace()
    const result = linkMedia(ws, this.args.case, (argv as string[]).slice(1), resolveEventId(this.flags.step, '步骤（事件）'))
    if (!this.jsonEnabled()) {
      const step = `${findEvent(result.step)?.name ?? result.step}（${result.step}）`
      if (result.linked.length > 0) this.log(`已关联到 ${step}：${result.linked.join('、')}`)
      if (result.alreadyLinked.length > 0) this.log(`此前已关联：${result.alreadyLinked.join('、')}`)
    }

    await this.nextStep((steps) => steps.nextStepForCase(ws, this.args.case))

    return result
  }
}
