import {existsSync, readFileSync} from 'node:fs'

import {type EventId, isEventId} from './events.js'
import type {ProcedureId} from './procedures.js'
import {usageError} from '../platform/errors.js'

/** Periods the law leaves to the organ: each unit sets its own in `zfjl.json` (policy, not law). */
export interface PolicyConfig {
  /** 当场处罚后上传平台（第十八条），工作日 */
  summaryUploadDays: number
  /** 事先告知书载明的陈述申辩期限（行政处罚法 第四十四、四十五条无法定天数），工作日 */
  statementPeriodDays: number
  /** 改正期限届满后核查的窗口（第二十二条），工作日 */
  correctionCheckWindowDays: number
  /** 临近期限提醒（check 的 due-soon），天 */
  dueSoonDays: number
  /**
   * 本办法第二十、三十二条的「5日」按工作日（wd，默认）还是自然日（cd）计算：本办法未规定，由本单位确定。
   */
  measuresDayUnit: 'wd' | 'cd'
}

/**
 * wd = working days; cd = calendar days; months; hours (from the trigger's moment);
 * wd-before / cd-before = the latest day that is N working / calendar days before the trigger (听证通知,
 * 延续申请).
 */
export type DeadlineUnit = 'wd' | 'cd' | 'months' | 'hours' | 'wd-before' | 'cd-before'

/**
 * Who the clock binds and what "meeting" it means:
 * - agency: the bureau must record `target` by the due day;
 * - party-duty: the party must act by the due day (late → the bureau follows up, e.g. 催告);
 * - party-right: the party may act until the due day (a late request is flagged, none is fine);
 * - wait: `target` must not happen on or before the due day (陈述申辩期, 催告后申请强制执行);
 * - information: a period the decision must state (复议、诉讼), nothing to record.
 */
export type Obligation = 'agency' | 'party-duty' | 'party-right' | 'wait' | 'information'

/**
 * Where the limit comes from, shown beside every row: law (法律), the district Measures (本办法), the
 * document itself (the period printed on a 事先告知书), workspace policy, or a workspace override.
 */
export type LimitBasis = 'law' | 'measures' | 'document' | 'policy' | 'workspace'

/** The policy values that are day counts (a limit may be one of them). */
export type PolicyDays = {[K in keyof PolicyConfig]: PolicyConfig[K] extends number ? K : never}[keyof PolicyConfig]

export interface LimitVersion {
  /** The version applies to triggers on or after this date; the latest applicable version wins. */
  from?: string
  limit: number | {policy: PolicyDays}
  unit: DeadlineUnit
  /** The counting unit is the workspace's choice (本办法's own 5-day limits). */
  unitSetting?: 'measuresDayUnit'
  /** cd and months only: roll a deadline off a non-working day (default true; caps never roll). */
  roll?: boolean
  article: string
  basis?: LimitBasis
}

export interface DeadlineRule {
  id: string
  /** What must happen, in Chinese, for rows and messages. */
  name: string
  trigger: EventId
  target: EventId | null
  obligation: Obligation
  /** The kind of `check` finding the rule produces. */
  findingKind: 'deadline' | 'platform'
  /** Only for these procedures (for triggers shared between procedures); otherwise wherever the trigger occurs. */
  procedures?: ProcedureId[]
  versions: LimitVersion[]
  /** 中止 (pause-start … pause-end) stops this clock. */
  pausable?: boolean
  /** An event that extends the limit when it happens within the original limit. */
  extension?: {event: EventId; amount: number; article: string}
  /** A target recorded before the trigger is out of order (e.g. 录入结案信息 before 结案). */
  notBeforeTrigger?: boolean
  /** If one of these happens instead of the target, the rule does not apply (补正 vs 受理). */
  alternatives?: EventId[]
  /** If one of these happened and the target did not, the rule is moot (结案 without a decision). */
  mootAfter?: EventId[]
  /** The party's recorded waiver of the period (放弃陈述申辩、放弃听证) ends the wait. */
  waivedBy?: EventId
  /** The limit printed on a document of the case (事先告知书载明的陈述申辩期限) wins over the table's. */
  limitFromDocument?: {document: string; field: string}
  /** The rule applies only where a document of this type, if the case has one, fills this field (听证权利告知). */
  appliesWhenDocumentStates?: {document: string; field: string}
  /** A longer limit when this event is recorded (第三十六条: 生命健康安全且有危害后果, five years). */
  longer?: {event: EventId; limit: number; article: string}
  /** Meeting the target late is an error, not a reminder (a filing after the limitation period). */
  lateIsError?: boolean
  /** What a late or missing target means in law, added to the finding. */
  consequence?: string
  /**
   * The clock may start from an earlier step when the law deems the trigger to have happened then:
   * 行政许可法 第三十二条第一款第（四）项, 受理 deemed on receipt when 补正 was not notified in time.
   */
  deemedTrigger?: {event: EventId; limit: number; unit: 'wd'; unless: EventId[]; article: string}
}

