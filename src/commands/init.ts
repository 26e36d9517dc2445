import {Args, Flags} from '@oclif/core'
import {resolve} from 'node:path'

import {BaseCommand} from '../cli/base-command.js'
import {askChoice, askMissing, askPeople, canPrompt, type Choice, type MissingValue} from '../cli/prompts.js'
import {MIN_OFFICERS} from '../cases/case-service.js'
import {APPROVAL_ROLES, normalizeName, parseRole, personFieldProblem, roleName, ROLES} from '../people/roles.js'
import {usageError} from '../platform/errors.js'
import {isWorldReadable} from '../platform/file-modes.js'
import {DEFAULT_SIGNING_ALGORITHM, readPublicSigningKey, SIGNING_ALGORITHMS, type SigningAlgorithm} from '../platform/signing/keys.js'
import {
  type AdministratorConfig,
  IDENTITY_MODES,
  type IdentityMode,
  type InitialPerson,
  parseOfficerSpec,
  type PersonConfig,
  rosterConfig,
  unitCodeProblem,
  unitNameProblem,
} from '../workspace/config.js'
import {initWorkspace} from '../workspace/init-workspace.js'

const IDENTITY_CHOICES: ReadonlyArray<Choice<IdentityMode>> = [
  {
    description: '每人用自己的系统账户登录（共用服务器）；操作人就是登录账户绑定的人员，无法冒用他人名义',
    name: 'account：按登录账户识别（推荐）',
    value: 'account',
  },
  {
    description: '一人一机，或几人共用一台电脑互相信任；--officer 可写名单中任一在用人员，系统无法核实是谁在键盘前',
    name: 'declared：按 --officer 声明识别',
    value: 'declared',
  },
]

export interface InitResult {
  workspace: string
  unit: string
  code: string
  officers: Array<{name: string; certNo: string}>
  /** People with roles other than officer (审核人、批准人、负责人、档案管理员). */
  people: PersonConfig[]
  identity: IdentityMode
  administrator: AdministratorConfig | null
  /** Present when other accounts of the machine can read the workspace folder. */
  warnings: string[]
  config: string
  database: string
  key: {algorithm: SigningAlgorithm; fingerprint: string; publicKeyPath: string}
}

