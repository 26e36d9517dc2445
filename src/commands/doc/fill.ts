import {resolve} from 'node:path'

import {Args, Flags} from '@oclif/core'
import YAML from 'yaml'

import {BaseCommand} from '../../cli/base-command.js'
import {parseSetPairs, readDataFile} from '../../documents/data-file.js'
import {cleanFilledData, fillDataTemplate} from '../../documents/fill-data-template.js'
import {discardDraft, loadDraft, saveDraft} from '../../documents/fill-drafts.js'
import {validateTypedValue} from '../../documents/field-values.js'
import {answerProblem, fillDocument, type FillPlan, prepareFill, requireDocumentType} from '../../documents/fill-document.js'
import {documentFields} from '../../law/document-fields.js'
import {usageError, ZfjlError} from '../../platform/errors.js'
import {formatLocal} from '../../platform/local-time.js'
import type {Workspace} from '../../workspace/workspace.js'

export interface DocFillResult {
  id: string
  caseId: string
  type: string
  name: string
  number: string | null
  file: string
  sha256: string
  sm3: string
  /** Only with --pdf: the PDF path, or null when LibreOffice is not available. */
  pdf?: string | null
}

export interface DocFillTemplateResult {
  caseId: string | null
  type: string
  /** The commented YAML data file, as --template prints it. */
  template: string
}

export default class DocFill extends BaseCommand<typeof DocFill> {
  static override summary = '填写文书：校验字段、编文号、生成 .docx、登记摘要并记入审计链'
  static override description = [
    '字段取自 --data 文件（JSON 或 YAML）与 --set，缺省的由案件数据补全（当事人、地址、证件号、案由、执法人员及执法证号、日期）。各文书的字段见 zfjl catalog --json。',
    '在终端中，缺少的字段逐项询问，列表字段（问答、证据、物品……）逐条询问并问「再加一条？」；--editor 则用 $VISUAL/$EDITOR 打开带说明的 YAML。校验未通过时已输入的内容存为草稿，下次填写同一文书时询问是否使用。',
    '非终端时不询问，在一条错误中列出全部缺项。--template 输出该文书的 YAML 数据模板，供脚本填写后用 --data 提交。',
  ].join('\n')

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 penalty-decision --data decision.yaml',
    '<%= config.bin %> <%= command.id %> 2026-0001 询问笔录 --editor',
    '<%= config.bin %> <%= command.id %> 询问笔录 --template > inquiry.yaml',
    '<%= config.bin %> <%= command.id %> 2026-0001 correction-order --set facts=未取得卫生许可证擅自营业 --set deadline=2026-03-20 --json',
  ]

  static override args = {
    case: Args.string({description: '案件编号 YYYY-NNNN（--template 时可省略）'}),
    type: Args.string({description: '文书类型：英文编号（penalty-decision）或中文名称（行政处罚决定书）'}),
  }

  static override flags = {
    data: Flags.string({char: 'd', description: '字段数据文件（.json 或 .yaml）'}),
    date: Flags.string({description: '文书日期 YYYY-MM-DD（默认今天）；文号年份取自此日期'}),
    editor: Flags.boolean({description: '在编辑器（$VISUAL / $EDITOR）中填写带说明的 YAML（仅终端）'}),
    pdf: Flags.boolean({default: false, description: '同时用 LibreOffice 生成 PDF（未安装时给出提示，.docx 照常生成）'}),
    set: Flags.string({description: '字段值 key=value，可重复；列表字段用 JSON 数组', multiple: true}),
    template: Flags.boolean({description: '只输出该文书的 YAML 数据模板（含各字段说明），不生成文书'}),
  }

  async run(): Promise<DocFillResult | DocFillTemplateResult> {
    const {args, flags} = this
    if (flags.template) return this.printTemplate()
    if (!args.case || !args.type) throw usageError('DOC_FILL_ARGS', '请给出案件编号和文书类型，如 zfjl doc fill 2026-0001 询问笔录')
    const ws = this.workspace()
    let data = flags.data ? readDataFile(flags.data) : {}
    let set = parseSetPairs(flags.set ?? [])
    const type = requireDocumentType(args.type)
    const plan = prepareFill(ws, args.case, type.id, {data, date: flags.date, set})
    // Prompts and LibreOffice are loaded only when used: most calls are scripted and need neither.
    const prompts = await import('../../cli/prompts.js')
    const interactive = prompts.canPrompt(this.jsonEnabled())
    if (interactive) {
      let askAgain: string[] = []
      const draft = loadDraft(ws, plan.caseRecord.id, type.id)
      if (draft && (await prompts.askYesNo(`发现《${type.name}》未完成的草稿（保存于 ${formatLocal(new Date(draft.savedAt), ws.config.timezone).slice(0, 16).replace('T', ' ')}），接着填写吗？`))) {
        const resumed = withoutRefused(prepareFill(ws, args.case, type.id, {data: {...draft.values, ...data}, date: flags.date, set}), draft.values, (line) => this.status(line))
        data = {...resumed.values, ...data}
        askAgain = resumed.refused
      }

      if (flags.editor) {
        const {editText} = await import('../../cli/editor.js')
        const edited = editText(fillDataTemplate(type, plan.fields, {...data, ...set}), `${plan.caseRecord.id}-${type.id}.yaml`)
        data = cleanFilledData(parseEdited(edited))
        set = {}
      } else {
        // Answers join the data (below --set): list answers are arrays, which --set cannot carry.
        data = {...data, ...(await askForMissing(prompts, ws, prepareFill(ws, args.case, type.id, {data, date: flags.date, set}), askAgain))}
      }
    } else if (flags.editor) {
      throw usageError('EDITOR_NEEDS_TERMINAL', '--editor 需要在终端中运行；脚本请用 --data 文件（模板见 --template）')
    }

    const record = this.fillKeepingDraft(ws, plan.caseRecord.id, type.id, {data, date: flags.date, set}, interactive)
    const result: DocFillResult = {
      caseId: record.caseId,
      file: record.file,
      id: record.id,
      name: record.name,
      number: record.number,
      sha256: record.sha256,
      sm3: record.sm3,
      type: record.type,
    }
    if (flags.pdf) {
      const {convertToPdf} = await import('../../documents/pdf.js')
      const rendered = await convertToPdf(resolve(ws.root, record.file))
      result.pdf = rendered.ok ? rendered.pdf : null
      if (!rendered.ok) process.stderr.write(`${rendered.message}\n`)
    }

    if (!this.jsonEnabled()) {
      this.log(`已生成 ${record.id}《${record.name}》${record.number ? ` ${record.number}` : ''}`)
      this.log(`  文件：${record.file}`)
      this.log(`  SHA-256：${record.sha256}`)
      this.log(`  SM3：${record.sm3}`)
      if (result.pdf) this.log(`  PDF：${result.pdf}`)
    }

    await this.nextStep((steps) => steps.nextStepForDocument(ws, record.caseId, record.id))

    return result
  }

  /** A validation error must not throw away what the person typed: it becomes the draft the next run offers. */
  private fillKeepingDraft(ws: Workspace, caseId: string, typeId: string, input: {data: Record<string, unknown>; date?: string; set: Record<string, string>}, interactive: boolean) {
    try {
      const record = fillDocument(ws, caseId, typeId, input)
      discardDraft(ws, caseId, typeId)
      return record
    } catch (error) {
      if (!interactive || !(error instanceof ZfjlError) || error.kind !== 'usage') throw error
      // Only the document's own fields: a mistyped key would otherwise make the draft fail every time.
      const keys = new Set(documentFields(typeId).map((field) => field.key))
      saveDraft(ws, caseId, typeId, Object.fromEntries(Object.entries({...input.data, ...input.set}).filter(([key]) => keys.has(key))))
      throw usageError(
        error.code,
        `${error.message}\n已输入的内容已存为草稿：再次运行 zfjl doc fill ${caseId} ${typeId} 时接着填写，有误的字段会重新询问；也可用 --set 字段=值 或 --editor 改正。`,
        error.details,
      )
    }
  }

  private printTemplate(): DocFillTemplateResult {
    // `doc fill --template 询问笔录` names only the type; with a case the case's values are shown too.
    const typeArg = this.args.type ?? this.args.case
    if (!typeArg) throw usageError('DOC_FILL_ARGS', '请给出文书类型，如 zfjl doc fill --template 询问笔录')
    const type = requireDocumentType(typeArg)
    const caseId = this.args.type ? (this.args.case ?? null) : null
    const given = {...(this.flags.data ? readDataFile(this.flags.data) : {}), ...parseSetPairs(this.flags.set ?? [])}
    const template = fillDataTemplate(type, documentFields(type.id), given)
    if (!this.jsonEnabled()) process.stdout.write(template)
    return {caseId, template, type: type.id}
  }
}

