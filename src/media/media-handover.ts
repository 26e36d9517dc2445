import {existsSync} from 'node:fs'
import {extname, join} from 'node:path'

import {requireActingPerson, requireRole} from '../people/roles.js'
import {getCase} from '../cases/case-service.js'
import {findEvent} from '../law/events.js'
import {conflict, integrityError, usageError} from '../platform/errors.js'
import {assertNotFuture, formatLocal, parseUserDateTime, toInstant} from '../platform/local-time.js'
import type {MediaRecord} from '../workspace/records.js'
import type {Workspace} from '../workspace/workspace.js'
import {fillDocument} from '../documents/fill-document.js'
import {DigestPool} from '../platform/digest/digest-pool.js'
import {digestFile} from './evidence-digests.js'
import {findMedia, getHandover, type HandoverRecord, listMedia} from './media-store.js'
import {MEDIA_KIND_NAMES} from '../law/labels.js'
import {humanBytes} from '../platform/human-bytes.js'

export interface HandoverInput {
  /** 移交人: the officer handing the files over. */
  from: string
  /** 接收人: the acting person, who must hold the custodian role (第四十五条 档案管理员); left out: the actor. */
  to?: string
  /** When they changed hands; default now. */
  at?: string
  /** Media refs (id, SHA-256 prefix or name); or: */
  media?: readonly string[]
  /** Every file of the case not yet handed over. */
  allPending?: boolean
}

/** Fills a document of the documents capability; returns the document id. */
export type DocumentFiller = (ws: Workspace, caseId: string, type: string, fields: Record<string, unknown>) => {id: string}

export interface HandoverOptions {
  pool?: DigestPool
  now?: Date
  /** Fills 音像资料交接记录 (`av-handover`); the documents capability's fillDocument by default. */
  fillDocument?: DocumentFiller
}

export interface HandoverResult extends HandoverRecord {
  /** The fields for 音像资料交接记录, as given to the document filler. */
  documentFields: Record<string, unknown>
  /** Why the 音像资料交接记录 could not be filled (the handover itself stands); null when it was. */
  documentError: string | null
}

const fillFromTemplate: DocumentFiller = (ws, caseId, type, fields) => fillDocument(ws, caseId, type, {data: fields})

export interface DigestProblem {
  mediaId: string
  file: string
  problem: 'missing' | 'changed' | 'unreadable'
}


