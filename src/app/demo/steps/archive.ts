import {execFile} from 'node:child_process'
import {promisify} from 'node:util'

import {defaultLabelPath, labelFromInspection, writeLabel} from '../../../archive/label-source.js'
import {packCase, type PackResult} from '../../../archive/pack-case.js'
import {trustOptionsFor} from '../../../archive/trusted-signers.js'
import {inspectArchive} from '../../../archive/verify.js'
import {ZfjlError} from '../../../platform/errors.js'
import {createSigningKey, hasSigningKey} from '../../../platform/signing/keys.js'
import type {DemoStep} from '../demo-step.js'
import {demoPerson} from './access.js'

const run = promisify(execFile)

/**
 * 归档 in one pass: the case is packed into a signed BagIt zip (refused first if `check` still has
 * errors, then packed with --force and a reason, as a head would decide), checked by 四性检测 against
 * the unit's key, and given its disc label as PDF, SVG and, where poppler's pdftoppm exists, PNG.
 */
export const demoStep: DemoStep = async ({caseId, progress, ws}) => {
  const summary: string[] = []
  if (!hasSigningKey(ws.paths)) {
    const key = ws.transact((audit) => {
      const created = createSigningKey(ws.paths, 'sm2')
      audit({action: 'key.create', details: {algorithm: created.algorithm, fingerprint: created.fingerprint}, subject: created.publicKeyPath})
      return created
    })
    summary.push(`创建本单位 SM2 签名密钥，公钥指纹 ${key.fingerprint.slice(0, 16)}…`)
  }

  progress('归档：打包签名案卷…')
  let packed: PackResult
  try {
    packed = await packCase(ws, caseId)
  } catch (error) {
    if (!(error instanceof ZfjlError) || error.code !== 'CASE_HAS_ERRORS') throw error
    const errors = (error.details?.errors as unknown[] | undefined)?.length ?? 0
    const head = demoPerson('head')
    summary.push(`检查仍有 ${errors} 项错误，归档被拒绝；${head}（执法机构负责人）本人以 --force --reason 决定先行归档`)
    packed = await packCase(ws.as(head), caseId, {force: true, reason: `演示：检查尚有 ${errors} 项错误，经执法机构负责人决定先行归档`})
  }

  summary.push(
    `案卷 ${packed.file}：${packed.payloadFiles} 个文件（Payload-Oxum ${packed.payloadOxum}），${packed.size} 字节`,
    `案卷 SM3 ${packed.sm3.slice(0, 16)}…，${packed.signatureAlgorithm.toUpperCase()} 签名，已记入目录库与审计链`,
  )

  progress('归档：四性检测…')
  const inspected = await inspectArchive(packed.path, trustOptionsFor(ws))
  const {report} = inspected
  summary.push(
    `四性检测：${report.properties.map((property) => `${property.name}${property.passed ? '✓' : '✗'}`).join(' ')}${report.ok ? '（全部通过）' : `（${report.findings.filter((finding) => finding.severity === 'error').length} 个问题）`}`,
  )

  progress('归档：光盘标签…')
  // The scan 四性检测 just read, not a second one.
  const label = await labelFromInspection(packed.path, inspected)
  const pdf = await writeLabel(label, defaultLabelPath(packed.path))
  await writeLabel(label, defaultLabelPath(packed.path, 'svg'))
  let png = ''
  try {
    await run('pdftoppm', ['-png', '-r', '150', '-singlefile', pdf.out, pdf.out.replace(/\.pdf$/, '')])
    png = `，PNG ${pdf.out.replace(/\.pdf$/, '.png')}`
  } catch {
    // pdftoppm (poppler-utils) is optional: the PDF and SVG are the label; the PNG is only a preview.
  }

  summary.push(`光盘标签与封套（第四十三条）：${pdf.out}，SVG 同名${png}`)
  return {step: '归档：签名案卷、四性检测、光盘标签', summary}
}
