import type {EventId} from './events.js'
import type {ProcedureId} from './procedures.js'

/**
 * How a document is numbered (87号令 第四条): 文号 `{机关代字}{类别字}〔{年份}〕{序号}号`, 编号 `{年份}-{序号}`,
 * or not at all (internal records and 笔录, which are paged instead).
 */
export type Numbering = 'docno' | 'serial' | 'none'

/** 'enforcement' prints 「卫生行政执法文书」 above the title, 'permit' prints 「卫生行政许可文书」. */
export type DocumentFamily = 'enforcement' | 'permit'

export interface DocumentType {
  id: string
  name: string
  procedures: ProcedureId[] | 'all'
  /** What the document records, in the seed's words. */
  stepName: string
  /** Event ids of the step(s) this document belongs to; the completeness check reads these. */
  steps: EventId[]
  article: string
  numbering: Numbering
  /** Default 类别字 for 文号 documents; the workspace configuration may override it. */
  categoryCode?: string
  family: DocumentFamily
  /**
   * Event recorded when the document is filled (a decision records `decision-made`, a 现场笔录 records
   * `onsite-inspection`), dated by the record's own start time, else its date. A per-procedure map where
   * one record serves different steps (询问笔录: 核查 in a permit case, 询问 elsewhere).
   */
  recordsOnFill?: EventId | {permit: EventId; otherwise: EventId}
  /** Event recorded when the document is served on the party. */
  recordsOnServe?: EventId
  /** A decision that must state the 行政复议 / 行政诉讼 routes (行政处罚法 第五十九条). */
  statesRemedies: boolean
  /** Needs 审核 and 批准 in the internal procedure (第十四条, 第四十八条) before it is served. */
  needsApproval: boolean
}

/**
 * The 39 文书 本办法 names, and the 卫生监督意见书 (the everyday document of a 卫生监督所's inspections:
 * opinions and 责令改正 after a check, also where no penalty follows). Ids are the contract for scripts.
 */
