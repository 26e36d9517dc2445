import type {ProcedureId} from './procedures.js'
import {usageError} from '../platform/errors.js'
import {didYouMean} from '../platform/suggest.js'

export interface EventDefinition {
  readonly id: string
  name: string
  /** Procedures whose steps include this event; 'any' for events every case may record. */
  procedures: readonly ProcedureId[] | 'any'
}

/** The step ids users type, documents record, media link to and deadlines start from (`zfjl catalog` lists them). */
export const EVENTS = [
  // 行政许可
  {id: 'application-received', name: '收到申请', procedures: ['permit']},
  {id: 'correction-notified', name: '一次告知补正', procedures: ['permit']},
  {id: 'accepted', name: '受理', procedures: ['permit']},
  {id: 'rejected', name: '不予受理', procedures: ['permit']},
  {id: 'verification', name: '核查', procedures: ['permit']},
  {id: 'stakeholder-notified', name: '告知利害关系人', procedures: ['permit']},
  {id: 'statement-heard', name: '听取陈述申辩', procedures: ['permit', 'penalty-general']},
  {id: 'statement-waived', name: '当事人明确放弃陈述申辩', procedures: ['penalty-general']},
  {id: 'hearing-requested', name: '申请听证', procedures: ['permit', 'penalty-general']},
  {id: 'hearing-waived', name: '当事人放弃听证', procedures: ['penalty-general']},
  {id: 'hearing-notified', name: '通知听证', procedures: ['permit', 'penalty-general']},
  {id: 'hearing-held', name: '举行听证', procedures: ['permit', 'penalty-general']},
  {id: 'permit-extended', name: '许可决定延期', procedures: ['permit']},
  {id: 'approval-step', name: '审批环节', procedures: ['permit']},
  {id: 'permit-decided', name: '作出许可决定', procedures: ['permit']},
  {id: 'permit-served', name: '送达决定/发证', procedures: ['permit']},
  {id: 'permit-revoked', name: '撤销许可', procedures: ['permit']},
  {id: 'permit-expires', name: '行政许可有效期届满', procedures: ['permit']},
  {id: 'renewal-applied', name: '申请延续行政许可', procedures: ['permit']},
  // 行政处罚 简易程序
  {id: 'summary-decision', name: '当场处罚', procedures: ['penalty-summary']},
  {id: 'platform-uploaded', name: '上传平台', procedures: ['penalty-summary', 'inspection']},
  {id: 'fine-collected-onsite', name: '当场收缴罚款', procedures: ['penalty-summary']},
  {id: 'fine-handed-in', name: '当场收缴的罚款交至行政机关', procedures: ['penalty-summary']},
  // 行政处罚 一般程序
  {id: 'offence-committed', name: '违法行为发生（或终了）', procedures: ['penalty-general', 'penalty-summary']},
  {id: 'serious-harm', name: '涉及公民生命健康安全且有危害后果', procedures: ['penalty-general', 'penalty-summary']},
  {id: 'case-received', name: '受理案件', procedures: ['penalty-general']},
  {id: 'case-transferred', name: '移送管辖', procedures: ['penalty-general']},
  {id: 'filed', name: '立案', procedures: ['penalty-general']},
  {id: 'penalty-extended', name: '延长办案期限（经批准）', procedures: ['penalty-general']},
  {id: 'platform-filed', name: '立案信息录入平台', procedures: ['penalty-general']},
  {id: 'investigation', name: '调查取证', procedures: ['penalty-general']},
  {id: 'evidence-requested', name: '调取证据', procedures: ['penalty-general']},
  {id: 'correction-ordered', name: '责令改正', procedures: ['penalty-general']},
  {id: 'correction-due', name: '改正期限届满', procedures: ['penalty-general']},
  {id: 'correction-verified', name: '整改核查', procedures: ['penalty-general']},
  {id: 'preservation', name: '先行登记保存', procedures: ['penalty-general']},
  {id: 'preservation-disposed', name: '保存物品处理', procedures: ['penalty-general']},
  {id: 'inquiry', name: '询问', procedures: ['penalty-general']},
  {id: 'collegial-review', name: '合议', procedures: ['penalty-general']},
  {id: 'prior-notice-served', name: '事先告知书送达', procedures: ['penalty-general']},
  {id: 'collective-discussion', name: '集体讨论', procedures: ['penalty-general']},
  {id: 'decision-made', name: '作出处罚决定', procedures: ['penalty-general']},
  {id: 'electronic-service-consented', name: '当事人同意电子送达（签订确认书）', procedures: ['penalty-general']},
  {id: 'decision-served', name: '送达处罚决定书', procedures: ['penalty-general']},
  {id: 'fine-paid', name: '缴纳罚款', procedures: ['penalty-general']},
  {id: 'reminder-served', name: '催告书送达', procedures: ['penalty-general']},
  {id: 'court-applied', name: '申请法院强制执行', procedures: ['penalty-general']},
  {id: 'platform-closed', name: '办理结果录入平台', procedures: ['penalty-general']},
  // 行政检查
  {id: 'complaint-received', name: '收到投诉举报', procedures: ['inspection']},
  {id: 'random-draw', name: '双随机抽取', procedures: ['inspection']},
  {id: 'onsite-inspection', name: '现场检查', procedures: ['inspection']},
  {id: 'sampling', name: '抽样', procedures: ['inspection']},
  {id: 'sample-confirmation-notified', name: '产品样品确认告知', procedures: ['inspection']},
  // 行政强制
  {id: 'emergency-measure', name: '当场实施强制措施', procedures: ['coercion']},
  {id: 'emergency-reported', name: '报告并补办批准', procedures: ['coercion']},
  {id: 'seizure', name: '查封扣押', procedures: ['coercion']},
  {id: 'seizure-extended', name: '查封扣押延期', procedures: ['coercion']},
  {id: 'seizure-disposed', name: '查封扣押处理/解除', procedures: ['coercion']},
  {id: 'confiscation', name: '没收', procedures: ['coercion']},
  {id: 'destruction', name: '销毁', procedures: ['coercion']},
  // 任何程序
  {id: 'pause-start', name: '期限中止开始（检验、检测、检疫、鉴定、听证、专家评审）', procedures: 'any'},
  {id: 'pause-end', name: '期限中止结束', procedures: 'any'},
  {id: 'closed', name: '结案', procedures: 'any'},
] as const satisfies readonly EventDefinition[]

