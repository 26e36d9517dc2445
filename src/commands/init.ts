import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {askChoice, canPrompt, type Choice} from '../cli/prompts.js'
import {isWorldReadable} from '../platform/file-modes.js'
import {DEFAULT_SIGNING_ALGORITHM, readPublicSigningKey, SIGNING_ALGORITHMS, type SigningAlgorithm} from '../platform/signing/keys.js'
import {type AdministratorConfig, IDENTITY_MODES, type IdentityMode, parseOfficerSpec} from '../workspace/config.js'
import {initWorkspace} from '../workspace/workspace.js'

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
    '在 DIR（默认当前目录）创建 zfjl 工作区。配置文件 zfjl.json 记录执法机构名称、机关代字、各文书类别字、执法人员及政策性期限；同时生成本单位签名密钥对（私钥仅属主可读）。已是工作区的目录会被拒绝，且不做任何改动。--identity 选择如何识别操作人：account 按登录的系统账户（共用服务器，无法冒用他人名义；运行 init 的账户为管理员，先用 zfjl people add <姓名> --account <账户> 为每人绑定），declared 按 --officer 声明（一人一机；系统无法核实键盘前是谁）。工作区文件对本机其他账户不可读；文件夹本身对其他账户可读时给出警告。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> ./zhuhui --unit 衡阳市珠晖区卫生健康局 --code 珠卫 --officer 张伟:44010020260001 --officer 李娜:44010020260002',
  ]

  static override args = {
    dir: Args.string({default: '.', description: '工作区目录'}),
  }

  static override flags = {
    code: Flags.string({description: '机关代字，用于文号，如「珠卫」', required: true}),
    identity: Flags.string({
      description:
        '如何识别操作人：account（按登录的系统账户，默认）或 declared（按 --officer 声明，适合一人一机）。终端中未指定时会询问',
      options: [...IDENTITY_MODES],
    }),
    key: Flags.string({default: DEFAULT_SIGNING_ALGORITHM, description: '单位签名密钥算法：sm2（GB/T 32918，默认）或 ed25519', options: [...SIGNING_ALGORITHMS]}),
    officer: Flags.string({description: '执法人员「姓名:执法证号」，可重复；第一位为默认操作人', multiple: true}),
    unit: Flags.string({description: '执法机构名称', required: true}),
  }

  async run(): Promise<InitResult> {
    const officers = (this.flags.officer ?? []).map((spec) => parseOfficerSpec(spec))
    const identity =
      (this.flags.identity as IdentityMode | undefined) ??
      (canPrompt(this.jsonEnabled()) ? await askChoice('如何识别操作人？', IDENTITY_CHOICES, 'account') : 'account')
    const workspace = initWorkspace({
      code: this.flags.code,
      dir: this.args.dir,
      identity,
      keyAlgorithm: this.flags.key as SigningAlgorithm,
      officers,
      unit: this.flags.unit,
    })
    const key = readPublicSigningKey(workspace.paths)
    workspace.close()
    const warnings = isWorldReadable(workspace.root)
      ? [`工作区文件夹 ${workspace.root} 对本机其他账户可读；其中有当事人的个人信息，请用 chmod o-rwx ${workspace.root} 收回（第四十七条）`]
      : []
    const result: InitResult = {
      administrator: workspace.config.administrator,
      code: this.flags.code,
      config: workspace.paths.config,
      database: workspace.paths.database,
      identity,
      key: {algorithm: key.algorithm, fingerprint: key.fingerprint, publicKeyPath: key.publicKeyPath},
      officers,
      unit: this.flags.unit,
      warnings,
      workspace: workspace.root,
    }
    for (const warning of warnings) process.stderr.write(`警告：${warning}\n`)
    if (!this.jsonEnabled()) {
      this.log(`已创建工作区：${result.workspace}`)
      this.log(`  执法机构：${result.unit}（机关代字：${result.code}）`)
      this.log(`  执法人员：${officers.map((officer) => `${officer.name}（${officer.certNo}）`).join('、') || '未配置'}`)
      this.log(
        identity === 'account'
          ? `  识别操作人：按登录账户（account）；管理员账户 ${workspace.config.administrator?.account}。请用 zfjl people add <姓名> --account <系统账户> 为每人绑定账户`
          : `  识别操作人：按 --officer 声明（declared）；管理员 ${workspace.config.administrator?.name ?? workspace.config.administrator?.account}`,
      )
      this.log(`  签名密钥：${key.algorithm.toUpperCase()}，指纹 ${key.fingerprint}`)
      this.log(`  配置文件：${result.config}`)
    }

    return result
  }
}
