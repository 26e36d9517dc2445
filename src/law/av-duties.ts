import type {EventId} from './events.js'
import type {ProcedureId} from './procedures.js'

/** 'av' = 音像记录 of the step; 'av-full' = 全程音像记录 (video must cover the whole step). */
export type AvLevel = 'av' | 'av-full'

export interface AvDuty {
  event: EventId
  /** The case's procedure picks the row when a step carries different levels in different procedures. */
  procedures: ProcedureId[]
  /** The duty applies to `event` only when it follows this step (第三十三条: the inspection after a complaint). */
  after?: EventId
  level: AvLevel
  article: string
  what: string
}

/**
 * Which steps must be covered by audio/video. A duty follows the step wherever a case records it (a
 * penalty case that seizes goods owes the seizure's 全程音像). A step shared by two procedures may carry a
 * different level in each, hence one row per level; the case's own procedure picks the row.
 */
export const AV_DUTIES: readonly AvDuty[] = [
  {event: 'accepted', procedures: ['permit'], level: 'av-full', article: '第九条', what: '受理过程'},
  {event: 'correction-notified', procedures: ['permit'], level: 'av-full', article: '第九条', what: '受理过程（补正）'},
  {event: 'rejected', procedures: ['permit'], level: 'av-full', article: '第九条', what: '受理过程（不予受理）'},
  {event: 'verification', procedures: ['permit'], level: 'av', article: '第十条', what: '核查过程'},
  {event: 'statement-heard', procedures: ['permit'], level: 'av', article: '第十一条', what: '听取陈述申辩'},
  {event: 'hearing-held', procedures: ['permit'], level: 'av-full', article: '第十二条', what: '许可听证全过程'},
  {event: 'permit-served', procedures: ['permit'], level: 'av', article: '第十五条', what: '证件领取过程'},
  {event: 'summary-decision', procedures: ['penalty-summary'], level: 'av', article: '第十七条', what: '执法过程和当事人的违法行为'},
  {event: 'investigation', procedures: ['penalty-general'], level: 'av', article: '第二十一条', what: '调查取证过程'},
  {event: 'evidence-requested', procedures: ['penalty-general'], level: 'av', article: '第二十一条', what: '调取证据'},
  {event: 'correction-verified', procedures: ['penalty-general'], level: 'av', article: '第二十二条', what: '责令整改核查过程'},
  {event: 'preservation', procedures: ['penalty-general'], level: 'av', article: '第二十三条', what: '证据登记保存过程'},
  {event: 'preservation-disposed', procedures: ['penalty-general'], level: 'av', article: '第二十四条', what: '保存物品的处理过程'},
  {event: 'inquiry', procedures: ['penalty-general'], level: 'av-full', article: '第二十五条', what: '询问当事人和证人'},
  {event: 'collegial-review', procedures: ['penalty-general'], level: 'av-full', article: '第二十六条', what: '合议过程'},
  {event: 'prior-notice-served', procedures: ['penalty-general'], level: 'av-full', article: '第二十七条', what: '送达行政处罚事先告知书'},
  {event: 'statement-heard', procedures: ['penalty-general'], level: 'av-full', article: '第二十八条', what: '听取陈述申辩'},
  {event: 'hearing-held', procedures: ['penalty-general'], level: 'av-full', article: '第二十八条', what: '组织听证'},
  {event: 'decision-served', procedures: ['penalty-general'], level: 'av-full', article: '第三十条', what: '送达行政处罚决定书'},
  {event: 'reminder-served', procedures: ['penalty-general'], level: 'av', article: '第三十一条', what: '送达催告书'},
  {event: 'onsite-inspection', after: 'complaint-received', procedures: ['inspection'], level: 'av', article: '第三十三条', what: '投诉举报后的监督检查过程'},
  {event: 'random-draw', procedures: ['inspection'], level: 'av-full', article: '第三十四条', what: '双随机抽取过程'},
  {event: 'onsite-inspection', procedures: ['inspection'], level: 'av', article: '第三十五条', what: '现场检查过程'},
  {event: 'sampling', procedures: ['inspection'], level: 'av', article: '第三十七条', what: '抽样过程'},
  {event: 'seizure', procedures: ['coercion'], level: 'av-full', article: '第三十八条', what: '实施查封、扣押'},
  {event: 'seizure-disposed', procedures: ['coercion'], level: 'av', article: '第三十九条', what: '解除查封、扣押过程'},
  {event: 'destruction', procedures: ['coercion'], level: 'av-full', article: '第四十条', what: '销毁违法物品'},
]

/** Steps that carry an AV duty but have no document of their own. */
export const AV_ONLY_STEPS: readonly EventId[] = ['random-draw', 'investigation', 'correction-verified']

/** Duties that are not documents. `event` names the event that shows the duty was met. */
export const NON_DOCUMENT_DUTIES = [
  {id: 'platform-entry-filed', duty: '立案后5日内将立案信息录入卫生计生综合监督信息平台', article: '第二十条', event: 'platform-filed'},
  {id: 'platform-entry-closed', duty: '结案后5日内将办理结果录入平台', article: '第三十二条', event: 'platform-closed'},
  {id: 'summary-upload', duty: '当场处罚后用移动执法终端上传平台', article: '第十八条', event: 'platform-uploaded'},
  {id: 'mobile-sync', duty: '移动终端检查: 电子信息与音像信息同步采集、及时上传', article: '第三十六条、第四十四条', event: 'platform-uploaded'},
  {id: 'approval-record', duty: '许可审批: 记录每个审批环节的完成时限和具体意见', article: '第十四条', event: 'approval-step'},
  {id: 'av-handover', duty: '音像资料及时移交, 交接记录载明交接人员、交接时间', article: '第四十二条'},
  {id: 'disc-label', duty: '光盘标签/封套: 制作单位、制作人、制作时间、执法活动或案件名称及编号', article: '第四十三条'},
  {id: 'copy-approval', duty: '复制执法记录须经执法机构负责人同意', article: '第四十六条'},
  {id: 'confidentiality', duty: '国家秘密、商业秘密、个人隐私按权限管理', article: '第四十七条'},
  {id: 'internal-roles', duty: '内部程序明确承办人、审核人、批准人', article: '第四十八条'},
  {id: 'assessment', duty: '实施情况纳入考核（按执法机构和执法人员统计）', article: '第四十九条'},
  {id: 'no-deletion', duty: '不得故意毁损、随意删除、修改记录；一切变更留痕', article: '第五十条'},
] as const satisfies ReadonlyArray<{id: string; duty: string; article: string; event?: EventId}>

/**
 * The AV duty a step carries in a case of `procedure`: the procedure's own rows, else any procedure's
 * (duties follow the step across procedures); `after` rows only when `preceded` says that step came first.
 * Several rows that apply at once merge into one duty at the strictest level, citing every article.
 */
export const avDutyFor = (event: string, procedure: ProcedureId, preceded: (step: EventId) => boolean): AvDuty | null => {
  const forStep = AV_DUTIES.filter((duty) => duty.event === event && (!duty.after || preceded(duty.after)))
  const own = forStep.filter((duty) => duty.procedures.includes(procedure))
  const rows = own.length > 0 ? own : forStep
  if (rows.length === 0) return null
  const level: AvLevel = rows.some((duty) => duty.level === 'av-full') ? 'av-full' : 'av'
  const strictest = rows.filter((duty) => duty.level === level)
  if (strictest.length === 1) return strictest[0]
  return {...strictest[0], article: strictest.map((duty) => duty.article).join('、'), what: strictest.map((duty) => duty.what).join('；')}
}
