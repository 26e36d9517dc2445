import {Flags} from '@oclif/core'

import {caseAgenda, type CaseAgendaEntry} from '../../app/case-agenda.js'
import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {findProcedure, PROCEDURE_IDS} from '../../law/procedures.js'

export interface CaseListResult {
  asOf: string
  /** Each case with its archive status (last archive, its SM3, changed since) and running periods. */
  cases: CaseAgendaEntry[]
}

export default class CaseList extends BaseCommand<typeof CaseList> {
  static override summary = '列出案件（可按程序、状态、执法人员、归档情况、临近期限筛选）'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --procedure penalty-general --status open --json',
    '<%= config.bin %> <%= command.id %> --status closed --unarchived --json',
    '<%= config.bin %> <%= command.id %> --officer 张伟 --due-within 5',
  ]

  static override flags = {
    archived: Flags.boolean({description: '只列出已有最新归档的案件（归档后记录未再改动）', exclusive: ['unarchived']}),
    'as-of': Flags.string({description: '期限按哪一天判断（YYYY-MM-DD，默认今天）'}),
    'due-within': Flags.integer({description: '只列出有期限在 N 天内到期（或已逾期）的案件', min: 0}),
    officer: Flags.string({description: '只列出该执法人员承办的案件（姓名）'}),
    procedure: Flags.string({description: '只列出该程序的案件', options: PROCEDURE_IDS}),
    status: Flags.string({description: '只列出办理中（open）或已结案（closed）的案件', options: ['open', 'closed']}),
    unarchived: Flags.boolean({description: '只列出从未归档、或归档后记录又有改动的案件', exclusive: ['archived']}),
  }

  async run(): Promise<CaseListResult> {
    const {asOf, cases} = caseAgenda(this.workspace(), {
      archived: this.flags.archived ? true : this.flags.unarchived ? false : undefined,
      asOf: this.flags['as-of'],
      dueWithinDays: this.flags['due-within'],
      officer: this.flags.officer,
      procedure: this.flags.procedure,
      status: this.flags.status as 'closed' | 'open' | undefined,
    })
    if (!this.jsonEnabled()) {
      if (cases.length === 0) this.log('没有符合条件的案件。')
      else {
        this.log(
          renderTable(
            ['编号', '程序', '案由', '当事人', '执法人员', '状态', '归档'],
            cases.map((record) => [
              record.id,
              findProcedure(record.procedure)?.name ?? record.procedure,
              record.title,
              record.parties.map((party) => party.name).join('、'),
              record.officers.map((officer) => officer.name).join('、'),
              record.status === 'closed' ? '已结案' : '办理中',
              record.archive.lastArchive === null ? '未归档' : record.archive.changedSince ? '归档后有改动' : `已归档 ${record.archive.lastArchive.packedAt.slice(0, 10)}`,
            ]),
          ),
        )
      }
    }

    return {asOf, cases}
  }
}
