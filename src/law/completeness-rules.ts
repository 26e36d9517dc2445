import type {Severity} from './labels.js'
import {DOCUMENT_TYPES} from './documents.js'
import {type EventId, isEventId} from './events.js'
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

/**
 * The 文书 a recorded step needs, alternatives grouped (every group needs one live document). A step
 * needs its documents whatever the case's procedure: a penalty case that seizes goods needs the 查封扣押决定书
 * and 物品清单. Where a step's documents differ by procedure (询问笔录 vs 核查笔录), the case's procedure picks.
 */
export const requiredDocumentGroups = (event: string, procedure: string): string[][] => {
  if (!isEventId(event)) return []
  const forStep = DOCUMENT_TYPES.filter((type) => type.steps.includes(event))
  const own = forStep.filter((type) => type.procedures === 'all' || (type.procedures as string[]).includes(procedure))
  const types = (own.length > 0 ? own : forStep).map((type) => type.id)
  const groups: string[][] = []
  for (const type of types) {
    if (groups.some((group) => group.includes(type))) continue
    const alternatives = ALTERNATIVE_DOCUMENTS.find((group) => group.includes(type))
    groups.push(alternatives ? types.filter((candidate) => alternatives.includes(candidate)) : [type])
  }

  return groups
}

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
 * Steps that must come after another (the order of the steps in the Measures and the laws). `event` may only be recorded once
 * `requires` has happened (on the same day or earlier); `when` limits the rule to cases where that
 * event happened first.
 */
export interface OrderRule {
  id: string
  procedures?: ProcedureId[]
  event: EventId
  requires: EventId
  when?: EventId
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
export const PLATFORM_DUTIES: ReadonlyArray<{id: string; procedures: ProcedureId[]; after: EventId; event: EventId; article: string; message: string}> = [
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

/**
 * Checks of what documents say, against the law and against each other: one row per rule, the
 * evaluator in src/rules/document-rules.ts reads the fields named here.
 */
export interface DocumentRule {
  id: string
  article: string
  severity: 'error' | 'warning'
  /** What the rule checks, for `zfjl catalog`. */
  description: string
}

export const DOCUMENT_RULES = [
  {
    id: 'summary-fine-limit',
    article: '行政处罚法 第五十一条：对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告的行政处罚的，可以当场作出行政处罚决定',
    severity: 'error',
    description: '当场处罚决定书的罚款不超过二百元（公民）或三千元（法人或其他组织）；当事人类型未记录时提醒',
  },
  {
    id: 'seizure-period-cap',
    article: '行政强制法 第二十五条：查封、扣押的期限不得超过三十日；情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日',
    severity: 'error',
    description: '查封扣押决定书载明的期限不超过三十日，延期通知书延长不超过三十日',
  },
  {
    id: 'surcharge-cap',
    article: '行政处罚法 第七十二条第一款第（一）项：加处罚款的数额不得超出罚款的数额；行政强制法 第四十五条第二款',
    severity: 'error',
    description: '催告书的加处罚款不超过处罚决定书的罚款',
  },
  {
    id: 'document-dates',
    article: '本办法第三条：执法全过程记录应当真实、准确；行政处罚法 第四十四条、第六十二条',
    severity: 'error',
    description: '文书内的日期自洽：结束不早于开始，责令改正期限不早于文书日期，决定书不早于事先告知书',
  },
  {
    id: 'document-without-step',
    article: '本办法第三条：对执法全过程进行记录',
    severity: 'warning',
    description: '文书所属的环节未在案件中记录',
  },
  {
    id: 'permit-conflicting-decisions',
    article: '行政许可法 第三十八条：申请人的申请符合法定条件、标准的，应当依法作出准予行政许可的书面决定；依法作出不予行政许可的书面决定的，应当说明理由',
    severity: 'error',
    description: '同一许可案件同时有未作废的准予和不予许可决定书',
  },
  {
    id: 'electronic-service-consent',
    article: '行政处罚法 第六十一条第二款：当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式，将行政处罚决定书等送达当事人',
    severity: 'error',
    description: '电子送达行政处罚决定书前已记录当事人同意（确认书）',
  },
  {
    id: 'reminder-service-method',
    article: '行政强制法 第三十八条：催告书、行政强制执行决定书应当直接送达当事人。当事人拒绝接收或者无法直接送达当事人的，应当依照《中华人民共和国民事诉讼法》的有关规定送达',
    severity: 'error',
    description: '催告书不以电子方式送达',
  },
] as const satisfies readonly DocumentRule[]

export type DocumentRuleId = (typeof DOCUMENT_RULES)[number]['id']

/** 行政处罚法 第五十一条: the largest fine decided on the spot, by party type, in 元. */
export const SUMMARY_FINE_LIMITS = {organization: 3000, person: 200} as const

/** 行政强制法 第二十五条: days of a seizure, and of its one extension. */
export const SEIZURE_MAX_DAYS = 30