/** Every step id the tables may name: a typo in a document step, AV duty or rule fails the type check. */
export type EventId = (typeof EVENTS)[number]['id']

const EVENT_BY_ID = new Map<string, EventDefinition>(EVENTS.map((event) => [event.id, event]))

export const findEvent = (id: string): EventDefinition | undefined => EVENT_BY_ID.get(id)

export const isEventId = (id: string): id is EventId => EVENT_BY_ID.has(id)

const EVENT_BY_NAME = new Map<string, EventDefinition>(EVENTS.map((event) => [event.name, event]))

/**
 * What a person typed for a step (`case event … 询问`, `--step inquiry`): the id or the Chinese name,
 * as document types are. Anything else is a usage error naming the closest ids and names.
 */
export const resolveEventId = (typed: string, what = '事件'): EventId => {
  const wanted = typed.normalize('NFC').trim()
  const found = EVENT_BY_ID.get(wanted) ?? EVENT_BY_NAME.get(wanted)
  if (found) return found.id as EventId
  throw unknownEventError(typed, what)
}

/** EVENT_UNKNOWN, naming the closest ids and Chinese names. */
export const unknownEventError = (typed: string, what = '事件') => {
  const hint = didYouMean(typed.normalize('NFC').trim(), [...EVENT_BY_ID.keys(), ...EVENT_BY_NAME.keys()])
  return usageError('EVENT_UNKNOWN', `未知的${what}「${typed}」。${hint || '可用的事件见 zfjl catalog --json 的 events（英文编号或中文名称均可）'}`)
}

/** Events whose record must carry a reason (a pause without a reason cannot be checked later). */
export const EVENTS_REQUIRING_NOTE: ReadonlySet<string> = new Set<EventId>(['pause-start'])
