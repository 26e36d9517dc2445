/**
 * The printed order of each 文书: fixed legal sentences with their `{tags}`,
 * field lines, tables and signature blocks. scripts/build-templates.ts turns these into .docx files;
 * every declared field must appear (the builder refuses a layout that drops one).
 */
export type LayoutBlock =
  /** The addressee, flush left: `{key}：`. */
  | {kind: 'to'; key: string}
  /** A body paragraph (first line indented two characters) with inline `{tags}`. */
  | {kind: 'text'; text: string; align?: 'left' | 'right'; indent?: boolean}
  /** One `label：{key}` line per key. */
  | {kind: 'fields'; keys: string[]}
  /** Short fields side by side on one line, as printed forms do: `性别：{gender} 年龄：{age}`. */
  | {kind: 'inline'; keys: string[]}
  /** The party: a person's lines (性别、身份证件号码、住址) or a unit's (统一社会信用代码、法定代表人), by party type. */
  | {kind: 'party'; label?: string}
  /** A list field as a table: its label, a header row, one looped row; `caption: false` where the text introduces it. */
  | {kind: 'table'; key: string; caption?: boolean}
  /** A ruled form: label and value per row, tall rows for handwriting. */
  | {kind: 'grid'; rows: GridRow[]}
  /** A list field as numbered paragraphs of one column. */
  | {kind: 'numbered'; key: string; column: string; prefix?: string}
  /** 问/答 pairs of a 笔录. */
  | {kind: 'qa'; key: string}
  /** Every declared field not placed by an earlier block, as lines and tables. */
  | {kind: 'rest'}
  /**
   * 行政复议 60 日 / 行政诉讼 6 个月 (行政处罚法 第五十九条; 行政复议法 第二十条; 行政诉讼法 第四十六条): 「如不服本{noun}，
   * 可以在收到本{document}之日起…」, the document named by its own noun (决定书, 通知书).
   */
  | {kind: 'remedy'; noun?: string; document?: string}
  /** A signature line per row of a people list (officers, participants). */
  | {kind: 'signers'; key: string; role: string}
  /** Hand-signed lines: `label：＿＿＿＿ 年 月 日`. */
  | {kind: 'sign'; labels: string[]}
  /** The unit's seal and the document date, right-aligned. */
  | {kind: 'seal'}
  /** A 笔录 signed page by page: the footer of every page carries the signer's line beside 第 X 页 共 Y 页. */
  | {kind: 'pages'; signer: string}

export interface GridRow {
  label: string
  /** One paragraph each; in a signature row the lines after the first are the signature and date, right-aligned. */
  lines: string[]
  /** Room for handwriting. */
  tall?: boolean
  signature?: boolean
}

export const REMEDY_SENTENCE = (noun: string, document: string) =>
  `如不服本${noun}，可以在收到本${document}之日起六十日内向{reviewBody}申请行政复议，也可以在六个月内依法向{court}提起行政诉讼。`

const partyLines: LayoutBlock = {kind: 'party'}
const contactLines: LayoutBlock = {keys: ['contactPerson', 'contactPhone', 'agencyAddress'], kind: 'fields'}
const officerSigners = (role = '执法人员'): LayoutBlock => ({key: 'officers', kind: 'signers', role})
const partyReceipt: LayoutBlock = {kind: 'sign', labels: ['当事人（签收）']}
/** The closing the signer writes by hand: what was said (询问、陈述) or what was found on site (检查、核查). */
const recordClose = (who: string, matches = '与我所说相符'): LayoutBlock[] => [
  {kind: 'text', text: `（${who}阅后写明：以上笔录我已看过，${matches}。）`},
  {kind: 'sign', labels: [`${who}（签名）`]},
]

