import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../../cli/base-command.js'
import {trustKey, trustStoreOf, userTrustFolder} from '../../../workspace/trust.js'

export interface KeyTrustResult {
  folder: string
  fingerprint: string
  algorithm: string
  name: string
  addedAt: string
}

export default class KeyTrustAdd extends BaseCommand<typeof KeyTrustAdd> {
  static override summary = '把其他单位的签名公钥加入信任库：archive verify 据此认定其案卷的真实性'
  static override description = `信任库在工作区的 .zfjl/trust/（变更记入审计链）；设置了 ZFJL_TRUST_DIR 时改用该目录（无需工作区，供接收多个单位案卷的监督机构使用）。
加入前请与该单位公布的指纹核对（zfjl key show 在对方机器上显示）。`

  static override examples = ['<%= config.bin %> <%= command.id %> 雁峰卫-公钥.pem --name 雁峰区卫生健康局', 'ZFJL_TRUST_DIR=~/zfjl-trust <%= config.bin %> <%= command.id %> 石鼓卫.pem --name 石鼓区卫生健康局 --json']

  static override args = {
    file: Args.string({description: '公钥 PEM 文件（zfjl key export-public 导出）', required: true}),
  }

  static override flags = {
    name: Flags.string({description: '公钥所属单位的名称', required: true}),
  }

  async run(): Promise<KeyTrustResult> {
    const store = trustStoreOf(userTrustFolder() ? null : this.workspace())
    const {publicKeyPem: _pem, ...key} = trustKey(store, readFileSync(resolve(this.args.file), 'utf8'), this.flags.name)
    if (!this.jsonEnabled()) this.log(`已信任 ${key.name} 的 ${key.algorithm.toUpperCase()} 公钥\n指纹（SM3）：${key.fingerprint}\n信任库：${store.folder}`)
    return {...key, folder: store.folder}
  }
}
