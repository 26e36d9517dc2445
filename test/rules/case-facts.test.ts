import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {createCase, recordEvent} from '../../src/cases/case-service.js'
import {type Workspace} from '../../src/workspace/workspace.js'
import {initWorkspace} from '../../src/workspace/init-workspace.js'
import {insertApproval, insertDocument, insertService, insertVoid} from '../../src/documents/document-store.js'
import {loadAllCaseFacts, loadCaseFacts} from '../../src/rules/case-facts.js'
import type {CaseFacts} from '../../src/rules/completeness.js'
import {makeTempDir} from '../helpers/cli.js'
import type {SqlParameter} from '../../src/platform/db/catalog.js'

const OFFICERS = [
  {certNo: '001', name: '张伟'},
  {certNo: '002', name: '李娜'},
]

describe('bulk and per-case loaders agree', () => {
  let ws: Workspace
  const ids: string[] = []

  beforeAll(() => {
    ws = initWorkspace({code: '测卫', dir: join(makeTempDir(), 'ws'), identity: 'declared', officers: OFFICERS, unit: '测试局'})
    for (const procedure of ['penalty-general', 'coercion', 'inspection']) {
      ids.push(createCase(ws, {officers: OFFICERS, party: {address: '某路1号', idNumber: null, name: '某店'}, procedure, title: `测试${procedure}`}).id)
    }

    const wrong = recordEvent(ws, ids[0], 'filed', {at: '2026-03-01'})
    recordEvent(ws, ids[0], 'filed', {at: '2026-03-02', reason: '日期录错', supersedes: wrong.id})
    recordEvent(ws, ids[0], 'prior-notice-served', {at: '2026-03-10T10:00'})
    recordEvent(ws, ids[1], 'seizure', {at: '2026-03-05'})
    recordEvent(ws, ids[1], 'pause-start', {at: '2026-03-06', note: '检验'})
    const document = (id: string, caseId: string, seq: number, type: string) =>
      insertDocument(ws, {
        caseId,
        docDate: '2026-03-10',
        draftedAt: '2026-03-10T09:00:00+08:00',
        draftedBy: '张伟',
        fields: {facts: '事实', list: [{name: '甲'}]},
        file: `cases/${caseId}/documents/${id}.docx`,
        id,
        name: type,
        number: null,
        numberKey: null,
        numberSeq: null,
        numberYear: null,
        seq,
        sha256: 'a'.repeat(64),
        sm3: 'b'.repeat(64),
        source: null,
        templateSha256: 'c'.repeat(64),
        type,
      })
    document(`${ids[0]}-D01`, ids[0], 1, 'penalty-prior-notice')
    document(`${ids[0]}-D02`, ids[0], 2, 'service-receipt')
    document(`${ids[0]}-D03`, ids[0], 3, 'inquiry-record')
    insertApproval(ws, `${ids[0]}-D01`, {at: '2026-03-09T09:00:00+08:00', by: '赵敏', opinion: '同意', role: 'review'})
    insertApproval(ws, `${ids[0]}-D01`, {at: '2026-03-09T10:00:00+08:00', by: '周强', opinion: null, role: 'approve'})
    insertService(ws, `${ids[0]}-D01`, {at: '2026-03-10T10:00:00+08:00', eventId: null, method: 'direct', receiptDocId: `${ids[0]}-D02`, recordedAt: '2026-03-10T11:00:00+08:00', to: '某店'})
    insertVoid(ws, `${ids[0]}-D03`, {at: '2026-03-11', by: '张伟', reason: '重做'})
    const insertMedia = (...values: SqlParameter[]) => ws.db.run(
      `INSERT INTO media (id, case_id, seq, file, original, source_path, size, mtime_ms, sha256, sm3, kind, captured_at, duration_sec, gps, added_at, added_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ...values,
    )
    insertMedia(`${ids[1]}-M001`, ids[1], 1, `cases/${ids[1]}/media/a.mp4`, 'a.mp4', '/src/a.mp4', 10, 1, 'd'.repeat(64), 'e'.repeat(64), 'video', '2026-03-05T10:00:00+08:00', 12.5, JSON.stringify({latitude: 26.9, longitude: 112.6}), '2026-03-05T12:00:00+08:00', '张伟')
    insertMedia(`${ids[1]}-M002`, ids[1], 2, `cases/${ids[1]}/media/b.jpg`, 'b.jpg', '/src/b.jpg', 5, 1, 'f'.repeat(64), '0'.repeat(64), 'photo', null, null, null, '2026-03-05T12:00:00+08:00', '张伟')
    const link = (...values: SqlParameter[]) => ws.db.run(
      'INSERT INTO media_links (media_id, event, linked_at, linked_by) VALUES (?, ?, ?, ?)',
      ...values,
    )
    link(`${ids[1]}-M001`, 'seizure', '2026-03-05T12:00:00+08:00', '张伟')
    link(`${ids[1]}-M001`, 'destruction', '2026-03-05T12:00:00+08:00', '张伟')
  })

  afterAll(() => ws.close())

  /** The checked view of a case's facts: the part both loaders must agree on. */
  const checked = (facts: CaseFacts) => ({
    caseRecord: facts.caseRecord,
    documents: facts.documents.map(({approvals, fields, id, name, services, type, voided}) => ({approvals, fields, id, name, services, type, voided})),
    events: facts.events.map(({at, event, id}) => ({at, event, id})),
    media: facts.media.map(({capturedAt, durationSec, id, kind, steps}) => ({capturedAt, durationSec, id, kind, steps})),
  })

  it('loadAllCaseFacts equals loadCaseFacts for every case', () => {
    const bulk = loadAllCaseFacts(ws)
    expect(bulk.map((facts) => facts.caseRecord.id)).toEqual(ids)
    expect(bulk.map((facts) => checked(facts))).toEqual(ids.map((id) => checked(loadCaseFacts(ws, id))))
    // The fixture really exercises what it claims to.
    expect(bulk[0].events.map((event) => event.at)).toEqual(['2026-03-02', '2026-03-10T10:00:00+08:00'])
    expect(bulk[0].documents.find((document) => document.id.endsWith('D03'))?.voided).not.toBeNull()
    expect(bulk[1].media[0].steps).toEqual(['seizure', 'destruction'])
  })
})