const formatDuration = (seconds: number | null): string => {
  if (seconds === null) return ''
  const whole = Math.round(seconds)
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`
}

const selectMedia = (ws: Workspace, caseId: string, input: HandoverInput): MediaRecord[] => {
  if (input.allPending && input.media?.length) throw usageError('HANDOVER_SELECTION', '--media 与 --all-pending 只能二选一')
  if (!input.allPending && !input.media?.length) throw usageError('HANDOVER_SELECTION', '请用 --media 指定要移交的文件，或用 --all-pending 移交全部未移交的文件')
  if (input.media?.length) {
    const chosen = new Map(input.media.map((ref) => findMedia(ws, caseId, ref)).map((media) => [media.id, media]))
    return [...chosen.values()]
  }

  const handedOver = new Set(
    ws.db.all<{
      media_id: string
    }>('SELECT DISTINCT i.media_id FROM handover_items i JOIN handovers h ON h.id = i.handover_id WHERE h.case_id = ?', caseId).map((row) => row.media_id),
  )
  const pending = listMedia(ws, caseId).filter((media) => !handedOver.has(media.id))
  if (pending.length === 0) throw conflict('HANDOVER_NOTHING_PENDING', `案件 ${caseId} 没有尚未移交的音像文件`)
  return pending
}

/** The 音像资料交接记录 fields for one handover. */
export const handoverDocumentFields = (ws: Workspace, record: HandoverRecord, media: readonly MediaRecord[]): Record<string, unknown> => {
  const caseRecord = getCase(ws, record.caseId)
  const timezone = ws.config.timezone
  const recorded = media.filter((item) => item.capturedAt !== null)
  const starts = recorded.map((item) => toInstant(item.capturedAt!, timezone).getTime())
  const ends = recorded.map((item, index) => starts[index] + (item.durationSec ?? 0) * 1000)
  const distinct = (values: Array<string | null>) => [...new Set(values.filter((value): value is string => Boolean(value)))].join('、')
  const fields: Record<string, unknown> = {
    caseNo: `${caseRecord.id} ${caseRecord.title}`,
    checkResult: '完整（移交时逐个核对 SHA-256 与 SM3 摘要，均与登记一致）',
    deviceId: distinct(media.map((item) => item.device ?? item.serial)),
    endTime: ends.length > 0 ? formatLocal(new Date(Math.max(...ends)), timezone) : '',
    event: distinct(media.flatMap((item) => item.steps.map((step) => findEvent(step)?.name ?? step))) || '音像资料移交',
    fileCount: media.length,
    files: media.map((item) => ({
      duration: formatDuration(item.durationSec),
      format: `${MEDIA_KIND_NAMES[item.kind]}（${extname(item.original).slice(1).toLowerCase() || '无扩展名'}）`,
      hash: `SM3：${item.sm3}\nSHA-256：${item.sha256}`,
      id: item.id,
      name: item.original,
      size: humanBytes(item.size),
    })),
    handedOverBy: record.from,
    handoverTime: record.at,
    receivedBy: record.to,
    recordedBy: distinct(media.map((item) => item.officer)),
    remarks: '',
    startTime: starts.length > 0 ? formatLocal(new Date(Math.min(...starts)), timezone) : '',
    storage: `工作区 ${ws.config.unit} 案件文件夹 cases/${record.caseId}/media`,
  }
  // Optional fields left empty are left out, so the document shows them blank instead of failing validation.
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''))
}

/**
 * `media handover` (第四十二条): records who handed which files to whom and when, with each file's
 * digests at that moment. Every file is re-hashed first; if any no longer matches its registration
 * the whole handover is refused (exit 6) and nothing is recorded.
 */
export const handoverMedia = async (ws: Workspace, caseId: string, input: HandoverInput, options: HandoverOptions = {}): Promise<HandoverResult> => {
  getCase(ws, caseId)
  const to = requireActingPerson(ws, input.to, '接收音像资料', 'custodian').name
  const from = input.from.normalize('NFC').trim()
  if (!from) throw usageError('HANDOVER_FROM', '--from（移交人）不能为空')
  if (from === to) throw usageError('HANDOVER_SAME_PERSON', '移交人与接收人不能是同一人')
  requireRole(ws, from, 'officer')
  const now = options.now ?? new Date()
  const at = input.at ? parseUserDateTime(input.at, ws.config.timezone, '--at') : formatLocal(now, ws.config.timezone)
  assertNotFuture(at, ws.config.timezone, '--at', now)
  const media = selectMedia(ws, caseId, input)

  const problems: DigestProblem[] = []
  const pool = options.pool ?? new DigestPool()
  try {
    await Promise.all(
      media.map(async (item) => {
        const path = join(ws.root, item.file)
        if (!existsSync(path)) {
          problems.push({file: item.file, mediaId: item.id, problem: 'missing'})
          return
        }

        const outcome = await digestFile(pool, path)
        if (!outcome.ok) problems.push({file: item.file, mediaId: item.id, problem: 'unreadable'})
        else if (outcome.value.sha256 !== item.sha256 || outcome.value.sm3 !== item.sm3 || outcome.value.size !== item.size) {
          problems.push({file: item.file, mediaId: item.id, problem: 'changed'})
        }
      }),
    )
  } finally {
    if (!options.pool) await pool.close()
  }

  if (problems.length > 0) {
    const words = {changed: '内容已改变', missing: '文件缺失', unreadable: '无法读取'}
    throw integrityError(
      'HANDOVER_DIGEST_MISMATCH',
      `拒绝移交：${problems.map((problem) => `${problem.mediaId}（${words[problem.problem]}）`).join('、')} 与登记的摘要不符。请先用 zfjl media verify ${caseId} 查明原因。`,
      {problems},
    )
  }

  const handoverId = ws.transact((audit) => {
    const {next} = ws.db.get<{next: number}>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM handovers WHERE case_id = ?', caseId)!
    const id = `${caseId}-H${String(next).padStart(2, '0')}`
    ws.db.run(
      'INSERT INTO handovers (id, case_id, seq, from_officer, to_custodian, at, recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      id,
      caseId,
      next,
      from,
      to,
      at,
      formatLocal(now, ws.config.timezone),
      ws.actor.name,
    )
    for (const item of media) {
      ws.db.run(
        'INSERT INTO handover_items (handover_id, media_id, size, sha256, sm3) VALUES (?, ?, ?, ?, ?)',
        id,
        item.id,
        item.size,
        item.sha256,
        item.sm3,
      )
    }
    audit({
      action: 'media.handover',
      caseId,
      details: {at, files: media.map((item) => ({id: item.id, sha256: item.sha256, sm3: item.sm3})), from, to},
      subject: id,
    })
    return id
  })

  const record = getHandover(ws, handoverId)
  const documentFields = handoverDocumentFields(ws, record, media)
  let document: {id: string}
  try {
    document = (options.fillDocument ?? fillFromTemplate)(ws, caseId, 'av-handover', documentFields)
  } catch (error) {
    // The handover is recorded and audited already; a template problem must not undo it.
    return {...record, documentError: `音像资料交接记录未能生成：${(error as Error).message}`, documentFields}
  }

  ws.transact((audit) => {
    ws.db.run(
      'INSERT INTO handover_documents (handover_id, document_id, recorded_at) VALUES (?, ?, ?)',
      handoverId,
      document.id,
      formatLocal(new Date(), ws.config.timezone),
    )
    audit({action: 'media.handover.document', caseId, details: {document: document.id}, subject: handoverId})
  })
  return {...getHandover(ws, handoverId), documentError: null, documentFields}
}
