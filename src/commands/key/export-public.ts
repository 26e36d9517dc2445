import {existsSync} from 'node:fs'
import {resolve} from 'node:path'

import {Args} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {writeFileAtomic} from '../../platform/atomic-file.js'
import {conflict} from '../../platform/errors.js'
import {readPublicSigningKey} from '../../platform/signing/keys.js'

export interface KeyExportResult {
  file: string
  algorithm: string
  fingerprint: string
}

export default class KeyExportPublic extends BaseCommand<typeof KeyExportPublic> {
  static override summary = '导出本单位签名公钥（PEM），供他人核验案卷签名'
  static override examples = ['<%= config.bin %> <%= command.id %> 珠卫-公钥.pem']

  static override args = {
    file: Args.string({description: '写入的 PEM 文件（已存在则拒绝）', required: true}),
  }

  async run(): Promise<KeyExportResult> {
    const key = readPublicSigningKey(this.workspace().paths)
    const file = resolve(this.args.file)
    if (existsSync(file)) throw conflict('FILE_EXISTS', `${file} 已存在，未覆盖`)
    writeFileAtomic(file, key.publicKeyPem)
    if (!this.jsonEnabled()) this.log(`已导出公钥：${file}\n指纹（SM3）：${key.fingerprint}`)
    return {algorithm: key.algorithm, file, fingerprint: key.fingerprint}
  }
}
