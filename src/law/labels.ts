/** How a statutory period stands on a given day. */
export type DeadlineStatus = 'met' | 'met-late' | 'pending' | 'due-soon' | 'overdue' | 'premature' | 'not-applicable'
/** What a check finding is about. */
export type FindingKind = 'deadline' | 'document' | 'av' | 'approval' | 'order' | 'platform' | 'record'
export type Severity = 'error' | 'warning'

/** Chinese names for statuses and kinds, shared by the table renderers and the HTML report. */
export const STATUS_NAMES: Record<DeadlineStatus, string> = {
  'due-soon': '即将到期',
  met: '按时',
  'met-late': '逾期完成',
  'not-applicable': '不适用',
  overdue: '已逾期',
  pending: '进行中',
  premature: '过早',
}

export const KIND_NAMES: Record<FindingKind, string> = {
  approval: '审批',
  av: '音像',
  deadline: '期限',
  document: '文书',
  order: '顺序',
  platform: '平台录入',
  record: '记录留痕',
}

export const SEVERITY_NAMES: Record<Severity, string> = {error: '错误', warning: '提醒'}

/** 「行政处罚法 第六十一条：…；第八十五条：…」 → 「行政处罚法 第六十一条；第八十五条」 for narrow table cells. */
export const shortArticle = (article: string): string => article.replace(/：[^；]*/g, '')

/**
 * Kinds of evidence media, in the archival words (照片、录音、录像) used on the handover record, the
 * 卷内目录, tables and reports alike.
 */
export const MEDIA_KIND_NAMES = {audio: '录音', document: '文档', other: '其他', photo: '照片', video: '录像'} as const

/** Where a copy request (第四十六条) stands. */
export const COPY_STATUS_NAMES = {denied: '已拒绝', expired: '已过期', granted: '已批准', pending: '待审批', used: '已使用'} as const
