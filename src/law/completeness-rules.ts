import type {Severity} from './labels.js'
import type {ProcedureId} from './procedures.js'

/**
 * Completeness rules that are not in the catalog itself, as data. The catalog says which 文书 belong
 * to which step (DOCUMENT_TYPES.steps) and which steps need audio/video (AV_DUTIES); these tables add
 * what the catalog cannot say on its own.
 */

/** Document types that stand in for each other at a step (one of them is enough). */
export const ALTERNATIVE_DOCUMENTS: readonly (readonly string[])[] = [
  ['permit-grant', 'permit-denial'],
  ['sampling-record', 'non-sample-record'],
  ['verification-record', 'inquiry-record'],
]

/** Fields a record must carry because an article lists them (the template prints them; this checks the data). */
export const REQUIRED_RECORD_FIELDS: ReadonlyArray<{
  documentType: string
  article: string
  fields: ReadonlyArray<{keys: readonly string[]; label: string}>
}> = [
  {
    article: '本办法第二十九条',
    documentType: 'collective-discussion',
    fields: [
      {keys: ['startTime'], label: '讨论时间'},
      {keys: ['place'], label: '地点'},
      {keys: ['chair', 'chairPosition'], label: '主持人姓名及职务'},
      {keys: ['attendees'], label: '出席人员姓名及职务'},
      {keys: ['recorder', 'recorderPosition'], label: '记录人员姓名及职务'},
      {keys: ['opinions'], label: '参加讨论人员的主要观点和意见'},
      {keys: ['conclusion'], label: '结论性意见'},
    ],
  },
]

/**
 * Steps that must come after another (DOMAIN.md §6 order). `event` may only be recorded once
 * `requires` has happened (on the same day or earlier); `when` limits the rule to cases where that
 * event happened first.
 */
export interface OrderRule {
  id: string
  procedures?: ProcedureId[]
  event: string
  requires: string
  when?: string
  article: string
  message: string
}

export const ORDER_RULES: readonly OrderRule[] = [
  {
    id: 'order-decision-after-prior-notice',
    procedures: ['penalty-general'],
    event: 'decision-made',
    requires: 'prior-notice-served',
    article: '行政处罚法 第四十四条、第六十二条',
    message: '作出行政处罚决定前未送达行政处罚事先告知书',
  },
  {
    id: 'order-decision-after-hearing',
    procedures: ['penalty-general'],
    event: 'decision-made',
    requires: 'hearing-held',
    when: 'hearing-requested',
    article: '行政处罚法 第六十三条、第六十五条',
    message: '当事人申请听证后，未举行听证即作出行政处罚决定',
  },
  {
    id: 'order-closed-after-decision-served',
    procedures: ['penalty-general'],
    event: 'closed',
    requires: 'decision-served',
    when: 'decision-made',
    article: '行政处罚法 第六十一条；本办法第三十条',
    message: '已作出行政处罚决定，但在送达行政处罚决定书之前结案',
  },
  {
    id: 'order-permit-decision-after-acceptance',
    procedures: ['permit'],
    event: 'permit-decided',
    requires: 'accepted',
    article: '行政许可法 第三十二条、第三十四条',
    message: '未受理申请即作出行政许可决定',
  },
  {
    id: 'order-seizure-disposed-after-seizure',
    event: 'seizure-disposed',
    requires: 'seizure',
    article: '行政强制法 第二十七条、第二十八条',
    message: '未记录查封、扣押即作出处理决定或解除',
  },
  {
    id: 'order-preservation-disposed-after-preservation',
    event: 'preservation-disposed',
    requires: 'preservation',
    article: '行政处罚法 第五十六条',
    message: '未记录先行登记保存即作出处理决定',
  },
]

/**
 * Duties to put information on the 监督信息平台 that no deadline rule covers: 第三十六条 (mobile
 * inspections upload synchronously). The dated platform duties (第十八、二十、三十二条) are deadline rules.
 */
export const PLATFORM_DUTIES: ReadonlyArray<{id: string; procedures: ProcedureId[]; after: string; event: string; article: string; message: string}> = [
  {
    id: 'platform-mobile-sync',
    procedures: ['inspection'],
    after: 'onsite-inspection',
    event: 'platform-uploaded',
    article: '本办法第三十六条',
    message: '现场检查后未记录上传监督信息平台（使用移动执法终端检查的，应同步采集并及时上传）',
  },
]

/**
 * `not-archival`: the extension is not an accepted archival format; `mismatch`: the bytes are not the
 * format the extension names; `unreadable`: the format's structure is broken (truncated, corrupt EXIF).
 */
export type FormatProblemCode = 'not-archival' | 'mismatch' | 'unreadable'

const ARCHIVE_CHECK_ARTICLE = '档案法 第三十七条、第三十九条；本办法第四条、第四十二条'

/**
 * Evidence files whose bytes are not what their name says, found at import. Interpretation: 本办法
 * 第四条 requires 音像记录 to be made to the relevant standards and 第四十二条 to be 存档 under the
 * 档案法, whose 第三十九条 has every electronic record checked for 真实性、完整性、可用性和安全性
 * before it is accepted; a file that is not the format its name gives fails that check. So the two
 * problems the archive's own check rejects are errors here (the case cannot be packed without
 * `--force` and a reason), and a file that is the right format but cannot be parsed is a warning.
 */
export const MEDIA_FORMAT_RULES: Readonly<Record<FormatProblemCode, {id: string; severity: Severity; article: string; what: string}>> = {
  mismatch: {article: ARCHIVE_CHECK_ARTICLE, id: 'media-format-mismatch', severity: 'error', what: '内容与扩展名不符，归档检测（可用性）不会通过'},
  'not-archival': {article: ARCHIVE_CHECK_ARTICLE, id: 'media-format-not-archival', severity: 'error', what: '不是可长期保存的归档格式，归档检测（可用性）不会通过'},
  unreadable: {article: ARCHIVE_CHECK_ARTICLE, id: 'media-unreadable', severity: 'warning', what: '文件结构无法解析（可能不完整或已损坏），请核对原始记录设备中的文件'},
}
