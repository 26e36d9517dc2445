import {BaseCommand} from '../../../cli/base-command.js'
import {notFound} from '../../../platform/errors.js'
import {trustStoreEntries, trustStoreOf, userTrustFolder} from '../../../workspace/trust.js'

export interface KeyTrustListResult {
  folder: string
  /** `trusted: false`: archive verify does not use the key; `problem` says why (no audit record, edited, removed). */
  keys: Array<{file: string; fingerprint: string; algorithm: string | null; name: string | null; addedAt: string | null; trusted: boolean; problem: string | null}>
}

export default class KeyTrustList extends BaseCommand<typeof KeyTrustList> {
  static override summary = '列出信任库中的公钥（单位、算法、指纹、加入时间）；工作区中没有审计记录或与之不符的标为「未经审计，不采用」'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<KeyTrustListResult> {
    const ws = userTrustFolder() ? null : this.workspaceForReading()
    if (!userTrustFolder() && !ws) throw notFound('WORKSPACE_NOT_FOUND', '没有工作区，也没有设置 ZFJL_TRUST_DIR：不知道信任库在哪里')
    const store = trustStoreOf(ws)
    const keys = trustStoreEntries(store).map((entry) => ({
      addedAt: entry.key?.addedAt ?? null,
      algorithm: entry.key?.algorithm ?? null,
      file: entry.file,
      fingerprint: entry.fingerprint,
      name: entry.key?.name ?? null,
      problem: entry.problem,
      trusted: entry.trusted,
    }))
    if (!this.jsonEnabled()) {
      const refused = keys.filter((key) => !key.trusted).length
      this.log(`信任库：${store.folder}（${keys.length} 把公钥${refused > 0 ? `，其中 ${refused} 把未经审计，不采用` : ''}）`)
      for (const key of keys) {
        this.log(`  ${key.fingerprint}  ${key.algorithm?.toUpperCase() ?? '?'}  ${key.name ?? ''}  ${key.addedAt ?? ''}${key.trusted ? '' : `  〔未经审计，不采用〕${key.problem}`}`)
      }
    }

    return {folder: store.folder, keys}
  }
}
