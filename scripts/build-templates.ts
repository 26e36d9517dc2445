/**
 * Builds templates/<type-id>.docx for every 文书 from the catalog (fields) and the layouts (order,
 * fixed sentences, signature blocks). Run with `npm run templates`; the output is committed and is
 * byte-for-byte reproducible: fixed document properties and fixed zip entry dates.
 *
 * Look (GB/T 9704 where it applies to forms): A4, 37/35/28/26 mm margins; the family line
 * 卫生行政执法文书/卫生行政许可文书; the unit and the title centred in 小标宋 (宋体 fallback); body in 仿宋.
 * Each `{tag}` is its own run so Word never splits it.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx'
import PizZip from 'pizzip'

import {type DocumentType, DOCUMENT_TYPES} from '../src/law/documents.js'
import {documentFields, type FieldDef} from '../src/law/document-fields.js'
import {type LayoutBlock, REMEDY_SENTENCE, TEMPLATE_LAYOUTS} from './template-layouts.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const OUT_DIR = join(ROOT, 'templates')

/** Fixed instant for document properties and zip entries, so a rebuild gives the same bytes. */
const BUILD_DATE = new Date('2026-01-01T00:00:00Z')

const TITLE_FACE = '方正小标宋简体'
const BODY_FACE = '仿宋'
const LATIN_FACE = 'Times New Roman'
/** Half-points: 二号 22pt title, 小二 18pt unit, 四号 14pt body, 五号 10.5pt small print. */
const SIZE = {body: 28, family: 21, small: 21, table: 24, title: 44, unit: 36}
const BLANK = '＿＿＿＿＿＿＿＿'

const bodyFont = {ascii: LATIN_FACE, eastAsia: BODY_FACE, hAnsi: LATIN_FACE}
const titleFont = {ascii: LATIN_FACE, eastAsia: TITLE_FACE, hAnsi: LATIN_FACE}

interface RunStyle {
  size?: number
  bold?: boolean
  title?: boolean
}

/** Splits `text {tag} text` into runs, each tag alone in its run. */
const runs = (text: string, style: RunStyle = {}): TextRun[] =>
  text
    .split(/(\{[^{}]+\})/)
    .filter((part) => part !== '')
    .map(
      (part) =>
        new TextRun({
          bold: style.bold,
          font: style.title ? titleFont : bodyFont,
          language: {eastAsia: 'zh-CN'},
          size: style.size ?? SIZE.body,
          text: part,
        }),
    )

const LINE = {line: 500, lineRule: 'exact' as const}

const paragraph = (
  text: string,
  options: {align?: 'left' | 'center' | 'right'; indent?: boolean; style?: RunStyle; before?: number; after?: number; keepNext?: boolean} = {},
): Paragraph =>
  new Paragraph({
    alignment: options.align === 'center' ? AlignmentType.CENTER : options.align === 'right' ? AlignmentType.RIGHT : AlignmentType.JUSTIFIED,
    children: runs(text, options.style),
    indent: options.indent ? {firstLine: 560} : undefined,
    keepNext: options.keepNext,
    // Exact spacing keeps body lines on a steady grid; the larger title lines size themselves.
    spacing: {...((options.style?.size ?? SIZE.body) > SIZE.body ? {line: 240, lineRule: 'auto' as const} : LINE), after: options.after ?? 0, before: options.before ?? 0},
  })

const cellBorder = {color: '000000', size: 4, style: BorderStyle.SINGLE}
const borders = {bottom: cellBorder, left: cellBorder, right: cellBorder, top: cellBorder}

const cell = (text: string, width: number, bold = false): TableCell =>
  new TableCell({
    borders,
    width: {size: width, type: WidthType.DXA},
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: runs(text, {bold, size: SIZE.table}),
        spacing: {line: 340, lineRule: 'exact'},
      }),
    ],
    margins: {bottom: 40, left: 60, right: 60, top: 40},
    verticalAlign: VerticalAlign.CENTER,
  })

/** Text width of A4 less the side margins, in twips. */
const TEXT_WIDTH = 11906 - 1588 - 1474
const NARROW = new Set(['quantity', 'unit', 'copies', 'pages', 'format', 'position'])
const WIDE = new Set(['name', 'producer', 'opinion', 'content', 'proves', 'requirement', 'question', 'answer', 'hash'])
const columnWeight = (key: string): number => (NARROW.has(key) ? 1 : WIDE.has(key) ? 2.6 : 1.6)

