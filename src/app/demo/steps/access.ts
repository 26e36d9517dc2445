import {join} from 'node:path'

import {loadCaseItems} from '../../../access/case-items.js'
import {grantCopy, requestCopy} from '../../../access/copy-approval.js'
import {exportCase} from '../../../access/export.js'
import {markItems} from '../../../access/marks.js'
import {addPerson, findPerson, type Role} from '../../../people/roles.js'
import {verifyExport} from '../../../access/verify-export.js'
import {ZfjlError} from '../../../platform/errors.js'
import type {Workspace} from '../../../workspace/workspace.js'
import type {DemoStep} from '../demo-step.js'

/** The people the demo case needs beside its two officers; other steps refer to them by these names. */
export const DEMO_PEOPLE: ReadonlyArray<{name: string; role: Role; title: string}> = [
  {name: '赵敏', role: 'reviewer', title: '法制审核人员'},
  {name: '周强', role: 'approver', title: '分管副局长'},
  {name: '王建国', role: 'head', title: '局长（执法机构负责人）'},
  {name: '陈静', role: 'custodian', title: '档案管理员'},
]

export const demoPerson = (role: Role): string => DEMO_PEOPLE.find((person) => person.role === role)!.name

/**
 * Registers the demo's reviewer, approver, head and custodian (or gives an existing person the missing
 * role); safe to call from every step that needs them. Returns who was added or changed.
 */
export const setUpDemoPeople = (ws: Workspace): string[] =>
  DEMO_PEOPLE.filter((person) => !findPerson(ws, person.name)?.roles.includes(person.role)).map((person) => {
    addPerson(ws, {name: person.name, roles: [person.role]})
    return `${person.name}（${person.title}）`
  })

const refusalLine = async (attempt: () => Promise<unknown>): Promise<string> => {
  try {
    await attempt()
  } catch (error) {
    if (error instanceof ZfjlError) return `${error.code}：${error.message}`
    throw error
  }

  throw new Error('演示中预期被拒绝的操作却成功了')
}

/**
 * 第四十六、四十七条 in one pass: a photo showing the party's ID card is marked as privacy, an officer
 * asks for a copy of the whole case for the reconsideration reply, the export is refused while the
 * request is pending, the requester cannot grant it in the head's name, the head grants it in person,
 * one signed zip is exported (the marked photo left out), it verifies, and a second export on the
 * one-shot grant is refused. Each person acts as themselves (`ws.as`), as they would at their own login.
 */
export const demoStep: DemoStep = async ({caseId, progress, ws}) => {
  const requester = ws.config.officers[1]?.name ?? ws.config.officers[0].name
  const head = demoPerson('head')
  const items = loadCaseItems(ws, caseId)
  const summary: string[] = []
  const confidential = items.find((item) => item.kind === 'media') ?? items[0]
  if (confidential) {
    markItems(ws, {caseId, class: 'privacy', reason: '画面含当事人及顾客面部、身份证件', refs: [confidential.id]}, items)
    summary.push(`${confidential.id}（${confidential.label}）标记为个人隐私（第四十七条）`)
  }

  const asRequester = ws.as(requester)
  const request = requestCopy(asRequester, {all: true, caseId, purpose: '行政复议答复材料'}, items)
  summary.push(`${requester} 申请复制全案 ${request.items.length} 个文件：${request.id}（用途：${request.purpose}）`)
  const out = join(ws.root, 'exports', `复制件-${caseId}.zip`)
  const pending = await refusalLine(() => exportCase(asRequester, {approval: request.id, caseId, out}, items))
  summary.push(`审批前导出被拒绝 → ${pending}`)
  const impersonated = await refusalLine(async () => grantCopy(asRequester, request.id, {by: head}))
  summary.push(`申请人以负责人名义批准被拒绝 → ${impersonated}`)

  grantCopy(ws.as(head), request.id, {})
  summary.push(`${head}（执法机构负责人）本人批准 ${request.id}，不含涉密文件，仅限一次（第四十六条）`)
  progress('正在导出并签署清单…')
  const exported = await exportCase(asRequester, {approval: request.id, caseId, out}, items)
  const verified = await verifyExport(out, ws)
  summary.push(
    `导出 ${exported.export}：${exported.files.length} 个文件 → ${out}；跳过涉密 ${exported.skipped.length} 个；` +
      `清单 ${exported.signature.algorithm.toUpperCase()} 签名${verified.ok ? '校验通过' : '校验未通过'}`,
  )
  const reuse = await refusalLine(() => exportCase(asRequester, {approval: request.id, caseId, out: join(ws.root, 'exports', 'again.zip')}, items))
  summary.push(`再次使用同一批准被拒绝 → ${reuse}`)
  summary.push('zfjl audit log --action export 可查谁、何时、依据谁的批准复制了什么')
  return {step: '复制审批与导出（第四十六、四十七条）', summary}
}
