import {mkdirSync} from 'node:fs'

import type {AuditEntry} from '../platform/db/audit-chain.js'
import {type EventId, EVENTS_REQUIRING_NOTE, findEvent, unknownEventError} from '../law/events.js'
import {PARTY_TYPE_NAMES} from '../law/document-fields.js'
import {isProcedureId, PROCEDURE_IDS, type ProcedureId} from '../law/procedures.js'
import {assertCleanText, type TextKind, textProblem} from '../platform/clean-text.js'
import {conflict, notFound, usageError} from '../platform/errors.js'
import {assertNotBefore, assertNotFuture, formatLocal, localDateOf, parseDate, parseUserDateTime} from '../platform/local-time.js'
import type {CaseOfficer, CaseRecord, EventRecord, PartyRecord} from '../workspace/records.js'
import type {Workspace} from '../workspace/workspace.js'
import {DIR_MODE} from '../platform/file-modes.js'
import {resolveCaseOfficers} from '../people/roles.js'

export const MIN_OFFICERS = 2

export interface NewCaseInput {
  procedure: string
  title: string
  /** The party; `type` may be left out (unknown), as for cases recorded before it was asked. */
  party: Omit<PartyRecord, 'type'> & {type?: PartyRecord['type']}
  /** From the roster: the name alone is enough; a 执法证号 given must match it. */
  officers: Array<{name: string; certNo?: string | null}>
  /** When the case was filed (立案), where the procedure has that step; now when left out. */
  filedAt?: string
  /** 违法行为发生（或连续、继续状态终了）之日, from which 行政处罚法 第三十六条 counts. */
  offenceDate?: string
}

/** The step `case new` records for each procedure: 立案 opens a general-procedure penalty case. */
const OPENING_STEP: Partial<Record<ProcedureId, EventId>> = {'penalty-general': 'filed'}

/** Every missing or invalid value at once, so a script sees the whole list in one run. */
export const validateNewCase = (input: Partial<NewCaseInput>): string[] => {
  const problems: string[] = []
  if (!input.procedure) problems.push('--procedure（程序）')
  else if (!isProcedureId(input.procedure)) problems.push(`--procedure 取值应为 ${PROCEDURE_IDS.join('、')}，收到「${input.procedure}」`)
  if (!input.title?.trim()) problems.push('--title（案由）')
  if (!input.party?.name?.trim()) problems.push('--party（当事人）')
  const texts: Array<[string | null | undefined, string, TextKind]> = [
    [input.title, '--title（案由）', 'title'],
    [input.party?.name, '--party（当事人）', 'name'],
    [input.party?.idNumber, '--party-id（证件号）', 'identifier'],
    [input.party?.address, '--address（地址）', 'address'],
    ...(input.officers ?? []).flatMap((officer): Array<[string | null | undefined, string, TextKind]> => [
      [officer.name, '--officer（执法人员姓名）', 'name'],
      [officer.certNo, '--officer（执法证号）', 'identifier'],
    ]),
  ]
  for (const [value, field, kind] of texts) {
    const problem = value ? textProblem(value, field, kind) : null
    if (problem) problems.push(problem)
  }

  const partyType = input.party?.type
  if (partyType !== undefined && partyType !== null && !(partyType in PARTY_TYPE_NAMES)) {
    problems.push(`--party-type 取值应为 person（公民、个人）或 organization（法人或其他组织、单位），收到「${String(partyType)}」`)
  }
  const officers = input.officers ?? []
  if (officers.length < MIN_OFFICERS) {
    problems.push(`--officer（执法人员，至少 ${MIN_OFFICERS} 名，现有 ${officers.length} 名；行政处罚法 第四十二条）`)
  }

  return problems
}

export const createCase = (ws: Workspace, input: NewCaseInput, now = new Date()): CaseRecord => {
  const problems = validateNewCase(input)
  if (problems.length > 0) throw usageError('CASE_INPUT_INVALID', `新建案件缺少或有误：${problems.join('；')}`, {problems})
  const officers = resolveCaseOfficers(ws, input.officers, MIN_OFFICERS)
  const createdAt = formatLocal(now, ws.config.timezone)
  const year = Number(createdAt.slice(0, 4))
  return ws.transact((audit) => {
    // Inside the write transaction: no other command can take the same number between this read and the insert.
    const {next} = ws.db.get<{next: number}>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM cases WHERE year = ?', year)!
    const id = `${year}-${String(next).padStart(4, '0')}`
    ws.db.run(
      'INSERT INTO cases (id, year, seq, procedure, title, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      id,
      year,
      next,
      input.procedure,
      input.title.trim(),
      createdAt,
      ws.actor.name,
    )
    ws.db.run(
      'INSERT INTO parties (case_id, name, id_number, address, type) VALUES (?, ?, ?, ?, ?)',
      id,
      input.party.name.trim(),
      input.party.idNumber,
      input.party.address,
      input.party.type ?? null,
    )
    for (const [position, officer] of officers.entries()) {
      ws.db.run('INSERT INTO case_officers (case_id, position, name, cert_no) VALUES (?, ?, ?, ?)', id, position + 1, officer.name, officer.certNo)
    }
    for (const folder of Object.values(ws.casePaths(id))) mkdirSync(folder, {mode: DIR_MODE, recursive: true})
    audit({
      action: 'case.new',
      caseId: id,
      details: {filedAt: input.filedAt, offenceDate: input.offenceDate, officers, party: input.party, procedure: input.procedure, title: input.title},
      subject: id,
    })
    // The periods that run from 立案 (第六十条, 本办法第二十条) start with the case, not with a later manual step.
    const opening = OPENING_STEP[input.procedure as ProcedureId]
    if (opening) insertEvent(ws, audit, id, opening, {at: input.filedAt ?? createdAt, source: 'case:new'}, now)
    if (input.offenceDate) {
      insertEvent(ws, audit, id, 'offence-committed', {at: parseDate(input.offenceDate, '--offence-date'), source: 'case:new'}, now)
    }

    return getCase(ws, id)
  })
}

