import {existsSync, mkdirSync, rmSync} from 'node:fs'
import {join, relative, sep} from 'node:path'

import Docxtemplater from 'docxtemplater'
import PizZip from 'pizzip'

import type {AuditEntry} from '../platform/db/audit-chain.js'
import {digestBytes} from '../platform/digest/digest.js'
import {getCase, insertStepEvent} from '../cases/case-service.js'
import {DOCUMENT_TYPES, type DocumentType, fillEventOf, findDocumentType, STEP_TIME_FIELDS} from '../law/documents.js'
import {documentFields, type FieldDef} from '../law/document-fields.js'
import {fillLimitsOf} from '../law/fill-limits.js'
import {conflict, usageError, ZfjlError} from '../platform/errors.js'
import {assertNotFuture, formatLocal, parseDate, parseUserDateTime, todayLocal} from '../platform/local-time.js'
import type {CaseRecord, DocumentRecord} from '../workspace/records.js'
import {type Placement, requireStagingFor, stagingPath, writeStaged} from '../workspace/file-placement.js'
import type {Workspace} from '../workspace/workspace.js'
import {pausePoint} from '../platform/pause-point.js'
import {findDocument, getDocumentById, insertDocument, insertService, listDocuments, nextDocumentSeq, nextNumberSeq, SERVICE_METHODS, type ServiceMethod} from './document-store.js'
import {type FieldValue, printedDate, printedValues, resolveFields, validateTypedValue} from './field-values.js'
import {type LoadedTemplate, loadTemplate} from './templates.js'
import {didYouMean} from '../platform/suggest.js'

export interface FillOptions {
  /** Values from a data file (`--data`), by field key. */
  data?: Record<string, unknown>
  /** `--set key=value` pairs; they win over `data`. */
  set?: Record<string, string>
  /** The document's date (`YYYY-MM-DD`); today in the workspace's time zone when left out. */
  date?: string
  now?: Date
}

export interface FillPlan {
  type: DocumentType
  caseRecord: CaseRecord
  fields: readonly FieldDef[]
  docDate: string
  /** True when the user chose the date; the filled event is then dated that day. */
  dateGiven: boolean
  values: Record<string, FieldValue>
  missing: FieldDef[]
  problems: string[]
  /** Amounts and periods beyond what the law allows (fill-limits), each naming its article. */
  limits: string[]
  /** The keys of the fields whose given value is wrong (format, or a step time after now). */
  invalid: string[]
}

export const requireDocumentType = (typeIdOrName: string): DocumentType => {
  const type = findDocumentType(typeIdOrName)
  if (!type) {
    const hint = didYouMean(typeIdOrName, DOCUMENT_TYPES.flatMap((candidate) => [candidate.id, candidate.name]))
    throw usageError('DOC_TYPE_UNKNOWN', `未知的文书类型「${typeIdOrName}」。${hint || '可用的类型见 zfjl template list 或 zfjl catalog --json（可用 id 或中文名称）'}`)
  }

  return type
}

