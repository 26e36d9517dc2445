import {readdirSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {DOCUMENT_TYPES} from '../../src/law/documents.js'
import {DOCUMENT_FIELDS, documentFields} from '../../src/law/document-fields.js'
import {prepareFill} from '../../src/documents/fill-document.js'
import {EXAMPLE_DATA, exampleData, workspaceWithCase} from '../helpers/workspace-builder.js'

describe('document field catalog', () => {
  it('declares fields for exactly the 40 catalog types', () => {
    expect(Object.keys(DOCUMENT_FIELDS).sort()).toEqual(DOCUMENT_TYPES.map((type) => type.id).sort())
    expect(DOCUMENT_TYPES).toHaveLength(40)
  })

  it.each(DOCUMENT_TYPES.map((type) => [type.id]))('%s: ASCII camelCase keys, Chinese labels, columns for lists', (typeId) => {
    const fields = documentFields(typeId)
    const keys = fields.map((field) => field.key)
    expect(new Set(keys).size).toBe(keys.length)
    for (const field of fields) {
      expect(field.key).toMatch(/^[a-z][A-Za-z0-9]*$/)
      expect(field.label).toMatch(/[\u4e00-\u9fff]/)
      if (field.kind === 'list' || field.kind === 'signatures') expect(field.columns?.length).toBeGreaterThan(0)
      else expect(field.columns).toBeUndefined()
    }
  })

  it('gives decisions that state remedies the review body and the court', () => {
    for (const type of DOCUMENT_TYPES.filter((item) => item.statesRemedies)) {
      const keys = documentFields(type.id).map((field) => field.key)
      expect(keys, type.id).toEqual(expect.arrayContaining(['reviewBody', 'court']))
    }
  })

  it('carries the 第二十九条 items in collective-discussion', () => {
    const fields = new Map(documentFields('collective-discussion').map((field) => [field.key, field]))
    for (const key of ['startTime', 'place', 'chair', 'chairPosition', 'recorder', 'recorderPosition', 'attendees', 'observers', 'opinions', 'conclusion']) {
      expect(fields.has(key), key).toBe(true)
    }

    expect(fields.get('attendees')?.columns?.map((column) => column.key)).toEqual(['name', 'position'])
  })

  it('has an example data file per type that, with the case data, leaves nothing missing or invalid', () => {
    expect(readdirSync(EXAMPLE_DATA).filter((name) => name.endsWith('.yaml'))).toHaveLength(40)
    const {ws, caseId} = workspaceWithCase()
    for (const type of DOCUMENT_TYPES) {
      const plan = prepareFill(ws, caseId, type.id, {data: exampleData(type.id)})
      expect({missing: plan.missing.map((field) => field.key), problems: plan.problems, type: type.id}).toEqual({missing: [], problems: [], type: type.id})
    }

    ws.close()
  })
})
