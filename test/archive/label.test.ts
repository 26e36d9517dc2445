import {execa} from 'execa'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {type LabelData, labelLayout, qrPayload, renderLabelPdf, renderLabelSvg, shortDigest, textWidth} from '../../src/archive/label.js'
import {makeTempDir} from '../helpers/cli.js'
import {hasTool} from '../helpers/tools.js'

const data: LabelData = {
  archiveSize: 378_490,
  archiveSm3: '2a17c61d06edb84f5de847f7f2514d2807e229df5b2fef3793f9526b1be52943',
  caseId: '2026-0001',
  caseTitle: '未取得卫生许可证从事公共场所经营活动并拒不改正的违法行为一案（标题很长，须缩小字号才能放进光盘可印区）',
  madeAt: '2026-03-10T10:00:00+08:00',
  maker: '张伟',
  numbers: ['珠卫罚〔2026〕12号', '珠卫罚告〔2026〕9号'],
  signatureAlgorithm: 'sm2',
  signerFingerprint: 'fe79639306b5576eb256844bdc842e2eebca65c699ccf583fc1d5710df324933',
  unit: '衡阳市珠晖区卫生健康局',
}

const hasPdftotext = hasTool('pdftotext', ['-v'])
if (!hasPdftotext) process.stderr.write('pdftotext 不在 PATH 中：跳过从 PDF 提取中文文字的检查\n')

describe('光盘标签 (第四十三条)', () => {
  it('carries every item the article names, the short SM3, the fingerprint and a QR payload with case id and digest', () => {
    const texts = labelLayout(data)
      .filter((element) => element.type === 'text')
      .map((element) => element.text)
      .join('\n')
    for (const expected of ['衡阳市珠晖区卫生健康局', '张伟', '2026-03-10 10:00', data.caseTitle, '2026-0001', '珠卫罚〔2026〕12号', shortDigest(data.archiveSm3), shortDigest(data.signerFingerprint)]) {
      expect(texts).toContain(expected)
    }

    expect(qrPayload(data)).toBe(`zfjl-archive:1;case=2026-0001;sm3=${data.archiveSm3};signer=${data.signerFingerprint}`)
    expect(labelLayout(data).filter((element) => element.type === 'qr')).toHaveLength(2)
  })

  it('keeps the disc text inside the 120 mm disc and off the hub around the 15 mm hole', () => {
    const elements = labelLayout(data)
    const disc = elements.find((element) => element.type === 'circle' && element.r === 60)
    expect(disc).toBeDefined()
    const hole = elements.find((element) => element.type === 'circle' && element.r === 7.5)
    expect(hole).toBeDefined()
    const {cx, cy} = disc as {cx: number; cy: number}
    for (const element of elements) {
      if (element.type !== 'text' || element.y > cy + 60) continue
      const width = textWidth(element.text, element.size)
      const left = element.anchor === 'middle' ? element.x - width / 2 : element.anchor === 'end' ? element.x - width : element.x
      const corners = [[left, element.y - element.size], [left + width, element.y - element.size], [left, element.y + element.size * 0.2], [left + width, element.y + element.size * 0.2]]
      for (const [x, y] of corners) expect(Math.hypot(x - cx, y - cy), element.text).toBeLessThanOrEqual(58.5)
      const nearestX = Math.max(left, Math.min(cx, left + width))
      const nearestY = Math.max(element.y - element.size, Math.min(cy, element.y + element.size * 0.2))
      expect(Math.hypot(nearestX - cx, nearestY - cy), element.text).toBeGreaterThan(19)
    }
  })

  it('renders a PDF with the CJK font subset embedded, whose text reads back as Chinese', async () => {
    const pdf = await renderLabelPdf(data)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const raw = pdf.toString('latin1')
    expect(raw).toMatch(/\/FontFile2/)
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/)
    expect(raw).toContain('/ToUnicode')
    // A subset, not the 10 MB font.
    expect(pdf.length).toBeLessThan(400_000)
  })

  it.skipIf(!hasPdftotext)('renders a PDF whose Chinese text pdftotext extracts', async () => {
    const file = join(makeTempDir('zfjl-label-'), 'label.pdf')
    writeFileSync(file, await renderLabelPdf(data))
    const {stdout} = await execa('pdftotext', [file, '-'])
    expect(stdout).toContain('执法记录光盘封套')
    expect(stdout).toContain('衡阳市珠晖区卫生健康局')
  })

  it('renders an SVG whose every character is an outline, so no font is needed where it is opened', () => {
    const svg = renderLabelSvg(data)
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="210mm" height="297mm"/)
    expect(svg).not.toMatch(/<text[\s>]/)
    expect(svg).toContain('<title>衡阳市珠晖区卫生健康局</title>')
    expect(svg).toContain('<circle cx="105" cy="72" r="60"')
    expect(svg).toContain('<circle cx="105" cy="72" r="7.5"')
    expect((svg.match(/<path d="M/g) ?? []).length).toBeGreaterThan(20)
  })
})
