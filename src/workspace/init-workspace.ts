import {chmodSync, existsSync, mkdirSync, realpathSync, rmSync} from 'node:fs'
import {resolve} from 'node:path'

import {EMPTY_AUDIT_HEAD, writeAuditHead} from '../platform/db/audit-chain.js'
import {openCatalog} from '../platform/db/database.js'
import {conflict} from '../platform/errors.js'
import {DIR_MODE, FILE_MODE, SHARED_DIR_MODE} from '../platform/file-modes.js'
import {createSigningKey, DEFAULT_SIGNING_ALGORITHM, type SigningAlgorithm} from '../platform/signing/keys.js'
import {assertUnit, type IdentityMode, newConfig, type OfficerConfig, type PersonConfig, writeConfig} from './config.js'
import {osUserName, Workspace, workspacePaths} from './workspace.js'

/*
 * Kept apart from workspace.ts: only `init` (and the demo) make a workspace, and making one loads the
 * signing key code that every other command, reading or writing, can start without.
 */

export interface InitOptions {
  dir: string
  unit: string
  code: string
  officers?: OfficerConfig[]
  /** People with roles beyond the officers, written into zfjl.json. */
  people?: PersonConfig[]
  officer?: string
  /** How the acting person is known; `account` unless asked otherwise. */
  identity?: IdentityMode
  /**
   * The administrator's name in `declared` mode; by default the first officer (the default operator).
   * In `account` mode the OS account running init is the administrator.
   */
  administrator?: string
  /** The unit's signing key for archives and exports (SM2 per GB/T 32918 unless Ed25519 is asked for). */
  keyAlgorithm?: SigningAlgorithm
}

/**
 * Creates a workspace, or refuses when `dir` already holds one (or anything of ours), changing nothing.
 * The config file is written last: until it exists the folder is not a workspace, and a failed init
 * removes what it had created, leaving nothing that later commands (or the next init) would take for one.
 */
export const initWorkspace = (options: InitOptions): Workspace => {
  assertUnit(options.unit, options.code)
  const root = resolve(options.dir)
  const paths = workspacePaths(root)
  if (existsSync(paths.config) || existsSync(paths.state)) {
    throw conflict('WORKSPACE_EXISTS', `${root} 已经是 zfjl 工作区，未做任何改动。`)
  }

  // The folders this init creates: a failure before the config is written removes them again, so the
  // folder holds no half workspace and the next init starts clean (they hold nothing but this init's own).
  const created = [root, paths.cases, paths.state].filter((path) => !existsSync(path)).reverse()
  mkdirSync(paths.state, {mode: DIR_MODE, recursive: true})
  mkdirSync(paths.cases, {mode: DIR_MODE, recursive: true})
  // mkdir leaves out the set-group-ID bit; set it, so what colleagues make below keeps the workspace's group.
  for (const folder of [paths.state, paths.cases, ...(created.includes(root) ? [root] : [])]) chmodSync(folder, SHARED_DIR_MODE)
  let workspace: Workspace | undefined
  try {
    // The empty head: from now on a missing head file can only mean it was deleted.
    writeAuditHead(paths.auditHead, EMPTY_AUDIT_HEAD)
    const identity = options.identity ?? 'account'
    const administrator = {
      account: osUserName(),
      name: identity === 'declared' ? (options.administrator ?? options.officers?.[0]?.name ?? null) : null,
    }
    const config = newConfig({administrator, code: options.code, identity, officers: options.officers, people: options.people, unit: options.unit})
    workspace = new Workspace(realpathSync(root), config, openCatalog(paths.database), options.officer)
    // SQLite creates its files 0644 less the umask (0640): the group writes the catalog too; its WAL files follow its mode.
    chmodSync(paths.database, FILE_MODE)
    workspace.transact((audit) => {
      audit({
        action: 'workspace.init',
        details: {administrator, code: config.code, identity, officers: config.officers, people: config.people ?? [], unit: config.unit},
        subject: root,
      })
      const key = createSigningKey(paths, options.keyAlgorithm ?? DEFAULT_SIGNING_ALGORITHM)
      audit({action: 'key.create', details: {algorithm: key.algorithm, fingerprint: key.fingerprint}, subject: key.publicKeyPath})
    })
    writeConfig(paths.config, config)
    return workspace
  } catch (error) {
    workspace?.close()
    for (const path of created) rmSync(path, {force: true, recursive: true})
    throw error
  }
}
