import {Command, Errors, Flags, type Interfaces} from '@oclif/core'

import {identifyActor} from '../people/identity.js'
import {escapeControls} from '../platform/clean-text.js'
import {ZfjlError} from '../platform/errors.js'
import {isCatalogDiskFull, isCatalogIoFailure} from '../platform/db/catalog-errors.js'
import {restrictNewFiles} from '../platform/file-modes.js'
import {openWorkspace, openWorkspaceForReading, type Workspace} from '../workspace/workspace.js'
import {exitCodeFor} from './exit-codes.js'
import {translateParseError} from './parse-errors.js'

/** Bumped when a field of any command's --json result changes meaning or disappears; additions keep it. */
export const JSON_SCHEMA_VERSION = 1

type NextSteps = typeof import('../app/next-step.js')
type GlobalFlags = (typeof BaseCommand)['baseFlags']
/** A command may redefine a global flag (case new's --officer lists officers): its own definition wins. */
export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<Omit<GlobalFlags, keyof T['flags']> & T['flags']>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export interface ErrorJson {
  schemaVersion: typeof JSON_SCHEMA_VERSION
  ok: false
  error: {code: string; kind: string; message: string; exitCode: number; details?: Record<string, unknown>}
}

/**
 * Every zfjl command extends this. It owns --json, the workspace/officer flags and the one mapping
 * from failure kind to exit code: oclif v4 exits differently for the same error with and without
 * --json unless catch() sets process.exitCode *and* rethrows with that code, so both paths go here.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  // oclif's own --json flag is described in English on every help page; ours says the same in Chinese.
  static override enableJsonFlag = false
  /** Commands that only manage the roster (people …), which the administrator's unbound account may run. */
  static rosterOnly = false

  static override baseFlags = {
    json: Flags.boolean({description: '以 JSON 输出结果（脚本用；含 schemaVersion 与 ok）', helpGroup: 'GLOBAL'}),
    quiet: Flags.boolean({char: 'q', description: '不输出状态与进度信息（stderr）', helpGroup: 'GLOBAL'}),
    officer: Flags.string({
      description:
        '操作人姓名；默认取 ZFJL_OFFICER，再取工作区配置的默认人员。按账户识别的工作区（identity: account）中只能写登录账户绑定的本人',
      helpGroup: 'GLOBAL',
    }),
    workspace: Flags.string({
      char: 'w',
      description: '工作区目录；默认取 ZFJL_WORKSPACE，再从当前目录向上查找',
      helpGroup: 'GLOBAL',
    }),
  }

  protected flags!: BaseFlags<T>
  protected args!: BaseArgs<T>
  private openedWorkspace?: Workspace
  private actingWorkspace?: Workspace

  public override async init(): Promise<void> {
    restrictNewFiles()
    await super.init()
    const {args, flags} = await this.parse({
      args: this.ctor.args,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: false,
      flags: this.ctor.flags,
      strict: this.ctor.strict,
    })
    this.flags = flags as BaseFlags<T>
    this.args = args as BaseArgs<T>
  }

  /**
   * The workspace this command acts on, opened once and closed in finally(), acting as the person
   * identifyActor finds (the OS account's person, or the one --officer / ZFJL_OFFICER names); an
   * unknown, deactivated or impersonated actor is refused here, before the command reads or writes
   * anything. Commands whose --officer lists case officers pass their own fallback.
   */
  protected workspace(fallbackActor?: string): Workspace {
    if (this.actingWorkspace) return this.actingWorkspace
    const {officer, workspace} = this.flags as {officer?: unknown; workspace?: string}
    const declared = (typeof officer === 'string' ? officer : undefined) || process.env.ZFJL_OFFICER || undefined
    this.openedWorkspace = openWorkspace({workspace})
    this.actingWorkspace = identifyActor(this.openedWorkspace, {
      declared,
      fallback: fallbackActor,
      rosterOnly: (this.ctor as typeof BaseCommand).rosterOnly,
    })
    return this.actingWorkspace
  }

  /**
   * --json as oclif reads it (before a `--`), decided from argv so that it holds before parsing, and
   * for errors raised by the parser itself.
   */
  public override jsonEnabled(): boolean {
    const end = this.argv.indexOf('--')
    return (end === -1 ? this.argv : this.argv.slice(0, end)).includes('--json')
  }

  /**
   * For commands that are useful outside a workspace too (template list, doctor): the
   * workspace when one is found, else null. A workspace named explicitly (-w or ZFJL_WORKSPACE) that
   * does not exist is always an error, never silently ignored.
   */
  protected optionalWorkspace(): Workspace | null {
    try {
      return this.workspace()
    } catch (error) {
      const named = (this.flags as {workspace?: string}).workspace ?? process.env.ZFJL_WORKSPACE
      if (error instanceof ZfjlError && error.code === 'WORKSPACE_NOT_FOUND' && !named) return null
      throw error
    }
  }

  /**
   * For commands that only read what they are given (archive verify, copy verify, archive label): the
   * workspace if there is one, opened read-only, so running in any folder creates or migrates no
   * database there. A folder with a zfjl.json but no database is not taken for a workspace (say so).
   */
  protected workspaceForReading(): Workspace | null {
    const {workspace} = this.flags as {workspace?: string}
    const {ignored, ws} = openWorkspaceForReading({workspace})
    if (ignored) this.status(`提示：${ignored} 有 zfjl.json 但没有工作区数据库，不是完整的工作区，未采用其中的密钥与记录`)
    if (ws) this.openedWorkspace = ws
    return ws
  }

  /**
   * For commands that inspect the workspace's integrity (audit verify, audit log): opened read-only and
   * acting as nobody, so a roster or chain that can no longer be trusted does not stop the inspection
   * that finds out why. With no workspace found, or a folder with zfjl.json but no database, a refusal:
   * opening it for writing would create and migrate a database there.
   */
  protected workspaceToInspect(): Workspace {
    const {workspace} = this.flags as {workspace?: string}
    const {ws} = openWorkspaceForReading({required: true, workspace})
    this.openedWorkspace = ws!
    return ws!
  }

  /** Status and progress go to stderr, so stdout stays clean data; silent under --json and --quiet. */
  protected status(message: string): void {
    if (!this.jsonEnabled() && !this.isQuiet()) process.stderr.write(`${message}\n`)
  }

  /**
   * The 「下一步」 line of a command that created something: status on stderr, never in --json stdout,
   * and only worked out when it will be shown.
   */
  protected async nextStep(step: (steps: NextSteps) => string | null): Promise<void> {
    if (this.jsonEnabled() || this.isQuiet()) return
    // Loaded here: working the step out reads the checks, which a --json or -q run never needs.
    const command = step(await import('../app/next-step.js'))
    if (command) this.status(`下一步：${command}`)
  }

  protected isQuiet(): boolean {
    const end = this.argv.indexOf('--')
    const before = end === -1 ? this.argv : this.argv.slice(0, end)
    return before.includes('--quiet') || before.includes('-q')
  }

  /** Every result carries the schema version and `ok`: false when the command found problems (exit 1). */
  public override toSuccessJson(result: unknown): unknown {
    const {ok, ...fields} = (result ?? {}) as Record<string, unknown>
    return {schemaVersion: JSON_SCHEMA_VERSION, ok: typeof ok === 'boolean' ? ok : !process.exitCode, ...fields}
  }

  /**
   * Scripts read --json through a pipe: there it is plain JSON, without oclif's colouring pass, which
   * costs more than the command itself for large results.
   */
  public override logJson(json: unknown): void {
    if (process.stdout.isTTY) super.logJson(json)
    else process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  /**
   * A check ran and found problems: the result is still printed, and the process exits 1 (or 6 when
   * what it found is damaged evidence).
   */
  protected markFindings(kind: 'findings' | 'integrity' = 'findings'): void {
    process.exitCode = exitCodeFor(kind)
  }

  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (error.name === 'ExitPromptError' && !this.jsonEnabled()) {
      // Ctrl-C at a prompt: the person chose to stop; nothing was written, nothing to explain.
      process.exitCode = exitCodeFor('interrupted')
      throw new Errors.ExitError(exitCodeFor('interrupted'))
    }

    const json = describeError(error)
    process.exitCode = json.error.exitCode
    if (this.jsonEnabled()) {
      this.logJson(json)
      return
    }

    // A message may quote what the user typed; a terminal must not execute it.
    process.stderr.write(`错误：${escapeControls(json.error.message)}\n`)
    throw new Errors.ExitError(json.error.exitCode)
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    this.openedWorkspace?.close()
    return super.finally(error)
  }
}

