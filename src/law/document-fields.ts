import {DOCUMENT_TYPES} from './documents.js'

/**
 * What each 文书 asks for: the templates' tags are exactly these keys, `zfjl
 * catalog --json` lists them so scripts know what to supply, and filling validates against them.
 */
export type FieldKind = 'text' | 'date' | 'datetime' | 'money' | 'number' | 'list' | 'signatures' | 'choice' | 'flag'

/**
 * Case data that fills a field when the user leaves it out: the first party, the case title (案由),
 * the case's officers with 执法证号, the document's own date, the unit and the remedy bodies.
 */
export type AutoSource =
  | 'party.name'
  | 'party.address'
  | 'party.idNumber'
  | 'party.type'
  | 'case.title'
  | 'case.id'
  | 'case.officers'
  | 'document.date'
  | 'config.unit'
  | 'config.reviewBody'
  | 'config.court'
  | 'policy.statementPeriodDays'

export interface FieldDef {
  /** ASCII camelCase; the template tag `{key}`. */
  key: string
  label: string
  required: boolean
  kind: FieldKind
  /** The fields of one row, for `list` and `signatures`. */
  columns?: FieldDef[]
  auto?: AutoSource
  /** Used when neither the user nor the case supplies a value. */
  defaultValue?: string | number
  /** For `choice`: the accepted values, and other spellings of them (个人 → person). */
  choices?: readonly string[]
  aliases?: Readonly<Record<string, string>>
  /** A count printed in Chinese words (三个工作日), as the fixed text around it is. */
  chineseNumerals?: boolean
}

/**
 * Tags every template may use besides its fields: the header the builder prints and the row number
 * inside table loops.
 */
/**
 * Tags the fill derives from the party's type (the partyType field: the case's party, else the data): 「你」 to a
 * person, 「你单位」 to a unit, and the conditions of the party's lines. A template using them shows partyType.
 */
export const PARTY_TYPE_TAGS = ['you', 'isPerson', 'isOrganization'] as const

export const SYSTEM_TAGS = [
  'unit',
  'title',
  'familyLine',
  'docNumber',
  'docDate',
  'caseId',
  'seq',
  ...PARTY_TYPE_TAGS,
  // True in a 行政许可 case: documents shared by procedures choose their legal basis by it.
  'permitCase',
] as const

const field = (kind: FieldKind) => (key: string, label: string, required = false, extra: Partial<FieldDef> = {}): FieldDef => ({
  key,
  kind,
  label,
  required,
  ...extra,
})

const text = field('text')
const date = field('date')
const datetime = field('datetime')
const money = field('money')
const number = field('number')
const choice = (key: string, label: string, choices: readonly string[], required = false, extra: Partial<FieldDef> = {}): FieldDef => ({
  choices,
  key,
  kind: 'choice',
  label,
  required,
  ...extra,
})
/** Yes or no (是/否, true/false); a condition in the template. */
const flag = field('flag')
const list = (key: string, label: string, columns: FieldDef[], required = true): FieldDef => ({columns, key, kind: 'list', label, required})

const caseCause = (label = '案由'): FieldDef => text('caseCause', label, true, {auto: 'case.title'})
const partyName = (label = '当事人'): FieldDef => text('partyName', label, true, {auto: 'party.name'})
const partyAddress = (label = '地址'): FieldDef => text('partyAddress', label, false, {auto: 'party.address'})

/**
 * Whom the document addresses: a person (「你」, 性别、身份证件号码、住址) or a unit (「你单位」, 统一社会信用代码、
 * 法定代表人). Taken from the case's party; when the case does not record it the data must say it, never guessed.
 */
export const PARTY_TYPE_NAMES = {organization: '法人或其他组织', person: '公民'} as const
export const PARTY_TYPES = ['person', 'organization'] as const satisfies ReadonlyArray<keyof typeof PARTY_TYPE_NAMES>
export type PartyType = (typeof PARTY_TYPES)[number]

/** The Chinese words for a party type, taken wherever one is written: --party-type, the prompt, document data. */
export const PARTY_TYPE_ALIASES: Readonly<Record<string, PartyType>> = {
  个人: 'person',
  公民: 'person',
  单位: 'organization',
  法人: 'organization',
  法人或其他组织: 'organization',
  法人或者其他组织: 'organization',
}

/** A party type as written (person, organization or a Chinese word for one); the text itself when it is none of them. */
export const partyTypeFrom = (text: string): string => PARTY_TYPE_ALIASES[text.trim()] ?? text.trim()