interface CaseRow {
  id: string
  year: number
  procedure: ProcedureId
  title: string
  created_at: string
  created_by: string
  closed: number
}

const CASE_SELECT = `SELECT c.*, EXISTS (
  SELECT 1 FROM events e WHERE e.case_id = c.id AND e.event = 'closed'
    AND NOT EXISTS (SELECT 1 FROM events s WHERE s.supersedes = e.id)) AS closed FROM cases c`

const toCase = (ws: Workspace, row: CaseRow): CaseRecord => ({
  createdAt: row.created_at,
  createdBy: row.created_by,
  id: row.id,
  officers: ws.db.all<CaseOfficer>('SELECT name, cert_no AS certNo FROM case_officers WHERE case_id = ? ORDER BY position', row.id),
  parties: ws.db.all<PartyRecord>('SELECT name, id_number AS idNumber, address, type FROM parties WHERE case_id = ? ORDER BY id', row.id),
  procedure: row.procedure,
  status: row.closed ? 'closed' : 'open',
  title: row.title,
  year: row.year,
})

export const getCase = (ws: Workspace, caseId: string): CaseRecord => {
  const row = ws.db.get<CaseRow>(`${CASE_SELECT} WHERE c.id = ?`, caseId)
  if (!row) throw notFound('CASE_NOT_FOUND', `案件 ${caseId} 不存在（用 zfjl case list 查看已有案件）`)
  return toCase(ws, row)
}

export interface CaseFilter {
  procedure?: string
  status?: 'open' | 'closed'
}

export const listCases = (ws: Workspace, filter: CaseFilter = {}): CaseRecord[] => {
  const rows = ws.db.all<CaseRow>(`${CASE_SELECT} ORDER BY c.year, c.seq`)
  return rows
    .filter((row) => !filter.procedure || row.procedure === filter.procedure)
    .filter((row) => !filter.status || (filter.status === 'closed') === Boolean(row.closed))
    .map((row) => toCase(ws, row))
}

interface EventRow {
  id: number
  case_id: string
  event: string
  at: string
  note: string | null
  recorded_at: string
  actor: string
  supersedes: number | null
  reason: string | null
  source: string | null
}

const toEvent = (row: EventRow): EventRecord => ({
  actor: row.actor,
  at: row.at,
  caseId: row.case_id,
  event: row.event,
  id: row.id,
  note: row.note,
  reason: row.reason,
  recordedAt: row.recorded_at,
  source: row.source,
  supersedes: row.supersedes,
})

/** Every event ever recorded for the case, superseded ones included, in recording order. */
export const allEvents = (ws: Workspace, caseId: string): EventRecord[] =>
  ws.db.all<EventRow>('SELECT * FROM events WHERE case_id = ? ORDER BY id', caseId).map((row) => toEvent(row))

/** The events that stand: superseded ones removed, ordered by when they happened. */
export const effectiveEvents = (ws: Workspace, caseId: string): EventRecord[] => {
  const events = allEvents(ws, caseId)
  const superseded = new Set(events.map((event) => event.supersedes).filter((id): id is number => id !== null))
  return events
    .filter((event) => !superseded.has(event.id))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id))
}

export interface EventInput {
  at?: string
  /** What `at` is called in a refusal: the flag, or the document field or date it came from (default --at). */
  atLabel?: string
  /** A date the step is due to happen (a 责令改正 deadline): may lie in the future. */
  scheduled?: boolean
  note?: string
  /** Id of the event row this corrects. */
  supersedes?: number
  reason?: string
  source?: string
}

