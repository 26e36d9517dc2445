import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {findProcedure, PROCEDURE_IDS} from '../../law/procedures.js'
import {listCases} from '../../cases/case-service.js'
import type {CaseRecord} from '../../workspace/records.js'

export interface CaseListResult {
  cases: CaseRecord[]
}

export default class CaseList extends BaseCommand<typeof CaseList> {
  static override summary = '列出案件'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --procedure penalty-general --status open --json',
  ]

  static override flags = {
    procedure: Flags.string({description: '只列出该程序的案件', options: PROCEDURE_IDS}),
    status: Flags.string({description: '只列出办理中（open）或已结案（closed）的案件', options: ['open', 'closed']}),
  }

  async run(): Promise<CaseListResult> {
    const cases = listCases(this.workspace(), {
      procedure: this.flags.procedure,
      status: this.flags.status as 'closed' | 'open' | undefined,
    })
    if (!this.jsonEnabled()) {
      if (cases.length === 0) this.log('没有符合条件的案件。')
      else {
        this.log(
          renderTable(
            ['编号', '程序', '案由', '当事人', '执法人员', '状态'],
            cases.map((record) => [
              record.id,
              findProcedure(record.procedure)?.name ?? record.procedure,
              record.title,
              record.parties.map((party) => party.name).join('、'),
              record.officers.map((officer) => officer.name).join('、'),
              record.status === 'closed' ? '已结案' : '办理中',
            ]),
          ),
        )
      }
    }

    return {cases}
  }
}
