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
  Footer,
  HeightRule,
  Packer,
  PageNumber,
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
import {documentFields, type FieldDef, PARTY_TYPE_TAGS} from '../src/law/document-fields.js'
import {type GridRow, type LayoutBlock, REMEDY_SENTENCE, TEMPLATE_LAYOUTS} from './template-layouts.js'

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

interface ParagraphOptions {
  align?: 'left' | 'center' | 'right'
  indent?: boolean
  style?: RunStyle
  before?: number
  after?: number
  /** Keep with the next paragraph, whole (keep-with-next + keep-lines). */
  keepNext?: boolean
}

const alignment = (align: ParagraphOptions['align']) =>
  align === 'center' ? AlignmentType.CENTER : align === 'right' ? AlignmentType.RIGHT : align === 'left' ? AlignmentType.LEFT : AlignmentType.JUSTIFIED

const paragraph = (text: string, options: ParagraphOptions = {}): Paragraph =>
  new Paragraph({
    alignment: alignment(options.align),
    children: runs(text, options.style),
    indent: options.indent ? {firstLine: 560} : undefined,
    keepLines: options.keepNext,
    keepNext: options.keepNext,
    // Exact spacing keeps body lines on a steady grid; the larger title lines size themselves.
    spacing: {...((options.style?.size ?? SIZE.body) > SIZE.body ? {line: 240, lineRule: 'auto' as const} : LINE), after: options.after ?? 0, before: options.before ?? 0},
  })

const cellBorder = {color: '000000', size: 4, style: BorderStyle.SINGLE}
const borders = {bottom: cellBorder, left: cellBorder, right: cellBorder, top: cellBorder}

/** A table cell; running text (opinions, digests, names) reads from the left, labels and numbers are centred. */
const cell = (
  text: string,
  width: number,
  options: {bold?: boolean; align?: 'left' | 'center' | 'right'; columnSpan?: number; verticalAlign?: 'top' | 'center'; size?: number} = {},
): TableCell =>
  new TableCell({
    borders,
    columnSpan: options.columnSpan,
    width: {size: width, type: WidthType.DXA},
    children: [
      new Paragraph({
        alignment: alignment(options.align ?? 'center'),
        children: runs(text, {bold: options.bold, size: options.size ?? SIZE.table}),
        spacing: {line: 340, lineRule: 'exact'},
      }),
    ],
    margins: {bottom: 40, left: 80, right: 80, top: 40},
    verticalAlign: options.verticalAlign === 'top' ? VerticalAlign.TOP : VerticalAlign.CENTER,
  })

/** Text width of A4 less the side margins, in twips. */
const TEXT_WIDTH = 11906 - 1588 - 1474
const NARROW = new Set(['quantity', 'unit', 'copies', 'pages', 'position'])
const WIDE = new Set(['name', 'producer', 'opinion', 'content', 'proves', 'requirement', 'question', 'answer'])
/** Columns printed as running text, read from the left. */
const RUNNING_TEXT = new Set([...WIDE, 'remarks', 'speaker'])
/** Columns too long for a column of their own (a SM3 and a SHA-256 digest): a full-width row under each item. */
const FULL_ROW = new Set(['hash'])
/** Columns sized to their content: a media id (2026-0001-M001) on one line, short formats and sizes. */
const FITTED: Readonly<Record<string, number>> = {duration: 1.4, format: 1.3, id: 2.2, size: 1.3}
const columnWeight = (key: string): number => FITTED[key] ?? (NARROW.has(key) ? 1 : WIDE.has(key) ? 2.6 : 1.6)

/**
 * Header row of labels, then the row(s) docxtemplater repeats per list item (`{#key}` … `{/key}`):
 * one row, or two when a column takes a full-width row of its own.
 */
const listTable = (field: FieldDef): Table => {
  const columns = (field.columns ?? []).filter((column) => !FULL_ROW.has(column.key))
  const fullRows = (field.columns ?? []).filter((column) => FULL_ROW.has(column.key))
  const weights = [0.8, ...columns.map((column) => columnWeight(column.key))]
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  const widths = weights.map((weight) => Math.floor((TEXT_WIDTH * weight) / total))
  const header = new TableRow({
    children: [cell('序号', widths[0], {bold: true}), ...columns.map((column, index) => cell(column.label, widths[index + 1], {bold: true}))],
    tableHeader: true,
  })
  const last = fullRows.length === 0 ? columns.length - 1 : -1
  const loopRow = new TableRow({
    cantSplit: true,
    children: [
      cell(`{#${field.key}}{seq}`, widths[0]),
      ...columns.map((column, index) =>
        cell(index === last ? `{${column.key}}{/${field.key}}` : `{${column.key}}`, widths[index + 1], {align: RUNNING_TEXT.has(column.key) ? 'left' : 'center'}),
      ),
    ],
  })
  const digestRows = fullRows.map(
    (column, index) =>
      new TableRow({
        cantSplit: true,
        children: [
          // The value names its own parts (SM3：…, SHA-256：…), one digest a line.
          cell(`{${column.key}}${index === fullRows.length - 1 ? `{/${field.key}}` : ''}`, TEXT_WIDTH, {align: 'left', columnSpan: widths.length, size: SIZE.small}),
        ],
      }),
  )
  return new Table({columnWidths: widths, layout: TableLayoutType.FIXED, rows: [header, loopRow, ...digestRows], width: {size: TEXT_WIDTH, type: WidthType.DXA}})
}

