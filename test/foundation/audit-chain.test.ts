import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {canonicalJson} from '../../src/platform/canonical-json.js'
import {initWorkspace} from '../../src/workspace/init-workspace.js'
import {GENESIS_HASH, hashAuditRow, listAudit, verifyAuditChain} from '../../src/platform/db/audit-chain.js'
import {makeTempDir} from '../helpers/cli.js'

describe('canonical JSON', () => {
  it('does not depend on key order and drops undefined', () => {
    expect(canonicalJson({b: 1, a: {d: [2, {z: 1, y: undefined, x: 0}], c: null}})).toBe('{"a":{"c":null,"d":[2,{"x":0,"z":1}]},"b":1}')
  })
})

describe('audit chain', () => {
  it('chains rows committed with their change and rolls back with it', () => {
    const ws = initWorkspace({code: '珠卫', dir: join(makeTempDir(), 'ws'), unit: '测试局'})
    ws.transact((audit) => {
      audit({action: 'test.one', subject: 'a'})
      audit({action: 'test.two', caseId: '2026-0001', details: {n: 1}, subject: 'b'})
    })
    expect(() =>
      ws.transact((audit) => {
        audit({action: 'test.lost', subject: 'c'})
        throw new Error('the change failed')
      }),
    ).toThrow('the change failed')

    const rows = listAudit(ws.db)
    expect(rows.map((row) => row.action)).toEqual(['workspace.init', 'key.create', 'test.one', 'test.two'])
    expect(rows[0].prevHash).toBe(GENESIS_HASH)
    for (const row of rows) expect(hashAuditRow(row)).toBe(row.hash)
    expect(listAudit(ws.db, {caseId: '2026-0001'})).toHaveLength(1)
    expect(listAudit(ws.db, {action: 'test'})).toHaveLength(2)
    const verification = verifyAuditChain(ws.db, ws.paths.auditHead)
    expect(verification).toMatchObject({firstBroken: null, ok: true, rows: 4})
    expect(verification.recordedHead).toEqual(verification.head)
    ws.close()
  })
})
