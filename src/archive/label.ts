import {createRequire} from 'node:module'

import * as fontkit from 'fontkit'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'

/**
 * The 光盘标签 and 封套 of 第四十三条: 制作单位、制作人、制作时间、执法活动或案件名称及编号, plus the
 * archive's SM3 (short form), the signer's key fingerprint and a QR code with case id and digest.
 * One layout in millimetres, drawn to PDF (pdfkit, font subset embedded) or SVG (glyphs as paths), so
 * Chinese prints correctly on a machine without any CJK font: the font ships in an npm package.
 */

const FONT_PATH = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')

export interface LabelData {
  /** 制作单位 */
  unit: string
  /** 制作人 */
  maker: string
  /** 制作时间 (ISO local) */
  madeAt: string
  caseId: string
  /** 执法活动或案件名称 */
  caseTitle: string
  /** 文号 of the case's documents */
  numbers: string[]
  archiveSm3: string
  archiveSize: number
  signatureAlgorithm: string
  signerFingerprint: string
}

type Anchor = 'start' | 'middle' | 'end'

export type LabelElement =
  | {type: 'circle'; cx: number; cy: number; r: number; dashed?: boolean}
  | {type: 'rect'; x: number; y: number; width: number; height: number}
  | {type: 'line'; x1: number; y1: number; x2: number; y2: number}
  | {type: 'text'; x: number; y: number; size: number; text: string; anchor: Anchor}
  | {type: 'qr'; x: number; y: number; size: number; modules: boolean[][]}

/** A4 portrait: the disc on top, the sleeve (封套) below. */
export const PAGE = {height: 297, width: 210}
const DISC = {cx: 105, cy: 72, hole: 7.5, hub: 19, r: 60}
const SLEEVE = {size: 125, x: 42.5, y: 145}

let cachedFont: fontkit.Font | undefined
const font = (): fontkit.Font => (cachedFont ??= fontkit.openSync(FONT_PATH))

export const textWidth = (text: string, size: number): number =>
  (font().layout(text).positions.reduce((sum, position) => sum + position.xAdvance, 0) / font().unitsPerEm) * size

/** The largest size ≤ `size` at which `text` fits `width`. */
const fitted = (text: string, size: number, width: number): number => Math.min(size, (size * width) / Math.max(textWidth(text, size), 0.001))

export const shortDigest = (hex: string): string => `${hex.slice(0, 8)}…${hex.slice(-8)}`

const grouped = (hex: string): string => hex.replaceAll(/(.{8})/g, '$1 ').trim()

/** What the QR code carries: enough to find the case and check the disc's archive against it. */
export const qrPayload = (data: LabelData): string => `zfjl-archive:1;case=${data.caseId};sm3=${data.archiveSm3};signer=${data.signerFingerprint}`

const qrModules = (text: string): boolean[][] => {
  const {modules} = QRCode.create(text, {errorCorrectionLevel: 'M'})
  return Array.from({length: modules.size}, (_, row) => Array.from({length: modules.size}, (_, column) => Boolean(modules.get(row, column))))
}

/** Half the chord of the printable ring at vertical distance `dy` from the centre. */
const chordHalf = (dy: number, radius: number): number => Math.sqrt(Math.max(0, radius * radius - dy * dy))

