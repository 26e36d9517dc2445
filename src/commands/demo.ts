import {Args} from '@oclif/core'
import {fileURLToPath} from 'node:url'

import {BaseCommand} from '../cli/base-command.js'
import {type DemoResult, runDemo} from '../app/demo/run-demo.js'

export default class Demo extends BaseCommand<typeof Demo> {
  static override summary = '演示：用 examples/ 中的示例建立工作区，把一个真实案件走完全部能力'
  static override description =
    '在 DIR（默认 ./zfjl-demo）新建工作区，依次演示立案、事件、文书（填写、审批、送达）、音像证据导入与交接、期限与完整性检查、签名归档与校验、光盘标签、复制审批与导出。DIR 已存在且非空时拒绝运行。'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> /tmp/zfjl-demo --json']

  static override args = {
    dir: Args.string({default: 'zfjl-demo', description: '演示工作区目录'}),
  }

  async run(): Promise<DemoResult> {
    const examplesDir = fileURLToPath(new URL('../../examples', import.meta.url))
    const result = await runDemo(
      this.args.dir,
      examplesDir,
      (step) => {
        if (this.jsonEnabled()) return
        this.log(`■ ${step.step}`)
        for (const line of step.summary) this.log(`  ${line}`)
      },
      (message) => this.status(message),
    )
    if (!this.jsonEnabled()) this.log(`\n演示完成。工作区：${result.workspace}（可用 zfjl case show ${result.caseId} -w ${result.workspace} 查看）`)
    return result
  }
}
