import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {tone} from '../../cli/render/tone.js'
import {closeCase} from '../../cases/case-service.js'
import {evaluateCaseInWorkspace} from '../../rules/check.js'
import type {Finding} from '../../rules/completeness.js'
import type {EventRecord} from '../../workspace/records.js'

export interface CaseCloseResult extends EventRecord {
  /** Errors `check` still finds after closing: closing is allowed, archiving them needs --force. */
  openErrors: Finding[]
}

export default class CaseClose extends BaseCommand<typeof CaseClose> {
  static override summary = '结案（记录 closed 事件）；仍有检查错误时列出并提醒'
  static override examples = ['<%= config.bin %> <%= command.id %> 2026-0001 --at 2026-05-20']

  static override args = {
    case: Args.string({description: '案件编号', required: true}),
  }

  static override flags = {
    at: Flags.string({description: '结案时间（默认现在）'}),
    note: Flags.string({description: '说明'}),
  }

  async run(): Promise<CaseCloseResult> {
    const ws = this.workspace()
    const event = closeCase(ws, this.args.case, {at: this.flags.at, note: this.flags.note})
    const openErrors = evaluateCaseInWorkspace(ws, event.caseId).findings.filter((finding) => finding.severity === 'error')
    if (!this.jsonEnabled()) {
      this.log(`案件 ${event.caseId} 已结案（${event.at}）`)
      if (openErrors.length > 0) {
        this.log(tone(`注意：检查仍发现 ${openErrors.length} 项错误，归档前应补正（或经负责人批准后 archive pack --force --reason）：`, 'warning'))
        for (const finding of openErrors) this.log(`  · ${finding.message}（${finding.article}）`)
      }
    }

    await this.nextStep((steps) => steps.nextStepForCase(ws, event.caseId))

    return {...event, openErrors}
  }
}