const PARSE_ERROR_NAMES = new Set([
  'CLIParseError',
  'ArgInvalidOptionError',
  'FailedFlagValidationError',
  'FlagInvalidOptionError',
  'ViolatedFlagConstraintError',
  'NonExistentFlagsError',
  'RequiredArgsError',
  'UnexpectedArgsError',
])

/** One JSON shape for every failure: {schemaVersion, ok: false, error: {code, kind, message, exitCode, details}}. */
export const describeError = (error: Error & {oclif?: {exit?: number}}): ErrorJson => {
  const failure = (body: ErrorJson['error']): ErrorJson => ({schemaVersion: JSON_SCHEMA_VERSION, ok: false, error: body})
  if (error instanceof ZfjlError) {
    return failure({code: error.code, details: error.details, exitCode: exitCodeFor(error.kind), kind: error.kind, message: error.message})
  }

  if (PARSE_ERROR_NAMES.has(error.name) || error.oclif?.exit === 2 || /^Flag --[\w-]+ expects a value$/.test(error.message)) {
    return failure({code: 'USAGE', exitCode: exitCodeFor('usage'), kind: 'usage', message: `参数错误：${translateParseError(error.message)}（用 --help 查看用法）`})
  }

  const systemCode = (error as NodeJS.ErrnoException).code
  // The file system's and the catalog's own words for a full disk. It may come after a COMMIT (the audit head,
  // a placement), so the message says what holds in either case instead of "nothing was done".
  if (systemCode && (systemCode === 'ENOSPC' || systemCode === 'EDQUOT' || isCatalogDiskFull(systemCode))) {
    return failure({code: systemCode, exitCode: exitCodeFor('io'), kind: 'io', message: `磁盘空间不足（或超出配额），写入被拒绝：已提交的记录完好，未提交的部分已撤回。腾出空间后先用 zfjl doctor 或 zfjl audit log 查看哪些已经完成，再决定是否重做：${error.message}`})
  }

  if (systemCode && (/^E[A-Z]+$/.test(systemCode) || isCatalogIoFailure(systemCode))) {
    return failure({code: systemCode, exitCode: exitCodeFor('io'), kind: 'io', message: `读写失败：${error.message}`})
  }

  return failure({code: 'INTERNAL', exitCode: exitCodeFor('internal'), kind: 'internal', message: `内部错误：${error.message}`})
}
