import {daysBetween} from '../platform/civil-date.js'
import {SEIZURE_MAX_DAYS, SUMMARY_FINE_LIMITS} from './completeness-rules.js'

/**
 * Limits the law puts on what a 文书 may state, checked before anything is numbered or written: one row
 * per limit, citing its article. `check` reads the validated field values (dates `YYYY-MM-DD`, money in
 * 元 as numbers) and returns what is wrong, in Chinese, or nothing.
 *
 * `kind`: 'limit' for an amount or period beyond what the article allows; 'requires' for an item the
 * article makes necessary once another is stated (a fine needs the account it is paid to).
 */
export interface FillLimit {
  type: string
  article: string
  kind: 'limit' | 'requires'
  check: (values: Readonly<Record<string, unknown>>) => string | undefined
}

const amount = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined)
const given = (value: unknown): boolean => value !== undefined && value !== null && value !== ''
const yuan = (value: number): string => `${Number.isInteger(value) ? value : value.toFixed(2)}元`

const needsAll = (keys: Record<string, string>, values: Readonly<Record<string, unknown>>): string | undefined => {
  const absent = Object.entries(keys).filter(([key]) => !given(values[key]))
  return absent.length > 0 ? absent.map(([key, label]) => `${label}（${key}）`).join('、') : undefined
}

const PAYMENT_ACCOUNT = {accountName: '收款户名', accountNo: '收款账号', paymentBank: '收款银行'}

export const FILL_LIMITS: readonly FillLimit[] = [
  {
    article: '《中华人民共和国行政处罚法》第五十一条',
    check: (values) => {
      const fine = amount(values.fineAmount)
      const type = values.partyType as keyof typeof SUMMARY_FINE_LIMITS | undefined
      if (fine === undefined || !type || !(type in SUMMARY_FINE_LIMITS)) return undefined
      const limit = SUMMARY_FINE_LIMITS[type]
      if (fine <= limit) return undefined
      const who = type === 'person' ? '公民' : '法人或者其他组织'
      return `当场处罚对${who}的罚款不得超过${yuan(limit)}，收到 ${yuan(fine)}；超出的应当适用普通程序`
    },
    kind: 'limit',
    type: 'summary-penalty-decision',
  },
  {
    article: '《中华人民共和国行政处罚法》第五十一条',
    check: (values) => {
      const fined = String(values.penaltyContent ?? '').includes('罚款')
      if (fined && !given(values.fineAmount)) return '处罚种类含罚款，须写明罚款金额（fineAmount）'
      if (!fined && given(values.fineAmount)) return '处罚种类为警告，不应写罚款金额'
      return undefined
    },
    kind: 'requires',
    type: 'summary-penalty-decision',
  },
  {
    article: '《中华人民共和国行政处罚法》第六十八条第（一）项',
    check: (values) => {
      const fine = amount(values.fineAmount)
      if (values.collectedOnSpot !== '依法给予一百元以下罚款' || fine === undefined || fine <= 100) return undefined
      return `以「一百元以下罚款」为由当场收缴，罚款却为 ${yuan(fine)}`
    },
    kind: 'limit',
    type: 'summary-penalty-decision',
  },
  {
    article: '《中华人民共和国行政处罚法》第七十条',
    check: (values) => (given(values.collectedOnSpot) && !given(values.receiptNo) ? '当场收缴罚款须写明所出具专用票据的号码（receiptNo）' : undefined),
    kind: 'requires',
    type: 'summary-penalty-decision',
  },
  {
    article: '《中华人民共和国行政处罚法》第六十七条',
    check: (values) => {
      if (!given(values.fineAmount) || given(values.collectedOnSpot)) return undefined
      const absent = needsAll(PAYMENT_ACCOUNT, values)
      return absent ? `有罚款的决定须写明缴款的${absent}` : undefined
    },
    kind: 'requires',
    type: 'summary-penalty-decision',
  },
  {
    article: '《中华人民共和国行政处罚法》第六十七条',
    check: (values) => {
      if (!given(values.fineAmount)) return undefined
      const absent = needsAll(PAYMENT_ACCOUNT, values)
      return absent ? `有罚没款的决定须写明缴款的${absent}` : undefined
    },
    kind: 'requires',
    type: 'penalty-decision',
  },
  {
    article: '《中华人民共和国行政强制法》第二十五条第一款',
    check: (values) => {
      const [start, end] = [values.startDate, values.endDate]
      if (typeof start !== 'string' || typeof end !== 'string') return undefined
      // 民法典 第二百零一条: the day the period starts is not counted.
      const days = daysBetween(start, end)
      if (days < 0) return `期限至（${end}）早于期限自（${start}）`
      return days > SEIZURE_MAX_DAYS ? `查封、扣押的期限不得超过三十日，${start} 至 ${end} 为 ${days} 日；情况复杂需要延长的，另行制作延期通知书` : undefined
    },
    kind: 'limit',
    type: 'seizure-decision',
  },
  {
    article: '《中华人民共和国行政强制法》第二十五条第一款',
    check: (values) => {
      const [original, extended] = [values.originalEndDate, values.newEndDate]
      if (typeof original !== 'string' || typeof extended !== 'string') return undefined
      const days = daysBetween(original, extended)
      if (days <= 0) return `延长后的期限（${extended}）应晚于原期限（${original}）`
      return days > SEIZURE_MAX_DAYS ? `延长查封、扣押的期限不得超过三十日，${original} 延至 ${extended} 为 ${days} 日` : undefined
    },
    kind: 'limit',
    type: 'seizure-extension',
  },
  {
    article: '《中华人民共和国行政强制法》第四十五条第二款、《中华人民共和国行政处罚法》第七十二条第一款第（一）项',
    check: (values) => {
      const surcharge = amount(values.surchargeAmount)
      if (surcharge === undefined) return undefined
      const fine = amount(values.fineAmount)
      if (fine === undefined) return '写明加处罚款金额时须同时写明罚款数额（fineAmount）'
      return surcharge > fine ? `加处罚款的数额不得超出罚款的数额：加处罚款 ${yuan(surcharge)}，罚款 ${yuan(fine)}` : undefined
    },
    kind: 'limit',
    type: 'payment-reminder',
  },
  {
    article: '《中华人民共和国行政强制法》第三十五条',
    check: (values) => (given(values.surchargeAmount) && !given(values.surchargeUntil) ? '加处罚款金额须写明计算截至的日期（surchargeUntil）' : undefined),
    kind: 'requires',
    type: 'payment-reminder',
  },
  {
    article: '《中华人民共和国行政强制法》第十八条',
    check: (values) => {
      if (!given(values.coerciveMeasure)) return undefined
      const absent = needsAll({measureApproval: '负责人批准情况', partyStatement: '当事人的陈述和申辩'}, values)
      return absent ? `现场实施行政强制措施须记录${absent}` : undefined
    },
    kind: 'requires',
    type: 'onsite-record',
  },
]

export const fillLimitsOf = (typeId: string): readonly FillLimit[] => FILL_LIMITS.filter((limit) => limit.type === typeId)
