import {resolve} from 'node:path'

import {isChained, type RawAuditRow, toAuditRow} from '../platform/db/audit-chain.js'
import {publicKeyFingerprint} from '../platform/signing/algorithms.js'
import {addTrustedKey, readTrustedKey, removeTrustedKey, trustedKeyFiles, type TrustedKey} from '../platform/signing/trust-store.js'
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

const TRUST_ACTIONS = {add: 'key.trust.add', remove: 'key.trust.remove'} as const

/** The latest intact `key.trust.add|remove` audit row for one fingerprint. */
interface TrustDecision {
  action: 'add' | 'remove'
  name: string
  seq: number
}

/**
 * What the audit chain says about each key: the latest `key.trust.add` / `key.trust.remove` row per
 * fingerprint. A row that is not in its place in the chain (its own hash, the row before it, the row
 * after it or the recorded head) is no record at all (`audit verify` reports it), so an inserted,
 * replaced or edited row cannot make a key trusted.
 */
const auditedTrustDecisions = (ws: Workspace): Map<string, TrustDecision> => {
  const decisions = new Map<string, TrustDecision>()
  const rows = ws.db.all<RawAuditRow>('SELECT * FROM audit_log WHERE action IN (?, ?) ORDER BY seq', TRUST_ACTIONS.add, TRUST_ACTIONS.remove)
  for (const raw of rows) {
    const row = toAuditRow(raw)
    const fingerprint = row.details.fingerprint
    if (!isChained(ws.db, row, ws.paths.auditHead) || typeof fingerprint !== 'string') continue
    decisions.set(fingerprint, {action: row.action === TRUST_ACTIONS.add ? 'add' : 'remove', name: String(row.details.name ?? ''), seq: row.seq})
  }

  return decisions
}

/** One key file of a trust store and whether verify uses it; `problem` says why not. */
export interface TrustEntry {
  folder: string
  file: string
  /** The fingerprint of the key the file holds (from the file name when it cannot be read). */
  fingerprint: string
  key: TrustedKey | null
  trusted: boolean
  problem: string | null
}

const rejected = (folder: string, file: string, key: TrustedKey | null, why: string): TrustEntry => ({
  file,
  fingerprint: key?.fingerprint ?? file.replace(/\.pem$/, ''),
  folder,
  key,
  problem: `信任库中的 ${file} ${why}，未采用`,
  trusted: false,
})

/** Judges one file of a workspace's store against the audit chain's decisions. */
const assessWorkspaceFile = (folder: string, file: string, decisions: Map<string, TrustDecision>): TrustEntry => {
  let key: TrustedKey
  try {
    key = readTrustedKey(folder, file)
  } catch (error) {
    return rejected(folder, file, null, `无法读取（${(error as Error).message}）`)
  }

  if (`${key.fingerprint}.pem` !== file) return rejected(folder, file, key, `的文件名与其中公钥的指纹（${key.fingerprint}）不符`)
  const decision = decisions.get(key.fingerprint)
  if (!decision) return rejected(folder, file, key, '没有审计记录（不是用 zfjl key trust add 加入的）')
  if (decision.action === 'remove') return rejected(folder, file, key, `对应的公钥已于第 ${decision.seq} 条审计记录移除信任`)
  if (decision.name !== key.name) return rejected(folder, file, key, `与第 ${decision.seq} 条审计记录不符（单位名称记为「${decision.name}」，文件中为「${key.name}」）`)
  return {file, fingerprint: key.fingerprint, folder, key, problem: null, trusted: true}
}

/**
 * Every key file in the workspace's `.zfjl/trust/`, each trusted only when the audit chain leaves it
 * added under the same fingerprint and unit name: a file copied in, edited, or put back after
 * `key trust remove` is listed with its problem and not used.
 */
export const workspaceTrustEntries = (ws: Workspace, decisions = auditedTrustDecisions(ws)): TrustEntry[] =>
  trustedKeyFiles(ws.paths.trust).map((file) => assessWorkspaceFile(ws.paths.trust, file, decisions))

/** The files of the workspace's store that verify does not use, for `audit verify`. */
export const workspaceTrustProblems = (ws: Workspace): TrustEntry[] => workspaceTrustEntries(ws).filter((entry) => !entry.trusted)

