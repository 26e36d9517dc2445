import {DOCUMENT_RULES, ORDER_RULES, PLATFORM_DUTIES} from '../law/completeness-rules.js'
import {DEADLINE_RULES} from '../law/deadline-rules.js'
import type {FindingKind} from '../law/labels.js'

/** A case whose records no longer match the audit chain: every other finding about it rests on those records. */
export const RECORD_TRAIL_RULE = 'record-trail'
export const RECORD_TRAIL_ARTICLE = '本办法第五十条第（三）项：故意毁损，随意删除、修改执法全过程中文字或音像记录信息的'
/** A registered 文书 or 音像 file no longer where the catalog says: the record it rests on may have been deleted. */
export const REGISTERED_FILE_RULE = 'registered-file-missing'
export const REGISTERED_FILE_ARTICLE = `${RECORD_TRAIL_ARTICLE}（解释：登记的文书或音像文件不在原位置，按记录信息可能已被删除处理）`

/** One rule `zfjl check` may report, as `zfjl catalog` lists it: the id a finding carries in `rule`. */
export interface CheckRuleEntry {
  id: string
  kind: FindingKind
  description: string
  article: string
}

/** The checks that are not rows of a law table (each step's 文书, 音像, record fields, approvals, 送达回证). */
const STEP_RULES: readonly CheckRuleEntry[] = [
  {article: '本办法第三条及各环节条款', description: '已记录的环节缺少其文书（无论案件主程序，环节记录在哪个案件就要求到哪个案件）', id: 'step-document', kind: 'document'},
  {article: '本办法第三章各条', description: '需要音像记录的环节没有关联的音视频', id: 'av-record', kind: 'av'},
  {article: '本办法第三章各条', description: '需要全程音像记录的环节没有关联的视频', id: 'av-full-record', kind: 'av'},
  {article: '本办法第三章各条', description: '关联的视频（按拍摄时间和时长）不包括环节记录的时间', id: 'av-full-coverage', kind: 'av'},
  {article: '本办法第二十九条', description: '集体讨论记录缺少条文列明的内容', id: 'record-fields', kind: 'document'},
  {article: '本办法第十四条、第四十八条', description: '需审批的文书未经审核、批准', id: 'approval-missing', kind: 'approval'},
  {article: '本办法第十四条、第四十八条', description: '送达后才审核或批准', id: 'approval-after-service', kind: 'approval'},
  {article: '本办法第三条', description: '送达没有送达回证', id: 'service-receipt', kind: 'document'},
  {article: RECORD_TRAIL_ARTICLE, description: '目录记录与审计链不符：绕过本程序写入、修改或删除的记录（不可豁免）', id: RECORD_TRAIL_RULE, kind: 'record'},
  {article: REGISTERED_FILE_ARTICLE, description: '登记的文书或音像文件不在案件文件夹中的原位置（不可豁免；内容是否改变由 zfjl media verify 和打包时核对）', id: REGISTERED_FILE_RULE, kind: 'record'},
]

export const CHECK_RULES: readonly CheckRuleEntry[] = [
  ...DEADLINE_RULES.map((rule) => ({article: rule.versions.at(-1)?.article ?? '', description: rule.name, id: rule.id, kind: rule.findingKind})),
  ...STEP_RULES,
  ...DOCUMENT_RULES.map((rule) => ({article: rule.article, description: rule.description, id: rule.id, kind: 'document' as const})),
  ...ORDER_RULES.map((rule) => ({article: rule.article, description: rule.message, id: rule.id, kind: 'order' as const})),
  ...PLATFORM_DUTIES.map((duty) => ({article: duty.article, description: duty.message, id: duty.id, kind: 'platform' as const})),
]