export const labelLayout = (data: LabelData): LabelElement[] => {
  const elements: LabelElement[] = []
  const modules = qrModules(qrPayload(data))
  const caseLine = [data.caseId, ...data.numbers].join('  ')
  const made = `制作人：${data.maker}    制作时间：${data.madeAt.slice(0, 16).replace('T', ' ')}`

  // Disc: outline, hub and hole; text kept inside a 57 mm radius, off the hub.
  const {cx, cy} = DISC
  elements.push({cx, cy, r: DISC.r, type: 'circle'}, {cx, cy, dashed: true, r: DISC.hub, type: 'circle'}, {cx, cy, r: DISC.hole, type: 'circle'})
  const printable = 56
  const centred = (dy: number, text: string, size: number) =>
    elements.push({anchor: 'middle', size: fitted(text, size, 2 * chordHalf(Math.abs(dy) + size, printable) - 4), text, type: 'text', x: cx, y: cy + dy})
  centred(-45, data.unit, 3.6)
  centred(-38, data.caseTitle, 4.2)
  centred(-31, caseLine, 3.2)
  centred(-25, made, 2.8)
  const qrSize = 22
  elements.push({modules, size: qrSize, type: 'qr', x: cx + DISC.hub + 3, y: cy - qrSize / 2})
  const leftEdge = cx - chordHalf(8, printable) + 2
  const leftWidth = cx - DISC.hub - 3 - leftEdge
  elements.push(
    {anchor: 'start', size: fitted('案卷 SM3', 2.8, leftWidth), text: '案卷 SM3', type: 'text', x: leftEdge + 2, y: cy - 2},
    {anchor: 'start', size: fitted(shortDigest(data.archiveSm3), 2.8, leftWidth), text: shortDigest(data.archiveSm3), type: 'text', x: leftEdge + 2, y: cy + 3},
  )
  centred(27, `签名公钥指纹（${data.signatureAlgorithm.toUpperCase()}）`, 2.6)
  centred(32, shortDigest(data.signerFingerprint), 2.8)
  centred(38, '签名案卷（BagIt 1.0）· 核验：zfjl archive verify', 2.4)
  centred(44, '执法全过程记录 光盘标签（第四十三条）', 2.6)

  // Sleeve: a ruled table with the full digests and a larger QR code.
  const {size, x, y} = SLEEVE
  elements.push({height: size, type: 'rect', width: size, x, y})
  elements.push({anchor: 'middle', size: 5, text: '执法记录光盘封套', type: 'text', x: x + size / 2, y: y + 11})
  const rows: Array<[string, string]> = [
    ['制作单位', data.unit],
    ['制作人', data.maker],
    ['制作时间', data.madeAt.slice(0, 19).replace('T', ' ')],
    ['案件名称', data.caseTitle],
    ['案件编号', caseLine],
    ['案卷大小', `${data.archiveSize} 字节`],
  ]
  const labelWidth = 22
  const rowHeight = 8
  let rowTop = y + 16
  const valueWidth = size - labelWidth - 6
  for (const [label, value] of rows) {
    elements.push({type: 'line', x1: x, x2: x + size, y1: rowTop, y2: rowTop})
    elements.push({anchor: 'start', size: 3.2, text: label, type: 'text', x: x + 3, y: rowTop + 5.5})
    elements.push({anchor: 'start', size: fitted(value, 3.2, valueWidth), text: value, type: 'text', x: x + labelWidth + 3, y: rowTop + 5.5})
    rowTop += rowHeight
  }

  elements.push({type: 'line', x1: x, x2: x + size, y1: rowTop, y2: rowTop})
  const bigQr = 36
  const digestWidth = size - bigQr - 9
  const digestLines: Array<[string, number]> = [
    ['案卷 SM3 摘要', 3],
    [grouped(data.archiveSm3.slice(0, 32)), 3],
    [grouped(data.archiveSm3.slice(32)), 3],
    [`签名公钥指纹（${data.signatureAlgorithm.toUpperCase()}，SM3）`, 3],
    [grouped(data.signerFingerprint.slice(0, 32)), 3],
    [grouped(data.signerFingerprint.slice(32)), 3],
  ]
  digestLines.forEach(([text, lineSize], index) =>
    elements.push({anchor: 'start', size: fitted(text, lineSize, digestWidth), text, type: 'text', x: x + 3, y: rowTop + 7 + index * 5.6}),
  )
  elements.push({modules, size: bigQr, type: 'qr', x: x + size - bigQr - 3, y: rowTop + 3})
  elements.push({
    anchor: 'middle',
    size: 2.4,
    text: '核验：zfjl archive verify 案卷.zip --pubkey 机构公钥.pem；或按包内 signature/README.txt 用 openssl 核验',
    type: 'text',
    x: x + size / 2,
    y: y + size - 4,
  })
  return elements
}

const MM = 72 / 25.4

