import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {closeCase} from '../../cases/case-service.js'
import type {EventRecord} from '../../workspace/records.js'

export default class CaseClose extends BaseCommand<typeof CaseClose> {
  static override summary = '结案（记录 closed 事件）'
  static override examples = ['<%= config.bin %> <%= command.id %> 2026-0001 --at 2026-05-20']

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
  }

  static override flags = {
    at: Flags.string({description: '结案时间（默认现在）'}),
    note: Flags.string({description: '说明'}),
  }

  async run(): Promise<EventRecord> {
    const event = closeCase(this.workspace(), this.args.case, {at: this.flags.at, note: this.flags.note})
    if (!this.jsonEnabled()) this.log(`案件 ${event.caseId} 已结案（${event.at}）`)
    return event
  }
}
