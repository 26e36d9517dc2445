import {existsSync, readFileSync} from 'node:fs'
import {resolve} from 'node:path'

import {readPublicSigningKey, signingKeyFiles} from '../platform/signing/keys.js'
import {TRUST_DIR_ENV, trustDecisions} from '../workspace/trust.js'
import type {Workspace} from '../workspace/workspace.js'
import type {VerifyOptions} from './verify.js'

/**
 * The keys whose signatures verify accepts without --pubkey: the workspace's own, then the trust stores'
 * (the workspace's only as its audit chain records them); and the store files refused, so that verify
 * names them when one holds the archive's signer.
 */
export const trustOptionsFor = (ws: Workspace | null): Pick<VerifyOptions, 'refusedTrust' | 'trustedSigners'> => {
  const {accepted, refused} = trustDecisions(ws)
  return {
    refusedTrust: refused.map((entry) => ({fingerprint: entry.fingerprint, problem: entry.problem ?? ''})),
    trustedSigners: [
      ...(ws && existsSync(signingKeyFiles(ws.paths).publicKey) ? [{name: ws.config.unit, publicKeyPem: readPublicSigningKey(ws.paths).publicKeyPem, source: 'workspace' as const}] : []),
      ...accepted.map(({folder, key, store}) => ({
        name: key.name,
        // Inside a workspace a key only the user-level store holds is used, but not silently: its trust is in no audit chain.
        note: ws && store === 'user' ? `签名公钥取自 ${TRUST_DIR_ENV} 信任库（${folder}），不在本工作区的信任库中：这一信任未记入本工作区的审计链` : undefined,
        publicKeyPem: key.publicKeyPem,
        source: 'trusted' as const,
      })),
    ],
  }
}

/**
 * What archive verify and archive label accept as authentic, from their flags: only the --pubkey key when
 * one is given, else the workspace's and the trust stores'; --allow-untrusted also the archive's own key.
 */
export const verifyOptionsFromFlags = (ws: Workspace | null, flags: {allowUntrusted: boolean; pubkey?: string}): VerifyOptions => ({
  allowUntrusted: flags.allowUntrusted,
  ...(flags.pubkey ? {expectedPublicKeyPem: readFileSync(resolve(flags.pubkey), 'utf8')} : trustOptionsFor(ws)),
})
