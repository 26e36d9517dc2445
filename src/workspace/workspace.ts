import {existsSync, realpathSync} from 'node:fs'
import {userInfo} from 'node:os'
import {basename, dirname, join, resolve} from 'node:path'

import {
  appendAudit,
  type Actor,
  type AuditEntry,
  currentAuditHead,
  EMPTY_AUDIT_HEAD,
  reconcileAuditHead,
  settleAuditHead,
  writeAuditHead,
} from '../platform/db/audit-chain.js'
import {isWithin} from '../platform/confined-path.js'
import {pausePoint} from '../platform/pause-point.js'
import {completePlacements, type Placement, placementsPending, recordPlacement, recoverPlacements} from './file-placement.js'
import {attachRecordDigests, recordWatermarks} from './record-trail.js'
import type {Catalog} from '../platform/db/catalog.js'
import {openCatalog, openCatalogReadOnly} from '../platform/db/database.js'
import {notFound, ZfjlError} from '../platform/errors.js'
import {readConfig, type WorkspaceConfig} from './config.js'

export const CONFIG_FILE = 'zfjl.json'
export const STATE_DIR = '.zfjl'

/** Where everything lives inside a workspace; the only place that knows the layout. */
export const workspacePaths = (root: string) => ({
  auditHead: join(root, STATE_DIR, 'audit-head.json'),
  calendarDir: join(root, 'calendar'),
  cases: join(root, 'cases'),
  config: join(root, CONFIG_FILE),
  database: join(root, STATE_DIR, 'zfjl.db'),
  keys: join(root, STATE_DIR, 'keys'),
  root,
  /** Local rule changes read by `check` (rules.json). */
  rules: join(root, 'rules.json'),
  /**
   * Files being written (evidence copies and documents waiting for their transaction to commit before
   * they are renamed into place, a pack's zip until it is complete): on the workspace's file system,
   * outside every case folder, never read by any verify, swept on the next run (file-placement.ts).
   */
  staging: join(root, STATE_DIR, 'staging'),
  state: join(root, STATE_DIR),
  templates: join(root, 'templates'),
  trust: join(root, STATE_DIR, 'trust'),
})

export type WorkspacePaths = ReturnType<typeof workspacePaths>

/** Sub-folders of every case folder. */
export const CASE_FOLDERS = {
  archive: 'archive',
  documents: 'documents',
  electronic: 'electronic',
  media: 'media',
} as const

export const casePaths = (root: string, caseId: string) => {
  const base = join(root, 'cases', caseId)
  return {
    archive: join(base, CASE_FOLDERS.archive),
    base,
    documents: join(base, CASE_FOLDERS.documents),
    electronic: join(base, CASE_FOLDERS.electronic),
    media: join(base, CASE_FOLDERS.media),
  }
}


/**
 * Whether `realPath` (a path with symlinks resolved) is something zfjl keeps in the workspace whose
 * real root is `realRoot`: its state (database, keys, audit head, staging), configuration, rules,
 * templates, calendars or case folders (registered evidence, documents, archives), or a database file
 * of ours anywhere. Such a path is never a source of evidence.
 */
export const isManagedPath = (realRoot: string, realPath: string): boolean => {
  if (/^zfjl\.db(?:-.*)?$/.test(basename(realPath))) return true
  // Most sources (a camera card, a download folder) lie outside the workspace: nothing more to ask.
  if (!isWithin(realRoot, realPath)) return false
  const paths = workspacePaths(realRoot)
  return [paths.state, paths.config, paths.rules, paths.cases, paths.templates, paths.calendarDir].some((managed) => isWithin(managed, realPath))
}

export const osUserName = (): string => {
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? 'unknown'
  }
}

export class Workspace {
  readonly root: string
  readonly paths: WorkspacePaths
  readonly config: WorkspaceConfig
  readonly db: Catalog
  readonly actor: Actor

  /** `actorName` defaults to ZFJL_OFFICER, then the configured default; a command learns the real actor from identifyActor (src/people/identity.ts). */
  constructor(root: string, config: WorkspaceConfig, db: Catalog, actorName?: string) {
    this.root = root
    this.paths = workspacePaths(root)
    this.config = config
    this.db = db
    this.actor = {
      name: actorName || process.env.ZFJL_OFFICER || config.defaultOfficer || osUserName(),
      osUser: osUserName(),
    }
  }

  casePaths(caseId: string) {
    return casePaths(this.root, caseId)
  }

  /**
   * The same workspace (one database connection) acting as `name`. Used once the acting person is
   * known (src/people/identity.ts) and by scripts that record several people's steps in one process
   * (the demo). Close only the workspace it came from.
   */
  as(name: string): Workspace {
    return new Workspace(this.root, this.config, this.db, name)
  }

