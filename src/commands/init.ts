import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {DEFAULT_SIGNING_ALGORITHM, readPublicSigningKey, SIGNING_ALGORITHMS, type SigningAlgorithm} from '../platform/signing/keys.js'
import {parseOfficerSpec} from '../workspace/config.js'
import {initWorkspace} from '../workspace/workspace.js'

export interface InitResult {
  workspace: string
  unit: string
  code: string
  officers: Array<{name: string; certNo: string}>
  config: string
  database: string
  key: {algorithm: SigningAlgorithm; fingerprint: string; publicKeyPath: string}
}

export default class Init extends BaseCommand<typeof Init> {
  static override summary = '创建工作区：SQLite 目录库、配置文件和 cases/ 文件夹'
  static override description =
    '在 DIR（默认当前目录）创建 zfjl 工作区。配置文件 zfjl.json 记录执法机构名称、机关代字、各文书类别字、执法人员及政策性期限；同时生成本单位签名密钥对（私钥仅属主可读）。已是工作区的目录会被拒绝，且不做任何改动。'

  static override examples = [
    '<%= config.bin %> <%= command.id %> ./zhuhui --unit 衡阳市珠晖区卫生健康局 --code 珠卫 --officer 张伟:44010020260001 --officer 李娜:44010020260002',
  ]

  static override args = {
    dir: Args.string({default: '.', description: '工作区目录'}),
  }

  static override flags = {
    code: Flags.string({description: '机关代字，用于文号，如「珠卫」', required: true}),
    key: Flags.string({default: DEFAULT_SIGNING_ALGORITHM, description: '单位签名密钥算法：sm2（GB/T 32918，默认）或 ed25519', options: [...SIGNING_ALGORITHMS]}),
    officer: Flags.string({description: '执法人员「姓名:执法证号」，可重复；第一位为默认操作人', multiple: true}),
    unit: Flags.string({description: '执法机构名称', required: true}),
  }

  async run(): Promise<InitResult> {
    const officers = (this.flags.officer ?? []).map((spec) => parseOfficerSpec(spec))
    const workspace = initWorkspace({
      code: this.flags.code,
      dir: this.args.dir,
      keyAlgorithm: this.flags.key as SigningAlgorithm,
      officers,
      unit: this.flags.unit,
    })
    const key = readPublicSigningKey(workspace.paths)
    workspace.close()
    const result: InitResult = {
      code: this.flags.code,
      config: workspace.paths.config,
      database: workspace.paths.database,
      key: {algorithm: key.algorithm, fingerprint: key.fingerprint, publicKeyPath: key.publicKeyPath},
      officers,
      unit: this.flags.unit,
      workspace: workspace.root,
    }
    if (!this.jsonEnabled()) {
      this.log(`已创建工作区：${result.workspace}`)
      this.log(`  执法机构：${result.unit}（机关代字：${result.code}）`)
      this.log(`  执法人员：${officers.map((officer) => `${officer.name}（${officer.certNo}）`).join('、') || '未配置'}`)
      this.log(`  签名密钥：${key.algorithm.toUpperCase()}，指纹 ${key.fingerprint}`)
      this.log(`  配置文件：${result.config}`)
    }

    return result
  }
}
