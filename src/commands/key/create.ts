import {Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {createSigningKey, DEFAULT_SIGNING_ALGORITHM, SIGNING_ALGORITHMS, type SigningKeyInfo} from '../../platform/signing/keys.js'

export type KeyCreateResult = Omit<SigningKeyInfo, 'privateKeyPath'>

export default class KeyCreate extends BaseCommand<typeof KeyCreate> {
  static override summary = '为尚无签名密钥的工作区创建本单位签名密钥对（默认 SM2）'
  static override description =
    'zfjl init 已创建密钥的工作区无需再用此命令；已有密钥时拒绝且不做改动（更换密钥会使已签名的案卷无法用新公钥核验）。私钥文件属主可写、工作区的系统组可读（0640）：组内账户打包、导出时都以本单位名义签名。'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --algorithm ed25519']

  static override flags = {
    algorithm: Flags.string({default: DEFAULT_SIGNING_ALGORITHM, description: '签名算法', options: [...SIGNING_ALGORITHMS]}),
  }

  async run(): Promise<KeyCreateResult> {
    const ws = this.workspace()
    const {privateKeyPath: _privateKeyPath, ...key} = ws.transact((audit) => {
      const created = createSigningKey(ws.paths, this.flags.algorithm as (typeof SIGNING_ALGORITHMS)[number])
      audit({action: 'key.create', details: {algorithm: created.algorithm, fingerprint: created.fingerprint}, subject: created.publicKeyPath})
      return created
    })
    if (!this.jsonEnabled()) this.log(`已创建 ${key.algorithm.toUpperCase()} 签名密钥\n指纹（SM3）：${key.fingerprint}\n公钥：${key.publicKeyPath}`)
    // Other units verify this unit's archives only with its public key.
    await this.nextStep(() => `zfjl key export-public ${ws.config.code}-公钥.pem`)
    return key
  }
}
