import {Args} from '@oclif/core'

import {BaseCommand} from '../../../cli/base-command.js'
import {trustStoreOf, untrustKey, userTrustFolder} from '../../../workspace/trust.js'
import type {KeyTrustResult} from './add.js'

export default class KeyTrustRemove extends BaseCommand<typeof KeyTrustRemove> {
  static override summary = '从信任库移除一把公钥（按指纹或至少 8 位的指纹前缀）'
  static override examples = ['<%= config.bin %> <%= command.id %> 3f9a1c27']

  static override args = {
    fingerprint: Args.string({description: '公钥指纹（SM3），或其至少 8 位前缀', required: true}),
  }

  async run(): Promise<KeyTrustResult> {
    const store = trustStoreOf(userTrustFolder() ? null : this.workspace())
    const {publicKeyPem: _pem, ...key} = untrustKey(store, this.args.fingerprint)
    if (!this.jsonEnabled()) this.log(`已移除 ${key.name} 的公钥（指纹 ${key.fingerprint}）\n信任库：${store.folder}`)
    return {...key, folder: store.folder}
  }
}
