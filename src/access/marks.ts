import {getCase} from '../cases/case-service.js'
import {conflict, forbidden, usageError} from '../platform/errors.js'
import {formatLocal} from '../platform/local-time.js'
import type {Workspace} from '../workspace/workspace.js'
import {type CaseItem, resolveItem, resolveItems} from './case-items.js'
import {requireUsableApproval} from './copy-approval.js'
import {requireActingPerson} from '../people/roles.js'

/** 第四十七条: records touching state secrets, commercial secrets or privacy are handled by permission. */
export type MarkClass = 'state-secret' | 'commercial-secret' | 'privacy'

export const MARK_CLASSES: ReadonlyArray<{id: MarkClass; name: string}> = [
  {id: 'state-secret', name: '国家秘密'},
  {id: 'commercial-secret', name: '商业秘密'},
  {id: 'privacy', name: '个人隐私'},
]

export const markClassName = (markClass: string): string => MARK_CLASSES.find((entry) => entry.id === markClass)?.name ?? markClass

export const parseMarkClass = (input: string): MarkClass => {
  const wanted = input.trim()
  const match = MARK_CLASSES.find((entry) => entry.id === wanted || entry.name === wanted)
  if (!match) {
    throw usageError('MARK_CLASS_UNKNOWN', `未知的保密类别「${input}」，可用：${MARK_CLASSES.map((entry) => `${entry.id}（${entry.name}）`).join('、')}`)
  }

  return match.id
}

/** One row of the mark history: a mark, or its removal (which names the approval). */
export interface MarkEvent {
  id: number
  caseId: string
  itemId: string
  itemKind: 'document' | 'media'
  action: 'mark' | 'unmark'
  class: MarkClass
  className: string
  reason: string
  approval: string | null
  at: string
  by: string
}

/** The mark an item carries now. */
export interface ActiveMark {
  item: string
  kind: 'document' | 'media'
  class: MarkClass
  /** 国家秘密 / 商业秘密 / 个人隐私 */
  className: string
  reason: string
  by: string
  at: string
}

interface MarkRow {
  id: number
  case_id: string
  item_id: string
  item_kind: 'document' | 'media'
  action: 'mark' | 'unmark'
  class: MarkClass
  reason: string
  approval_id: string | null
  at: string
  actor: string
}

const toMarkEvent = (row: MarkRow): MarkEvent => ({
  action: row.action,
  approval: row.approval_id,
  at: row.at,
  by: row.actor,
  caseId: row.case_id,
  class: row.class,
  className: markClassName(row.class),
  id: row.id,
  itemId: row.item_id,
  itemKind: row.item_kind,
  reason: row.reason,
})

/** Every mark and removal of the case, oldest first. */
export const listMarks = (ws: Workspace, caseId: string): MarkEvent[] =>
  ws.db.all<MarkRow>('SELECT * FROM marks WHERE case_id = ? ORDER BY id', caseId).map((row) => toMarkEvent(row))

/** Item id → the mark it carries now; items without a mark are absent. */
export const activeMarks = (ws: Workspace, caseId: string): Map<string, ActiveMark> => {
  const active = new Map<string, ActiveMark>()
  for (const event of listMarks(ws, caseId)) {
    if (event.action === 'mark') {
      active.set(event.itemId, {
        at: event.at,
        by: event.by,
        class: event.class,
        className: event.className,
        item: event.itemId,
        kind: event.itemKind,
        reason: event.reason,
      })
    } else {
      active.delete(event.itemId)
    }
  }

  return active
}

/** The same as a plain list, for JSON outputs (case.json, --json): one entry per marked item, by item id. */
export const activeMarkList = (ws: Workspace, caseId: string): ActiveMark[] =>
  [...activeMarks(ws, caseId).values()].sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0))

export interface MarkResult {
  caseId: string
  class: MarkClass
  className: string
  items: Array<{id: string; kind: 'document' | 'media'; label: string}>
}

