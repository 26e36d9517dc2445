import {Args, Flags} from '@oclif/core'

import {confidentialView, viewDocument} from '../../access/confidential-view.js'
import {BaseCommand} from '../../cli/base-command.js'
import {type ServeResult, serveDocument} from '../../documents/document-actions.js'
import {SERVICE_METHODS, type ServiceMethod} from '../../documents/document-store.js'

export default class DocServe extends BaseCommand<typeof DocServe> {
  static override summary = '送达文书：登记送达，生成送达回证，并记录相应事件（如 decision-served）'
  static override examples = [
    '<%= config.bin %> <%= command.id %> 2026-0001 D05 --to 王某 --method direct',
    '<%= config.bin %> <%= command.id %> 2026-0001 珠卫罚〔2026〕12号 --to 衡阳市某某足浴店 --method mail --at 2026-04-02T10:00',
    '<%= config.bin %> <%= command.id %> 2026-0001 D07 --to 衡阳市某某足浴店 --method public --reason 经营场所已关闭，负责人下落不明，邮寄退回',
  ]

  static override args = {
    case: Args.string({description: '案件编号 YYYY-NNNN', required: true}),
    doc: Args.string({description: '文书 id 或文号/编号', required: true}),
  }

  static override flags = {
    at: Flags.string({description: '送达时间 YYYY-MM-DD 或 YYYY-MM-DDTHH:mm（默认现在）'}),
    method: Flags.string({
      description: `送达方式：${Object.entries(SERVICE_METHODS).map(([id, name]) => `${id}（${name}）`).join('、')}`,
      options: Object.keys(SERVICE_METHODS),
      required: true,
    }),
    reason: Flags.string({description: '公告送达的原因和经过（受送达人下落不明，或其他方式无法送达；--method public 时必填）'}),
    to: Flags.string({description: '受送达人', required: true}),
  }

  async run(): Promise<ServeResult> {
    const {flags} = this
    const ws = this.workspace()
    const served = serveDocument(ws, this.args.case, this.args.doc, {
      at: flags.at,
      method: flags.method as ServiceMethod,
      reason: flags.reason,
      to: flags.to,
    })
    const view = confidentialView(ws, this.args.case)
    const result = {...served, document: viewDocument(view, served.document), receipt: viewDocument(view, served.receipt)}
    if (!this.jsonEnabled()) {
      this.log(`${result.document.id}《${result.document.name}》已于 ${result.service.at} ${SERVICE_METHODS[result.service.method]}给 ${result.service.to}`)
      this.log(`  送达回证：${result.receipt.id}  ${result.receipt.file}`)
      if (result.event) this.log(`  已记录事件 ${result.event.event}（#${result.event.id}）`)
    }

    await this.nextStep((steps) => steps.nextStepForCase(ws, served.document.caseId))

    return result
  }
}
