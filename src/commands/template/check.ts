import {readFileSync} from 'node:fs'
import {basename} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {ioError} from '../../platform/errors.js'
import {findDocumentType} from '../../law/documents.js'
import {requireDocumentType} from '../../documents/fill-document.js'
import {checkTemplate, type TemplateProblem} from '../../documents/template-check.js'

export interface TemplateCheckResult {
  file: string
  type: string | null
  ok: boolean
  tags: string[]
  problems: TemplateProblem[]
}

export default class TemplateCheck extends BaseCommand<typeof TemplateCheck> {
  static override summary = '检查 Word 模板：被拆分到多个 run 的标签、未声明的标签、缺少的必填字段（有问题时退出码 1）'
  static override examples = [
    '<%= config.bin %> <%= command.id %> templates/penalty-decision.docx',
    '<%= config.bin %> <%= command.id %> 我的决定书.docx --type penalty-decision --json',
  ]

  static override args = {
    file: Args.string({description: '.docx 模板文件', required: true}),
  }

  static override flags = {
    type: Flags.string({description: '文书类型（默认取文件名，如 penalty-decision.docx）'}),
  }

  async run(): Promise<TemplateCheckResult> {
    const {file} = this.args
    const type = this.flags.type ? requireDocumentType(this.flags.type).id : (findDocumentType(basename(file).replace(/\.docx$/i, ''))?.id ?? null)
    let bytes: Buffer
    try {
      bytes = readFileSync(file)
    } catch (error) {
      throw ioError('TEMPLATE_UNREADABLE', `无法读取模板 ${file}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    }

    const check = checkTemplate(bytes, type)
    const result: TemplateCheckResult = {file, ok: check.problems.length === 0, problems: check.problems, tags: check.tags, type}
    if (!this.jsonEnabled()) {
      if (!type) this.log('未能从文件名确定文书类型，只检查了标签拆分；用 --type 指定类型以检查字段。')
      if (result.ok) this.log(`模板检查通过：${file}（${check.tags.length} 个标签）`)
      else for (const problem of check.problems) this.log(`✗ ${problem.message}`)
    }

    if (!result.ok) this.markFindings()
    return result
  }
}