/** Header row of labels, then one row that docxtemplater repeats per list item (`{#key}` … `{/key}`). */
const listTable = (field: FieldDef): Table => {
  const columns = field.columns ?? []
  const weights = [0.8, ...columns.map((column) => columnWeight(column.key))]
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  const widths = weights.map((weight) => Math.floor((TEXT_WIDTH * weight) / total))
  const header = new TableRow({
    children: [cell('序号', widths[0], true), ...columns.map((column, index) => cell(column.label, widths[index + 1], true))],
    tableHeader: true,
  })
  const loopRow = new TableRow({
    children: [
      cell(`{#${field.key}}{seq}`, widths[0]),
      ...columns.map((column, index) =>
        cell(index === columns.length - 1 ? `{${column.key}}{/${field.key}}` : `{${column.key}}`, widths[index + 1]),
      ),
    ],
  })
  return new Table({columnWidths: widths, layout: TableLayoutType.FIXED, rows: [header, loopRow], width: {size: TEXT_WIDTH, type: WidthType.DXA}})
}

type Child = Paragraph | Table

/** Paragraphs between tag-only paragraphs repeat per item (docxtemplater `paragraphLoop`). */
const paragraphLoop = (key: string, inner: Paragraph[]): Paragraph[] => [paragraph(`{#${key}}`), ...inner, paragraph(`{/${key}}`)]