const partyType = (fromCase = true): FieldDef =>
  choice('partyType', '当事人类型（person 个人／organization 单位）', PARTY_TYPES, true, {
    aliases: PARTY_TYPE_ALIASES,
    ...(fromCase ? {auto: 'party.type' as const} : {}),
  })

/** The party block of decisions and notices. */
const partyBlock = (label = '当事人'): FieldDef[] => [
  partyType(),
  partyName(label),
  text('partyIdNo', '统一社会信用代码（身份证件号码）', false, {auto: 'party.idNumber'}),
  text('legalRep', '法定代表人（负责人）'),
  text('partyGender', '性别（当事人为个人时）'),
  partyAddress(),
  text('partyPhone', '联系电话'),
]

/**
 * The applicant; its type where the text addresses it (「你」/「你单位」); the address only where it is printed
 * above the text (receipts, records), never trailing after it.
 */
const applicant = ({address = false, addressed = true} = {}): FieldDef[] => [
  ...(addressed ? [partyType()] : []),
  text('applicantName', '申请人', true, {auto: 'party.name'}),
  ...(address ? [text('applicantAddress', '申请人地址', false, {auto: 'party.address'})] : []),
]

/** 行政处罚法 第六十七条: the fine is paid to a named bank account or through the electronic payment system. */
const paymentAccount = (): FieldDef[] => [text('paymentBank', '收款银行'), text('accountName', '收款户名'), text('accountNo', '收款账号')]

/** At least two officers with 执法证号 (行政处罚法 第四十二条); the case's officers by default. */
const officers = (label = '执法人员'): FieldDef => ({
  auto: 'case.officers',
  columns: [text('name', '姓名', true), text('certNo', '执法证号', true)],
  key: 'officers',
  kind: 'signatures',
  label,
  required: true,
})

/** 行政复议 60 日 to the 本级人民政府, 行政诉讼 6 个月. */
const remedyBodies = (): FieldDef[] => [
  text('reviewBody', '行政复议机关', true, {auto: 'config.reviewBody'}),
  text('court', '人民法院', true, {auto: 'config.court'}),
]

const contact = (): FieldDef[] => [text('contactPerson', '联系人'), text('contactPhone', '联系电话'), text('agencyAddress', '机关地址')]

const timeSpan = (startLabel: string, endLabel: string): FieldDef[] => [
  datetime('startTime', startLabel, true),
  datetime('endTime', endLabel, true),
]

/** 物品清单 rows (87号令 第二十二条: 名称, 数量, 生产或进口代理单位, 生产日期及批号). */
const itemColumns = (): FieldDef[] => [
  text('name', '物品名称', true),
  text('spec', '规格'),
  text('producer', '标示生产（进口代理）单位'),
  text('batch', '生产日期/批号'),
  number('quantity', '数量', true),
  text('unit', '单位'),
  text('remarks', '备注'),
]

const personColumns = (): FieldDef[] => [text('name', '姓名', true), text('position', '职务', true)]

