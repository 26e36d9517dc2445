import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {askChoice, askMissing, askSeveral, canPrompt, type Choice, type MissingValue} from '../../cli/prompts.js'
import {PROCEDURE_IDS, PROCEDURES, type ProcedureId} from '../../law/procedures.js'
import {createCase, MIN_OFFICERS, validateNewCase} from '../../cases/case-service.js'
import {PARTY_TYPE_NAMES, PARTY_TYPES, type PartyType, partyTypeFrom} from '../../law/document-fields.js'
import {activeOfficers, resolveCaseOfficers} from '../../people/roles.js'
import {usageError} from '../../platform/errors.js'
import type {CaseRecord} from '../../workspace/records.js'
import {parseCaseOfficerSpec} from '../../workspace/config.js'
import {renderCaseSummary} from './show.js'

const PROCEDURE_CHOICES: ReadonlyArray<Choice<ProcedureId>> = PROCEDURES.map((procedure) => ({
  description: `本办法${procedure.articles}`,
  name: `${procedure.name}（${procedure.id}）`,
  value: procedure.id,
}))

const PARTY_TYPE_WORDS = {organization: '单位', person: '个人'} as const satisfies Record<PartyType, string>
const PARTY_TYPE_CHOICES: ReadonlyArray<Choice<PartyType>> = PARTY_TYPES.map((type) => ({
  description: '决定当场处罚的罚款上限（行政处罚法 第五十一条）',
  name: `${PARTY_TYPE_WORDS[type]}（${PARTY_TYPE_NAMES[type]}，${type}）`,
  value: type,
}))

export default class CaseNew extends BaseCommand<typeof CaseNew> {
  static override summary = '新建案件（执法人员不得少于两人）'
  static override description =
    '案件编号为 YYYY-NNNN（按年连续编号，并发也不重号）；在 cases/<编号>/ 下建立 documents、media、electronic、archive 子文件夹。终端中缺少的值会逐项询问，执法人员从人员名单中勾选；非终端（脚本）一次列出全部缺项并以退出码 2 结束。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --procedure penalty-general --title 未取得卫生许可证从事公共场所经营 --party 衡阳市某某足浴店 --party-type organization --offence-date 2026-08-01 --party-id 91430405MA4L000000 --address 衡阳市珠晖区东风路1号 --officer 张伟 --officer 李娜',
  ]

  static override flags = {
    address: Flags.string({description: '当事人地址'}),
    officer: Flags.string({description: '承办执法人员：人员名单中的姓名（执法证号自动查出），或「姓名:执法证号」核对；至少两名不同的人，可重复', multiple: true}),
    party: Flags.string({description: '当事人（单位名称或姓名）'}),
    'filed-at': Flags.string({description: '立案时间（一般程序；默认现在），YYYY-MM-DD 或 YYYY-MM-DDTHH:mm'}),
    'offence-date': Flags.string({description: '违法行为发生之日（有连续或继续状态的，为行为终了之日；行政处罚法 第三十六条）'}),
    'party-id': Flags.string({description: '证件号或统一社会信用代码'}),
    'party-type': Flags.string({description: '当事人类型：person（公民、个人）或 organization（法人或其他组织、单位），决定当场处罚的罚款上限（行政处罚法 第五十一条）'}),
    procedure: Flags.string({description: '程序', options: PROCEDURE_IDS}),
    title: Flags.string({description: '案由'}),
  }

  async run(): Promise<CaseRecord> {
    const values = {
      officer: this.flags.officer ?? [],
      party: this.flags.party,
      procedure: this.flags.procedure,
      partyType: this.flags['party-type'] === undefined ? undefined : partyTypeFrom(this.flags['party-type']),
      title: this.flags.title,
    }
    const officers = values.officer.map((spec) => parseCaseOfficerSpec(spec))
    if (canPrompt(this.jsonEnabled())) {
      values.procedure ??= await askChoice('程序', PROCEDURE_CHOICES, 'penalty-general')
      const missing: MissingValue[] = []
      if (!values.title) missing.push({key: 'title', label: '案由'})
      if (!values.party) missing.push({key: 'party', label: '当事人'})
      const answers = await askMissing(missing)
      values.title ??= answers.title
      values.party ??= answers.party
      values.partyType ??= await askChoice('当事人类型', PARTY_TYPE_CHOICES, 'organization')
      if (officers.length < MIN_OFFICERS) officers.splice(0, officers.length, ...(await this.askOfficers(officers)))
    }

    const input = {
      filedAt: this.flags['filed-at'],
      offenceDate: this.flags['offence-date'],
      officers,
      party: {
        address: this.flags.address ?? null,
        idNumber: this.flags['party-id'] ?? null,
        name: values.party ?? '',
        type: (values.partyType ?? null) as PartyType | null,
      },
      procedure: values.procedure ?? '',
      title: values.title ?? '',
    }
    const problems = validateNewCase(input)
    if (problems.length > 0) throw usageError('CASE_INPUT_INVALID', `新建案件缺少或有误：${problems.join('；')}`, {problems})
    const record = createCase(this.workspace(officers[0]?.name), input)
    if (!this.jsonEnabled()) {
      this.log(`已新建案件 ${record.id}`)
      this.log(renderCaseSummary(record))
    }

    await this.nextStep((steps) => steps.nextStepForCase(this.workspace(), record.id))

    return record
  }

  /** The case's officers ticked on the roster: those already named and the acting person come ticked. */
  private async askOfficers(named: ReadonlyArray<{name: string; certNo: string | null}>): Promise<Array<{name: string; certNo: string | null}>> {
    const ws = this.workspace(named[0]?.name)
    // A name typed on the command line that is not on the roster is refused before any question.
    const given = resolveCaseOfficers(ws, named, 0)
    const ticked = new Set([...given.map((officer) => officer.name), ws.actor.name])
    const roster = activeOfficers(ws)
    if (roster.length < MIN_OFFICERS) {
      throw usageError('OFFICERS_TOO_FEW', `人员名单中在用的执法人员只有 ${roster.length} 名，承办案件至少 ${MIN_OFFICERS} 名：先用 zfjl people add <姓名> --role officer --cert <执法证号> 登记`, {count: roster.length})
    }

    const choices = roster.map((officer) => ({checked: ticked.has(officer.name), name: `${officer.name}（${officer.certNo}）`, value: officer.name}))
    const chosen = await askSeveral(
      `承办执法人员（至少 ${MIN_OFFICERS} 名）`,
      choices,
      MIN_OFFICERS,
      `请至少选择 ${MIN_OFFICERS} 名执法人员（行政处罚法 第四十二条）`,
    )
    return chosen.map((name) => ({certNo: null, name}))
  }
}