/** Everything a fill needs, validated but not yet written: the command uses `missing` to ask on a TTY. */
export const prepareFill = (ws: Workspace, caseId: string, typeIdOrName: string, options: FillOptions = {}): FillPlan => {
  const type = requireDocumentType(typeIdOrName)
  const caseRecord = getCase(ws, caseId)
  const docDate = options.date ? parseDate(options.date, '--date（文书日期）') : todayLocal(ws.config.timezone, options.now)
  const fields = documentFields(type.id)
  const given = {...options.data, ...options.set}
  const recorded = recordedApprovals(ws, caseRecord.id, type, given)
  // The document reference prints as the document found (name and number), whatever form it was given in.
  const input = {...recorded, ...given, ...(recorded.approvedDoc ? {approvedDoc: recorded.approvedDoc} : {})}
  const resolved = resolveFields(fields, input, {caseRecord, config: ws.config, docDate})
  const limits: string[] = []
  const problems = [...resolved.problems]
  // The case's record of the party's type wins; data may only supply it where the case is silent.
  const recordedType = caseRecord.parties[0]?.type
  if (recordedType && resolved.values.partyType !== undefined && resolved.values.partyType !== recordedType) {
    problems.push(`当事人类型（partyType）「${String(resolved.values.partyType)}」与案件登记的「${recordedType}」不一致`)
  }

  for (const limit of fillLimitsOf(type.id)) {
    const found = limit.check(resolved.values)
    if (found) (limit.kind === 'limit' ? limits : problems).push(`${found}（${limit.article}）`)
  }

  const invalid = [...resolved.invalid]
  const stepTime = stepTimeField(type, caseRecord, fields, resolved.values)
  const future = stepTime && stepTimeProblem(ws, stepTime, resolved.values[stepTime.key] as string, options.now)
  if (stepTime && future) {
    problems.push(future)
    invalid.push(stepTime.key)
  }

  return {caseRecord, dateGiven: Boolean(options.date), docDate, fields, type, ...resolved, invalid, limits, problems}
}

/** The field whose value dates the step the document records (its start time …), when it has one and a value. */
const stepTimeField = (type: DocumentType, caseRecord: CaseRecord, fields: readonly FieldDef[], values: Record<string, unknown>): FieldDef | undefined => {
  if (!fillEventOf(type, caseRecord.procedure)) return undefined
  for (const key of STEP_TIME_FIELDS) {
    const field = fields.find((candidate) => candidate.key === key)
    const value = values[key]
    if (field && typeof value === 'string' && value.trim()) return field
  }

  return undefined
}

/** A step time after now, named by its field: the step is recorded as having happened then, so it must have. */
const stepTimeProblem = (ws: Workspace, field: FieldDef, value: string, now = new Date()): string | null => {
  try {
    assertNotFuture(parseUserDateTime(value, ws.config.timezone, fieldLabel(field)), ws.config.timezone, fieldLabel(field), now)
    return null
  } catch (error) {
    if (error instanceof ZfjlError) return error.message
    throw error
  }
}

const fieldLabel = (field: FieldDef): string => `${field.label}（${field.key}）`

/**
 * What is wrong with one answer typed for `field` of `plan`, as the prompt says it before asking again:
 * the field's own format, and for the field dating the document's step, a time after now.
 */
export const answerProblem = (ws: Workspace, plan: FillPlan, field: FieldDef, text: string): string | true => {
  const typed = validateTypedValue(field, text)
  if (typed !== true) return typed
  const stepTime = stepTimeField(plan.type, plan.caseRecord, plan.fields, {...plan.values, [field.key]: text})
  return (stepTime?.key === field.key && stepTimeProblem(ws, field, text)) || true
}

/**
 * 内部程序审批表 of a document already reviewed and approved (`zfjl doc approve`): the 审核 and 批准 rows
 * show who, when and with what opinion, as recorded. What the user gives still wins.
 */
const recordedApprovals = (ws: Workspace, caseId: string, type: DocumentType, input: Record<string, unknown>): Record<string, string> => {
  const ref = input.approvedDoc
  if (type.id !== 'internal-approval' || typeof ref !== 'string' || !ref.trim()) return {}
  const document = findDocument(ws, caseId, ref)
  const values: Record<string, string> = {approvedDoc: `《${document.name}》${document.number ?? document.id}`}
  for (const approval of document.approvals) {
    const [opinion, person, at] = approval.role === 'review' ? ['reviewOpinion', 'reviewer', 'reviewedAt'] : ['approveOpinion', 'approver', 'approvedAt']
    values[opinion] = approval.opinion ?? (approval.role === 'review' ? '已审核' : '同意')
    values[person] = approval.by
    values[at] = printedDate(approval.at)
  }

  return values
}

