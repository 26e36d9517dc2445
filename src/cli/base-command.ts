import {Command, Errors, Flags, type Interfaces} from '@oclif/core'

import {identifyActor} from '../people/identity.js'
import {ZfjlError} from '../platform/errors.js'
import {restrictNewFiles} from '../platform/file-modes.js'
import {openWorkspace, type Workspace} from '../workspace/workspace.js'
import {exitCodeFor} from './exit-codes.js'

type GlobalFlags = (typeof BaseCommand)['baseFlags']
/** A command may redefine a global flag (case new's --officer lists officers): its own definition wins. */
export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<Omit<GlobalFlags, keyof T['flags']> & T['flags']>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export interface ErrorJson {
  error: {code: string; kind: string; message: string; exitCode: number; details?: Record<string, unknown>}
}

/**
 * Every zfjl command extends this. It owns --json, the workspace/officer flags and the one mapping
 * from failure kind to exit code: oclif v4 exits differently for the same error with and without
 * --json unless catch() sets process.exitCode *and* rethrows with that code, so both paths go here.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true
  /** Commands that only manage the roster (people …), which the administrator's unbound account may run. */
  static rosterOnly = false

  static override baseFlags = {
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
      enableJsonFlag: this.ctor.enableJsonFlag,
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

  /** Status and progress go to stderr, so stdout stays clean data; silent under --json. */
  protected status(message: string): void {
    if (!this.jsonEnabled()) process.stderr.write(`${message}\n`)
  }

  /**
   * Scripts read --json through a pipe: there it is plain JSON, without oclif's colouring pass, which
   * costs more than the command itself for large results.
   */
  public override logJson(json: unknown): void {
    if (process.stdout.isTTY) super.logJson(json)
    else process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  /** A check ran and found problems: the result is still printed, and the process exits 1. */
  protected markFindings(): void {
    process.exitCode = exitCodeFor('findings')
  }

  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    const json = describeError(error)
    process.exitCode = json.error.exitCode
    if (this.jsonEnabled()) {
      this.logJson(json)
      return
    }

    process.stderr.write(`错误：${json.error.message}\n`)
    throw new Errors.ExitError(json.error.exitCode)
  }

  protected override async finally(error: Error | undefined): Promise<unknown> {
    this.openedWorkspace?.close()
    return super.finally(error)
  }
}

const PARSE_ERROR_NAMES = new Set([
  'CLIParseError',
  'FailedFlagValidationError',
  'NonExistentFlagsError',
  'RequiredArgsError',
  'UnexpectedArgsError',
])

/** One JSON shape for every failure: {error: {code, kind, message, exitCode, details}}. */
export const describeError = (error: Error & {oclif?: {exit?: number}}): ErrorJson => {
  if (error instanceof ZfjlError) {
    return {
      error: {code: error.code, details: error.details, exitCode: exitCodeFor(error.kind), kind: error.kind, message: error.message},
    }
  }

  if (PARSE_ERROR_NAMES.has(error.name) || error.oclif?.exit === 2) {
    return {
      error: {code: 'USAGE', exitCode: exitCodeFor('usage'), kind: 'usage', message: `参数错误：${error.message}（用 --help 查看用法）`},
    }
  }

  const systemCode = (error as NodeJS.ErrnoException).code
  if (systemCode && /^E[A-Z]+$/.test(systemCode)) {
    return {error: {code: systemCode, exitCode: exitCodeFor('io'), kind: 'io', message: `读写失败：${error.message}`}}
  }

  return {error: {code: 'INTERNAL', exitCode: exitCodeFor('internal'), kind: 'internal', message: `内部错误：${error.message}`}}
}