export const DOCUMENT_TYPES: readonly DocumentType[] = [
  {id: 'receipt', name: '申请材料接收凭证', procedures: ['permit'], stepName: '收到申请', steps: ['application-received'], article: '第九条', numbering: 'serial', family: 'permit', recordsOnFill: 'application-received', statesRemedies: false, needsApproval: false},
  {id: 'acceptance-notice', name: '受理通知书', procedures: ['permit'], stepName: '受理', steps: ['accepted'], article: '第九条', numbering: 'docno', categoryCode: '受', family: 'permit', recordsOnFill: 'accepted', statesRemedies: false, needsApproval: false},
  {id: 'correction-request', name: '申请材料补正通知书', procedures: ['permit'], stepName: '补正', steps: ['correction-notified'], article: '第九条', numbering: 'docno', categoryCode: '补', family: 'permit', recordsOnFill: 'correction-notified', statesRemedies: false, needsApproval: false},
  {id: 'rejection-notice', name: '不予受理通知书', procedures: ['permit'], stepName: '不予受理', steps: ['rejected'], article: '第九条', numbering: 'docno', categoryCode: '不受', family: 'permit', recordsOnFill: 'rejected', statesRemedies: true, needsApproval: true},
  {id: 'verification-record', name: '核查笔录', procedures: ['permit'], stepName: '实质内容核查', steps: ['verification'], article: '第十条', numbering: 'none', family: 'permit', recordsOnFill: 'verification', statesRemedies: false, needsApproval: false},
  {id: 'inquiry-record', name: '询问笔录', procedures: ['permit', 'penalty-general'], stepName: '核查 / 询问当事人和证人', steps: ['verification', 'inquiry'], article: '第十条、第二十五条', numbering: 'none', family: 'enforcement', recordsOnFill: {otherwise: 'inquiry', permit: 'verification'}, statesRemedies: false, needsApproval: false},
  {id: 'stakeholder-notice', name: '行政许可利害关系人告知书', procedures: ['permit'], stepName: '告知利害关系人', steps: ['stakeholder-notified'], article: '第十一条', numbering: 'docno', categoryCode: '利告', family: 'permit', recordsOnServe: 'stakeholder-notified', statesRemedies: false, needsApproval: false},
  {id: 'statement-record', name: '陈述申辩笔录', procedures: ['permit', 'penalty-general'], stepName: '听取陈述申辩', steps: ['statement-heard'], article: '第十一条、第二十八条', numbering: 'none', family: 'enforcement', recordsOnFill: 'statement-heard', statesRemedies: false, needsApproval: false},
  {id: 'permit-hearing-record', name: '行政许可听证笔录', procedures: ['permit'], stepName: '听证', steps: ['hearing-held'], article: '第十二条', numbering: 'none', family: 'permit', recordsOnFill: 'hearing-held', statesRemedies: false, needsApproval: false},
  {id: 'permit-extension-notice', name: '行政许可决定延期通知书', procedures: ['permit'], stepName: '延期', steps: ['permit-extended'], article: '第十三条', numbering: 'docno', categoryCode: '延', family: 'permit', recordsOnFill: 'permit-extended', statesRemedies: false, needsApproval: true},
  {id: 'permit-grant', name: '准予行政许可决定书', procedures: ['permit'], stepName: '决定送达 / 发证', steps: ['permit-decided', 'permit-served'], article: '第十五条', numbering: 'docno', categoryCode: '许', family: 'permit', recordsOnFill: 'permit-decided', recordsOnServe: 'permit-served', statesRemedies: false, needsApproval: true},
  {id: 'permit-denial', name: '不予行政许可决定书', procedures: ['permit'], stepName: '决定送达', steps: ['permit-decided', 'permit-served'], article: '第十五条', numbering: 'docno', categoryCode: '不许', family: 'permit', recordsOnFill: 'permit-decided', recordsOnServe: 'permit-served', statesRemedies: true, needsApproval: true},
  {id: 'permit-revocation', name: '行政许可证件撤销决定书', procedures: ['permit'], stepName: '撤销', steps: ['permit-revoked'], article: '第十六条', numbering: 'docno', categoryCode: '撤', family: 'permit', recordsOnFill: 'permit-revoked', statesRemedies: true, needsApproval: true},
  {id: 'summary-penalty-decision', name: '当场处罚决定书', procedures: ['penalty-summary'], stepName: '当场处罚 + 责令改正', steps: ['summary-decision'], article: '第十七条', numbering: 'serial', family: 'enforcement', recordsOnFill: 'summary-decision', statesRemedies: true, needsApproval: false},
  {id: 'case-intake-record', name: '案件受理记录', procedures: ['penalty-general'], stepName: '受理', steps: ['case-received'], article: '第十九条', numbering: 'none', family: 'enforcement', recordsOnFill: 'case-received', statesRemedies: false, needsApproval: false},
  {id: 'case-transfer', name: '案件移送书', procedures: ['penalty-general'], stepName: '移送管辖', steps: ['case-transferred'], article: '第十九条', numbering: 'docno', categoryCode: '案移', family: 'enforcement', recordsOnFill: 'case-transferred', statesRemedies: false, needsApproval: true},
  {id: 'evidence-request', name: '调取证据通知书', procedures: ['penalty-general'], stepName: '调取证据', steps: ['evidence-requested'], article: '第二十一条', numbering: 'docno', categoryCode: '调证', family: 'enforcement', recordsOnFill: 'evidence-requested', recordsOnServe: 'evidence-requested', statesRemedies: false, needsApproval: false},
  {id: 'correction-order', name: '责令（限期）改正通知书', procedures: ['penalty-general'], stepName: '责令改正; 期满核查', steps: ['correction-ordered'], article: '第二十二条', numbering: 'docno', categoryCode: '责改', family: 'enforcement', recordsOnFill: 'correction-ordered', statesRemedies: false, needsApproval: false},
  {id: 'evidence-preservation', name: '证据先行登记保存决定书', procedures: ['penalty-general'], stepName: '先行登记保存', steps: ['preservation'], article: '第二十三条', numbering: 'docno', categoryCode: '证保决', family: 'enforcement', recordsOnFill: 'preservation', statesRemedies: false, needsApproval: true},
  {id: 'preservation-disposal', name: '证据先行登记保存处理决定书', procedures: ['penalty-general'], stepName: '处理保存物品', steps: ['preservation-disposed'], article: '第二十四条', numbering: 'docno', categoryCode: '证保处', family: 'enforcement', recordsOnFill: 'preservation-disposed', statesRemedies: true, needsApproval: true},
  {id: 'collegial-record', name: '合议记录', procedures: ['penalty-general'], stepName: '合议', steps: ['collegial-review'], article: '第二十六条', numbering: 'none', family: 'enforcement', recordsOnFill: 'collegial-review', statesRemedies: false, needsApproval: false},
  {id: 'penalty-prior-notice', name: '行政处罚事先告知书', procedures: ['penalty-general'], stepName: '送达事先告知', steps: ['prior-notice-served'], article: '第二十七条', numbering: 'docno', categoryCode: '罚告', family: 'enforcement', recordsOnServe: 'prior-notice-served', statesRemedies: false, needsApproval: true},
  {id: 'penalty-hearing-record', name: '听证笔录', procedures: ['penalty-general'], stepName: '组织听证', steps: ['hearing-held'], article: '第二十八条', numbering: 'none', family: 'enforcement', recordsOnFill: 'hearing-held', statesRemedies: false, needsApproval: false},
  {id: 'collective-discussion', name: '集体讨论记录', procedures: ['penalty-general'], stepName: '重大处罚集体讨论', steps: ['collective-discussion'], article: '第二十九条', numbering: 'none', family: 'enforcement', recordsOnFill: 'collective-discussion', statesRemedies: false, needsApproval: false},
  {id: 'penalty-decision', name: '行政处罚决定书', procedures: ['penalty-general'], stepName: '送达决定', steps: ['decision-made', 'decision-served'], article: '第三十条', numbering: 'docno', categoryCode: '罚', family: 'enforcement', recordsOnFill: 'decision-made', recordsOnServe: 'decision-served', statesRemedies: true, needsApproval: true},
  {id: 'payment-reminder', name: '催告书', procedures: ['penalty-general'], stepName: '送达催告', steps: ['reminder-served'], article: '第三十一条', numbering: 'docno', categoryCode: '催', family: 'enforcement', recordsOnServe: 'reminder-served', statesRemedies: false, needsApproval: true},
  {id: 'onsite-record', name: '现场笔录', procedures: ['inspection'], stepName: '现场检查', steps: ['onsite-inspection'], article: '第三十五条', numbering: 'none', family: 'enforcement', recordsOnFill: 'onsite-inspection', statesRemedies: false, needsApproval: false},
  {id: 'sampling-record', name: '样品采样记录', procedures: ['inspection'], stepName: '抽样', steps: ['sampling'], article: '第三十七条', numbering: 'serial', family: 'enforcement', recordsOnFill: 'sampling', statesRemedies: false, needsApproval: false},
  {id: 'non-sample-record', name: '非样品采样记录', procedures: ['inspection'], stepName: '抽样', steps: ['sampling'], article: '第三十七条', numbering: 'serial', family: 'enforcement', recordsOnFill: 'sampling', statesRemedies: false, needsApproval: false},
  {id: 'sample-confirmation', name: '产品样品确认告知书', procedures: ['inspection'], stepName: '向生产单位确认', steps: ['sample-confirmation-notified'], article: '第三十七条', numbering: 'docno', categoryCode: '确', family: 'enforcement', recordsOnServe: 'sample-confirmation-notified', statesRemedies: false, needsApproval: false},
  {id: 'seizure-decision', name: '实施查封、扣押决定书', procedures: ['coercion'], stepName: '查封扣押', steps: ['seizure'], article: '第三十八条', numbering: 'docno', categoryCode: '强', family: 'enforcement', recordsOnFill: 'seizure', statesRemedies: true, needsApproval: true},
  {id: 'seizure-list', name: '物品清单', procedures: ['coercion'], stepName: '查封扣押', steps: ['seizure'], article: '第三十八条', numbering: 'none', family: 'enforcement', recordsOnFill: 'seizure', statesRemedies: false, needsApproval: false},
  {id: 'seizure-disposal', name: '查封、扣押处理决定书', procedures: ['coercion'], stepName: '期满处理 / 解除', steps: ['seizure-disposed'], article: '第三十九条', numbering: 'docno', categoryCode: '强处', family: 'enforcement', recordsOnFill: 'seizure-disposed', statesRemedies: true, needsApproval: true},
  {id: 'seizure-extension', name: '查封、扣押延期通知书', procedures: ['coercion'], stepName: '延期', steps: ['seizure-extended'], article: '第三十九条', numbering: 'docno', categoryCode: '强延', family: 'enforcement', recordsOnFill: 'seizure-extended', statesRemedies: true, needsApproval: true},
  {id: 'confiscation-list', name: '没收违法物品清单', procedures: ['coercion'], stepName: '没收（随处罚决定书送达）', steps: ['confiscation'], article: '第四十条', numbering: 'none', family: 'enforcement', recordsOnFill: 'confiscation', statesRemedies: false, needsApproval: false},
  {id: 'destruction-record', name: '违法物品销毁记录', procedures: ['coercion'], stepName: '销毁', steps: ['destruction'], article: '第四十条', numbering: 'none', family: 'enforcement', recordsOnFill: 'destruction', statesRemedies: false, needsApproval: false},
  {id: 'service-receipt', name: '送达回证', procedures: 'all', stepName: '送达任何文书', steps: [], article: '第三条', numbering: 'none', family: 'enforcement', statesRemedies: false, needsApproval: false},
  {id: 'internal-approval', name: '内部程序审批表', procedures: 'all', stepName: '承办/审核/批准', steps: [], article: '第三条、第四十八条', numbering: 'none', family: 'enforcement', statesRemedies: false, needsApproval: false},
  {id: 'av-handover', name: '音像资料交接记录', procedures: 'all', stepName: '音像资料移交（交接人员、时间）', steps: [], article: '第四十二条', numbering: 'none', family: 'enforcement', statesRemedies: false, needsApproval: false},
  {id: 'supervision-opinion', name: '卫生监督意见书', procedures: ['inspection'], stepName: '现场检查后提出监督意见', steps: [], article: '第三十五条', numbering: 'docno', categoryCode: '监意', family: 'enforcement', statesRemedies: false, needsApproval: false},
]

