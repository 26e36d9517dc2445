import {BaseCommand} from '../../cli/base-command.js'
import {OPENSSL_VERIFY_COMMAND} from '../../platform/signing/algorithms.js'
import {readPublicSigningKey, type SigningKeyInfo} from '../../platform/signing/keys.js'

export type KeyShowResult = Omit<SigningKeyInfo, 'privateKeyPath'> & {opensslVerify: string}

export default class KeyShow extends BaseCommand<typeof KeyShow> {
  static override summary = '显示本单位签名公钥（PEM）及其指纹'
  static override description =
    '指纹为 DER 编码公钥（SubjectPublicKeyInfo）的 SM3 杂凑，可用 openssl pkey -pubin -in 公钥.pem -outform DER | openssl dgst -sm3 复算。案卷与导出清单的签名均可用此公钥核验。'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<KeyShowResult> {
    const {privateKeyPath: _privateKeyPath, ...key} = readPublicSigningKey(this.workspace().paths)
    const result = {...key, opensslVerify: OPENSSL_VERIFY_COMMAND[key.algorithm]}
    if (!this.jsonEnabled()) {
      this.log(`算法：${key.algorithm === 'sm2' ? 'SM2（GB/T 32918，SM3 杂凑，用户标识 1234567812345678）' : 'Ed25519'}`)
      this.log(`指纹（SM3）：${key.fingerprint}`)
      this.log(`公钥文件：${key.publicKeyPath}`)
      this.log(`核验签名：${result.opensslVerify}`)
      this.log('')
      this.log(key.publicKeyPem.trimEnd())
    }

    return result
  }
}