/** The label as a PDF (A4), the CJK font subset embedded by pdfkit. */
export const renderLabelPdf = (data: LabelData): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const document = new PDFDocument({info: {Author: data.unit, Title: `光盘标签 ${data.caseId}`}, margin: 0, size: 'A4'})
    const chunks: Buffer[] = []
    document.on('data', (chunk: Buffer) => chunks.push(chunk))
    document.on('end', () => resolve(Buffer.concat(chunks)))
    document.on('error', reject)
    document.registerFont('cjk', FONT_PATH)
    document.font('cjk').lineWidth(0.3 * MM).strokeColor('#000000')
    const ascent = font().ascent / font().unitsPerEm
    for (const element of labelLayout(data)) {
      if (element.type === 'circle') {
        document.save()
        if (element.dashed) document.dash(1.5 * MM, {space: 1.5 * MM})
        document.circle(element.cx * MM, element.cy * MM, element.r * MM).stroke()
        document.restore()
      } else if (element.type === 'rect') {
        document.rect(element.x * MM, element.y * MM, element.width * MM, element.height * MM).stroke()
      } else if (element.type === 'line') {
        document.moveTo(element.x1 * MM, element.y1 * MM).lineTo(element.x2 * MM, element.y2 * MM).stroke()
      } else if (element.type === 'qr') {
        const cell = element.size / element.modules.length
        element.modules.forEach((row, rowIndex) =>
          row.forEach((dark, columnIndex) => {
            if (dark) document.rect((element.x + columnIndex * cell) * MM, (element.y + rowIndex * cell) * MM, cell * MM + 0.05, cell * MM + 0.05).fill('#000000')
          }),
        )
      } else {
        const width = textWidth(element.text, element.size)
        const left = element.anchor === 'start' ? element.x : element.anchor === 'middle' ? element.x - width / 2 : element.x - width
        document
          .fontSize(element.size * MM)
          .fillColor('#000000')
          .text(element.text, left * MM, (element.y - ascent * element.size) * MM, {lineBreak: false})
      }
    }

    document.end()
  })

const svgNumber = (value: number): string => String(Math.round(value * 1000) / 1000)

const escapeXml = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')

/** Text as glyph outlines: the SVG needs no font at all where it is opened. */
const textAsPath = (text: string, x: number, baseline: number, size: number, anchor: Anchor): string => {
  const run = font().layout(text)
  const scale = size / font().unitsPerEm
  const width = textWidth(text, size)
  let pen = anchor === 'start' ? x : anchor === 'middle' ? x - width / 2 : x - width
  const parts: string[] = []
  run.glyphs.forEach((glyph, index) => {
    const position = run.positions[index]
    const originX = pen + position.xOffset * scale
    const originY = baseline - position.yOffset * scale
    parts.push(glyph.path.mapPoints((px, py) => [originX + px * scale, originY - py * scale]).toSVG())
    pen += position.xAdvance * scale
  })
  return `<path d="${parts.join('')}"><title>${escapeXml(text)}</title></path>`
}

/** The label as SVG in millimetres (A4), every character an outline. */
export const renderLabelSvg = (data: LabelData): string => {
  const body = labelLayout(data).map((element) => {
    switch (element.type) {
      case 'circle': {
        return `<circle cx="${svgNumber(element.cx)}" cy="${svgNumber(element.cy)}" r="${svgNumber(element.r)}" fill="none" stroke="#000" stroke-width="0.3"${element.dashed ? ' stroke-dasharray="1.5 1.5"' : ''}/>`
      }

      case 'rect': {
        return `<rect x="${svgNumber(element.x)}" y="${svgNumber(element.y)}" width="${svgNumber(element.width)}" height="${svgNumber(element.height)}" fill="none" stroke="#000" stroke-width="0.3"/>`
      }

      case 'line': {
        return `<line x1="${svgNumber(element.x1)}" y1="${svgNumber(element.y1)}" x2="${svgNumber(element.x2)}" y2="${svgNumber(element.y2)}" stroke="#000" stroke-width="0.2"/>`
      }

      case 'qr': {
        const cell = element.size / element.modules.length
        const squares = element.modules.flatMap((row, rowIndex) =>
          row.flatMap((dark, columnIndex) => (dark ? [`M${svgNumber(element.x + columnIndex * cell)} ${svgNumber(element.y + rowIndex * cell)}h${svgNumber(cell)}v${svgNumber(cell)}h-${svgNumber(cell)}z`] : [])),
        )
        return `<path d="${squares.join('')}" fill="#000"/>`
      }

      default: {
        return textAsPath(element.text, element.x, element.y, element.size, element.anchor)
      }
    }
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE.width}mm" height="${PAGE.height}mm" viewBox="0 0 ${PAGE.width} ${PAGE.height}">`,
    `<title>${escapeXml(`光盘标签 ${data.caseId} ${data.caseTitle}`)}</title>`,
    '<rect width="100%" height="100%" fill="#fff"/>',
    ...body,
    '</svg>',
    '',
  ].join('\n')
}
