import {BaseCommand} from '../cli/base-command.js'
import {EXIT_CODES} from '../cli/exit-codes.js'
import {renderTable} from '../cli/render/table.js'

export interface ExitCodesResult {
  exitCodes: Array<{code: number; kind: string; meaning: string}>
}

export default class ExitCodes extends BaseCommand<typeof ExitCodes> {
  static override summary = '退出码表（所有命令通用，加不加 --json 都相同）'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<ExitCodesResult> {
    if (!this.jsonEnabled()) this.log(renderTable(['退出码', '类别', '含义'], EXIT_CODES.map((entry) => [entry.code, entry.kind, entry.meaning])))
    return {exitCodes: EXIT_CODES.map((entry) => ({...entry}))}
  }
}
