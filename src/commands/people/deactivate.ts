import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {deactivatePerson, type Person} from '../../people/roles.js'

export default class PeopleDeactivate extends BaseCommand<typeof PeopleDeactivate> {
  static override summary = '停用人员（不删除，记入审计）'
  static override description =
    '停用后此人不再能操作，也不能以任何角色审批或接收；其姓名与过去的操作记录保留。只有执法机构负责人或工作区管理员可以停用他人；可用 zfjl people reactivate 恢复。'
  static override rosterOnly = true
  static override examples = ['<%= config.bin %> <%= command.id %> 王强 --reason 调离本单位']

  static override args = {
    name: Args.string({description: '姓名', required: true}),
  }

  static override flags = {
    reason: Flags.string({description: '停用理由', required: true}),
  }

  async run(): Promise<Person> {
    const person = deactivatePerson(this.workspace(), {name: this.args.name, reason: this.flags.reason})
    if (!this.jsonEnabled()) this.log(`已停用 ${person.name}（${person.deactivated?.reason}）`)
    return person
  }
}