const DOCUMENT_BY_KEY = new Map<string, DocumentType>()
for (const type of DOCUMENT_TYPES) {
  DOCUMENT_BY_KEY.set(type.id, type)
  DOCUMENT_BY_KEY.set(type.name, type)
}

/** Accepts the ASCII id or the Chinese name. */
export const findDocumentType = (idOrName: string): DocumentType | undefined =>
  DOCUMENT_BY_KEY.get(idOrName.trim())

/** 类别字 defaults, written into a new workspace's configuration where staff may change them. */
export const defaultCategoryCodes = (): Record<string, string> =>
  Object.fromEntries(
    DOCUMENT_TYPES.filter((type) => type.numbering === 'docno').map((type) => [type.id, type.categoryCode ?? '']),
  )

/** The step a filled document records in a case of `procedure`, if any. */
export const fillEventOf = (type: DocumentType, procedure: ProcedureId): EventId | undefined => {
  const recorded = type.recordsOnFill
  if (recorded === undefined || typeof recorded === 'string') return recorded
  return procedure === 'permit' ? recorded.permit : recorded.otherwise
}

/**
 * Fields that hold when a record's step began, in the order they are looked for (询问、检查、听证的开始时间,
 * 采样、合议、销毁时间, 当场处罚时间, 受理时间); the step is dated by the first one filled, else the document date.
 */
export const STEP_TIME_FIELDS = ['startTime', 'time', 'penaltyTime', 'acceptTime'] as const
