import {createHash} from 'node:crypto'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {type PayloadFile, writeBag} from '../../src/archive/bag-writer.js'
import {CASE_METADATA_PATH, CASE_METADATA_SCHEMA, type CaseMetadata, TABLE_OF_CONTENTS_PATH} from '../../src/archive/case-metadata.js'
import {buildContentsDocx} from '../../src/archive/contents-docx.js'
import {signDetached} from '../../src/platform/signing/detached.js'
import {createSigningKey, type SigningAlgorithm} from '../../src/platform/signing/keys.js'
import {makeTempDir} from '../helpers/cli.js'
import {buildDocx, buildMp4, buildWav} from './bag-fixtures.js'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
const sm3 = (bytes: Buffer) => createHash('sm3').update(bytes).digest('hex')

export interface PlainBag {
  root: string
  out: string
  keys: {keys: string}
  files: PayloadFile[]
  metadata: CaseMetadata
}

/**
 * A bag from plain inputs, the way `archive pack` builds one but without a workspace: a decision
 * (.docx), a body-cam video (.mp4, 12.5 s) and an interview recording (.wav, 2 s), with case.json and
 * the 卷内目录, signed with a fresh key of the given algorithm.
 */
export const makePlainBag = async (algorithm: SigningAlgorithm = 'sm2', options: {mediaBytes?: number} = {}): Promise<PlainBag> => {
  const root = makeTempDir('zfjl-bag-')
  const sources = join(root, 'sources')
  mkdirSync(sources)
  const keys = {keys: join(root, 'keys')}
  createSigningKey(keys, algorithm)
  const contentOf = {
    decision: await buildDocx('行政处罚决定书', '珠卫罚〔2026〕1号 当事人：衡阳市某某足浴店'),
    interview: buildWav(2),
    video: buildMp4(12.5, options.mediaBytes ?? 200_000),
  }
  const paths = {decision: join(sources, 'D01.docx'), interview: join(sources, '询问录音 1.wav'), video: join(sources, 'M001.mp4')}
  for (const [key, path] of Object.entries(paths)) writeFileSync(path, contentOf[key as keyof typeof paths])
  const files: PayloadFile[] = [
    {bagPath: 'documents/2026-0001-D01 行政处罚决定书.docx', expected: {sha256: sha256(contentOf.decision), sm3: sm3(contentOf.decision)}, label: '文书 2026-0001-D01', source: paths.decision},
    {bagPath: 'media/2026-0001-M001.mp4', expected: {sha256: sha256(contentOf.video), size: contentOf.video.length, sm3: sm3(contentOf.video)}, label: '音像 2026-0001-M001', source: paths.video},
    {bagPath: 'media/2026-0001-M002 询问录音.wav', expected: {sha256: sha256(contentOf.interview), size: contentOf.interview.length, sm3: sm3(contentOf.interview)}, label: '音像 2026-0001-M002', source: paths.interview},
  ]
  const media = (id: string, index: 1 | 2, content: Buffer, durationSec: number, kind: 'video' | 'audio') => ({
    addedAt: '2026-03-02T10:00:00+08:00', addedBy: '张伟', bagPath: `data/${files[index].bagPath}`, capturedAt: '2026-03-02T09:30:00+08:00', captureSource: 'test',
    caseId: '2026-0001', device: null, durationSec, file: `cases/2026-0001/media/${id}`, gps: null, height: null, id, kind, make: null, model: null,
    officer: '张伟', original: id, serial: null, sha256: sha256(content), size: content.length, sm3: sm3(content), steps: ['onsite-inspection'], width: null,
  })
  const metadata: CaseMetadata = {
    audit: {head: null, rows: []},
    case: {createdAt: '2026-03-01T09:00:00+08:00', createdBy: '张伟', id: '2026-0001', officers: [{certNo: '44010020260001', name: '张伟'}, {certNo: '44010020260002', name: '李娜'}], parties: [{address: null, idNumber: null, name: '衡阳市某某足浴店', type: null}], procedure: 'penalty-general', status: 'open', title: '未取得卫生许可证从事公共场所经营活动', year: 2026},
    checkFindings: [],
    contents: [
      {bagPath: `data/${files[0].bagPath}`, date: '2026-03-05', number: '珠卫罚〔2026〕1号', ref: 'document:2026-0001-D01', responsible: '珠晖区卫生健康局', seq: 1, title: '行政处罚决定书', note: null},
      {bagPath: `data/${files[1].bagPath}`, date: '2026-03-02', number: null, ref: 'media:2026-0001-M001', responsible: '张伟', seq: 2, title: '现场检查执法记录仪视频', note: null},
      {bagPath: `data/${files[2].bagPath}`, date: '2026-03-02', number: null, ref: 'media:2026-0001-M002', responsible: '张伟', seq: 3, title: '询问录音', note: null},
    ],
    documents: [
      {approvals: [], bagPath: `data/${files[0].bagPath}`, caseId: '2026-0001', docDate: '2026-03-05', draftedAt: '2026-03-05T10:00:00+08:00', draftedBy: '张伟', fields: {}, file: 'cases/2026-0001/documents/D01.docx', id: '2026-0001-D01', name: '行政处罚决定书', number: '珠卫罚〔2026〕1号', services: [], sha256: sha256(contentOf.decision), sm3: sm3(contentOf.decision), type: 'penalty-decision', voided: null},
    ],
    effectiveEventIds: [],
    events: [],
    forced: null,
    generator: 'zfjl test',
    handovers: [],
    marks: [],
    media: [media('2026-0001-M001', 1, contentOf.video, 12.5, 'video'), media('2026-0001-M002', 2, contentOf.interview, 2, 'audio')],
    packedAt: '2026-03-10T10:00:00+08:00',
    packedBy: '张伟',
    schema: CASE_METADATA_SCHEMA,
    unit: {code: '珠卫', name: '珠晖区卫生健康局'},
  }
  const out = join(root, 'archive.zip')
  await writeBag({
    bagInfo: [['Source-Organization', '珠晖区卫生健康局'], ['External-Identifier', '2026-0001 珠卫罚〔2026〕1号']],
    files,
    generated: [
      {bagPath: CASE_METADATA_PATH, content: Buffer.from(JSON.stringify(metadata, null, 2)), deflate: true},
      {bagPath: TABLE_OF_CONTENTS_PATH, content: await buildContentsDocx({caseId: '2026-0001', caseTitle: metadata.case.title, entries: metadata.contents, unit: '珠晖区卫生健康局'}), deflate: false},
    ],
    out,
    signer: {algorithm, sign: (bytes) => signDetached({paths: keys}, bytes)},
  })
  return {files, keys, metadata, out, root}
}