/** The entries of the store `key trust` acts on: a user-level store has no audit chain, so its files are taken as they are. */
export const trustStoreEntries = (store: TrustStore): TrustEntry[] => {
  if (store.ws) return workspaceTrustEntries(store.ws)
  return trustedKeyFiles(store.folder).map((file) => {
    try {
      const key = readTrustedKey(store.folder, file)
      return {file, fingerprint: key.fingerprint, folder: store.folder, key, problem: null, trusted: true}
    } catch (error) {
      return rejected(store.folder, file, null, `无法读取（${(error as Error).message}）`)
    }
  })
}

export const trustKey = (store: TrustStore, publicKeyPem: string, name: string): TrustedKey => {
  if (!store.ws) return addTrustedKey(store.folder, publicKeyPem, name)
  const {ws} = store
  return ws.transact((audit) => {
    // A file already there without a standing audit record is not a trusted key: adding replaces it.
    const fingerprint = publicKeyFingerprint(publicKeyPem)
    const present = workspaceTrustEntries(ws).find((entry) => entry.file === `${fingerprint}.pem`)
    const key = addTrustedKey(store.folder, publicKeyPem, name, new Date(), {replace: present !== undefined && !present.trusted})
    const replaced = present && !present.trusted ? {replaced: present.problem} : {}
    audit({action: TRUST_ACTIONS.add, details: {algorithm: key.algorithm, fingerprint: key.fingerprint, name: key.name, ...replaced}, subject: key.fingerprint})
    return key
  })
}

export const untrustKey = (store: TrustStore, fingerprint: string): TrustedKey => {
  if (!store.ws) return removeTrustedKey(store.folder, fingerprint)
  return store.ws.transact((audit) => {
    const key = removeTrustedKey(store.folder, fingerprint)
    audit({action: TRUST_ACTIONS.remove, details: {algorithm: key.algorithm, fingerprint: key.fingerprint, name: key.name}, subject: key.fingerprint})
    return key
  })
}

export interface AcceptedKey {
  key: TrustedKey
  /** `workspace`: the workspace's audited store; `user`: ZFJL_TRUST_DIR (no audit chain). */
  store: 'workspace' | 'user'
  folder: string
}

/** The keys verify accepts besides --pubkey and the workspace's own, and the store entries it refused. */
export interface TrustDecisions {
  accepted: AcceptedKey[]
  refused: TrustEntry[]
}

/**
 * Both stores, when present. Inside a workspace its audit chain decides: a key it removed is not taken
 * from ZFJL_TRUST_DIR either, and a key only ZFJL_TRUST_DIR holds is accepted as from that store
 * (verify says so), never as the workspace's own decision. Outside a workspace, ZFJL_TRUST_DIR as it is.
 */
export const trustDecisions = (ws: Workspace | null): TrustDecisions => {
  const decisions = ws ? auditedTrustDecisions(ws) : new Map<string, TrustDecision>()
  const workspaceEntries = ws ? workspaceTrustEntries(ws, decisions) : []
  const accepted: AcceptedKey[] = workspaceEntries.filter((entry) => entry.trusted).map((entry) => ({folder: entry.folder, key: entry.key!, store: 'workspace'}))
  const refused = workspaceEntries.filter((entry) => !entry.trusted)
  const userFolder = userTrustFolder()
  if (!userFolder || (ws && resolve(userFolder) === resolve(ws.paths.trust))) return {accepted, refused}
  for (const entry of trustStoreEntries({folder: userFolder, ws: null})) {
    if (!entry.key) {
      refused.push(entry)
      continue
    }

    const decision = decisions.get(entry.fingerprint)
    if (decision?.action === 'remove') {
      refused.push({...entry, problem: `${TRUST_DIR_ENV} 信任库（${userFolder}）中的 ${entry.file} 对应的公钥已于本工作区第 ${decision.seq} 条审计记录移除信任，未采用`, trusted: false})
    } else if (!accepted.some((known) => known.key.fingerprint === entry.fingerprint)) {
      accepted.push({folder: userFolder, key: entry.key, store: 'user'})
    }
  }

  return {accepted, refused}
}
