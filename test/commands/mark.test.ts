import {describe, expect, it} from 'vitest'

import {setUpExportCase} from './export-setup.js'

describe('zfjl mark / unmark', {timeout: 600_000}, () => {
  it('marks items, and removes a mark only with a granted approval that covers it and includes confidential items', async () => {
    const setup = await setUpExportCase()
    const [note, idCard] = setup.media
    const mark = await setup.cli(['mark', setup.caseId, note, idCard, '--class', 'privacy', '--reason', '含身份证号码', '--json'])
    expect(mark.exitCode, mark.stdout).toBe(0)
    expect(mark.json).toMatchObject({class: 'privacy', className: '个人隐私'})
    expect(mark.json.items.map((item: {id: string}) => item.id)).toEqual([note, idCard])
    const again = await setup.cli(['mark', setup.caseId, idCard, '--class', 'state-secret', '--reason', 'x', '--json'])
    expect([again.exitCode, again.json.error.code]).toEqual([4, 'ALREADY_MARKED'])
    const listed = await setup.cli(['media', 'list', setup.caseId, '--json'])
    const marked = Object.fromEntries(listed.json.media.map((item: {id: string; mark: {className: string} | null}) => [item.id, item.mark?.className ?? null]))
    expect([marked[note], marked[idCard]]).toEqual(['个人隐私', '个人隐私'])
    const shown = await setup.cli(['case', 'show', setup.caseId, '--json'])
    expect(shown.json.media.marked).toBe(2)
    const documents = await setup.cli(['doc', 'list', setup.caseId, '--json'])
    expect(documents.json.documents.every((document: {mark: unknown}) => document.mark === null)).toBe(true)
    const badClass = await setup.cli(['mark', setup.caseId, idCard, '--class', 'secret', '--reason', 'x', '--json'])
    expect(badClass.exitCode).toBe(2)

    const without = await setup.cli(['unmark', setup.caseId, idCard, '--officer', '王强', '--reason', '已脱敏', '--json'])
    expect([without.exitCode, without.json.error.code]).toEqual([5, 'APPROVAL_REQUIRED'])

    const plain = await setup.cli(['copy', 'request', setup.caseId, '--items', idCard, '--purpose', '复议', '--by', '张伟', '--officer', '张伟', '--json'])
    await setup.cli(['copy', 'grant', plain.json.id, '--by', '王强', '--officer', '王强'])
    const notConfidential = await setup.cli(['unmark', setup.caseId, idCard, '--officer', '王强', '--approval', plain.json.id, '--reason', '已脱敏', '--json'])
    expect([notConfidential.exitCode, notConfidential.json.error.code]).toEqual([5, 'APPROVAL_EXCLUDES_CONFIDENTIAL'])

    const other = await setup.cli(['copy', 'request', setup.caseId, '--items', note, '--purpose', '复议', '--by', '张伟', '--officer', '张伟', '--json'])
    await setup.cli(['copy', 'grant', other.json.id, '--by', '王强', '--officer', '王强', '--include-confidential'])
    const notCovering = await setup.cli(['unmark', setup.caseId, idCard, '--officer', '王强', '--approval', other.json.id, '--reason', '已脱敏', '--json'])
    expect([notCovering.exitCode, notCovering.json.error.code]).toEqual([5, 'APPROVAL_NOT_COVERING'])

    const removed = await setup.cli(['unmark', setup.caseId, note, '--officer', '王强', '--approval', other.json.id, '--reason', '经核实不含隐私', '--json'])
    expect(removed.exitCode, removed.stdout).toBe(0)
    expect(removed.json).toMatchObject({approval: other.json.id, item: note, removed: {class: 'privacy'}})
    const audit = await setup.cli(['audit', 'log', '--action', 'unmark', '--json'])
    expect(audit.json.rows).toHaveLength(1)
    expect(audit.json.rows[0].details).toMatchObject({approval: other.json.id, grantor: '王强'})
    const marks = await setup.cli(['audit', 'log', '--action', 'mark', '--json'])
    expect(marks.json.rows.map((row: {subject: string}) => row.subject)).toEqual([note, idCard])
  })
})