export const assertComplete = (plan: FillPlan): void => {
  if (plan.missing.length === 0 && plan.problems.length === 0 && plan.limits.length === 0) return
  if (plan.limits.length > 0) {
    throw usageError('DOC_LIMIT_EXCEEDED', `《${plan.type.name}》未生成：${[...plan.limits, ...plan.problems].join('；')}。`, {
      limits: plan.limits,
      missing: plan.missing.map((field) => ({key: field.key, kind: field.kind, label: field.label})),
      problems: plan.problems,
    })
  }

  const parts: string[] = []
  if (plan.missing.length > 0) {
    parts.push(`缺少必填字段：${plan.missing.map((field) => `${field.label}（${field.key}）`).join('、')}`)
  }

  parts.push(...plan.problems)
  throw usageError('DOC_FIELDS_INVALID', `《${plan.type.name}》未生成，${parts.join('；')}。用 --data 文件或 --set key=value 提供。`, {
    missing: plan.missing.map((field) => ({key: field.key, kind: field.kind, label: field.label})),
    problems: plan.problems,
  })
}

const pad = (value: number, width: number) => String(value).padStart(width, '0')

interface Numbered {
  number: string | null
  key: string | null
  year: number | null
  seq: number | null
}

/** 87号令 第四条: 文号 `{机关代字}{类别字}〔{年份}〕{序号}号` (六角括号), 编号 `{年份}-{序号}`. */
const allocateNumber = (ws: Workspace, type: DocumentType, docDate: string): Numbered => {
  const year = Number(docDate.slice(0, 4))
  if (type.numbering === 'docno') {
    const category = ws.config.categoryCodes[type.id] ?? type.categoryCode ?? ''
    const key = `docno:${category}`
    const seq = nextNumberSeq(ws, key, year)
    return {key, number: `${ws.config.code}${category}\u3014${year}\u3015${seq}号`, seq, year}
  }

  if (type.numbering === 'serial') {
    const key = `serial:${type.id}`
    const seq = nextNumberSeq(ws, key, year)
    return {key, number: `${year}-${pad(seq, 3)}`, seq, year}
  }

  return {key: null, number: null, seq: null, year: null}
}

/** 「你」 to a person, 「你单位」 to a unit (the partyType field; templates without it never print these). */
const partyWords = (partyType: unknown): {you: string; isPerson: boolean; isOrganization: boolean} => ({
  isOrganization: partyType === 'organization',
  isPerson: partyType === 'person',
  you: partyType === 'person' ? '你' : partyType === 'organization' ? '你单位' : '',
})

const render = (template: LoadedTemplate, data: Record<string, unknown>): Buffer => {
  try {
    const document = new Docxtemplater(new PizZip(template.bytes), {
      // Its default logger prints the error as JSON on stdout: a second document under --json. The error is reported below.
      errorLogging: false,
      linebreaks: true,
      nullGetter: () => '',
      paragraphLoop: true,
    })
    document.render(data)
    return document.getZip().generate({compression: 'DEFLATE', type: 'nodebuffer'}) as Buffer
  } catch (error) {
    const explanation = (error as {properties?: {errors?: Array<{message: string}>}}).properties?.errors?.map((item) => item.message).join('；')
    throw usageError('TEMPLATE_INVALID', `模板 ${template.path} 无法填写：${explanation ?? (error as Error).message}（用 zfjl template check 检查）`)
  }
}

export interface WriteContext {
  audit: (entry: AuditEntry) => void
  /** Puts a staged file at its final name once the transaction has committed. */
  place: (placement: Placement) => void
  /** Staged files made so far, removed by the caller if the transaction fails. */
  written: string[]
  now: Date
  /** When the filled event happened; defaults to the document date or now. */
  eventAt?: string
  /** What caused this document, e.g. `serve:2026-0001-D03` for a 送达回证. */
  source?: string
}

/**
 * Numbers, renders, writes, hashes and records one document. Must run inside ws.transact: the number
 * is taken and the record inserted under the same write lock, so parallel fills get consecutive,
 * distinct numbers and a failed fill leaves no gap.
 */
