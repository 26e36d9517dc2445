import {existsSync} from 'node:fs'

import {readPublicSigningKey, signingKeyFiles} from '../platform/signing/keys.js'
import {trustedKeys} from '../workspace/trust.js'
import type {Workspace} from '../workspace/workspace.js'
import type {TrustedSigner} from './verify.js'

/** The keys whose signatures verify accepts without --pubkey: the workspace's own, then the trust stores'. */
export const trustedSignersFor = (ws: Workspace | null): TrustedSigner[] => [
  ...(ws && existsSync(signingKeyFiles(ws.paths).publicKey) ? [{name: ws.config.unit, publicKeyPem: readPublicSigningKey(ws.paths).publicKeyPem, source: 'workspace' as const}] : []),
  ...trustedKeys(ws).map((key) => ({name: key.name, publicKeyPem: key.publicKeyPem, source: 'trusted' as const})),
]
