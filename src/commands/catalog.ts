import {Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {renderTable} from '../cli/render/table.js'
import {AV_DUTIES, AV_ONLY_STEPS, type AvDuty, NON_DOCUMENT_DUTIES} from '../law/av-duties.js'
import {documentFields, type FieldDef} from '../law/document-fields.js'
import {DOCUMENT_TYPES, type DocumentType} from '../law/documents.js'
import {type EventDefinition, EVENTS} from '../law/events.js'
import {shortArticle} from '../law/labels.js'
import {type Procedure, PROCEDURE_IDS, PROCEDURES} from '../law/procedures.js'
import {CHECK_RULES, type CheckRuleEntry} from '../rules/check-rules.js'

interface CatalogField {
  key: string
  label: string
  required: boolean
  kind: FieldDef['kind']
  columns?: CatalogField[]
  /** For kind `choice`: the values accepted. */
  choices?: readonly string[]
}

export interface CatalogResult {
  procedures: Procedure[]
  documents: Array<DocumentType & {fields: CatalogField[]}>
  events: readonly EventDefinition[]
  avDuties: AvDuty[]
  avOnlySteps: string[]
  duties: Array<(typeof NON_DOCUMENT_DUTIES)[number]>
  /** Every rule id `zfjl check` reports, with what it checks and its article. */
  checkRules: CheckRuleEntry[]
}

const toCatalogField = (field: FieldDef): CatalogField => ({
  choices: field.choices,
  columns: field.columns?.map((column) => toCatalogField(column)),
  key: field.key,
  kind: field.kind,
  label: field.label,
  required: field.required,
})

const AV_LABEL = {av: '音像记录', 'av-full': '全程音像记录'} as const

export default class Catalog extends BaseCommand<typeof Catalog> {
  static override summary = '目录：五类程序、40 种文书（字段、文号、类别字）、事件、音像记录义务、非文书义务、检查规则'
  static override description =
    '凡接受文书类型的命令，都可用英文编号（如 penalty-decision）或中文名称（如 行政处罚决定书）。--json 中每种文书带 fields: [{key, label, required, kind, choices}]，脚本据此准备 --data（kind 为 choice 时取 choices 之一，flag 为 是/否）。'

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --procedure coercion',
    '<%= config.bin %> <%= command.id %> --json',
  ]

  static override flags = {
    procedure: Flags.string({description: '只列出该程序用到的文书、事件和音像义务', options: PROCEDURE_IDS}),
  }

  async run(): Promise<CatalogResult> {
    const {procedure} = this.flags
    const appliesTo = (procedures: readonly string[] | 'all' | 'any') =>
      !procedure || procedures === 'all' || procedures === 'any' || procedures.includes(procedure)
    const result: CatalogResult = {
      avDuties: AV_DUTIES.filter((duty) => appliesTo(duty.procedures)),
      avOnlySteps: [...AV_ONLY_STEPS],
      checkRules: [...CHECK_RULES],
      documents: DOCUMENT_TYPES.filter((type) => appliesTo(type.procedures)).map((type) => ({
        ...type,
        fields: documentFields(type.id).map((field) => toCatalogField(field)),
      })),
      duties: [...NON_DOCUMENT_DUTIES],
      events: EVENTS.filter((event) => appliesTo(event.procedures)),
      procedures: PROCEDURES.filter((entry) => !procedure || entry.id === procedure),
    }
    if (!this.jsonEnabled()) {
      this.log(renderTable(['程序', '名称', '条款'], result.procedures.map((entry) => [entry.id, entry.name, entry.articles])))
      const avOf = (type: DocumentType) =>
        [...new Set(AV_DUTIES.filter((duty) => type.steps.includes(duty.event)).map((duty) => AV_LABEL[duty.level]))].join('；') || '—'
      this.log(
        renderTable(
          ['文书编号', '文书', '环节', '音像', '文号（类别字）', '条款'],
          result.documents.map((type) => [
            type.id,
            type.name,
            type.stepName,
            avOf(type),
            type.numbering === 'docno' ? `文号（${type.categoryCode}）` : type.numbering === 'serial' ? '编号' : '—',
            type.article,
          ]),
        ),
      )
      this.log(renderTable(['事件编号', '名称'], result.events.map((event) => [event.id, event.name])))
      this.log(
        renderTable(
          ['需音像记录的环节', '程序', '要求', '条款'],
          result.avDuties.map((duty) => [duty.event, duty.procedures.join('、'), `${AV_LABEL[duty.level]}：${duty.what}`, duty.article]),
        ),
      )
      this.log(renderTable(['检查规则', '检查内容', '条款'], result.checkRules.map((rule) => [rule.id, rule.description, shortArticle(rule.article)])))
    }

    return result
  }
}