const renderBlock = (block: LayoutBlock, fields: Map<string, FieldDef>, placed: Set<string>, type: DocumentType): Child[] => {
  const use = (key: string): FieldDef => {
    const field = fields.get(key)
    if (!field) throw new Error(`${type.id}: layout uses {${key}}, which is not a declared field`)
    placed.add(key)
    return field
  }

  const useTags = (text: string) => {
    for (const match of text.matchAll(/\{([^{}#/]+)\}/g)) {
      if (!['unit', 'docDate', 'docNumber'].includes(match[1])) use(match[1])
    }
  }

  switch (block.kind) {
    case 'to': {
      use(block.key)
      return [paragraph(`{${block.key}}：`, {before: 200})]
    }

    case 'text': {
      useTags(block.text)
      return [paragraph(block.text, {align: block.align, indent: block.indent ?? true})]
    }

    case 'fields': {
      return block.keys.flatMap((key) => {
        const field = use(key)
        if (field.kind === 'list' || field.kind === 'signatures') return listBlock(field)
        return [paragraph(`${field.label}：{${key}}`)]
      })
    }

    case 'inline': {
      return [paragraph(block.keys.map((key) => `${use(key).label}：{${key}}`).join('　　'))]
    }

    case 'table': {
      return listBlock(use(block.key))
    }

    case 'numbered': {
      use(block.key)
      return paragraphLoop(block.key, [paragraph(`{seq}．{${block.column}}`, {indent: true})])
    }

    case 'qa': {
      use(block.key)
      return paragraphLoop(block.key, [paragraph('问：{question}', {indent: true}), paragraph('答：{answer}', {indent: true})])
    }

    case 'rest': {
      return [...fields.values()]
        .filter((field) => !placed.has(field.key))
        .flatMap((field) => renderBlock({keys: [field.key], kind: 'fields'}, fields, placed, type))
    }

    case 'remedy': {
      use('reviewBody')
      use('court')
      return [paragraph(REMEDY_SENTENCE(block.noun ?? '决定'), {indent: true})]
    }

    case 'signers': {
      const field = use(block.key)
      const columns = new Set((field.columns ?? []).map((column) => column.key))
      const who = columns.has('position') ? '{name}（{position}）' : '{name}'
      const cert = columns.has('certNo') ? '　执法证号：{certNo}' : ''
      return paragraphLoop(block.key, [paragraph(`${block.role}：${who}${cert}\u3000签名：＿＿＿＿`, {before: 120})])
    }

    case 'sign': {
      return block.labels.map((label) => paragraph(`${label}：${BLANK}\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日`, {before: 200}))
    }

    case 'seal': {
      return [
        paragraph('{unit}（印章）', {align: 'right', before: 600}),
        paragraph('{docDate}', {align: 'right'}),
      ]
    }

    case 'pages': {
      return [paragraph('第　　页　共　　页', {align: 'right', style: {size: SIZE.small}})]
    }
  }
}

const listBlock = (field: FieldDef): Child[] => [paragraph(`${field.label}：`, {keepNext: true}), listTable(field)]

const header = (type: DocumentType): Child[] => {
  const family = type.family === 'permit' ? '卫生行政许可文书' : '卫生行政执法文书'
  const children: Child[] = [
    paragraph(family, {align: 'center', style: {size: SIZE.family}}),
    paragraph('{unit}', {align: 'center', before: 240, style: {size: SIZE.unit, title: true}}),
    paragraph(type.name, {after: 120, align: 'center', before: 120, style: {size: SIZE.title, title: true}}),
  ]
  if (type.numbering === 'docno') children.push(paragraph('{docNumber}', {after: 240, align: 'right'}))
  if (type.numbering === 'serial') children.push(paragraph('编号：{docNumber}', {after: 240, align: 'right'}))
  return children
}

export const buildTemplate = async (type: DocumentType): Promise<Buffer> => {
  const fields = new Map(documentFields(type.id).map((field) => [field.key, field]))
  const layout = TEMPLATE_LAYOUTS[type.id]
  if (!layout) throw new Error(`${type.id}: no layout`)
  const placed = new Set<string>()
  const body = layout.flatMap((block) => renderBlock(block, fields, placed, type))
  const unplaced = [...fields.keys()].filter((key) => !placed.has(key))
  if (unplaced.length > 0) throw new Error(`${type.id}: layout leaves out fields ${unplaced.join(', ')}`)

  const document = new Document({
    creator: 'zfjl',
    description: `${type.name}（${type.id}）模板，由 scripts/build-templates.ts 生成`,
    lastModifiedBy: 'zfjl',
    revision: 1,
    sections: [
      {
        children: [...header(type), ...body],
        properties: {
          page: {
            margin: {bottom: 1984, footer: 794, header: 851, left: 1588, right: 1474, top: 2098},
            size: {height: 16838, width: 11906},
          },
        },
      },
    ],
    styles: {
      default: {document: {run: {font: bodyFont, size: SIZE.body}}},
    },
    title: type.name,
  })
  return normalizeZip(await Packer.toBuffer(document))
}

/**
 * The docx writer stamps the current time into docProps/core.xml and the zip entries; fix both, and
 * declare the Chinese faces with fallbacks (宋体 for 小标宋, 仿宋_GB2312/FangSong for 仿宋) in the font table.
 */
const normalizeZip = (bytes: Buffer): Buffer => {
  const source = new PizZip(bytes)
  const target = new PizZip()
  const stamp = BUILD_DATE.toISOString().replace(/\.\d{3}Z$/, 'Z')
  for (const name of Object.keys(source.files)) {
    const entry = source.files[name]
    if (entry.dir) continue
    let content = entry.asText()
    if (name === 'docProps/core.xml') {
      content = content.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, `$1${stamp}$2`)
    }

    if (name === 'word/fontTable.xml') content = withChineseFonts(content)
    target.file(name, content, {createFolders: false, date: BUILD_DATE})
  }

  return target.generate({compression: 'DEFLATE', type: 'nodebuffer'})
}

const fontEntry = (name: string, altName: string, family: 'roman' | 'modern') =>
  `<w:font w:name="${name}"><w:altName w:val="${altName}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`

const withChineseFonts = (xml: string): string => {
  const entries = `${fontEntry(TITLE_FACE, '宋体', 'roman')}${fontEntry(BODY_FACE, 'FangSong', 'modern')}${fontEntry('宋体', 'SimSun', 'roman')}`
  // The writer emits an empty, self-closing <w:fonts/> when no font is embedded.
  return /<w:fonts([^>]*)\/>\s*$/.test(xml)
    ? xml.replace(/<w:fonts([^>]*)\/>\s*$/, `<w:fonts$1>${entries}</w:fonts>`)
    : xml.replace(/<\/w:fonts>\s*$/, `${entries}</w:fonts>`)
}

const main = async () => {
  mkdirSync(OUT_DIR, {recursive: true})
  for (const type of DOCUMENT_TYPES) {
    // Sequential: the order of output lines stays stable and the work is small.
    const bytes = await buildTemplate(type)
    writeFileSync(join(OUT_DIR, `${type.id}.docx`), bytes)
    console.log(`templates/${type.id}.docx  ${bytes.length} 字节`)
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main()