export default class Init extends BaseCommand<typeof Init> {
  static override summary = '创建工作区：SQLite 目录库、配置文件和 cases/ 文件夹'
  static override description =
    '在 DIR（默认当前目录）创建 zfjl 工作区。配置文件 zfjl.json 记录执法机构名称、机关代字、各文书类别字、执法人员及政策性期限；同时生成本单位签名密钥对（私钥组内可读，0640）。已是工作区的目录会被拒绝，且不做任何改动。--identity 选择如何识别操作人：account 按登录的系统账户（共用服务器，无法冒用他人名义；运行 init 的账户为管理员，先用 zfjl people add <姓名> --account <账户> 为每人绑定），declared 按 --officer 声明（一人一机；系统无法核实键盘前是谁）。工作区文件对本机其他账户不可读；文件夹本身对其他账户可读时给出警告。在终端中缺少 --unit、--code、--identity 时逐项询问，并可逐位登记第一批人员及其角色（全部问完才写入，Ctrl-C 不留下任何文件）；脚本中缺项一次列出，退出码 2。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> ./zhuhui --unit 衡阳市珠晖区卫生健康局 --code 珠卫 --officer 张伟:44010020260001 --officer 李娜:44010020260002',
  ]

  static override args = {
    dir: Args.string({description: '工作区目录（默认当前目录；也可用 -w 指定）'}),
  }

  static override flags = {
    code: Flags.string({description: '机关代字，用于文号，如「珠卫」（终端中未指定时会询问）'}),
    identity: Flags.string({
      description:
        '如何识别操作人：account（按登录的系统账户，默认）或 declared（按 --officer 声明，适合一人一机）。终端中未指定时会询问',
      options: [...IDENTITY_MODES],
    }),
    key: Flags.string({default: DEFAULT_SIGNING_ALGORITHM, description: '单位签名密钥算法：sm2（GB/T 32918，默认）或 ed25519', options: [...SIGNING_ALGORITHMS]}),
    officer: Flags.string({description: '执法人员「姓名:执法证号」，可重复；第一位为默认操作人', multiple: true}),
    unit: Flags.string({description: '执法机构名称（终端中未指定时会询问）'}),
  }

  async run(): Promise<InitResult> {
    const dir = this.workspaceDirectory()
    const flagOfficers = (this.flags.officer ?? []).map((spec) => parseOfficerSpec(spec))
    const interactive = canPrompt(this.jsonEnabled())
    // Everything is asked before anything is written: a Ctrl-C at any question leaves no workspace.
    const answers = interactive ? await askMissing(unitQuestions(this.flags)) : {}
    const unit = (this.flags.unit ?? answers.unit ?? '').trim()
    const code = (this.flags.code ?? answers.code ?? '').trim()
    const missing = [unit ? null : '--unit（执法机构名称）', code ? null : '--code（机关代字）'].filter((entry) => entry !== null)
    if (missing.length > 0) throw usageError('INIT_INPUT_MISSING', `创建工作区缺少：${missing.join('；')}`, {missing})
    const identity =
      (this.flags.identity as IdentityMode | undefined) ?? (interactive ? await askChoice('如何识别操作人？', IDENTITY_CHOICES, 'account') : 'account')
    const entered = interactive ? await askFirstPeople(identity, flagOfficers.map((officer) => officer.name)) : []
    const roster = rosterConfig(entered)
    const officers = [...flagOfficers, ...roster.officers]
    const workspace = initWorkspace({
      code,
      dir,
      identity,
      keyAlgorithm: this.flags.key as SigningAlgorithm,
      officers,
      people: roster.people,
      unit,
    })
    const key = readPublicSigningKey(workspace.paths)
    const warnings = isWorldReadable(workspace.root)
      ? [`工作区文件夹 ${workspace.root} 对本机其他账户可读；其中有当事人的个人信息，请用 chmod o-rwx ${workspace.root} 收回（第四十七条）`]
      : []
    const result: InitResult = {
      administrator: workspace.config.administrator,
      code,
      config: workspace.paths.config,
      database: workspace.paths.database,
      identity,
      key: {algorithm: key.algorithm, fingerprint: key.fingerprint, publicKeyPath: key.publicKeyPath},
      officers,
      people: roster.people,
      unit,
      warnings,
      workspace: workspace.root,
    }
    for (const warning of warnings) process.stderr.write(`警告：${warning}\n`)
    if (!this.jsonEnabled()) {
      this.log(`已创建工作区：${result.workspace}`)
      this.log(`  执法机构：${result.unit}（机关代字：${result.code}）`)
      this.log(`  执法人员：${officers.map((officer) => `${officer.name}（${officer.certNo}）`).join('、') || '未配置'}`)
      for (const person of roster.people) this.log(`  ${person.roles.map((role) => roleName(parseRole(role))).join('、')}：${person.name}`)
      this.log(
        identity === 'account'
          ? `  识别操作人：按登录账户（account）；管理员账户 ${workspace.config.administrator?.account}${[...officers, ...roster.people].some((person) => !person.account) ? '。请用 zfjl people add <姓名> --account <系统账户> 为每人绑定账户' : ''}`
          : `  识别操作人：按 --officer 声明（declared）；管理员 ${workspace.config.administrator?.name ?? workspace.config.administrator?.account}`,
      )
      this.log(`  签名密钥：${key.algorithm.toUpperCase()}，指纹 ${key.fingerprint}`)
      this.log(`  配置文件：${result.config}`)
    }

    try {
      await this.nextStep((steps) => steps.nextStepForRoster(workspace))
    } finally {
      workspace.close()
    }

    return result
  }

  /** DIR, or the folder -w names (they are the same thing here); both, naming different folders, is refused. */
  private workspaceDirectory(): string {
    const named = this.flags.workspace
    const {dir} = this.args
    if (dir !== undefined && named !== undefined && resolve(dir) !== resolve(named)) {
      throw usageError('INIT_DIR_CONFLICT', `工作区目录给了两个：参数 ${dir} 与 -w ${named}。只写一个`, {dir, workspace: named})
    }

    return dir ?? named ?? '.'
  }
}

const unitQuestions = (flags: {unit?: string; code?: string}): MissingValue[] => [
  ...(flags.unit ? [] : [{key: 'unit', label: '执法机构名称（如 衡阳市珠晖区卫生健康局）', validate: (text: string) => unitNameProblem(text) ?? true}]),
  ...(flags.code ? [] : [{key: 'code', label: '机关代字（文号的开头，如「珠卫」）', validate: (text: string) => unitCodeProblem(text) ?? true}]),
]

/** The first people and their roles, asked at a terminal until the unit can approve its first 文书. */
const askFirstPeople = async (identity: IdentityMode, officersGiven: readonly string[]): Promise<InitialPerson[]> =>
  askPeople('现在登记人员及其角色（执法人员、审核人、批准人、负责人）？', {
    certifiedRole: 'officer',
    complete: (entered) => {
      const held = new Set(entered.flatMap((person) => person.roles))
      const officers = officersGiven.length + entered.filter((person) => person.roles.includes('officer')).length
      return officers >= MIN_OFFICERS && APPROVAL_ROLES.every((role) => held.has(role))
    },
    problem: (field, value) =>
      field === 'name' && officersGiven.includes(normalizeName(value)) ? `${normalizeName(value)} 已用 --officer 登记为执法人员` : personFieldProblem(field, value),
    roles: ROLES.map((role) => ({name: `${role.name}（${role.id}）`, value: role.id})),
    withAccount: identity === 'account',
  })
