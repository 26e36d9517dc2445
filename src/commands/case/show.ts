import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {findEvent} from '../../law/events.js'
import {PARTY_TYPE_NAMES} from '../../law/document-fields.js'
import {findProcedure} from '../../law/procedures.js'
import {type CaseOverview, caseOverview} from '../../app/case-overview.js'
import type {CaseRecord, MediaKind} from '../../workspace/records.js'
import {MEDIA_KIND_NAMES} from '../../law/labels.js'


export const renderCaseSummary = (record: CaseRecord): string =>
  [
    `  案由：${record.title}`,
    `  程序：${findProcedure(record.procedure)?.name ?? record.procedure}（${record.procedure}）`,
    `  状态：${record.status === 'closed' ? '已结案' : '办理中'}`,
    ...record.parties.map(
      (party) => `  当事人：${party.name}${party.type ? `〔${PARTY_TYPE_NAMES[party.type]}〕` : ''}${party.idNumber ? `（${party.idNumber}）` : ''}${party.address ? `，${party.address}` : ''}`,
    ),
    `  执法人员：${record.officers.map((officer) => `${officer.name}（${officer.certNo}）`).join('、')}`,
  ].join('\n')

export default class CaseShow extends BaseCommand<typeof CaseShow> {
  static override summary = '查看案件：当事人、执法人员、事件时间线、文书、音像数量'
  static override examples = ['<%= config.bin %> <%= command.id %> 2026-0001', '<%= config.bin %> <%= command.id %> 2026-0001 --json']

  static override args = {
    case: Args.string({description: '案件编号 YYYY-NNNN', required: true}),
  }

  async run(): Promise<CaseOverview> {
    const overview = caseOverview(this.workspace(), this.args.case)
    if (!this.jsonEnabled()) {
      this.log(`案件 ${overview.id}`)
      this.log(renderCaseSummary(overview))
      this.log('\n时间线：')
      this.log(
        renderTable(
          ['#', '时间', '事件', '说明', '记录人'],
          overview.timeline.map((event) => [
            event.id,
            event.at,
            `${findEvent(event.event)?.name ?? event.event}（${event.event}）${event.supersededBy ? `〔已被 #${event.supersededBy} 更正〕` : ''}`,
            [event.note, event.reason ? `更正理由：${event.reason}` : null].filter(Boolean).join('；'),
            event.actor,
          ]),
        ),
      )
      const kinds = Object.entries(overview.media.byKind).map(([kind, count]) => `${MEDIA_KIND_NAMES[kind as MediaKind]} ${count}`)
      this.log(`\n文书 ${overview.documents.length} 份；音像及电子数据 ${overview.media.total} 个（${kinds.join('，') || '无'}）${overview.media.marked > 0 ? `，其中 ${overview.media.marked} 个涉密` : ''}`)
      for (const document of overview.documents) {
        const flags = [document.voided ? '作废' : null, document.mark ? document.mark.className : null].filter(Boolean)
        this.log(`  ${document.id}  ${document.name}${document.number ? `  ${document.number}` : ''}${flags.length > 0 ? `  〔${flags.join('，')}〕` : ''}`)
      }
    }

    return overview
  }
}