/** Records an event inside the caller's transaction (used by document fill/serve and media import). */
export const insertEvent = (
  ws: Workspace,
  audit: (entry: AuditEntry) => void,
  caseId: string,
  eventId: string,
  given: EventInput = {},
  now = new Date(),
): EventRecord => {
  const definition = findEvent(eventId)
  if (!definition) throw unknownEventError(eventId)

  getCase(ws, caseId)
  // The 立案 `case new` recorded is corrected, not doubled, by a `filed` the user records with its real time.
  const opened = given.supersedes === undefined && given.source === undefined ? openingEventToCorrect(ws, caseId, eventId) : undefined
  const input = opened === undefined ? given : {...given, reason: given.reason ?? '按实际立案时间更正新建案件时记录的立案', supersedes: opened}
  const atLabel = input.atLabel ?? '--at'
  const at = input.at ? parseUserDateTime(input.at, ws.config.timezone, atLabel) : formatLocal(now, ws.config.timezone)
  if (!input.scheduled) assertNotFuture(at, ws.config.timezone, atLabel, now)
  assertCleanText(input.note, '--note（说明）', 'reason')
  assertCleanText(input.reason, '--reason（更正理由）', 'reason')
  if (EVENTS_REQUIRING_NOTE.has(eventId) && !input.note?.trim()) {
    throw usageError('EVENT_NOTE_REQUIRED', `事件 ${eventId}（${definition.name}）必须用 --note 写明原因（检验、检测、检疫、鉴定、听证或专家评审）`)
  }

  if (input.supersedes !== undefined) {
    const target = ws.db.get<EventRow>('SELECT * FROM events WHERE id = ? AND case_id = ?', input.supersedes, caseId)
    if (!target) throw notFound('EVENT_NOT_FOUND', `案件 ${caseId} 中没有编号为 ${input.supersedes} 的事件`)
    const already = ws.db.get<{id: number}>('SELECT id FROM events WHERE supersedes = ?', input.supersedes)
    if (already) throw conflict('EVENT_ALREADY_SUPERSEDED', `事件 ${input.supersedes} 已被事件 ${already.id} 更正，请更正最新的那条`)
    if (!input.reason?.trim()) throw usageError('REASON_REQUIRED', '更正事件必须用 --reason 写明理由')
  }

  const recordedAt = formatLocal(now, ws.config.timezone)
  const inserted = ws.db.get<EventRow>(
    `INSERT INTO events (case_id, event, at, note, recorded_at, actor, supersedes, reason, source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    caseId,
    eventId,
    at,
    input.note ?? null,
    recordedAt,
    ws.actor.name,
    input.supersedes ?? null,
    input.reason ?? null,
    input.source ?? 'manual',
  )
  const event = toEvent(inserted!)
  audit({
    action: input.supersedes === undefined ? 'case.event' : 'case.event.supersede',
    caseId,
    details: {at, event: eventId, id: event.id, note: input.note, reason: input.reason, source: event.source, supersedes: input.supersedes},
    subject: `${caseId}#${event.id}`,
  })
  return event
}

const openingEventToCorrect = (ws: Workspace, caseId: string, eventId: string): number | undefined => {
  const row = ws.db.get<{id: number}>(
    `SELECT e.id FROM events e WHERE e.case_id = ? AND e.event = ? AND e.source = 'case:new'
       AND NOT EXISTS (SELECT 1 FROM events s WHERE s.supersedes = e.id)`,
    caseId,
    eventId,
  )
  return row?.id
}

/**
 * Records the step a document shows happened, unless the case already records that step on that day
 * (a 查封扣押决定书 and its 物品清单, two 采样记录 of one sampling): one step, one event.
 */
export const insertStepEvent = (
  ws: Workspace,
  audit: (entry: AuditEntry) => void,
  caseId: string,
  eventId: EventId,
  input: EventInput & {at: string},
  now = new Date(),
): EventRecord => {
  const day = localDateOf(parseUserDateTime(input.at, ws.config.timezone, input.atLabel ?? '--at'))
  const existing = effectiveEvents(ws, caseId).find((event) => event.event === eventId && localDateOf(event.at) === day)
  return existing ?? insertEvent(ws, audit, caseId, eventId, input, now)
}

export const recordEvent = (ws: Workspace, caseId: string, eventId: string, input: EventInput = {}): EventRecord =>
  ws.transact((audit) => insertEvent(ws, audit, caseId, eventId, input))

export const closeCase = (ws: Workspace, caseId: string, input: EventInput = {}): EventRecord =>
  ws.transact((audit) => {
    if (getCase(ws, caseId).status === 'closed') throw conflict('CASE_ALREADY_CLOSED', `案件 ${caseId} 已经结案`)
    const at = input.at ? parseUserDateTime(input.at, ws.config.timezone, '--at（结案时间）') : undefined
    // 结案 is the last step: it cannot predate anything the case records.
    if (at) assertNotBefore(at, effectiveEvents(ws, caseId).at(-1)?.at, '--at（结案时间）', '案件已记录的最后一个环节')
    return insertEvent(ws, audit, caseId, 'closed', input)
  })
