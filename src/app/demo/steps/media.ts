import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {handoverMedia} from '../../../media/media-handover.js'
import {importMedia} from '../../../media/media-import.js'
import {linkMedia} from '../../../media/media-store.js'
import {verifyMedia} from '../../../media/media-verify.js'
import {humanBytes} from '../../../platform/human-bytes.js'
import {addPerson, listPeople} from '../../../people/roles.js'
import {getCase} from '../../../cases/case-service.js'
import type {DemoStep} from '../demo-step.js'

const DEMO_CUSTODIAN = '赵敏'

/** Imports examples/media into the demo case, ties each file to its step, hands them over and checks fixity. */
export const demoStep: DemoStep = async ({caseId, examplesDir, progress, ws}) => {
  progress('导入示例音像资料（SHA-256 + SM3，一次读取）…')
  // Which step each example file records: the 现场检查 filmed and photographed, the 询问 taped and filmed,
  // the service of the 事先告知书 and of the 决定书 filmed.
  const stepByFile = (JSON.parse(readFileSync(join(examplesDir, 'demo-case.json'), 'utf8')) as {media: Record<string, string>}).media
  const imported = await importMedia(ws, caseId, [join(examplesDir, 'media')])
  for (const item of imported.added) {
    const step = stepByFile[item.original]
    if (step) linkMedia(ws, caseId, [item.id], step)
  }

  if (!listPeople(ws).some((person) => person.active && person.roles.includes('custodian'))) {
    addPerson(ws, {name: DEMO_CUSTODIAN, roles: ['custodian']})
  }

  const custodian = listPeople(ws).find((person) => person.active && person.roles.includes('custodian'))!.name
  const from = getCase(ws, caseId).officers[0].name
  progress('移交音像资料并核对摘要…')
  const handover = await handoverMedia(ws.as(custodian), caseId, {allPending: true, from})
  const fixity = await verifyMedia(ws, {caseId})
  return {
    step: '音像资料：导入、关联步骤、交接、完整性校验',
    summary: [
      ...imported.added.map(
        (item) =>
          `${item.id} ${item.original}（${item.kind}，${humanBytes(item.size)}，拍摄于 ${item.capturedAt ?? '未知'}，来源 ${item.captureSource ?? '无'}）→ ${stepByFile[item.original] ?? '未关联'}`,
      ),
      `交接 ${handover.id}：${handover.from} → ${handover.to}，${handover.items.length} 个文件，摘要均与登记一致${handover.documentId ? `；音像资料交接记录 ${handover.documentId}` : ''}`,
      `完整性校验：完好 ${fixity.counts.ok} 个，异常 ${fixity.entries.length - fixity.counts.ok} 个`,
    ],
  }
}
