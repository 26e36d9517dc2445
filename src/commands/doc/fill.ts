import {resolve} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {parseSetPairs, readDataFile} from '../../documents/data-file.js'
import {validateTypedValue} from '../../documents/field-values.js'
import {fillDocument, prepareFill} from '../../documents/fill-document.js'

export interface DocFillResult {
  id: string
  case: string
  type: string
  name: string
  number: string | null
  file: string
  sha256: string
  sm3: string
  /** Only with --pdf: the PDF path, or null when LibreOffice is not available. */
  pdf?: string | null
}

export default class DocFill extends BaseCommand<typeof DocFill> {
  static override summary = '填写文书：校验字段、编文号、生成 .docx、登记摘要并记入审计链'
  static override description =
    '字段取自 --data 文件（JSON 或 YAML）与 --set，缺省的由案件数据补全（当事人、地址、证件号、案由、执法人员及执法证号、日期）。各文书的字段见 zfjl catalog --json。在终端中缺少的字段会逐项询问；非终端时在一条错误中列出全部缺项。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 penalty-decision --data decision.yaml',
    '<%= config.bin %> <%= command.id %> 2026-0001 询问笔录 --data inquiry.json --date 2026-03-10',
    '<%= config.bin %> <%= command.id %> 2026-0001 correction-order --set facts=未取得卫生许可证擅自营业 --set deadline=2026-03-20 --json',
  ]

  static override args = {
    case: Args.string({description: '案件编号 YYYY-NNNN', required: true}),
    type: Args.string({description: '文书类型：英文编号（penalty-decision）或中文名称（行政处罚决定书）', required: true}),
  }

  static override flags = {
    data: Flags.string({char: 'd', description: '字段数据文件（.json 或 .yaml）'}),
    date: Flags.string({description: '文书日期 YYYY-MM-DD（默认今天）；文号年份取自此日期'}),
    pdf: Flags.boolean({default: false, description: '同时用 LibreOffice 生成 PDF（未安装时给出提示，.docx 照常生成）'}),
    set: Flags.string({description: '字段值 key=value，可重复；列表字段用 JSON 数组', multiple: true}),
  }

  async run(): Promise<DocFillResult> {
    const ws = this.workspace()
    const {args, flags} = this
    const data = flags.data ? readDataFile(flags.data) : undefined
    let set = parseSetPairs(flags.set ?? [])
    const plan = prepareFill(ws, args.case, args.type, {data, date: flags.date, set})
    const askable = plan.missing.filter((field) => field.kind !== 'list' && field.kind !== 'signatures')
    // Prompts and LibreOffice are loaded only when used: most calls are scripted and need neither.
    const prompts = askable.length > 0 ? await import('../../cli/prompts.js') : undefined
    if (prompts && prompts.canPrompt(this.jsonEnabled())) {
      const answers = await prompts.askMissing(
        askable.map((field) => ({key: field.key, label: `${field.label}（${field.key}）`, validate: (text: string) => validateTypedValue(field, text)})),
      )
      set = {...set, ...answers}
    }

    const record = fillDocument(ws, args.case, args.type, {data, date: flags.date, set})
    const result: DocFillResult = {
      case: record.caseId,
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

    return result
  }
}