export const DOCUMENT_FIELDS: Readonly<Record<string, readonly FieldDef[]>> = {
  receipt: [
    ...applicant({address: true}),
    text('licenseItem', '申请事项', true),
    list('materials', '申请材料', [text('name', '材料名称', true), text('pages', '页数/份数')]),
    number('materialCount', '材料件数'),
    text('otherMaterials', '其他材料'),
    date('receivedDate', '接收日期', true, {auto: 'document.date'}),
    text('receiver', '接收人'),
  ],
  'acceptance-notice': [
    ...applicant(),
    text('licenseItem', '申请事项', true),
    date('applyDate', '申请日期', true),
    date('decisionDueDate', '预计作出决定日期'),
    text('specialProcedure', '特别程序（招标、拍卖、检验、检测、检疫、鉴定、专家评审）'),
    number('specialProcedureDays', '特别程序期限（工作日）'),
  ],
  'correction-request': [
    ...applicant(),
    text('licenseItem', '申请事项', true),
    date('applyDate', '申请日期', true),
    text('deficiencyType', '材料问题（不齐全/不符合法定形式）', true, {defaultValue: '不齐全'}),
    list('materialsToSupplement', '需补正的材料', [text('name', '材料名称', true), text('requirement', '补正要求')]),
  ],
  'rejection-notice': [
    ...applicant(),
    text('licenseItem', '申请事项', true),
    date('applyDate', '申请日期', true),
    text('reason', '不予受理理由', true),
    text('competentAgency', '应向其申请的行政机关'),
    ...remedyBodies(),
  ],
  'verification-record': [
    ...applicant({address: true, addressed: false}),
    text('licenseItem', '许可事项', true),
    text('place', '核查地点', true),
    ...timeSpan('核查开始时间', '核查结束时间'),
    officers('核查人员'),
    text('recorder', '记录人', true),
    text('presentPersons', '申请人在场人员及职务'),
    text('findings', '核查情况', true),
    text('conclusion', '核查意见', true),
  ],
  'inquiry-record': [
    caseCause(),
    ...timeSpan('询问开始时间', '询问结束时间'),
    number('round', '询问次数', false, {defaultValue: 1}),
    text('place', '询问地点', true),
    text('intervieweeName', '被询问人', true),
    text('gender', '性别'),
    text('age', '年龄'),
    text('ethnicity', '民族'),
    text('intervieweeIdNo', '身份证件号码'),
    text('employer', '工作单位'),
    text('position', '职务'),
    text('address', '住址'),
    text('phone', '联系电话'),
    officers('询问人'),
    text('recorder', '记录人', true),
    text('presentPersons', '在场人'),
    text('recusalAnswer', '被询问人对回避告知的回答', true),
    list('qa', '询问记录', [text('question', '问', true), text('answer', '答', true)]),
  ],
  'stakeholder-notice': [
    text('interestedParty', '利害关系人', true),
    // The addressee is the 利害关系人, not the case's party: its type comes from the data.
    partyType(false),
    text('applicantName', '申请人', true, {auto: 'party.name'}),
    text('licenseItem', '申请事项', true),
    date('statementDeadline', '陈述申辩截止日期', true),
    ...contact(),
  ],
  'statement-record': [
    caseCause(),
    partyType(),
    partyName(),
    text('speakerName', '陈述申辩人', true),
    text('speakerPosition', '职务'),
    text('speakerPhone', '联系电话'),
    text('agent', '委托代理人'),
    officers('承办人'),
    text('recorder', '记录人', true),
    text('place', '地点', true),
    ...timeSpan('开始时间', '结束时间'),
    text('noticeDocNo', '告知书文号'),
    text('statement', '陈述申辩内容', true),
    text('reviewResult', '复核意见'),
  ],
  'permit-hearing-record': [
    text('licenseItem', '许可事项', true),
    ...timeSpan('听证开始时间', '听证结束时间'),
    text('place', '听证地点', true),
    text('mode', '听证方式', true, {defaultValue: '公开'}),
    text('presidingOfficer', '主持人', true),
    text('clerk', '记录员', true),
    text('reviewers', '审查人员', true),
    text('applicantName', '申请人', true, {auto: 'party.name'}),
    text('applicantAddress', '申请人地址', false, {auto: 'party.address'}),
    text('agents', '委托代理人'),
    text('interestedParties', '利害关系人及代理人'),
    text('recusalRecord', '回避情况'),
    text('reviewerStatement', '审查意见陈述', true),
    text('argumentRecord', '申辩与质证', true),
    text('finalStatements', '最后陈述'),
  ],
  'permit-extension-notice': [
    ...applicant(),
    text('licenseItem', '申请事项', true),
    date('applyDate', '申请日期', true),
    date('acceptDate', '受理日期', true),
    text('reason', '延期理由', true),
    number('extensionDays', '延长期限（工作日）', true, {defaultValue: 10}),
  ],
  'permit-grant': [
    ...applicant(),
    text('licenseItem', '申请事项', true),
    date('applyDate', '申请日期', true),
    date('acceptDate', '受理日期', true),
    text('legalBasis', '许可条件依据', true),
    text('licenseScope', '许可内容/范围', true),
    text('licenseCertNo', '许可证件名称及编号', true),
    date('validFrom', '有效期自', true),
    date('validTo', '有效期至', true),
    text('pickupInfo', '领取证件时间地点'),
  ],
  'permit-denial': [
    ...applicant(),
    text('licenseItem', '申请事项', true),
    date('applyDate', '申请日期', true),
    date('acceptDate', '受理日期', true),
    text('reason', '不予许可理由', true),
    ...remedyBodies(),
  ],
  'permit-revocation': [
    partyType(),
    text('licenseeName', '被许可人', true, {auto: 'party.name'}),
    text('licenseCertNo', '许可证件名称及编号', true),
    text('ground', '撤销理由', true),
    // 第一款: 可以撤销 (滥用职权、超越职权、违反法定程序、不具备申请资格、其他); 第二款: 以欺骗、贿赂等不正当手段取得的，应当撤销.
    choice('revocationClause', '撤销依据（行政许可法第六十九条的款、项）', ['第一款第（一）项', '第一款第（二）项', '第一款第（三）项', '第一款第（四）项', '第一款第（五）项', '第二款'], true),
    ...remedyBodies(),
  ],
  'summary-penalty-decision': [
    ...partyBlock(),
    text('violationFacts', '违法事实', true),
    text('violatedProvision', '违反的规定', true),
    text('penaltyBasis', '处罚依据', true),
    // 行政处罚法 第五十一条: only 警告 or a small fine may be imposed on the spot.
    choice('penaltyContent', '处罚种类', ['警告', '罚款', '警告并处罚款'], true),
    money('fineAmount', '罚款金额（元）'),
    text('correctionOrder', '责令改正内容', true),
    text('statementRecord', '当事人陈述、申辩及复核情况', true),
    ...paymentAccount(),
    choice('collectedOnSpot', '当场收缴的情形（行政处罚法第六十八条）', ['依法给予一百元以下罚款', '不当场收缴事后难以执行']),
    text('receiptNo', '罚款专用票据号码'),
    datetime('penaltyTime', '处罚时间', true),
    text('penaltyPlace', '处罚地点', true),
    officers(),
    ...remedyBodies(),
  ],
  'case-intake-record': [
    text('caseSource', '案件来源', true),
    datetime('acceptTime', '受理时间', true),
    text('sourceContact', '来源联系人及联系方式'),
    partyName('案发单位或个人'),
    text('legalRep', '法定代表人（负责人）'),
    partyAddress(),
    text('partyPhone', '联系电话'),
    text('caseSummary', '案情摘要', true),
    text('recorder', '受理人', true),
    text('headOpinion', '负责人意见'),
  ],
  'case-transfer': [
    text('receivingAgency', '受移送机关', true),
    text('caseName', '案件名称', true, {auto: 'case.title'}),
    text('facts', '案件情况及移送理由', true),
    text('legalBasis', '移送依据', true),
    list('attachments', '附件（案情简介及有关材料）', [text('name', '材料名称', true), text('pages', '页数')], false),
  ],
  'evidence-request': [
    partyType(),
    text('addressee', '被调取单位或个人', true, {auto: 'party.name'}),
    caseCause(),
    text('sectorBasis', '调取依据', false, {defaultValue: '《中华人民共和国行政处罚法》第五十五条'}),
    date('dueDate', '提供期限', true),
    text('place', '提供地点', true),
    list('evidenceItems', '需提供的证据材料', [text('name', '材料名称', true), text('form', '原件/复印件'), number('copies', '份数')]),
    ...contact(),
  ],
  'correction-order': [
    ...partyBlock(),
    text('facts', '违法事实', true),
    text('violatedProvision', '违反的规定', true),
    text('basis', '责令改正依据', true),
    text('requirements', '改正内容及要求', true),
    date('deadline', '改正期限', true),
    text('consequence', '逾期不改正的后果'),
  ],
  'evidence-preservation': [
    ...partyBlock(),
    text('suspectedViolation', '涉嫌违法行为', true),
    text('storagePlace', '保存地点', true),
    text('storageMode', '保存方式', true, {defaultValue: '就地保存'}),
    date('storageUntil', '保存期限至', true),
    list('items', '先行登记保存物品', itemColumns(), false),
  ],
  'preservation-disposal': [
    ...partyBlock(),
    date('registerDate', '先行登记保存日期', true),
    text('registerDocNo', '先行登记保存决定书文号', true),
    text('disposition', '处理决定', true),
    text('itemListRef', '附件（物品清单）'),
    ...remedyBodies(),
  ],
  'collegial-record': [
    caseCause(),
    partyName(),
    datetime('time', '合议时间', true),
    text('place', '地点', true),
    text('chair', '主持人', true),
    list('members', '合议人员', personColumns()),
    text('recorder', '记录人', true),
    text('caseIntro', '案情介绍', true),
    text('evidence', '证据材料', true),
    text('violatedProvision', '违反条款'),
    text('discretionLevel', '违法行为等次及裁量'),
    text('discussion', '讨论记录', true),
    text('conclusion', '合议意见', true),
  ],
  'penalty-prior-notice': [
    ...partyBlock(),
    caseCause(),
    text('facts', '违法事实', true),
    text('evidenceSummary', '主要证据'),
    text('violatedProvision', '违反的规定', true),
    text('discretionReason', '裁量理由'),
    text('penaltyBasis', '处罚依据', true),
    text('proposedPenalty', '拟作出的行政处罚', true),
    number('statementDays', '陈述申辩期限（工作日）', true, {auto: 'policy.statementPeriodDays', chineseNumerals: true}),
    date('statementDeadline', '陈述申辩截止日期（写明时代替期限）'),
    flag('hearingRight', '是否告知听证权利（行政处罚法第六十三条所列处罚）', true),
    ...contact(),
  ],
  'penalty-hearing-record': [
    caseCause(),
    ...timeSpan('听证开始时间', '听证结束时间'),
    text('place', '听证地点', true),
    text('mode', '听证方式', true, {defaultValue: '公开'}),
    text('presidingOfficer', '主持人', true),
    text('panel', '听证员'),
    text('clerk', '书记员', true),
    officers('案件调查人员'),
    partyName(),
    text('legalRep', '法定代表人（负责人）'),
    text('agents', '委托代理人'),
    text('others', '第三人及其他参加人'),
    text('record', '听证记录', true),
  ],
  'collective-discussion': [
    text('caseName', '案件名称', true, {auto: 'case.title'}),
    partyName(),
    ...timeSpan('讨论开始时间', '讨论结束时间'),
    text('place', '地点', true),
    text('chair', '主持人', true),
    text('chairPosition', '主持人职务', true),
    text('presenter', '汇报人'),
    text('recorder', '记录人', true),
    text('recorderPosition', '记录人职务', true),
    list('attendees', '出席人员', personColumns()),
    list('observers', '列席人员', personColumns(), false),
    text('facts', '主要违法事实', true),
    text('legalReviewOpinion', '法制审核意见'),
    list('opinions', '参加讨论人员的主要观点和意见', [text('speaker', '发言人', true), text('opinion', '主要观点和意见', true)]),
    text('conclusion', '结论性意见', true),
  ],
  'penalty-decision': [
    ...partyBlock(),
    caseCause(),
    date('caseOpenDate', '立案日期'),
    text('noticeDocNo', '事先告知书文号'),
    date('noticeServedDate', '事先告知书送达日期'),
    text('statementResult', '陈述申辩、听证情况'),
    text('facts', '违法事实', true),
    list('evidenceList', '证据', [text('name', '证据名称', true), text('proves', '证明内容', true)]),
    text('violatedProvision', '违反的规定', true),
    text('penaltyBasis', '处罚依据', true),
    text('discretionReason', '裁量理由'),
    // 行政处罚法 第二十八条第一款: the decision orders the violation corrected.
    text('correctionOrder', '责令改正内容', true),
    list('penalties', '处罚内容', [text('content', '处罚内容', true)]),
    money('confiscatedIncome', '没收违法所得（元）'),
    text('confiscatedItems', '没收的非法财物'),
    money('fineAmount', '罚没款合计（元）'),
    ...paymentAccount(),
    ...remedyBodies(),
  ],
  'payment-reminder': [
    ...partyBlock(),
    date('decisionDate', '处罚决定日期', true),
    date('serviceDate', '处罚决定送达日期'),
    text('decisionDocNo', '处罚决定书文号', true),
    text('penaltyContent', '处罚决定内容', true),
    text('unperformedItems', '未履行的义务', true),
    money('fineAmount', '罚款数额（元）'),
    date('surchargeFrom', '加处罚款起算日期'),
    money('surchargeAmount', '加处罚款金额（元）'),
    date('surchargeUntil', '加处罚款计算截至日期'),
    money('totalAmount', '应缴合计金额（元）', true),
    text('paymentMethod', '缴纳方式', true),
    date('statementDeadline', '陈述申辩截止日期'),
    ...contact(),
  ],
  'onsite-record': [
    text('inspectedParty', '被检查人', true, {auto: 'party.name'}),
    text('address', '地址', false, {auto: 'party.address'}),
    text('legalRep', '法定代表人（负责人）'),
    text('phone', '联系电话'),
    ...timeSpan('检查开始时间', '检查结束时间'),
    text('place', '检查地点', true),
    officers(),
    text('recorder', '记录人', true),
    text('accompanyingPerson', '陪同人员及职务'),
    partyType(),
    text('recusalChoice', '是否申请回避', true, {defaultValue: '否'}),
    text('findings', '现场检查情况', true),
    text('coerciveMeasure', '现场实施的行政强制措施'),
    text('measureApproval', '负责人批准情况（行政强制法第十八条第一项、第十九条）'),
    text('partyStatement', '当事人的陈述和申辩'),
    text('witness', '见证人'),
  ],
  'sampling-record': [
    text('sampledParty', '被采样人', true, {auto: 'party.name'}),
    text('sampledAddress', '地址', false, {auto: 'party.address'}),
    text('legalRep', '法定代表人（负责人）'),
    text('phone', '联系电话'),
    text('place', '采样地点', true),
    datetime('time', '采样时间', true),
    text('purpose', '采样目的', true, {defaultValue: '监督抽检'}),
    list('samples', '样品', [
      text('name', '样品名称', true),
      text('producer', '标示生产（进口代理）单位'),
      text('batch', '生产日期/批号'),
      text('spec', '规格'),
      number('quantity', '数量', true),
      text('packaging', '包装/储存条件'),
      text('sampleNo', '样品编号'),
    ]),
    text('method', '采样方法'),
    text('sealInfo', '封样情况'),
    officers(),
  ],
  'non-sample-record': [
    text('sampledParty', '被采样人', true, {auto: 'party.name'}),
    text('sampledAddress', '地址', false, {auto: 'party.address'}),
    text('place', '采样地点', true),
    datetime('time', '采样时间', true),
    text('purpose', '采样目的', true, {defaultValue: '监督抽检'}),
    text('method', '采样方法', true),
    text('equipment', '使用的设备或仪器'),
    list('samples', '采集样品', [text('name', '样品名称', true), number('quantity', '份数', true), text('sampleNo', '样品编号')]),
    text('siteDescription', '现场状况', true),
    officers('采样人员'),
  ],
  'sample-confirmation': [
    text('labelledProducer', '标示生产（进口代理）单位', true),
    date('sampleDate', '采样日期', true),
    text('sampledParty', '被采样单位', true, {auto: 'party.name'}),
    text('sampledAddress', '被采样单位地址', false, {auto: 'party.address'}),
    text('sampleName', '样品名称', true),
    text('batch', '生产日期或批号'),
    text('brand', '商标'),
    text('spec', '规格'),
    text('packaging', '包装状况或储存条件'),
    text('legalBasis', '有关依据', true),
    date('confirmBy', '确认期限', true),
    text('noReplyConsequence', '逾期未确认的后果', false, {defaultValue: '逾期未确认的，视为你单位对该样品无异议。'}),
    ...contact(),
  ],
  'seizure-decision': [
    ...partyBlock(),
    text('suspectedViolation', '涉嫌违法行为', true),
    text('legalBasis', '法律依据', true),
    text('measureType', '措施（查封/扣押）', true, {defaultValue: '查封'}),
    text('objects', '查封（扣押）的场所、设施或者财物', true),
    date('startDate', '期限自', true),
    date('endDate', '期限至', true),
    text('testingPeriod', '检测、检验、检疫或者技术鉴定期间'),
    text('storagePlace', '保存地点'),
    text('storageCondition', '保存条件'),
    text('itemListRef', '附件（物品清单）', false, {defaultValue: '《物品清单》'}),
    ...remedyBodies(),
  ],
  'seizure-list': [
    text('attachedDocTitle', '所附文书名称', true, {defaultValue: '实施查封、扣押决定书'}),
    text('attachedDocNo', '所附文书文号'),
    partyName(),
    partyAddress(),
    list('items', '物品', itemColumns()),
    officers('案件承办人'),
  ],
  'seizure-disposal': [
    ...partyBlock(),
    text('measureDocNo', '查封扣押决定书文号', true),
    date('measureDate', '查封扣押日期'),
    text('suspectedViolation', '涉嫌违法行为', true),
    text('measureDesc', '已采取的措施'),
    text('legalBasis', '法律依据', true),
    text('disposition', '处理决定', true),
    text('itemListRef', '附件（物品清单）'),
    ...remedyBodies(),
  ],
  'seizure-extension': [
    ...partyBlock(),
    text('measureDocNo', '查封扣押决定书文号', true),
    date('originalEndDate', '原期限至', true),
    text('reason', '延期理由', true),
    date('newEndDate', '延长期限至', true),
    ...remedyBodies(),
  ],
  'confiscation-list': [
    text('decisionDocNo', '行政处罚决定书文号', true),
    partyName(),
    partyAddress(),
    text('executingAgency', '执行没收机关', true, {auto: 'config.unit'}),
    date('confiscationDate', '没收日期', true, {auto: 'document.date'}),
    list('items', '没收物品', itemColumns()),
    officers('案件承办人'),
  ],
  'destruction-record': [
    caseCause(),
    text('basisDocNo', '依据文书名称及文号', true),
    datetime('time', '销毁时间', true),
    text('place', '销毁地点', true),
    text('method', '销毁方式', true),
    list('items', '销毁物品', itemColumns()),
    text('executors', '执行/监销人员', true),
    text('witnesses', '见证人'),
    text('mediaRefs', '音像记录编号'),
    officers(),
  ],
  'service-receipt': [
    text('caseName', '案件名称', true, {auto: 'case.title'}),
    text('recipient', '受送达人', true, {auto: 'party.name'}),
    text('docTitle', '送达文书名称', true),
    text('docNo', '文号'),
    text('place', '送达地点'),
    text('method', '送达方式', true),
    datetime('servedAt', '送达时间', true),
    text('proxyRelation', '代收人及与受送达人关系'),
    officers('送达人'),
    text('refusal', '拒收事由和日期'),
    text('witness', '见证人'),
    text('trackingNo', '邮寄单号'),
    text('eServiceRef', '电子送达地址/确认书编号'),
    text('remarks', '备注'),
  ],
  'internal-approval': [
    caseCause('案件名称'),
    partyName(),
    text('matter', '审批事项', true),
    // The document approved: its 审核 and 批准 recorded with `zfjl doc approve` fill the rows below.
    text('approvedDoc', '报批文书（文号或文书编号）'),
    text('reason', '报请审批的理由及依据', true),
    text('proposal', '拟处理意见'),
    text('attachments', '附件'),
    text('handler', '承办人', true, {auto: 'case.officers'}),
    text('handlerOpinion', '承办人意见'),
    text('legalReviewOpinion', '法制审核意见'),
    text('legalReviewer', '法制审核人员'),
    text('legalReviewedAt', '法制审核日期'),
    text('reviewOpinion', '审核意见'),
    text('reviewer', '审核人'),
    text('reviewedAt', '审核时间'),
    text('approveOpinion', '批准意见'),
    text('approver', '批准人'),
    text('approvedAt', '批准时间'),
  ],
  'av-handover': [
    text('caseNo', '案件名称/案号', true, {auto: 'case.title'}),
    text('event', '执法环节', true),
    text('deviceId', '记录设备名称及编号'),
    text('recordedBy', '拍摄/录制人'),
    datetime('startTime', '录制开始时间'),
    datetime('endTime', '录制结束时间'),
    list('files', '音像文件', [
      text('id', '编号'),
      text('name', '文件名', true),
      text('format', '格式'),
      text('duration', '时长'),
      text('size', '大小'),
      text('hash', '摘要值'),
    ]),
    number('fileCount', '文件数量'),
    text('storage', '存储介质/存储位置'),
    text('handedOverBy', '移交人', true),
    text('receivedBy', '接收人', true),
    datetime('handoverTime', '交接时间', true),
    text('checkResult', '核对结果', true, {defaultValue: '完整'}),
    text('remarks', '备注'),
  ],
  'supervision-opinion': [
    ...partyBlock('被监督人'),
    date('inspectionDate', '检查日期', true),
    text('inspectionPlace', '检查场所'),
    text('officerNames', '执法人员', true, {auto: 'case.officers'}),
    text('onsiteRecordRef', '现场笔录'),
    list('opinions', '监督意见', [text('content', '监督意见', true)]),
    text('legalBasis', '法律依据'),
    date('correctionDeadline', '改正期限'),
  ],
}

for (const type of DOCUMENT_TYPES) {
  if (!DOCUMENT_FIELDS[type.id]) throw new Error(`document-fields: no fields declared for ${type.id}`)
}

export const documentFields = (typeId: string): readonly FieldDef[] => {
  const fields = DOCUMENT_FIELDS[typeId]
  if (!fields) throw new Error(`document-fields: unknown document type ${typeId}`)
  return fields
}