/** Handwriting room of a ruled form row, in twips. */
const TALL_ROW = 1200
const LABEL_WIDTH = Math.floor(TEXT_WIDTH * 0.24)

/** A ruled form (送达回证, 审批表): a label column and a value column, tall rows where someone writes by hand. */
const gridTable = (rows: readonly GridRow[]): Table =>
  new Table({
    columnWidths: [LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH],
    layout: TableLayoutType.FIXED,
    rows: rows.map(
      (row) =>
        new TableRow({
          cantSplit: true,
          children: [
            cell(row.label, LABEL_WIDTH, {bold: true}),
            new TableCell({
              borders,
              children: row.lines.map(
                (line, index) =>
                  new Paragraph({
                    alignment: alignment(index > 0 && row.signature ? 'right' : 'left'),
                    children: runs(line, {size: SIZE.table}),
                    spacing: {before: index > 0 && row.signature ? 240 : 0, line: 360, lineRule: 'exact'},
                  }),
              ),
              margins: {bottom: 60, left: 100, right: 100, top: 60},
              verticalAlign: row.tall ? VerticalAlign.TOP : VerticalAlign.CENTER,
              width: {size: TEXT_WIDTH - LABEL_WIDTH, type: WidthType.DXA},
            }),
          ],
          height: {rule: HeightRule.ATLEAST, value: row.tall ? TALL_ROW : 560},
        }),
    ),
    width: {size: TEXT_WIDTH, type: WidthType.DXA},
  })

type Child = Paragraph | Table

/** Paragraphs between tag-only paragraphs repeat per item (docxtemplater `paragraphLoop`); also used for conditions. */
const paragraphLoop = (key: string, inner: Paragraph[], keepNext?: boolean): Paragraph[] => [
  paragraph(`{#${key}}`, {keepNext}),
  ...inner,
  paragraph(`{/${key}}`, {keepNext}),
]

/** Tags the fill computes from the party's type (the system tags you, isPerson, isOrganization). */
const needsPartyType = (name: string): boolean => (PARTY_TYPE_TAGS as readonly string[]).includes(name)