/**
 * The statutory periods as data. A new rule is one entry here and one row in test/rules/deadlines.test.ts.
 * Articles are quoted from the national laws and the Measures (本办法).
 */
export const DEADLINE_RULES: readonly DeadlineRule[] = [
  {
    id: 'platform-entry-filed',
    name: '立案信息录入监督信息平台',
    trigger: 'filed',
    target: 'platform-filed',
    obligation: 'agency',
    findingKind: 'platform',
    versions: [{limit: 5, unit: 'wd', unitSetting: 'measuresDayUnit', basis: 'measures', article: '本办法第二十条：决定立案后5日内，执法人员应当将立案信息录入卫生计生综合监督信息平台'}],
  },
  {
    id: 'platform-entry-closed',
    name: '办理结果录入监督信息平台',
    trigger: 'closed',
    target: 'platform-closed',
    obligation: 'agency',
    findingKind: 'platform',
    procedures: ['penalty-general'],
    notBeforeTrigger: true,
    versions: [{limit: 5, unit: 'wd', unitSetting: 'measuresDayUnit', basis: 'measures', article: '本办法第三十二条：案件结案5日后，执法人员应当将案件办理结果信息录入卫生计生综合监督信息平台'}],
  },
  {
    id: 'summary-upload',
    name: '当场处罚决定用移动执法终端上传平台',
    trigger: 'summary-decision',
    target: 'platform-uploaded',
    obligation: 'agency',
    findingKind: 'platform',
    versions: [{limit: {policy: 'summaryUploadDays'}, unit: 'wd', article: '本办法第十八条：当场行政处罚决定作出后，执法人员应当使用移动执法终端上传平台（时限为本单位规定）'}],
  },
  {
    id: 'penalty-decision',
    name: '作出行政处罚决定',
    trigger: 'filed',
    target: 'decision-made',
    obligation: 'agency',
    findingKind: 'deadline',
    mootAfter: ['closed', 'case-transferred'],
    versions: [{limit: 90, unit: 'cd', article: '行政处罚法 第六十条：行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。法律、法规、规章另有规定的，从其规定'}],
  },
  {
    id: 'limitation-period',
    name: '违法行为在追责时效内被发现（立案）',
    trigger: 'offence-committed',
    target: 'filed',
    obligation: 'agency',
    findingKind: 'deadline',
    procedures: ['penalty-general'],
    lateIsError: true,
    consequence: '超过时效的，不再给予行政处罚',
    mootAfter: ['closed', 'case-transferred'],
    longer: {event: 'serious-harm', limit: 60, article: '行政处罚法 第三十六条第一款：涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年'},
    versions: [{limit: 24, unit: 'months', roll: false, article: '行政处罚法 第三十六条：违法行为在二年内未被发现的，不再给予行政处罚；期限从违法行为发生之日起计算，有连续或者继续状态的，从行为终了之日起计算'}],
  },
  {
    id: 'limitation-period-summary',
    name: '违法行为在追责时效内被发现（当场处罚）',
    trigger: 'offence-committed',
    target: 'summary-decision',
    obligation: 'agency',
    findingKind: 'deadline',
    procedures: ['penalty-summary'],
    lateIsError: true,
    consequence: '超过时效的，不再给予行政处罚',
    mootAfter: ['closed'],
    longer: {event: 'serious-harm', limit: 60, article: '行政处罚法 第三十六条第一款：涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年'},
    versions: [{limit: 24, unit: 'months', roll: false, article: '行政处罚法 第三十六条：违法行为在二年内未被发现的，不再给予行政处罚'}],
  },
  {
    id: 'decision-service',
    name: '送达行政处罚决定书',
    trigger: 'decision-made',
    target: 'decision-served',
    obligation: 'agency',
    findingKind: 'deadline',
    versions: [{limit: 7, unit: 'wd', article: '行政处罚法 第六十一条：当事人不在场的，行政机关应当在七日内依照民事诉讼法的有关规定送达；第八十五条：七日指工作日'}],
  },
  {
    id: 'preservation-disposal',
    name: '对先行登记保存的证据作出处理决定',
    trigger: 'preservation',
    target: 'preservation-disposed',
    obligation: 'agency',
    findingKind: 'deadline',
    versions: [{limit: 7, unit: 'wd', article: '行政处罚法 第五十六条：先行登记保存的，应当在七日内及时作出处理决定；第八十五条：七日指工作日'}],
  },
  {
    id: 'hearing-request',
    name: '当事人申请听证',
    trigger: 'prior-notice-served',
    target: 'hearing-requested',
    obligation: 'party-right',
    findingKind: 'deadline',
    procedures: ['penalty-general'],
    versions: [
      // Before 2021-07-15 the 1996 law (as amended 2009/2017) said 三日 with no working-day clause: calendar days, rolled.
      {limit: 3, unit: 'cd', article: '行政处罚法（1996年施行，2017年修正）第四十二条第（一）项：当事人要求听证的，应当在行政机关告知后三日内提出'},
      {from: '2021-07-15', limit: 5, unit: 'wd', article: '行政处罚法 第六十四条第（一）项：当事人要求听证的，应当在行政机关告知后五日内提出；第八十五条：五日指工作日'},
    ],
  },
  {
    id: 'statement-period',
    name: '陈述申辩期满后方可作出处罚决定',
    trigger: 'prior-notice-served',
    target: 'decision-made',
    obligation: 'wait',
    findingKind: 'deadline',
    procedures: ['penalty-general'],
    waivedBy: 'statement-waived',
    limitFromDocument: {document: 'penalty-prior-notice', field: 'statementDays'},
    versions: [{limit: {policy: 'statementPeriodDays'}, unit: 'wd', article: '行政处罚法 第四十四条、第四十五条、第六十二条：当事人有权陈述、申辩，行政机关不得在其陈述申辩期间届满前作出决定，当事人明确放弃的除外（期限为事先告知书载明的天数；第八十五条：日指工作日）'}],
  },
  {
    id: 'hearing-window',
    name: '听证申请期满后方可作出处罚决定',
    trigger: 'prior-notice-served',
    target: 'decision-made',
    obligation: 'wait',
    findingKind: 'deadline',
    procedures: ['penalty-general'],
    waivedBy: 'hearing-waived',
    appliesWhenDocumentStates: {document: 'penalty-prior-notice', field: 'hearingNotice'},
    alternatives: ['hearing-requested'],
    versions: [{limit: 5, unit: 'wd', article: '行政处罚法 第六十三条、第六十四条第（一）项：当事人要求听证的，应当在行政机关告知后五日内提出；第八十五条：五日指工作日'}],
  },
  {
    id: 'hearing-notice',
    name: '举行听证七日前通知当事人',
    trigger: 'hearing-held',
    target: 'hearing-notified',
    obligation: 'agency',
    findingKind: 'deadline',
    versions: [{limit: 7, unit: 'wd-before', article: '行政处罚法 第六十四条第（二）项：行政机关应当在举行听证的七日前，通知当事人；第八十五条：七日指工作日；行政许可法 第四十八条'}],
  },
  {
    id: 'fine-payment',
    name: '当事人缴纳罚款',
    trigger: 'decision-served',
    target: 'fine-paid',
    obligation: 'party-duty',
    findingKind: 'deadline',
    mootAfter: ['closed'],
    versions: [{limit: 15, unit: 'cd', article: '行政处罚法 第六十七条：当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款'}],
  },
  {
    id: 'summary-fine-payment',
    name: '当事人缴纳当场处罚的罚款',
    trigger: 'summary-decision',
    target: 'fine-paid',
    obligation: 'party-duty',
    findingKind: 'deadline',
    alternatives: ['fine-collected-onsite'],
    mootAfter: ['closed'],
    versions: [{limit: 15, unit: 'cd', article: '行政处罚法 第五十三条：对当场作出的行政处罚决定，当事人应当依照本法第六十七条至第六十九条的规定履行；第六十七条：自收到行政处罚决定书之日起十五日内缴纳罚款'}],
  },
  {
    id: 'summary-fine-handover',
    name: '当场收缴的罚款交至行政机关',
    trigger: 'fine-collected-onsite',
    target: 'fine-handed-in',
    obligation: 'agency',
    findingKind: 'deadline',
    versions: [{limit: 2, unit: 'wd', article: '行政处罚法 第七十一条：执法人员当场收缴的罚款，应当自收缴罚款之日起二日内，交至行政机关；第八十五条：二日指工作日'}],
  },
  {
    id: 'reminder-after-payment-period',
    name: '缴纳期限届满后方可催告',
    trigger: 'decision-served',
    target: 'reminder-served',
    obligation: 'wait',
    findingKind: 'deadline',
    versions: [{limit: 15, unit: 'cd', article: '行政处罚法 第六十七条：自收到行政处罚决定书之日起十五日内缴纳罚款；第七十二条：当事人逾期不履行行政处罚决定的，行政机关可以采取加处罚款、申请人民法院强制执行等措施'}],
  },
  {
    id: 'court-after-remedy-periods',
    name: '复议、诉讼期限届满后方可申请法院强制执行',
    trigger: 'decision-served',
    target: 'court-applied',
    obligation: 'wait',
    findingKind: 'deadline',
    versions: [{limit: 6, unit: 'months', article: '行政强制法 第五十三条：当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的，行政机关可以自期限届满之日起三个月内申请人民法院强制执行；行政诉讼法 第四十六条：六个月'}],
  },
  {
    id: 'court-application-limit',
    name: '复议、诉讼期限届满之日起三个月内申请法院强制执行',
    trigger: 'decision-served',
    target: 'court-applied',
    obligation: 'agency',
    findingKind: 'deadline',
    mootAfter: ['fine-paid', 'closed'],
    consequence: '逾期不能再申请人民法院强制执行',
    versions: [{limit: 9, unit: 'months', article: '行政强制法 第五十三条：可以自期限届满之日起三个月内，依照本章规定申请人民法院强制执行（诉讼期限六个月届满后三个月）'}],
  },
  {
    id: 'correction-check',
    name: '改正期限届满后核查整改情况',
    trigger: 'correction-due',
    target: 'correction-verified',
    obligation: 'agency',
    findingKind: 'deadline',
    notBeforeTrigger: true,
    versions: [{limit: {policy: 'correctionCheckWindowDays'}, unit: 'wd', article: '本办法第二十二条：责令限期改正的，期满后对整改情况进行核查（核查窗口为本单位规定）'}],
  },
  {
    id: 'court-enforcement-wait',
    name: '催告书送达十日后方可申请法院强制执行',
    trigger: 'reminder-served',
    target: 'court-applied',
    obligation: 'wait',
    findingKind: 'deadline',
    versions: [{limit: 10, unit: 'wd', article: '行政强制法 第五十四条：催告书送达十日后当事人仍未履行义务的，可以向人民法院申请强制执行；第六十九条：十日以内指工作日'}],
  },
  {
    id: 'seizure-limit',
    name: '查封、扣押期限届满前作出处理决定或解除',
    trigger: 'seizure',
    target: 'seizure-disposed',
    obligation: 'agency',
    findingKind: 'deadline',
    pausable: true,
    extension: {event: 'seizure-extended', amount: 30, article: '行政强制法 第二十五条第一款：情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日'},
    versions: [{limit: 30, unit: 'cd', roll: false, article: '行政强制法 第二十五条：查封、扣押的期限不得超过三十日；检测、检验、检疫或者技术鉴定的期间不计入'}],
  },
  {
    id: 'emergency-report',
    name: '当场实施强制措施后报告负责人并补办批准手续',
    trigger: 'emergency-measure',
    target: 'emergency-reported',
    obligation: 'agency',
    findingKind: 'deadline',
    versions: [{limit: 24, unit: 'hours', article: '行政强制法 第十九条：情况紧急，需要当场实施行政强制措施的，应当在二十四小时内向行政机关负责人报告，并补办批准手续'}],
  },
  {
    id: 'permit-correction-notice',
    name: '一次告知申请人补正全部内容',
    trigger: 'application-received',
    target: 'correction-notified',
    obligation: 'agency',
    findingKind: 'deadline',
    alternatives: ['accepted', 'rejected'],
    versions: [{limit: 5, unit: 'wd', article: '行政许可法 第三十二条第一款第（四）项：应当当场或者在五日内一次告知申请人需要补正的全部内容，逾期不告知的，自收到申请材料之日起即为受理；第八十二条：期限以工作日计算'}],
  },
  {
    id: 'permit-deemed-acceptance',
    name: '五日内受理或告知补正（逾期即视为收到申请材料之日受理）',
    trigger: 'application-received',
    target: 'accepted',
    obligation: 'agency',
    findingKind: 'deadline',
    alternatives: ['correction-notified', 'rejected'],
    consequence: '逾期不告知补正的，自收到申请材料之日起即为受理，许可决定期限自收到之日起算',
    versions: [{limit: 5, unit: 'wd', article: '行政许可法 第三十二条第一款第（四）项：应当当场或者在五日内一次告知申请人需要补正的全部内容，逾期不告知的，自收到申请材料之日起即为受理；第八十二条：期限以工作日计算'}],
  },
  {
    id: 'permit-decision',
    name: '作出行政许可决定',
    trigger: 'accepted',
    target: 'permit-decided',
    obligation: 'agency',
    findingKind: 'deadline',
    pausable: true,
    deemedTrigger: {
      event: 'application-received',
      limit: 5,
      unit: 'wd',
      unless: ['correction-notified', 'rejected'],
      article: '行政许可法 第三十二条第一款第（四）项：逾期不告知的，自收到申请材料之日起即为受理',
    },
    extension: {event: 'permit-extended', amount: 10, article: '行政许可法 第四十二条第一款：二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日'},
    versions: [{limit: 20, unit: 'wd', article: '行政许可法 第四十二条：应当自受理行政许可申请之日起二十日内作出行政许可决定；第四十五条：听证、检验、检测、检疫、鉴定和专家评审所需时间不计算在期限内；第八十二条：工作日'}],
  },
  {
    id: 'permit-delivery',
    name: '颁发、送达行政许可证件',
    trigger: 'permit-decided',
    target: 'permit-served',
    obligation: 'agency',
    findingKind: 'deadline',
    versions: [{limit: 10, unit: 'wd', article: '行政许可法 第四十四条：应当自作出决定之日起十日内向申请人颁发、送达行政许可证件；第八十二条：工作日'}],
  },
  {
    id: 'permit-hearing',
    name: '组织行政许可听证',
    trigger: 'hearing-requested',
    target: 'hearing-held',
    obligation: 'agency',
    findingKind: 'deadline',
    procedures: ['permit'],
    versions: [{limit: 20, unit: 'wd', article: '行政许可法 第四十七条：申请人、利害关系人提出听证申请的，行政机关应当在二十日内组织听证；第八十二条：工作日'}],
  },
  {
    id: 'permit-hearing-request',
    name: '申请人、利害关系人申请许可听证',
    trigger: 'stakeholder-notified',
    target: 'hearing-requested',
    obligation: 'party-right',
    findingKind: 'deadline',
    procedures: ['permit'],
    // 第八十二条 makes only the organ's periods working days; the applicant's five days are calendar days.
    versions: [{limit: 5, unit: 'cd', article: '行政许可法 第四十七条：申请人、利害关系人在被告知听证权利之日起五日内提出听证申请（申请人的期间，按自然日计算，末日为节假日的顺延）'}],
  },
  {
    id: 'permit-renewal',
    name: '有效期届满三十日前申请延续',
    trigger: 'permit-expires',
    target: 'renewal-applied',
    obligation: 'party-right',
    findingKind: 'deadline',
    procedures: ['permit'],
    versions: [{limit: 30, unit: 'cd-before', article: '行政许可法 第五十条：被许可人需要延续行政许可有效期的，应当在该行政许可有效期届满三十日前提出申请（申请人的期间，按自然日计算）'}],
  },
  {
    id: 'review-period',
    name: '当事人申请行政复议的期限（决定书应载明）',
    trigger: 'decision-served',
    target: null,
    obligation: 'information',
    findingKind: 'deadline',
    versions: [{limit: 60, unit: 'cd', article: '行政复议法（2023）第二十条：可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请'}],
  },
  {
    id: 'litigation-period',
    name: '当事人提起行政诉讼的期限（决定书应载明）',
    trigger: 'decision-served',
    target: null,
    obligation: 'information',
    findingKind: 'deadline',
    versions: [{limit: 6, unit: 'months', article: '行政诉讼法 第四十六条：应当自知道或者应当知道作出行政行为之日起六个月内提出'}],
  },
  {
    id: 'summary-review-period',
    name: '当场处罚：当事人申请行政复议的期限（决定书应载明）',
    trigger: 'summary-decision',
    target: null,
    obligation: 'information',
    findingKind: 'deadline',
    versions: [{limit: 60, unit: 'cd', article: '行政复议法（2023）第二十条：可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请'}],
  },
  {
    id: 'summary-litigation-period',
    name: '当场处罚：当事人提起行政诉讼的期限（决定书应载明）',
    trigger: 'summary-decision',
    target: null,
    obligation: 'information',
    findingKind: 'deadline',
    versions: [{limit: 6, unit: 'months', article: '行政诉讼法 第四十六条：应当自知道或者应当知道作出行政行为之日起六个月内提出'}],
  },
]