export const writeDocument = (ws: Workspace, plan: FillPlan, template: LoadedTemplate, context: WriteContext): DocumentRecord => {
  const {caseRecord, type} = plan
  const seq = nextDocumentSeq(ws, caseRecord.id)
  const id = `${caseRecord.id}-D${pad(seq, 2)}`
  const numbered = allocateNumber(ws, type, plan.docDate)
  const party = partyWords(plan.values.partyType)
  const data = {
    ...printedValues(plan.fields, plan.values, template.stopAfter),
    ...party,
    caseId: caseRecord.id,
    permitCase: caseRecord.procedure === 'permit',
    docDate: printedDate(plan.docDate),
    docNumber: numbered.number ?? '',
    familyLine: type.family === 'permit' ? '卫生行政许可文书' : '卫生行政执法文书',
    title: type.name,
    unit: ws.config.unit,
  }
  const bytes = render(template, data)
  const folder = ws.casePaths(caseRecord.id).documents
  mkdirSync(folder, {recursive: true})
  requireStagingFor(ws.paths, folder)
  const path = join(folder, `${pad(seq, 2)}-${type.id}${numbered.number ? `-${numbered.number}` : ''}.docx`)
  if (existsSync(path)) throw conflict('DOC_FILE_EXISTS', `文件 ${path} 已存在，未覆盖`)
  // Staged, then renamed into place only after COMMIT: a kill never leaves a file without its row.
  const staged = stagingPath(ws.paths.staging, path)
  context.written.push(staged)
  writeStaged(staged, bytes)
  pausePoint('doc.staged')
  context.place({final: path, staged})
  const {sha256, sm3} = digestBytes(bytes)
  const file = relative(ws.root, path).split(sep).join('/')
  const draftedAt = formatLocal(context.now, ws.config.timezone)
  insertDocument(ws, {
    caseId: caseRecord.id,
    docDate: plan.docDate,
    draftedAt,
    draftedBy: ws.actor.name,
    fields: plan.values,
    file,
    id,
    name: type.name,
    number: numbered.number,
    numberKey: numbered.key,
    numberSeq: numbered.seq,
    numberYear: numbered.year,
    seq,
    sha256,
    sm3,
    source: context.source ?? null,
    templateSha256: template.sha256,
    type: type.id,
  })
  recordSteps(ws, plan, context, {draftedAt, id})

  context.audit({
    action: 'doc.fill',
    caseId: caseRecord.id,
    details: {file, number: numbered.number, override: template.override, sha256, sm3, source: context.source, template: template.sha256, type: type.id},
    subject: id,
  })
  return getDocumentById(ws, id)
}

/**
 * When the record's step happened, and what that time is called if it is refused: its own start-time
 * field, else the document's date (--date) or the drafting moment.
 */
const stepTimeOf = (plan: FillPlan, draftedAt: string): {at: string; atLabel: string} => {
  const field = stepTimeField(plan.type, plan.caseRecord, plan.fields, plan.values)
  if (field) return {at: plan.values[field.key] as string, atLabel: fieldLabel(field)}
  return plan.dateGiven ? {at: plan.docDate, atLabel: '--date（文书日期）'} : {at: draftedAt, atLabel: '--at'}
}

/**
 * The steps a filled document shows happened, recorded once each: the document's own step (a 现场笔录
 * records the inspection, a decision its making), a 责令改正通知书's deadline (期满核查 runs from it,
 * 本办法第二十二条), and for a 送达回证 filled by hand the service of the document it names.
 */
