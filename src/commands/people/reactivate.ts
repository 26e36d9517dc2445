import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {type Person, reactivatePerson} from '../../people/roles.js'

export default class PeopleReactivate extends BaseCommand<typeof PeopleReactivate> {
  static override summary = '恢复已停用的人员（记入审计）'
  static override description = '恢复后此人重新具有停用前的角色。只有执法机构负责人或工作区管理员可以恢复他人，不能恢复自己。'
  static override examples = ['<%= config.bin %> <%= command.id %> 王强 --reason 调回本单位']
  static override rosterOnly = true

  static override args = {
    name: Args.string({description: '姓名', required: true}),
  }

  static override flags = {
    reason: Flags.string({description: '恢复理由', required: true}),
  }

  async run(): Promise<Person> {
    const person = reactivatePerson(this.workspace(), {name: this.args.name, reason: this.flags.reason})
    if (!this.jsonEnabled()) this.log(`已恢复 ${person.name}`)
    return person
  }
}
