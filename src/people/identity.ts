import {forbidden} from '../platform/errors.js'
import {requireAuditedPersonChanges} from '../workspace/record-trail.js'
import type {Workspace} from '../workspace/workspace.js'
import {findPerson, findPersonByAccount, isAdministrator, normalizeName, type Person} from './roles.js'

export interface IdentifyOptions {
  /** --officer, else ZFJL_OFFICER: the person the command says acts. */
  declared?: string
  /** Who acts in `declared` mode when nothing is declared and no default is configured (case new: its first officer). */
  fallback?: string
  /** The command only manages the roster (people …): the administrator's OS account may run it before it is bound to anyone. */
  rosterOnly?: boolean
}

const registerHint = (subject: string): string =>
  `请执法机构负责人或工作区管理员用 zfjl people add ${subject} 登记（zfjl people list 查看名单）`

const requireActive = (ws: Workspace, person: Person | undefined, name: string): Person => {
  if (!person) {
    throw forbidden('ACTOR_UNKNOWN', `操作人 ${name} 不在工作区人员名单中，不能操作。${registerHint(`${name} --role <角色>`)}`, {name})
  }

  if (!person.active) {
    throw forbidden(
      'ACTOR_INACTIVE',
      `操作人 ${name} 已于 ${person.deactivated?.at} 停用（${person.deactivated?.reason}），不能操作。需要时由执法机构负责人用 zfjl people reactivate ${name} --reason <理由> 恢复`,
      {name},
    )
  }

  // Who acts, and under which account, must come from roster changes the program recorded.
  requireAuditedPersonChanges(ws, person.name)
  return person
}

/**
 * The workspace acting as the person who really runs the command, or a refusal (exit 5) before
 * anything is read for them or written:
 * - identity `account`: the person bound to the OS account; --officer / ZFJL_OFFICER may only repeat
 *   that person's name. The administrator's account, while bound to nobody, may only manage the roster.
 * - identity `declared`: the person --officer / ZFJL_OFFICER names (else the configured default),
 *   who must be registered and active.
 */
export const identifyActor = (ws: Workspace, options: IdentifyOptions = {}): Workspace => {
  const declared = options.declared ? normalizeName(options.declared) : undefined
  if (ws.config.identity === 'account') {
    const account = ws.actor.osUser
    const bound = findPersonByAccount(ws, account)
    if (bound) {
      if (declared && declared !== bound.name) {
        throw forbidden(
          'ACTOR_NOT_ACCOUNT',
          `系统账户 ${account} 绑定的是 ${bound.name}，不能以 ${declared} 的名义操作（本工作区按登录账户识别操作人；--officer / ZFJL_OFFICER 只能写本人）`,
          {account, declared, person: bound.name},
        )
      }

      return ws.as(requireActive(ws, bound, bound.name).name)
    }

    const administrator = ws.config.administrator
    if (options.rosterOnly && administrator?.account === account && administrator.name === null && !declared) return ws.as(account)
    throw forbidden(
      'ACTOR_UNBOUND',
      `系统账户 ${account} 未绑定任何人员，不能操作。${registerHint(`<姓名> --role <角色> --account ${account}`)}`,
      {account},
    )
  }

  const name = declared ?? ws.config.defaultOfficer ?? (options.fallback ? normalizeName(options.fallback) : undefined)
  if (!name) {
    const administrator = ws.as(ws.actor.osUser)
    if (options.rosterOnly && isAdministrator(administrator)) return administrator
    throw forbidden('ACTOR_REQUIRED', `没有指明操作人：用 --officer <姓名> 或环境变量 ZFJL_OFFICER 指定。${registerHint('<姓名> --role <角色>')}`)
  }

  return ws.as(requireActive(ws, findPerson(ws, name), name).name)
}