export const TEMPLATE_LAYOUTS: Readonly<Record<string, readonly LayoutBlock[]>> = {
  receipt: [
    {key: 'applicantName', kind: 'to'},
    {kind: 'text', text: '本机关收到{you}提出的{licenseItem}行政许可申请，收到申请材料如下：'},
    {key: 'materials', kind: 'table'},
    {kind: 'text', text: '{#materialCount}以上材料共{materialCount}件。{/materialCount}{#otherMaterials}其他材料：{otherMaterials}{/otherMaterials}'},
    {kind: 'text', text: '申请材料不齐全或者不符合法定形式的，本机关将在五个工作日内一次告知{you}需要补正的全部内容。'},
    {kind: 'fields', keys: ['applicantAddress', 'receivedDate', 'receiver']},
    {kind: 'sign', labels: ['申请人（签字）']},
    {kind: 'seal'},
  ],
  'acceptance-notice': [
    {key: 'applicantName', kind: 'to'},
    {
      kind: 'text',
      text: '{you}于{applyDate}提出的关于{licenseItem}的行政许可申请，经审查，申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，本机关决定予以受理。',
    },
    {kind: 'text', text: '{#decisionDueDate}本机关将于{decisionDueDate}前作出决定。{/decisionDueDate}{#specialProcedure}该行政许可需要{specialProcedure}，期限{specialProcedureDays}个工作日（不计入许可期限）。{/specialProcedure}'},
    {kind: 'text', text: '特此告知。'},
    {kind: 'seal'},
  ],
  'correction-request': [
    {key: 'applicantName', kind: 'to'},
    {
      kind: 'text',
      text: '{you}于{applyDate}提出的关于{licenseItem}的行政许可申请，经审查，申请材料{deficiencyType}。根据《中华人民共和国行政许可法》第三十二条第一款第（四）项的规定，请补正以下材料：',
    },
    {key: 'materialsToSupplement', kind: 'table'},
    {kind: 'text', text: '补正材料齐全、符合法定形式后，本机关将依法受理{you}的申请。'},
    {kind: 'text', text: '特此通知。'},
    {kind: 'seal'},
  ],
  'rejection-notice': [
    {key: 'applicantName', kind: 'to'},
    {kind: 'text', text: '{you}于{applyDate}提出的关于{licenseItem}的行政许可申请，不符合法定的受理条件，本机关决定不予受理。具体理由如下：{reason}'},
    {kind: 'text', text: '{#competentAgency}该事项请向{competentAgency}申请。{/competentAgency}'},
    {kind: 'remedy', noun: '决定', document: '通知书'},
    {kind: 'seal'},
  ],
  'verification-record': [
    {kind: 'pages', signer: '申请人'},
    {kind: 'fields', keys: ['applicantName', 'applicantAddress', 'licenseItem', 'place', 'startTime', 'endTime', 'recorder', 'presentPersons']},
    {key: 'officers', kind: 'table'},
    {kind: 'text', text: '核查人员已向申请人出示执法证件，说明核查目的，并告知申请回避的权利。'},
    {kind: 'fields', keys: ['findings', 'conclusion']},
    ...recordClose('申请人', '与核查情况相符'),
    officerSigners('核查人员'),
    {kind: 'sign', labels: ['记录人（签名）']},
  ],
  'inquiry-record': [
    {kind: 'pages', signer: '被询问人'},
    {kind: 'fields', keys: ['caseCause']},
    {kind: 'fields', keys: ['startTime', 'endTime']},
    {kind: 'inline', keys: ['place', 'round']},
    {kind: 'inline', keys: ['intervieweeName', 'gender', 'age', 'ethnicity']},
    {kind: 'inline', keys: ['intervieweeIdNo', 'phone']},
    {kind: 'inline', keys: ['employer', 'position']},
    {kind: 'fields', keys: ['address']},
    {key: 'officers', kind: 'table'},
    {kind: 'inline', keys: ['recorder', 'presentPersons']},
    {
      kind: 'text',
      text: '告知：我们是{unit}的执法人员，这是我们的执法证件（出示证件）。现依法就有关问题进行调查询问，请如实回答，不得作伪证。你认为执法人员与本案有直接利害关系的，有权申请回避。你是否申请回避？你是否明白？',
    },
    {kind: 'text', text: '答：{recusalAnswer}'},
    {key: 'qa', kind: 'qa'},
    ...recordClose('被询问人'),
    officerSigners('询问人'),
    {kind: 'sign', labels: ['记录人（签名）']},
  ],
  'stakeholder-notice': [
    {key: 'interestedParty', kind: 'to'},
    {
      kind: 'text',
      text: '{applicantName}向本机关提出{licenseItem}的行政许可申请。经审查，该行政许可事项直接关系{you}的重大利益。根据《中华人民共和国行政许可法》第三十六条、第四十七条的规定，{you}有权进行陈述和申辩，请于{statementDeadline}前向本机关提出；{you}有权要求听证，应当在被告知听证权利之日起五日内提出，本机关将在二十日内组织听证，{you}不承担组织听证的费用。逾期未提出的，视为放弃上述权利。',
    },
    {kind: 'text', text: '特此告知。'},
    contactLines,
    {kind: 'seal'},
  ],
  'statement-record': [
    {kind: 'pages', signer: '陈述申辩人'},
    {kind: 'fields', keys: ['caseCause', 'partyName', 'speakerName', 'speakerPosition', 'speakerPhone', 'agent', 'place', 'startTime', 'endTime', 'recorder']},
    // The notice heard and the basis differ by procedure: 行政处罚法 (penalty) or 行政许可法 (permit).
    {kind: 'text', text: '{^permitCase}行政处罚事先告知书文号：{noticeDocNo}{/permitCase}{#permitCase}告知书文号：{noticeDocNo}{/permitCase}', indent: false},
    {key: 'officers', kind: 'table'},
    {
      kind: 'text',
      text: '告知：{^permitCase}根据《中华人民共和国行政处罚法》第四十五条的规定，当事人有权进行陈述和申辩，本机关必须充分听取{you}的意见，对提出的事实、理由和证据进行复核；当事人提出的事实、理由或者证据成立的，本机关应当采纳，不得因当事人陈述、申辩而给予更重的处罚。{/permitCase}{#permitCase}根据《中华人民共和国行政许可法》第三十六条的规定，申请人、利害关系人有权进行陈述和申辩，本机关应当听取{you}的意见。{/permitCase}',
    },
    {kind: 'fields', keys: ['statement', 'reviewResult']},
    ...recordClose('陈述申辩人'),
    officerSigners('承办人'),
    {kind: 'sign', labels: ['记录人（签名）']},
  ],
  'permit-hearing-record': [
    {kind: 'pages', signer: '听证参加人'},
    {kind: 'rest'},
    {kind: 'text', text: '（听证笔录经听证参加人确认无误后签字或者盖章。根据《中华人民共和国行政许可法》第四十八条，行政机关应当根据听证笔录作出行政许可决定。）'},
    {kind: 'sign', labels: ['申请人（签名）', '利害关系人（签名）', '审查人员（签名）', '主持人（签名）', '记录员（签名）']},
  ],
  'permit-extension-notice': [
    {key: 'applicantName', kind: 'to'},
    {
      kind: 'text',
      text: '{you}于{applyDate}提出的关于{licenseItem}的行政许可申请，本机关已于{acceptDate}受理。由于{reason}，本机关不能在法定期限内作出行政许可决定。根据《中华人民共和国行政许可法》第四十二条第一款的规定，经本机关负责人批准，将许可决定期限延长{extensionDays}个工作日。',
    },
    {kind: 'text', text: '特此通知。'},
    {kind: 'seal'},
  ],
  'permit-grant': [
    {key: 'applicantName', kind: 'to'},
    {
      kind: 'text',
      text: '{you}于{applyDate}提出的{licenseItem}申请，本机关已于{acceptDate}受理。经审查，符合{legalBasis}规定的条件、标准，根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予行政许可。',
    },
    {kind: 'fields', keys: ['licenseScope', 'licenseCertNo', 'validFrom', 'validTo', 'pickupInfo']},
    {kind: 'seal'},
  ],
  'permit-denial': [
    {key: 'applicantName', kind: 'to'},
    {
      kind: 'text',
      text: '{you}于{applyDate}提出的关于{licenseItem}的许可申请，本机关已于{acceptDate}受理，现已审查完毕。本机关认为，该项申请不符合法定条件、标准，根据《中华人民共和国行政许可法》第三十八条第二款的规定，决定不予行政许可。',
    },
    {kind: 'text', text: '理由：{reason}'},
    {kind: 'remedy', noun: '决定'},
    {kind: 'seal'},
  ],
  'permit-revocation': [
    {key: 'licenseeName', kind: 'to'},
    {kind: 'text', text: '由于{ground}，根据《中华人民共和国行政许可法》第六十九条{revocationClause}的规定，本机关决定撤销{you}持有的{licenseCertNo}。'},
    {kind: 'remedy', noun: '决定'},
    {kind: 'seal'},
  ],
  'summary-penalty-decision': [
    partyLines,
    {
      kind: 'text',
      text: '执法人员已向{you}出示执法证件。{you}{violationFacts}的行为，违反了{violatedProvision}的规定。依据{penaltyBasis}和《中华人民共和国行政处罚法》第五十一条的规定，当场决定给予{penaltyContent}{#fineAmount}（罚款人民币{fineAmount}元）{/fineAmount}的行政处罚。',
    },
    {kind: 'text', text: '责令{you}{correctionOrder}。'},
    {
      kind: 'text',
      text: '执法人员在作出本决定前已告知{you}拟作出行政处罚的内容及事实、理由、依据，并告知{you}依法享有陈述、申辩的权利（《中华人民共和国行政处罚法》第四十四条、第四十五条）。{you}的陈述、申辩及复核情况：{statementRecord}。',
    },
    {
      kind: 'text',
      text: '{#fineAmount}{^collectedOnSpot}请{you}自收到本决定书之日起十五日内，到{paymentBank}（户名：{accountName}，账号：{accountNo}）或者通过电子支付系统缴纳罚款（《中华人民共和国行政处罚法》第六十七条）。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额（第七十二条第一款第（一）项）。{/collectedOnSpot}{#collectedOnSpot}罚款已由执法人员当场收缴（{collectedOnSpot}，《中华人民共和国行政处罚法》第六十八条），并出具省级财政部门统一制发的专用票据，票据号码：{receiptNo}（第七十条）。{/collectedOnSpot}{/fineAmount}',
    },
    {kind: 'remedy', noun: '决定'},
    {kind: 'fields', keys: ['penaltyTime', 'penaltyPlace']},
    officerSigners(),
    {kind: 'sign', labels: ['当事人（签收）']},
    {kind: 'text', text: '（当事人拒绝签收的，由执法人员注明：＿＿＿＿＿＿＿＿；《中华人民共和国行政处罚法》第五十二条）', indent: false},
    {kind: 'seal'},
  ],
  'case-intake-record': [
    {kind: 'fields', keys: ['caseSource', 'acceptTime', 'sourceContact']},
    {kind: 'fields', keys: ['partyName', 'legalRep', 'partyAddress', 'partyPhone']},
    {kind: 'fields', keys: ['caseSummary', 'recorder']},
    {kind: 'sign', labels: ['受理人（签名）']},
    {kind: 'fields', keys: ['headOpinion']},
    {kind: 'sign', labels: ['负责人（签名）']},
  ],
  'case-transfer': [
    {key: 'receivingAgency', kind: 'to'},
    {kind: 'text', text: '{caseName}一案，经调查，{facts}'},
    {kind: 'text', text: '根据{legalBasis}的规定，现移送你单位处理。案件处理结果请函告本机关。'},
    {key: 'attachments', kind: 'table'},
    {kind: 'text', text: '特此移送。'},
    {kind: 'seal'},
  ],
  'evidence-request': [
    {key: 'addressee', kind: 'to'},
    {
      kind: 'text',
      text: '本机关在调查{caseCause}一案中，根据{sectorBasis}的规定，请{you}于{dueDate}前将下列证据材料提供至{place}。提供复印件的，应当注明「与原件一致」并签名或者盖章。',
    },
    {key: 'evidenceItems', kind: 'table'},
    {kind: 'text', text: '当事人或者有关人员应当如实回答询问，并协助调查或者检查，不得拒绝或者阻挠（《中华人民共和国行政处罚法》第五十五条第二款）。'},
    contactLines,
    partyReceipt,
    {kind: 'seal'},
  ],
  'correction-order': [
    partyLines,
    {kind: 'text', text: '经查，{you}{facts}的行为，违反了{violatedProvision}的规定。'},
    {kind: 'text', text: '根据{basis}的规定，责令{you}于{deadline}前改正。改正内容及要求如下：{requirements}'},
    {kind: 'text', text: '{#consequence}逾期不改正的，{consequence}{/consequence}'},
    partyReceipt,
    {kind: 'seal'},
  ],
  'evidence-preservation': [
    partyLines,
    {
      kind: 'text',
      text: '{you}涉嫌{suspectedViolation}，因证据可能灭失或者以后难以取得，经本机关负责人批准，根据《中华人民共和国行政处罚法》第五十六条的规定，决定对下列物品予以先行登记保存。',
    },
    {key: 'items', kind: 'table'},
    {kind: 'fields', keys: ['storagePlace', 'storageMode', 'storageUntil']},
    {kind: 'text', text: '在此期间，当事人或者有关人员不得销毁或者转移证据。本机关将在七日内作出处理决定。'},
    partyReceipt,
    {kind: 'seal'},
  ],
  'preservation-disposal': [
    partyLines,
    {
      kind: 'text',
      text: '本机关于{registerDate}以《证据先行登记保存决定书》（{registerDocNo}）对{you}的物品予以先行登记保存，现根据《中华人民共和国行政处罚法》第五十六条的规定，作出如下处理决定：{disposition}',
    },
    {kind: 'fields', keys: ['itemListRef']},
    {kind: 'remedy', noun: '决定'},
    partyReceipt,
    {kind: 'seal'},
  ],
  'collegial-record': [
    {kind: 'fields', keys: ['caseCause', 'partyName', 'time', 'place', 'chair', 'recorder']},
    {key: 'members', kind: 'table'},
    {kind: 'fields', keys: ['caseIntro', 'evidence', 'violatedProvision', 'discretionLevel', 'discussion', 'conclusion']},
    {kind: 'sign', labels: ['主持人（签名）', '记录人（签名）']},
    {key: 'members', kind: 'signers', role: '合议人员'},
  ],
  'penalty-prior-notice': [
    partyLines,
    {kind: 'text', text: '本机关对{you}涉嫌{caseCause}一案进行了调查。经查，{you}{facts}'},
    {kind: 'text', text: '{#evidenceSummary}主要证据：{evidenceSummary}{/evidenceSummary}'},
    {kind: 'text', text: '{you}的上述行为违反了{violatedProvision}的规定。{discretionReason}'},
    {kind: 'text', text: '依据{penaltyBasis}的规定，本机关拟对{you}作出如下行政处罚：{proposedPenalty}'},
    {
      kind: 'text',
      text: '根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，{you}有权进行陈述和申辩，请于{^statementDeadline}收到本告知书之日起{statementDays}个工作日内{/statementDeadline}{#statementDeadline}{statementDeadline}前{/statementDeadline}向本机关提出。{#hearingRight}根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，{you}有权要求听证；要求听证的，应当在收到本告知书之日起五日内提出。{/hearingRight}逾期未提出的，视为放弃上述权利。',
    },
    {kind: 'text', text: '特此告知。'},
    contactLines,
    {kind: 'seal'},
  ],
  'penalty-hearing-record': [
    {kind: 'pages', signer: '当事人或委托代理人'},
    {kind: 'fields', keys: ['caseCause', 'startTime', 'endTime', 'place', 'mode', 'presidingOfficer', 'panel', 'clerk']},
    {key: 'officers', kind: 'table'},
    {kind: 'fields', keys: ['partyName', 'legalRep', 'agents', 'others']},
    {kind: 'text', text: '主持人核对听证参加人身份，宣布听证纪律，告知当事人的权利和义务，询问是否申请回避（《中华人民共和国行政处罚法》第六十四条）。'},
    {kind: 'fields', keys: ['record']},
    {kind: 'text', text: '（听证笔录交当事人或者其代理人核对无误后签字或者盖章；拒绝签字或者盖章的，由听证主持人在笔录中注明。）'},
    {kind: 'sign', labels: ['当事人或委托代理人（签名）', '主持人（签名）', '听证员（签名）', '书记员（签名）']},
    officerSigners('案件调查人员'),
  ],
  'collective-discussion': [
    {kind: 'fields', keys: ['caseName', 'partyName']},
    {kind: 'fields', keys: ['startTime', 'endTime']},
    {kind: 'fields', keys: ['place']},
    {kind: 'text', text: '主持人：{chair}（{chairPosition}）　汇报人：{presenter}　记录人：{recorder}（{recorderPosition}）', indent: false},
    {key: 'attendees', kind: 'table'},
    {key: 'observers', kind: 'table'},
    {kind: 'fields', keys: ['facts', 'legalReviewOpinion']},
    {key: 'opinions', kind: 'table'},
    {kind: 'fields', keys: ['conclusion']},
    {kind: 'text', text: '（根据《中华人民共和国行政处罚法》第五十七条第二款，情节复杂或者重大违法行为给予行政处罚，由行政机关负责人集体讨论决定。）'},
    {kind: 'sign', labels: ['主持人（签名）', '记录人（签名）']},
    {key: 'attendees', kind: 'signers', role: '出席人员'},
    {key: 'observers', kind: 'signers', role: '列席人员'},
  ],
  'penalty-decision': [
    partyLines,
    {
      kind: 'text',
      text: '{#caseOpenDate}本机关于{caseOpenDate}对{you}涉嫌{caseCause}一案立案调查。{/caseOpenDate}{^caseOpenDate}本机关对{you}涉嫌{caseCause}一案进行了调查。{/caseOpenDate}{#noticeDocNo}本机关{#noticeServedDate}于{noticeServedDate}{/noticeServedDate}向{you}送达了《行政处罚事先告知书》（{noticeDocNo}）。{/noticeDocNo}{statementResult}',
    },
    {kind: 'text', text: '经查，{you}{facts}'},
    {kind: 'text', text: '以上事实有下列证据为证：'},
    {caption: false, key: 'evidenceList', kind: 'table'},
    {kind: 'text', text: '{you}的上述行为违反了{violatedProvision}的规定。{discretionReason}依据{penaltyBasis}的规定，本机关决定：'},
    {kind: 'text', text: '一、责令{you}{correctionOrder}。'},
    {kind: 'text', text: '二、给予如下行政处罚：'},
    {column: 'content', key: 'penalties', kind: 'numbered'},
    {
      kind: 'text',
      text: '{#confiscatedIncome}没收违法所得人民币{confiscatedIncome}元。{/confiscatedIncome}{#confiscatedItems}没收{confiscatedItems}（详见《没收违法物品清单》）。{/confiscatedItems}{#fineAmount}罚没款合计人民币{fineAmount}元。{/fineAmount}',
    },
    {
      kind: 'text',
      text: '{#fineAmount}请{you}自收到本决定书之日起十五日内，将罚没款缴至{paymentBank}（户名：{accountName}，账号：{accountNo}），或者通过电子支付系统缴纳（《中华人民共和国行政处罚法》第六十七条）。到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额（第七十二条第一款第（一）项）。{/fineAmount}',
    },
    {kind: 'remedy', noun: '决定'},
    {kind: 'text', text: '行政复议或者行政诉讼期间，本决定不停止执行（第七十三条）。逾期不申请行政复议、不提起行政诉讼又不履行本决定的，本机关将依法申请人民法院强制执行。'},
    {kind: 'seal'},
  ],
  'payment-reminder': [
    partyLines,
    {kind: 'text', text: '本机关于{decisionDate}作出《行政处罚决定书》（{decisionDocNo}）{#serviceDate}，并于{serviceDate}送达{you}{/serviceDate}，决定：{penaltyContent}'},
    {
      kind: 'text',
      text: '{you}至今未履行{unperformedItems}。{#surchargeFrom}自{surchargeFrom}起每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款数额（《中华人民共和国行政处罚法》第七十二条第一款第（一）项、《中华人民共和国行政强制法》第四十五条）。{/surchargeFrom}{#surchargeAmount}截至{surchargeUntil}，加处罚款人民币{surchargeAmount}元（罚款数额人民币{fineAmount}元）。{/surchargeAmount}',
    },
    {
      kind: 'text',
      text: '根据《中华人民共和国行政强制法》第三十五条的规定，请{you}于收到本催告书之日起十日内履行上述义务，应缴合计人民币{totalAmount}元，缴纳方式：{paymentMethod}。',
    },
    {
      kind: 'text',
      text: '{you}有权进行陈述和申辩{#statementDeadline}，请于{statementDeadline}前向本机关提出{/statementDeadline}（《中华人民共和国行政强制法》第三十六条）。逾期仍未履行的，本机关将依照《中华人民共和国行政强制法》第五十三条、第五十四条的规定申请人民法院强制执行。',
    },
    contactLines,
    partyReceipt,
    {kind: 'seal'},
  ],
  'onsite-record': [
    {kind: 'pages', signer: '被检查人'},
    {kind: 'fields', keys: ['inspectedParty', 'address']},
    {kind: 'inline', keys: ['legalRep', 'phone']},
    {kind: 'fields', keys: ['startTime', 'endTime']},
    {kind: 'fields', keys: ['place']},
    {key: 'officers', kind: 'table'},
    {kind: 'fields', keys: ['recorder', 'accompanyingPerson']},
    {
      kind: 'text',
      text: '告知：我们是{unit}的执法人员，现出示执法证件，依法进行现场检查。{you}认为执法人员与本案有直接利害关系的，有权申请回避。是否申请回避：{recusalChoice}',
    },
    {kind: 'fields', keys: ['findings']},
    // 行政强制法 第十八条: a 强制措施 taken on site is recorded with its statutory steps.
    {
      kind: 'text',
      text: '{#coerciveMeasure}现场实施行政强制措施：{coerciveMeasure}。实施前已向本机关负责人报告并经批准（{measureApproval}）；由两名执法人员实施，出示了执法证件，通知当事人到场；当场告知当事人采取行政强制措施的理由、依据以及当事人依法享有的权利、救济途径；听取了当事人的陈述和申辩：{partyStatement}（《中华人民共和国行政强制法》第十八条）。{/coerciveMeasure}',
    },
    {kind: 'fields', keys: ['witness']},
    ...recordClose('被检查人', '与现场情况相符'),
    {kind: 'text', text: '（被检查人拒绝签名的，由执法人员在笔录中注明；当事人不到场的，由见证人和执法人员签名。）'},
    officerSigners(),
    {kind: 'sign', labels: ['记录人（签名）', '见证人（签名）']},
  ],
  'sampling-record': [
    {kind: 'fields', keys: ['sampledParty', 'sampledAddress', 'legalRep', 'phone', 'place', 'time', 'purpose']},
    {key: 'samples', kind: 'table'},
    {kind: 'fields', keys: ['method', 'sealInfo']},
    {kind: 'text', text: '上述样品经被采样人核对无误，样品已封样。'},
    {kind: 'sign', labels: ['被采样人（签名）']},
    officerSigners(),
    {kind: 'seal'},
  ],
  'non-sample-record': [
    {kind: 'fields', keys: ['sampledParty', 'sampledAddress', 'place', 'time', 'purpose', 'method', 'equipment']},
    {key: 'samples', kind: 'table'},
    {kind: 'fields', keys: ['siteDescription']},
    {kind: 'sign', labels: ['被采样人（签名）']},
    officerSigners('采样人员'),
    {kind: 'seal'},
  ],
  'sample-confirmation': [
    {key: 'labelledProducer', kind: 'to'},
    {kind: 'text', text: '本机关于{sampleDate}在{sampledParty}{#sampledAddress}（地址：{sampledAddress}）{/sampledAddress}依法采集了标示为你单位生产（进口代理）的产品样品，样品情况如下：'},
    {kind: 'fields', keys: ['sampleName', 'batch', 'brand', 'spec', 'packaging']},
    {kind: 'text', text: '根据{legalBasis}的规定，请你单位于{confirmBy}前对上述样品予以确认，并将确认结果书面告知本机关。{noReplyConsequence}'},
    contactLines,
    {kind: 'seal'},
  ],
  'seizure-decision': [
    partyLines,
    {
      kind: 'text',
      text: '{you}涉嫌{suspectedViolation}，根据{legalBasis}和《中华人民共和国行政强制法》第二十四条的规定，经本机关负责人批准，本机关决定对{you}的{objects}予以{measureType}。',
    },
    {
      kind: 'text',
      text: '{measureType}期限自{startDate}至{endDate}（不超过三十日；情况复杂的，经本机关负责人批准可以延长，延长期限不超过三十日，《中华人民共和国行政强制法》第二十五条）。{#testingPeriod}需要进行检测、检验、检疫或者技术鉴定的，检测期间为{testingPeriod}，不计入{measureType}期限。{/testingPeriod}{#storagePlace}保存地点：{storagePlace}。{/storagePlace}{#storageCondition}保存条件：{storageCondition}。{/storageCondition}',
    },
    {kind: 'text', text: '在此期间，任何人不得使用、销毁、擅自转移或者启封。{you}有权进行陈述和申辩。'},
    {kind: 'text', text: '{#itemListRef}附件：{itemListRef}{/itemListRef}'},
    {kind: 'remedy', noun: '决定'},
    partyReceipt,
    {kind: 'seal'},
  ],
  'seizure-list': [
    {kind: 'fields', keys: ['attachedDocTitle', 'attachedDocNo', 'partyName', 'partyAddress']},
    {key: 'items', kind: 'table'},
    {kind: 'text', text: '上述物品品种、数量经核对无误。本清单一式二份，一份交当事人，一份附卷。'},
    {kind: 'sign', labels: ['当事人（签名）']},
    officerSigners('案件承办人'),
  ],
  'seizure-disposal': [
    partyLines,
    {
      kind: 'text',
      text: '本机关{#measureDate}于{measureDate}{/measureDate}以《实施查封、扣押决定书》（{measureDocNo}）对{you}涉嫌{suspectedViolation}采取了行政强制措施。{measureDesc}',
    },
    {kind: 'text', text: '根据{legalBasis}的规定，本机关作出如下处理决定：{disposition}'},
    {kind: 'fields', keys: ['itemListRef']},
    {kind: 'remedy', noun: '决定'},
    partyReceipt,
    {kind: 'seal'},
  ],
  'seizure-extension': [
    partyLines,
    {kind: 'text', text: '本机关以《实施查封、扣押决定书》（{measureDocNo}）对{you}的有关场所、设施或者财物实施的查封（扣押）{#originalEndDate}，原期限至{originalEndDate}{/originalEndDate}。'},
    {
      kind: 'text',
      text: '由于{reason}，经本机关负责人批准，根据《中华人民共和国行政强制法》第二十五条的规定，延长查封（扣押）期限至{newEndDate}。在此期间，请妥善保管有关财物，不得使用、销毁、擅自转移或者启封。',
    },
    {kind: 'remedy', noun: '决定', document: '通知书'},
    partyReceipt,
    {kind: 'seal'},
  ],
  'confiscation-list': [
    {kind: 'fields', keys: ['decisionDocNo', 'partyName', 'partyAddress', 'executingAgency', 'confiscationDate']},
    {key: 'items', kind: 'table'},
    {kind: 'text', text: '上述物品依据行政处罚决定书予以没收，品种、数量经核对无误。'},
    {kind: 'sign', labels: ['当事人（签名）']},
    officerSigners('案件承办人'),
  ],
  'destruction-record': [
    {kind: 'fields', keys: ['caseCause', 'basisDocNo', 'time', 'place', 'method']},
    {key: 'items', kind: 'table'},
    {kind: 'fields', keys: ['executors', 'witnesses', 'mediaRefs']},
    officerSigners(),
    {kind: 'sign', labels: ['见证人（签名）', '负责人（批准）']},
  ],
  'service-receipt': [
    {
      kind: 'grid',
      rows: [
        {label: '案件名称', lines: ['{caseName}']},
        {label: '送达文书名称及文号', lines: ['《{docTitle}》{#docNo}（{docNo}）{/docNo}']},
        {label: '受送达人', lines: ['{recipient}']},
        {label: '送达地点', lines: ['{place}']},
        {label: '送达方式', lines: ['{method}']},
        {label: '送达时间', lines: ['{servedAt}']},
        {label: '收件人签名或盖章', lines: ['', '年　　月　　日　　时　　分'], signature: true, tall: true},
        {label: '代收人及与受送达人关系', lines: ['{proxyRelation}', '代收人（签名）：　　　　　　年　　月　　日'], signature: true, tall: true},
        {label: '拒收事由和日期', lines: ['{refusal}'], tall: true},
        {label: '见证人', lines: ['{witness}', '见证人（签名）：　　　　　　年　　月　　日'], signature: true, tall: true},
        {label: '送达人', lines: ['{#officers}{name}（执法证号：{certNo}）　{/officers}', '送达人（签名）：　　　　　　年　　月　　日'], signature: true, tall: true},
        {label: '邮寄单号／电子送达', lines: ['{trackingNo}　{eServiceRef}']},
        {label: '备注', lines: ['{remarks}'], tall: true},
      ],
    },
  ],
  'internal-approval': [
    {
      kind: 'grid',
      rows: [
        {label: '案件名称', lines: ['{caseCause}']},
        {label: '当事人', lines: ['{partyName}']},
        {label: '审批事项', lines: ['{matter}{#approvedDoc}（{approvedDoc}）{/approvedDoc}']},
        {label: '报请审批的理由及依据', lines: ['{reason}'], tall: true},
        {label: '拟处理意见', lines: ['{proposal}'], tall: true},
        {label: '附件', lines: ['{attachments}']},
        {label: '承办人意见', lines: ['{handlerOpinion}', '承办人（签名）：{handler}　　　年　　月　　日'], signature: true, tall: true},
        {
          label: '法制审核意见（《中华人民共和国行政处罚法》第五十八条）',
          lines: ['{legalReviewOpinion}', '法制审核人员（签名）：{legalReviewer}　　{legalReviewedAt}'],
          signature: true,
          tall: true,
        },
        {label: '审核意见', lines: ['{reviewOpinion}', '审核人（签名）：{reviewer}　　{reviewedAt}'], signature: true, tall: true},
        {label: '批准意见', lines: ['{approveOpinion}', '批准人（签名）：{approver}　　{approvedAt}'], signature: true, tall: true},
      ],
    },
  ],
  'av-handover': [
    {kind: 'fields', keys: ['caseNo', 'event', 'deviceId', 'recordedBy', 'startTime', 'endTime']},
    {key: 'files', kind: 'table'},
    {kind: 'fields', keys: ['fileCount', 'storage', 'handedOverBy', 'receivedBy', 'handoverTime', 'checkResult', 'remarks']},
    {kind: 'sign', labels: ['移交人（签名）', '接收人（签名）']},
  ],
  'supervision-opinion': [
    {kind: 'party', label: '被监督人'},
    {kind: 'text', text: '{inspectionDate}，本机关执法人员{officerNames}对{you}{inspectionPlace}进行了卫生监督检查{#onsiteRecordRef}（{onsiteRecordRef}）{/onsiteRecordRef}。现提出卫生监督意见如下：'},
    {column: 'content', key: 'opinions', kind: 'numbered'},
    {kind: 'text', text: '{#legalBasis}根据{legalBasis}的规定，{/legalBasis}{#correctionDeadline}请{you}于{correctionDeadline}前改正，并将改正情况书面报告本机关。{/correctionDeadline}'},
    {kind: 'sign', labels: ['被监督人（签收）']},
    {kind: 'seal'},
  ],
}