export const UNIT_NAMES: Record<DeadlineUnit, string> = {
  cd: '日（自然日）',
  hours: '小时',
  months: '个月',
  wd: '个工作日',
  'wd-before': '个工作日（之前）',
  'cd-before': '日（自然日，之前）',
}

const UNITS = Object.keys(UNIT_NAMES) as DeadlineUnit[]

/** The limit version for a trigger on `triggerDate` (the law in force when the period starts). */
export const versionFor = (rule: DeadlineRule, triggerDate: string): LimitVersion => {
  const applicable = rule.versions.filter((version) => !version.from || version.from <= triggerDate)
  return applicable.at(-1) ?? rule.versions[0]
}

export const resolveLimit = (version: LimitVersion, policy: PolicyConfig): number =>
  typeof version.limit === 'number' ? version.limit : policy[version.limit.policy]

export const basisOf = (version: LimitVersion): LimitBasis =>
  version.basis ?? (typeof version.limit === 'number' ? 'law' : 'policy')

/**
 * `<workspace>/rules.json` overrides limits where a sector rule (e.g. 《卫生健康行政处罚程序规定》) sets
 * its own: `{"rules": {"penalty-decision": {"limit": 90, "unit": "cd", "from": "2025-06-01",
 * "article": "…第N条：…"}}}`. An override with `from` applies to triggers on or after that date; without
 * `from` it replaces the rule's limits outright. `article` is required: every limit must cite its source.
 * `pausable: true` lets 中止 (pause-start … pause-end) stop the clock and `extension` declares an approved
 * extension, both where the sector rule provides for them (行政处罚法 第六十条: 法律、法规、规章另有规定的，从其规定).
 */