const parseEdited = (text: string): Record<string, unknown> => {
  let parsed: unknown
  try {
    parsed = YAML.parse(text)
  } catch (error) {
    throw usageError('DATA_FILE_INVALID', `编辑后的内容不是有效的 YAML：${(error as Error).message.split('\n')[0]}`)
  }

  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
}

/**
 * A resumed draft without the values the fill refuses, each named on stderr, so that they are asked
 * again rather than replayed into the same refusal; values given on the command line stay (they win).
 */
const withoutRefused = (plan: FillPlan, draft: Record<string, unknown>, say: (line: string) => void): {values: Record<string, unknown>; refused: string[]} => {
  const refused = plan.invalid.filter((key) => key in draft)
  if (refused.length === 0) return {refused, values: draft}
  const fields = plan.fields.filter((field) => refused.includes(field.key)).map((field) => `${field.label}（${field.key}）`)
  say(`草稿中 ${fields.join('、')} 的值有误，请重新填写：${plan.problems.join('；')}`)
  return {refused, values: Object.fromEntries(Object.entries(draft).filter(([key]) => !refused.includes(key)))}
}

/**
 * Every missing value of the plan, and the optional ones in `askAgain` (a draft's refused values),
 * scalar fields first, then list fields row by row; each answer is checked as it is typed.
 */
const askForMissing = async (prompts: typeof import('../../cli/prompts.js'), ws: Workspace, plan: FillPlan, askAgain: readonly string[]): Promise<Record<string, unknown>> => {
  const asked = plan.fields.filter((field) => plan.missing.includes(field) || askAgain.includes(field.key))
  const isList = (field: FillPlan['fields'][number]) => field.kind === 'list' || field.kind === 'signatures'
  const answers: Record<string, unknown> = await prompts.askMissing(
    asked
      .filter((field) => !isList(field))
      .map((field) => ({
        key: field.key,
        label: `${field.label}（${field.key}）`,
        optional: !plan.missing.includes(field),
        validate: (text: string) => answerProblem(ws, plan, field, text),
      })),
  )
  for (const field of asked.filter((entry) => isList(entry))) {
    answers[field.key] = await prompts.askRows(
      field.label,
      (field.columns ?? []).map((column) => ({
        key: column.key,
        label: `${column.label}${column.required ? '' : '（可空）'}`,
        optional: !column.required,
        validate: (text: string) => validateTypedValue(column, text),
      })),
    )
  }

  return answers
}
