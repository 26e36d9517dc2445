import {addTrustedKey, listTrustedKeys, removeTrustedKey, type TrustedKey} from '../platform/signing/trust-store.js'
import type {Workspace} from './workspace.js'

/** A user-level trust store, for a supervising body that verifies archives without a workspace of its own. */
export const TRUST_DIR_ENV = 'ZFJL_TRUST_DIR'

/** The user-level store when ZFJL_TRUST_DIR names one: `key trust` then needs no workspace. */
export const userTrustFolder = (): string | null => process.env[TRUST_DIR_ENV] || null

/**
 * Where `key trust add|list|remove` act: the folder ZFJL_TRUST_DIR names when it is set (explicit
 * wins), else the workspace's `.zfjl/trust/`, which is backed up with the workspace and whose changes
 * are rows of its audit chain.
 */
export interface TrustStore {
  folder: string
  /** The workspace whose store it is (its audit chain records every change); null for ZFJL_TRUST_DIR. */
  ws: Workspace | null
}

export const trustStoreOf = (ws: Workspace | null): TrustStore => ({folder: userTrustFolder() ?? ws!.paths.trust, ws: userTrustFolder() ? null : ws})

export const trustKey = (store: TrustStore, publicKeyPem: string, name: string): TrustedKey => {
  if (!store.ws) return addTrustedKey(store.folder, publicKeyPem, name)
  return store.ws.transact((audit) => {
    const key = addTrustedKey(store.folder, publicKeyPem, name)
    audit({action: 'key.trust.add', details: {algorithm: key.algorithm, fingerprint: key.fingerprint, name: key.name}, subject: key.fingerprint})
    return key
  })
}

export const untrustKey = (store: TrustStore, fingerprint: string): TrustedKey => {
  if (!store.ws) return removeTrustedKey(store.folder, fingerprint)
  return store.ws.transact((audit) => {
    const key = removeTrustedKey(store.folder, fingerprint)
    audit({action: 'key.trust.remove', details: {algorithm: key.algorithm, fingerprint: key.fingerprint, name: key.name}, subject: key.fingerprint})
    return key
  })
}

/** Every key verify accepts besides --pubkey and the workspace's own: both stores, when present. */
export const trustedKeys = (ws: Workspace | null): TrustedKey[] => {
  const folders = [...new Set([process.env[TRUST_DIR_ENV], ws?.paths.trust].filter((folder): folder is string => Boolean(folder)))]
  const byFingerprint = new Map<string, TrustedKey>()
  for (const folder of folders) for (const key of listTrustedKeys(folder)) if (!byFingerprint.has(key.fingerprint)) byFingerprint.set(key.fingerprint, key)
  return [...byFingerprint.values()]
}