export const loadDeadlineRules = (rulesFile: string): DeadlineRule[] => {
  if (!existsSync(rulesFile)) return [...DEADLINE_RULES]
  const fail = (problem: string) => usageError('RULES_FILE_INVALID', `期限规则覆盖文件 ${rulesFile} 格式错误：${problem}`, {file: rulesFile})
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(rulesFile, 'utf8'))
  } catch (error) {
    throw fail(`不是有效的 JSON（${(error as Error).message}）`)
  }

  const overrides = (parsed as {rules?: unknown} | null)?.rules
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) throw fail('应为 {"rules": {"规则id": {...}}}')
  const byId = new Map(DEADLINE_RULES.map((rule) => [rule.id, rule]))
  const replaced = new Map<string, DeadlineRule>()
  for (const [id, value] of Object.entries(overrides as Record<string, unknown>)) {
    const rule = byId.get(id)
    if (!rule) throw fail(`未知的规则「${id}」，可用的规则：${DEADLINE_RULES.map((known) => known.id).join('、')}`)
    const item = (value ?? {}) as Record<string, unknown>
    if (!Number.isInteger(item.limit) || (item.limit as number) <= 0) throw fail(`${id}.limit 应为正整数`)
    const unit = (item.unit ?? versionFor(rule, '9999-12-31').unit) as DeadlineUnit
    if (!UNITS.includes(unit)) throw fail(`${id}.unit 应为 ${UNITS.join('、')} 之一`)
    if (typeof item.article !== 'string' || !item.article.trim()) throw fail(`${id}.article 应写明依据（法规名称和条款）`)
    if (item.from !== undefined && (typeof item.from !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(item.from))) throw fail(`${id}.from 应为 YYYY-MM-DD`)
    if (item.roll !== undefined && typeof item.roll !== 'boolean') throw fail(`${id}.roll 应为 true 或 false`)
    if (item.pausable !== undefined && typeof item.pausable !== 'boolean') throw fail(`${id}.pausable 应为 true 或 false`)
    const extension = item.extension === undefined ? undefined : parseExtension(item.extension, `${id}.extension`, fail)
    const version: LimitVersion = {
      article: item.article.trim(),
      basis: 'workspace',
      from: item.from as string | undefined,
      limit: item.limit as number,
      roll: item.roll as boolean | undefined,
      unit,
    }
    replaced.set(id, {
      ...rule,
      ...(item.pausable === undefined ? {} : {pausable: item.pausable as boolean}),
      ...(extension ? {extension} : {}),
      versions: item.from === undefined ? [version] : [...rule.versions, version].sort(byFrom),
    })
  }

  return DEADLINE_RULES.map((rule) => replaced.get(rule.id) ?? rule)
}

/**
 * An approved extension a sector rule allows (e.g. a longer 办案期限 with the head's approval):
 * `{"event": "penalty-extended", "amount": 30, "article": "…第N条：…"}`; the event must be a known step.
 */
const parseExtension = (value: unknown, label: string, fail: (problem: string) => Error): NonNullable<DeadlineRule['extension']> => {
  const extension = (value ?? {}) as Record<string, unknown>
  if (typeof extension.event !== 'string' || !isEventId(extension.event)) throw fail(`${label}.event 应为已知的事件，如 penalty-extended`)
  if (!Number.isInteger(extension.amount) || (extension.amount as number) <= 0) throw fail(`${label}.amount 应为正整数`)
  if (typeof extension.article !== 'string' || !extension.article.trim()) throw fail(`${label}.article 应写明延期的依据（法规名称和条款）`)
  return {amount: extension.amount as number, article: extension.article.trim(), event: extension.event}
}

const byFrom = (a: LimitVersion, b: LimitVersion): number => (a.from ?? '').localeCompare(b.from ?? '')