const recordSteps = (ws: Workspace, plan: FillPlan, context: WriteContext, document: {id: string; draftedAt: string}): void => {
  const {caseRecord, type} = plan
  const source = `doc:${document.id}`
  const step = fillEventOf(type, caseRecord.procedure)
  if (step) insertStepEvent(ws, context.audit, caseRecord.id, step, {...(context.eventAt ? {at: context.eventAt} : stepTimeOf(plan, document.draftedAt)), source}, context.now)
  const deadline = plan.values.deadline
  if (type.id === 'correction-order' && typeof deadline === 'string' && deadline) {
    insertStepEvent(ws, context.audit, caseRecord.id, 'correction-due', {at: deadline, scheduled: true, source}, context.now)
  }

  const validTo = plan.values.validTo
  if (type.id === 'permit-grant' && typeof validTo === 'string' && validTo) {
    // 行政许可法 第五十条: the 延续 application is due thirty days before this day.
    insertStepEvent(ws, context.audit, caseRecord.id, 'permit-expires', {at: validTo, scheduled: true, source}, context.now)
  }

  if (type.id === 'service-receipt' && !context.source?.startsWith('serve:')) recordServiceFromReceipt(ws, plan, context, document.id)
}

/** A 送达回证 filled by hand (a paper service) records the service of the document it names, by 文号 or title. */
const recordServiceFromReceipt = (ws: Workspace, plan: FillPlan, context: WriteContext, receiptId: string): void => {
  const {docNo, docTitle, method, recipient, servedAt} = plan.values
  if (typeof servedAt !== 'string') return
  const live = listDocuments(ws, plan.caseRecord.id).filter((candidate) => candidate.voided === null && candidate.type !== 'service-receipt')
  const byNumber = typeof docNo === 'string' && docNo.trim() ? live.filter((candidate) => candidate.number === docNo.trim()) : []
  const candidates = byNumber.length > 0 ? byNumber : live.filter((candidate) => candidate.name === docTitle)
  // Only an unambiguous match is recorded; otherwise `doc serve` says which document was served.
  if (candidates.length !== 1) return
  const served = candidates[0]
  const servedType = findDocumentType(served.type)
  const event = servedType?.recordsOnServe
    ? insertStepEvent(ws, context.audit, plan.caseRecord.id, servedType.recordsOnServe, {at: servedAt, source: `serve:${served.id}`}, context.now)
    : null
  const methodId = (Object.keys(SERVICE_METHODS) as ServiceMethod[]).find((id) => SERVICE_METHODS[id] === method)
  if (!methodId || served.services.some((service) => service.receiptDocId === receiptId)) return
  const to = typeof recipient === 'string' ? recipient : ''
  insertService(ws, served.id, {at: servedAt, eventId: event?.id ?? null, method: methodId, receiptDocId: receiptId, recordedAt: formatLocal(context.now, ws.config.timezone), to})
}

/** Removes what a failed transaction wrote, so nothing half-made stays in the case folder. */
export const removeWritten = (written: WriteContext['written']): void => {
  for (const path of written) rmSync(path, {force: true})
}

/** Runs `work` in one transaction; files it wrote are removed when the transaction does not commit. */
export const transactWithFiles = <T>(ws: Workspace, now: Date, work: (context: WriteContext) => T): T => {
  const written: WriteContext['written'] = []
  try {
    return ws.transact((audit, place) => work({audit, now, place, written}))
  } catch (error) {
    removeWritten(written)
    throw error
  }
}

/**
 * Fills a 文书 from the case data, `data` and `set`, numbers it, writes it into the case's documents
 * folder and records it (with its SHA-256/SM3, the drafter and the catalog's recordsOnFill event).
 * Invalid or missing input: one Chinese usage error listing everything, and nothing written.
 */
export const fillDocument = (ws: Workspace, caseId: string, typeIdOrName: string, options: FillOptions = {}): DocumentRecord => {
  const now = options.now ?? new Date()
  const plan = prepareFill(ws, caseId, typeIdOrName, {...options, now})
  assertComplete(plan)
  const template = loadTemplate(ws, plan.type.id)
  return transactWithFiles(ws, now, (context) => writeDocument(ws, plan, template, context))
}