  /**
   * Runs `work` in one write transaction (the catalog's write lock, so concurrent commands queue) and appends
   * the audit rows it reports in that same transaction, each carrying the digests of the catalog rows
   * it records. Under the write lock it first checks the recorded head against the table and refuses
   * to append to a chain that lost rows, and finishes what a killed command left. The head file names
   * the coming head as `pending` before COMMIT and is settled after it, under the write lock again,
   * together with the renames of the files `work` placed, so no writer can leave either behind.
   */
  transact<T>(work: (audit: (entry: AuditEntry) => void, place: (placement: Placement) => void) => T): T {
    let appended = false
    const placements: Placement[] = []
    const result = this.db.writeTransaction(() => {
      reconcileAuditHead(this.db, this.paths.auditHead)
      recoverPlacements(this.db, this.paths)
      const before = recordWatermarks(this.db)
      const entries: AuditEntry[] = []
      const value = work(
        (entry) => entries.push(entry),
        (placement) => {
          recordPlacement(this.db, placement, this.config.timezone)
          placements.push(placement)
        },
      )
      if (entries.length > 0) {
        const previous = currentAuditHead(this.db) ?? EMPTY_AUDIT_HEAD
        for (const entry of attachRecordDigests(this.db, before, entries)) appendAudit(this.db, this.actor, entry)
        writeAuditHead(this.paths.auditHead, {...previous, pending: currentAuditHead(this.db)!})
        appended = true
        pausePoint('audit.before-commit')
      }

      return value
    })
    if (appended || placements.length > 0) {
      pausePoint('audit.after-commit')
      this.db.writeTransaction(() => {
        settleAuditHead(this.db, this.paths.auditHead)
        completePlacements(this.db, placements)
      })
    }

    return result
  }

  /** Finishes or undoes what a killed command left (see file-placement.ts); cheap when nothing is pending. */
  recover(): void {
    if (placementsPending(this.db, this.paths.staging)) this.db.writeTransaction(() => recoverPlacements(this.db, this.paths))
  }

  close(): void {
    this.db.close()
  }
}

/**
 * Finds the workspace root: --workspace, else ZFJL_WORKSPACE, else walking up from `cwd` like git. The
 * root is named as the file system names it (symlinks resolved), so that every process, however it
 * reached the workspace, spells the paths it records (file placements above all) the same way.
 */
export const locateWorkspace = (explicit?: string, cwd = process.cwd()): string => {
  const given = explicit ?? process.env.ZFJL_WORKSPACE
  if (given) {
    const root = resolve(cwd, given)
    if (!existsSync(join(root, CONFIG_FILE))) {
      throw notFound('WORKSPACE_NOT_FOUND', `${root} 不是 zfjl 工作区（缺少 ${CONFIG_FILE}）。用 zfjl init ${given} --unit <执法机构名称> --code <机关代字> 创建。`)
    }

    return realpathSync(root)
  }

  let dir = resolve(cwd)
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return realpathSync(dir)
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }

  throw notFound(
    'WORKSPACE_NOT_FOUND',
    '当前目录及其上级目录中没有 zfjl 工作区。用 zfjl init <目录> --unit <执法机构名称> --code <机关代字> 创建，或用 --workspace / ZFJL_WORKSPACE 指定。',
  )
}

export interface OpenOptions {
  workspace?: string
  cwd?: string
}

export const openWorkspace = (options: OpenOptions = {}): Workspace => {
  const root = locateWorkspace(options.workspace, options.cwd)
  const paths = workspacePaths(root)
  const config = readConfig(paths.config)
  const workspace = new Workspace(root, config, openCatalog(paths.database))
  workspace.recover()
  return workspace
}

/**
 * The workspace for a command that only reads (archive verify, copy verify, archive label): opened
 * read-only, so no database is created or migrated. None when no workspace is found, or when the
 * folder found holds a zfjl.json but no database: that is no workspace of ours (its key must not be
 * trusted because a file says so), and `ignored` names it. An explicit --workspace or ZFJL_WORKSPACE
 * that is no complete workspace is an error, and so is any such workspace when one is `required`.
 */
export const openWorkspaceForReading = (options: OpenOptions & {required?: boolean} = {}): {ws: Workspace | null; ignored: string | null} => {
  const explicit = options.required === true || (options.workspace ?? process.env.ZFJL_WORKSPACE) !== undefined
  let root: string
  try {
    root = locateWorkspace(options.workspace, options.cwd)
  } catch (error) {
    if (!explicit && error instanceof ZfjlError && error.code === 'WORKSPACE_NOT_FOUND') return {ignored: null, ws: null}
    throw error
  }

  const paths = workspacePaths(root)
  if (!existsSync(paths.database)) {
    if (explicit) throw notFound('WORKSPACE_INCOMPLETE', `${root} 有 ${CONFIG_FILE} 但没有工作区数据库（${paths.database}）：不是完整的 zfjl 工作区`)
    return {ignored: root, ws: null}
  }

  return {ignored: null, ws: new Workspace(root, readConfig(paths.config), openCatalogReadOnly(paths.database))}
}
