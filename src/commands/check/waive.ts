import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {type Waiver, waiveFinding} from '../../rules/waivers.js'

export default class CheckWaive extends BaseCommand<typeof CheckWaive> {
  static override summary = '豁免一项检查发现（执法机构负责人，须写明理由；留痕，列入考核报告）'
  static override description =
    '经负责人决定接受的发现（如已强制归档的旧案）不再使 zfjl check 以退出码 1 结束，但仍列在 check 的 waived 和 zfjl report 的 waivers 中。规则编号见 zfjl catalog 的检查规则；--subject 只豁免该事件或文书的发现，省略则豁免该案件该规则的全部发现。豁免只增不删。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2025-0042 platform-entry-closed --by 王建国 --reason 该案2025年已纸质归档，平台当时未开通',
    '<%= config.bin %> <%= command.id %> 2025-0042 av-full-record --subject statement-heard --by 王建国 --reason 当事人拒绝录像，已在笔录中注明',
  ]

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
    rule: Args.string({description: '检查规则编号（finding 的 rule）', required: true}),
  }

  static override flags = {
    by: Flags.string({description: '作出豁免决定的负责人（默认当前操作人）'}),
    reason: Flags.string({description: '豁免理由', required: true}),
    subject: Flags.string({description: '只豁免该事件或文书的发现（finding 的 subject）'}),
  }

  async run(): Promise<Waiver> {
    const ws = this.workspace()
    const waiver = waiveFinding(ws, this.args.case, {by: this.flags.by ?? ws.actor.name, reason: this.flags.reason, rule: this.args.rule, subject: this.flags.subject})
    if (!this.jsonEnabled()) this.log(`已豁免 ${waiver.caseId} 的 ${waiver.rule}${waiver.subject ? `（${waiver.subject}）` : ''}：${waiver.by}，${waiver.at}`)
    return waiver
  }
}
