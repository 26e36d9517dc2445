import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'

describe('zfjl catalog', () => {
  it('lists the five procedures, the 40 documents with their fields, events and AV duties', async () => {
    const result = await runCli(['catalog', '--json'])
    expect(result.exitCode).toBe(0)
    const catalog = result.json
    expect(catalog.procedures.map((procedure: {id: string}) => procedure.id)).toEqual([
      'permit',
      'penalty-summary',
      'penalty-general',
      'inspection',
      'coercion',
    ])
    expect(catalog.documents).toHaveLength(40)
    const decision = catalog.documents.find((type: {id: string}) => type.id === 'penalty-decision')
    expect(decision).toMatchObject({article: '第三十条', categoryCode: '罚', name: '行政处罚决定书', numbering: 'docno'})
    for (const type of catalog.documents) {
      expect(type.fields.length, type.id).toBeGreaterThan(0)
      for (const field of type.fields) {
        expect(field, type.id).toMatchObject({key: expect.stringMatching(/^[A-Za-z][A-Za-z0-9]*$/), label: expect.any(String), required: expect.any(Boolean)})
        expect(['text', 'date', 'datetime', 'money', 'number', 'list', 'signatures', 'choice', 'flag']).toContain(field.kind)
      }
    }

    const discussion = catalog.documents.find((type: {id: string}) => type.id === 'collective-discussion')
    expect(discussion.steps).toEqual(['collective-discussion'])
    expect(catalog.avDuties.find((duty: {event: string}) => duty.event === 'random-draw')).toMatchObject({level: 'av-full'})
    expect(catalog.events.map((event: {id: string}) => event.id)).toEqual(expect.arrayContaining(['filed', 'decision-served', 'pause-start', 'closed']))
  })

  it('filters by procedure', async () => {
    const result = await runCli(['catalog', '--procedure', 'coercion', '--json'])
    const ids = result.json.documents.map((type: {id: string}) => type.id)
    expect(ids).toEqual(expect.arrayContaining(['seizure-decision', 'seizure-list', 'service-receipt']))
    expect(ids).not.toContain('penalty-decision')
    expect(result.json.events.every((event: {procedures: string[] | string}) => event.procedures === 'any' || event.procedures.includes('coercion'))).toBe(true)
  })

  it('prints a table for people', async () => {
    const result = await runCli(['catalog'])
    expect(result.stdout).toContain('行政处罚决定书')
    expect(result.stdout).toContain('全程音像记录')
  })
})

describe('help, version and exit codes', () => {
  it('shows summaries and examples', async () => {
    const root = await runCli(['--help'])
    expect(root.exitCode).toBe(0)
    expect(root.stdout).toContain('case')
    const caseNew = await runCli(['case', 'new', '--help'])
    expect(caseNew.stdout).toContain('执法人员不得少于两人')
    expect(caseNew.stdout).toContain('EXAMPLES')
    expect(caseNew.stdout).toContain('zfjl case new --procedure')
  })

  it('prints the version', async () => {
    const result = await runCli(['--version'])
    expect(result.stdout).toMatch(/^zfjl\/\d+\.\d+\.\d+/)
  })

  it('prints one exit-code table and maps parse errors to 2, with and without --json', async () => {
    const table = await runCli(['exit-codes', '--json'])
    expect(table.json.exitCodes.map((entry: {code: number}) => entry.code)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 10, 130])
    const badFlag = await runCli(['case', 'list', '--no-such-flag'])
    const badFlagJson = await runCli(['case', 'list', '--no-such-flag', '--json'])
    expect(badFlag.exitCode).toBe(2)
    expect(badFlagJson.exitCode).toBe(2)
    expect(badFlagJson.json.error.kind).toBe('usage')
    const badOption = await runCli(['case', 'list', '--procedure', 'parking', '--json'])
    expect(badOption.exitCode).toBe(2)
  })
})
