import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {createCase, insertEvent, type NewCaseInput} from '../../cases/case-service.js'
import {conflict} from '../../platform/errors.js'
import type {OfficerConfig} from '../../workspace/config.js'
import {type Workspace} from '../../workspace/workspace.js'
import {initWorkspace} from '../../workspace/init-workspace.js'
import type {DemoContext, DemoStep, DemoStepResult} from './demo-step.js'
import {DEMO_PEOPLE, demoPerson, demoStep as accessStep} from './steps/access.js'
import {demoStep as archiveStep} from './steps/archive.js'
import {demoStep as documentsStep} from './steps/documents.js'
import {demoStep as mediaStep} from './steps/media.js'
import {demoStep as rulesStep} from './steps/rules.js'

interface ScriptedEvent {
  event: string
  at: string
  note?: string
}

interface DemoScript {
  workspace: {unit: string; code: string; officers: OfficerConfig[]}
  case: NewCaseInput
  /** Steps before the documents: 立案, 平台录入, 调查取证, 询问. */
  events: ScriptedEvent[]
  /** Steps after the decision was served: 缴纳罚款, 结案, 办理结果录入平台. */
  closingEvents: ScriptedEvent[]
}

export interface DemoResult {
  workspace: string
  caseId: string
  steps: DemoStepResult[]
}

const recordEvents = (ws: Workspace, caseId: string, events: ScriptedEvent[]): void =>
  ws.transact((audit) => {
    for (const event of events) insertEvent(ws, audit, caseId, event.event, {at: event.at, note: event.note})
  })

/** 缴纳罚款, 结案 and 平台录入 come after the documents and media, as in a real case. */
const closingStep = (script: DemoScript): DemoStep => async ({caseId, ws}) => {
  recordEvents(ws, caseId, script.closingEvents)
  return {step: '缴纳罚款、结案、录入平台', summary: [script.closingEvents.map((event) => `${event.event}（${event.at}）`).join(' → ')]}
}

/**
 * Builds a workspace at `dir` from examples/ and runs one realistic case through every capability.
 * A folder that already holds anything is refused, so two demos never mix.
 */
export const runDemo = async (
  dir: string,
  examplesDir: string,
  onStep: (result: DemoStepResult) => void,
  progress: (message: string) => void,
): Promise<DemoResult> => {
  const root = resolve(dir)
  if (existsSync(root) && readdirSync(root).length > 0) {
    throw conflict('DEMO_EXISTS', `${root} 已存在且不为空（可能是上一次的演示），为免混淆拒绝运行。请换一个目录或先移走它。`)
  }

  const script = JSON.parse(readFileSync(join(examplesDir, 'demo-case.json'), 'utf8')) as DemoScript
  // One machine plays every person of the case, so the demo identifies people as declared; its
  // administrator is the head, and nobody else may change the roster (see README 复制与保密).
  const ws = initWorkspace({
    administrator: demoPerson('head'),
    code: script.workspace.code,
    dir: root,
    identity: 'declared',
    officers: script.workspace.officers,
    people: DEMO_PEOPLE.map((person) => ({certNo: null, name: person.name, roles: [person.role]})),
    unit: script.workspace.unit,
  })
  const results: DemoStepResult[] = []
  const report = (result: DemoStepResult) => {
    results.push(result)
    onStep(result)
  }

  try {
    const people = DEMO_PEOPLE.map((person) => `${person.name}（${person.title}）`)
    report({
      step: '创建工作区',
      summary: [`${script.workspace.unit}（机关代字 ${script.workspace.code}）：${root}`, `人员与角色：${people.join('；')}`],
    })
    const record = createCase(ws, script.case)
    recordEvents(ws, record.id, script.events)
    report({
      step: '立案并记录程序事件',
      summary: [
        `案件 ${record.id}：${record.title}（当事人 ${record.parties[0].name}）`,
        `执法人员 ${record.officers.map((officer) => officer.name).join('、')}；事件 ${script.events.map((event) => event.event).join(' → ')}`,
      ],
    })
    const context: DemoContext = {caseId: record.id, examplesDir, progress, ws}
    // The capabilities' steps, in the order a real case meets them.
    for (const step of [documentsStep, mediaStep, closingStep(script), rulesStep, archiveStep, accessStep]) {
      // Steps build on each other's records, so they run one after another.
      report(await step(context))
    }

    return {caseId: record.id, steps: results, workspace: root}
  } finally {
    ws.close()
  }
}