/** Marks one or more items; an item that already carries a mark must be unmarked first. */
export const markItems = (
  ws: Workspace,
  input: {caseId: string; refs: string[]; class: string; reason: string},
  caseItems: readonly CaseItem[],
  now = new Date(),
): MarkResult => {
  const markClass = parseMarkClass(input.class)
  const reason = input.reason?.trim()
  if (!reason) throw usageError('REASON_REQUIRED', '保密标记必须用 --reason 写明理由')
  if (input.refs.length === 0) throw usageError('ITEMS_REQUIRED', '请指定要标记的文书或音像文件编号')
  getCase(ws, input.caseId)
  const items = resolveItems(caseItems, input.caseId, input.refs)
  return ws.transact((audit) => {
    const current = activeMarks(ws, input.caseId)
    const alreadyMarked = items.filter((item) => current.has(item.id))
    if (alreadyMarked.length > 0) {
      throw conflict(
        'ALREADY_MARKED',
        `${alreadyMarked.map((item) => `${item.id}（${current.get(item.id)!.className}）`).join('、')} 已有保密标记；改变类别须先经批准用 zfjl unmark 取消`,
        {items: alreadyMarked.map((item) => item.id)},
      )
    }

    const at = formatLocal(now, ws.config.timezone)
    for (const item of items) {
      ws.db.run(
        `INSERT INTO marks (case_id, item_id, item_kind, action, class, reason, approval_id, at, actor)
         VALUES (?, ?, ?, 'mark', ?, ?, NULL, ?, ?)`,
        input.caseId,
        item.id,
        item.kind,
        markClass,
        reason,
        at,
        ws.actor.name,
      )
      audit({action: 'mark', caseId: input.caseId, details: {class: markClass, kind: item.kind, reason}, subject: item.id})
    }

    return {
      caseId: input.caseId,
      class: markClass,
      className: markClassName(markClass),
      items: items.map((item) => ({id: item.id, kind: item.kind, label: item.label})),
    }
  })
}

export interface UnmarkResult {
  caseId: string
  item: string
  removed: ActiveMark
  approval: string
}

/**
 * Removes a mark, done by a head in person (第四十七条), only under a granted approval for this case that covers the item and was granted
 * with confidential items included: the same consent that would let the item be copied.
 */
export const unmarkItem = (
  ws: Workspace,
  input: {caseId: string; ref: string; approval?: string; reason: string},
  caseItems: readonly CaseItem[],
  now = new Date(),
): UnmarkResult => {
  const reason = input.reason?.trim()
  if (!reason) throw usageError('REASON_REQUIRED', '取消保密标记必须用 --reason 写明理由')
  requireActingPerson(ws, undefined, '取消保密标记', 'head')
  getCase(ws, input.caseId)
  const item = resolveItem(caseItems, input.caseId, input.ref)
  return ws.transact((audit) => {
    const mark = activeMarks(ws, input.caseId).get(item.id)
    if (!mark) throw conflict('NOT_MARKED', `${item.id} 没有保密标记，无需取消`)
    const approval = requireUsableApproval(ws, input.approval, input.caseId, 'unmark', now)
    if (!approval.items.includes(item.id)) {
      throw forbidden('APPROVAL_NOT_COVERING', `复制申请 ${approval.id} 不包括 ${item.id}，不能据此取消其保密标记`, {item: item.id, request: approval.id})
    }

    if (!approval.decision.includeConfidential) {
      throw forbidden(
        'APPROVAL_EXCLUDES_CONFIDENTIAL',
        `复制申请 ${approval.id} 批准时未包括涉密内容（未指定 --include-confidential），不能据此取消 ${item.id} 的${mark.className}标记`,
        {item: item.id, request: approval.id},
      )
    }

    const at = formatLocal(now, ws.config.timezone)
    ws.db.run(
      `INSERT INTO marks (case_id, item_id, item_kind, action, class, reason, approval_id, at, actor)
         VALUES (?, ?, ?, 'unmark', ?, ?, ?, ?, ?)`,
      input.caseId,
      item.id,
      item.kind,
      mark.class,
      reason,
      approval.id,
      at,
      ws.actor.name,
    )
    audit({
      action: 'unmark',
      caseId: input.caseId,
      details: {approval: approval.id, class: mark.class, grantor: approval.decision.by, kind: item.kind, reason},
      subject: item.id,
    })
    return {approval: approval.id, caseId: input.caseId, item: item.id, removed: mark}
  })
}
