import {BaseCommand} from '../../../cli/base-command.js'
import {notFound} from '../../../platform/errors.js'
import {listTrustedKeys} from '../../../platform/signing/trust-store.js'
import {trustStoreOf, userTrustFolder} from '../../../workspace/trust.js'

export interface KeyTrustListResult {
  folder: string
  keys: Array<{fingerprint: string; algorithm: string; name: string; addedAt: string}>
}

export default class KeyTrustList extends BaseCommand<typeof KeyTrustList> {
  static override summary = '列出信任库中的公钥（单位、算法、指纹、加入时间）'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<KeyTrustListResult> {
    const ws = userTrustFolder() ? null : this.workspaceForReading()
    if (!userTrustFolder() && !ws) throw notFound('WORKSPACE_NOT_FOUND', '没有工作区，也没有设置 ZFJL_TRUST_DIR：不知道信任库在哪里')
    const {folder} = trustStoreOf(ws)
    const keys = listTrustedKeys(folder).map(({publicKeyPem: _pem, ...key}) => key)
    if (!this.jsonEnabled()) {
      this.log(`信任库：${folder}（${keys.length} 把公钥）`)
      for (const key of keys) this.log(`  ${key.fingerprint}  ${key.algorithm.toUpperCase()}  ${key.name}  ${key.addedAt}`)
    }

    return {folder, keys}
  }
}
