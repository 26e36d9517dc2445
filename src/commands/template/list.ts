import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {listTemplates, type TemplateListEntry} from '../../documents/templates.js'

export interface TemplateListResult {
  templates: TemplateListEntry[]
}

export default class TemplateList extends BaseCommand<typeof TemplateList> {
  static override summary = '列出 40 种文书的模板：内置或工作区自定义（templates/<id>.docx）'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<TemplateListResult> {
    const templates = listTemplates(this.optionalWorkspace())
    if (!this.jsonEnabled()) {
      this.log(
        renderTable(
          ['类型', '名称', '编号方式', '字段（必填）', '模板'],
          templates.map((entry) => [entry.type, entry.name, entry.numbering, `${entry.fields}（${entry.required}）`, entry.override ? `工作区：${entry.template}` : '内置']),
        ),
      )
    }

    return {templates}
  }
}