const renderBlock = (block: LayoutBlock, fields: Map<string, FieldDef>, placed: Set<string>, type: DocumentType, keepNext = false): Child[] => {
  const use = (key: string): FieldDef => {
    const field = fields.get(key)
    if (!field) throw new Error(`${type.id}: layout uses {${key}}, which is not a declared field`)
    placed.add(key)
    return field
  }

  const columnKeys = new Set([...fields.values()].flatMap((field) => (field.columns ?? []).map((column) => column.key)))
  const useTags = (text: string) => {
    for (const match of text.matchAll(/\{[#/^]?([^{}#/^]+)\}/g)) {
      const name = match[1]
      if (needsPartyType(name)) use('partyType')
      else if (['unit', 'docDate', 'docNumber', 'permitCase', 'seq'].includes(name)) continue
      else if (fields.has(name) || !columnKeys.has(name)) use(name)
    }
  }

  const line = (text: string, options: ParagraphOptions = {}) => paragraph(text, {keepNext, ...options})
  // Label lines read from the left: justifying a wrapped 「label：value」 line spreads its characters apart.
  const labelLine = (text: string, options: ParagraphOptions = {}) => line(text, {align: 'left', ...options})

  switch (block.kind) {
    case 'to': {
      use(block.key)
      return [labelLine(`{${block.key}}：`, {before: 200})]
    }

    case 'text': {
      useTags(block.text)
      return [line(block.text, {align: block.align, indent: block.indent ?? true})]
    }

    case 'fields': {
      return block.keys.flatMap((key) => {
        const field = use(key)
        if (field.kind === 'list' || field.kind === 'signatures') return listBlock(field)
        return [labelLine(`${field.label}：{${key}}`)]
      })
    }

    case 'inline': {
      return [labelLine(block.keys.map((key) => `${use(key).label}：{${key}}`).join('　　'))]
    }

    case 'party': {
      // A person is named with 性别、身份证件号码、住址; a unit with 统一社会信用代码、法定代表人、地址.
      use('partyType')
      const label = block.label ?? '当事人'
      for (const key of ['partyName', 'partyIdNo', 'legalRep', 'partyAddress', 'partyPhone', 'partyGender']) use(key)
      return [
        ...paragraphLoop('isPerson', [
          labelLine(`${label}：{partyName}\u3000\u3000性别：{partyGender}`),
          labelLine('身份证件号码：{partyIdNo}'),
          labelLine('住址：{partyAddress}'),
        ]),
        ...paragraphLoop('isOrganization', [
          labelLine(`${label}：{partyName}`),
          labelLine('统一社会信用代码：{partyIdNo}'),
          labelLine('法定代表人（负责人）：{legalRep}'),
          labelLine('地址：{partyAddress}'),
        ]),
        ...paragraphLoop('partyPhone', [labelLine('联系电话：{partyPhone}')]),
      ]
    }

    case 'table': {
      const field = use(block.key)
      return block.caption === false ? [listTable(field)] : listBlock(field)
    }

    case 'grid': {
      for (const row of block.rows) for (const text of row.lines) useTags(text)
      return [gridTable(block.rows)]
    }

    case 'numbered': {
      use(block.key)
      return paragraphLoop(block.key, [line(`{seq}．{${block.column}}`, {indent: true})])
    }

    case 'qa': {
      use(block.key)
      return paragraphLoop(block.key, [line('问：{question}', {indent: true}), line('答：{answer}', {indent: true})])
    }

    case 'rest': {
      return [...fields.values()]
        .filter((field) => !placed.has(field.key))
        .flatMap((field) => renderBlock({keys: [field.key], kind: 'fields'}, fields, placed, type, keepNext))
    }

    case 'remedy': {
      use('reviewBody')
      use('court')
      return [line(REMEDY_SENTENCE(block.noun ?? '决定', block.document ?? `${block.noun ?? '决定'}书`), {indent: true})]
    }

    case 'signers': {
      const field = use(block.key)
      const columns = new Set((field.columns ?? []).map((column) => column.key))
      const who = columns.has('position') ? '{name}（{position}）' : '{name}'
      const cert = columns.has('certNo') ? '　执法证号：{certNo}' : ''
      return paragraphLoop(block.key, [labelLine(`${block.role}：${who}${cert}\u3000签名：＿＿＿＿`, {before: 120})], keepNext)
    }

    case 'sign': {
      return block.labels.map((label) => labelLine(`${label}：${BLANK}\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日`, {before: 200}))
    }

    case 'seal': {
      // GB/T 9704: the seal never stands on a page without text; the paragraphs before it keep with it.
      return [paragraph('{unit}（印章）', {align: 'right', before: 600, keepNext: true}), paragraph('{docDate}', {align: 'right'})]
    }

    case 'pages': {
      // Printed in the footer of every page (see pageFooter).
      return []
    }
  }
}

const listBlock = (field: FieldDef): Child[] => [paragraph(`${field.label}：`, {keepNext: true}), listTable(field)]

/** Blocks that keep with the seal: the signature lines just above it and the last body paragraph before those. */
const keptWithSeal = (layout: readonly LayoutBlock[]): Set<number> => {
  const kept = new Set<number>()
  const seal = layout.findIndex((block) => block.kind === 'seal')
  if (seal < 0) return kept
  for (let index = seal - 1; index >= 0; index--) {
    const {kind} = layout[index]
    if (kind === 'table' || kind === 'grid' || kind === 'qa' || kind === 'numbered' || kind === 'rest') break
    kept.add(index)
    if (kind === 'text' || kind === 'remedy') break
  }

  return kept
}

const footerRun = (children: Array<string | (typeof PageNumber)[keyof typeof PageNumber]>) =>
  new TextRun({children, font: bodyFont, language: {eastAsia: 'zh-CN'}, size: SIZE.small})

/**
 * Every page is numbered 「第 X 页 共 Y 页」 (PAGE and NUMPAGES fields). 笔录 are signed page by page, so
 * their footer also carries the signature line of the person heard or inspected.
 */
const pageFooter = (signer: string | undefined): Footer =>
  new Footer({
    children: [
      ...(signer
        ? [new Paragraph({alignment: AlignmentType.LEFT, children: [footerRun([`${signer}（签名）：${BLANK}\u3000\u3000执法人员（签名）：${BLANK}`])], spacing: {after: 80}})]
        : []),
      new Paragraph({alignment: AlignmentType.CENTER, children: [footerRun(['第 ', PageNumber.CURRENT, ' 页　共 ', PageNumber.TOTAL_PAGES, ' 页'])]}),
    ],
  })

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
  const kept = keptWithSeal(layout)
  const body = layout.flatMap((block, index) => renderBlock(block, fields, placed, type, kept.has(index)))
  const pages = layout.find((block) => block.kind === 'pages')
  const unplaced = [...fields.keys()].filter((key) => !placed.has(key))
  if (unplaced.length > 0) throw new Error(`${type.id}: layout leaves out fields ${unplaced.join(', ')}`)

  const document = new Document({
    creator: 'zfjl',
    description: `${type.name}（${type.id}）模板，由 scripts/build-templates.ts 生成`,
    lastModifiedBy: 'zfjl',
    // Manual line breaks in a field's text do not stretch the line before them across the page.
    compatibility: {doNotExpandShiftReturn: true},
    revision: 1,
    sections: [
      {
        children: [...header(type), ...body],
        footers: {default: pageFooter(pages?.kind === 'pages' ? pages.signer : undefined)},
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
