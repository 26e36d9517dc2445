import PizZip from 'pizzip'

import {DOCUMENT_FIELDS, PARTY_TYPE_TAGS, SYSTEM_TAGS} from '../law/document-fields.js'

/**
 * Template problems Word introduces: a `{tag}` typed, corrected or restyled in Word is often split
 * across several runs (`<w:r>`), which a later edit can then break apart. We require every tag to sit
 * in one text run, every tag to name a declared field, and every required field to appear.
 */
export type TemplateProblemKind = 'not-docx' | 'split-tag' | 'unclosed-tag' | 'undeclared-tag' | 'missing-field'

export interface TemplateProblem {
  kind: TemplateProblemKind
  message: string
  tag?: string
  part?: string
}

export interface TemplateCheck {
  type: string | null
  tags: string[]
  problems: TemplateProblem[]
}

const XML_PARTS = /^word\/(document|header\d*|footer\d*)\.xml$/

const unescapeXml = (text: string): string =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

interface TagOccurrence {
  name: string
  raw: string
  split: boolean
}

/** Per paragraph, the text of its `<w:t>` elements, and which element each character came from. */
const paragraphTexts = (xml: string): Array<{text: string; owner: number[]}> =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((paragraph) => {
    let text = ''
    const owner: number[] = []
    let element = 0
    for (const run of paragraph[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)) {
      const piece = unescapeXml(run[1])
      text += piece
      for (let index = 0; index < piece.length; index++) owner.push(element)
      element++
    }

    return {owner, text}
  })

/** Names of the tags a paragraph follows directly with 。；， (the fill trims the value's own closing mark). */
export const tagsBeforeStop = (bytes: Uint8Array): Set<string> => {
  const names = new Set<string>()
  const xml = new PizZip(bytes).file('word/document.xml')?.asText() ?? ''
  for (const {text} of paragraphTexts(xml)) {
    for (const match of text.matchAll(/\{([^{}#/^]+)\}(?=[。；，])/g)) names.add(match[1].trim())
  }

  return names
}

/** Tags of one part, each remembering whether its characters came from more than one `<w:t>` element. */
const partTags = (xml: string, part: string, problems: TemplateProblem[]): TagOccurrence[] => {
  const tags: TagOccurrence[] = []
  for (const {text, owner} of paragraphTexts(xml)) {
    let position = 0
    while (position < text.length) {
      const open = text.indexOf('{', position)
      if (open < 0) break
      const close = text.indexOf('}', open)
      const nextOpen = text.indexOf('{', open + 1)
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        const fragment = text.slice(open, Math.min(open + 20, close < 0 ? text.length : nextOpen))
        problems.push({kind: 'unclosed-tag', message: `${part}：标签「${fragment}」没有闭合的「}」`, part, tag: fragment})
        position = open + 1
        continue
      }

      const raw = text.slice(open, close + 1)
      const split = owner[open] !== owner[close]
      tags.push({name: raw.slice(1, -1).replace(/^[#/^]/, '').trim(), raw, split})
      position = close + 1
    }
  }

  return tags
}

/** Checks a template against the fields of `typeId` (null when the type is not known: only run-splitting is checked). */
export const checkTemplate = (bytes: Uint8Array, typeId: string | null): TemplateCheck => {
  const problems: TemplateProblem[] = []
  let zip: PizZip
  try {
    zip = new PizZip(bytes)
  } catch {
    return {problems: [{kind: 'not-docx', message: '不是有效的 .docx 文件（无法作为 zip 打开）'}], tags: [], type: typeId}
  }

  const parts = Object.keys(zip.files).filter((name) => XML_PARTS.test(name))
  if (!parts.includes('word/document.xml')) {
    return {problems: [{kind: 'not-docx', message: '不是有效的 .docx 文件（缺少 word/document.xml）'}], tags: [], type: typeId}
  }

  const occurrences = parts.flatMap((part) => partTags(zip.file(part)!.asText(), part, problems).map((tag) => ({...tag, part})))
  for (const tag of occurrences.filter((occurrence) => occurrence.split)) {
    problems.push({
      kind: 'split-tag',
      message: `${tag.part}：标签「${tag.raw}」被拆分在多个文字段（run）中，请在 Word 中删除后一次性重新输入`,
      part: tag.part,
      tag: tag.raw,
    })
  }

  const names = [...new Set(occurrences.map((occurrence) => occurrence.name))]
  const fields = typeId ? DOCUMENT_FIELDS[typeId] : undefined
  if (fields) {
    const declared = new Set<string>([...SYSTEM_TAGS, ...fields.flatMap((field) => [field.key, ...(field.columns ?? []).map((column) => column.key)])])
    for (const name of names.filter((tag) => !declared.has(tag))) {
      problems.push({kind: 'undeclared-tag', message: `标签「{${name}}」不是${typeId}的字段`, tag: name})
    }

    // partyType is shown through the words it chooses (「你」/「你单位」) and the party's lines.
    const shown = (key: string) => names.includes(key) || (key === 'partyType' && PARTY_TYPE_TAGS.some((tag) => names.includes(tag)))
    for (const field of fields.filter((item) => item.required && !shown(item.key))) {
      problems.push({kind: 'missing-field', message: `缺少必填字段 ${field.label}（{${field.key}}）`, tag: field.key})
    }
  }

  return {problems, tags: names, type: typeId}
}
