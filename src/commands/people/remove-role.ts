import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {parseRole, type Person, removeRoles, roleName} from '../../people/roles.js'

export default class PeopleRemoveRole extends BaseCommand<typeof PeopleRemoveRole> {
  static override summary = '取消人员的角色（记入审计）'
  static override description = '此人曾具有该角色的记录保留。只有执法机构负责人或工作区管理员可以取消他人的角色，不能为自己办理。'
  static override examples = ['<%= config.bin %> <%= command.id %> 赵敏 --role reviewer --reason 岗位调整']
  static override rosterOnly = true

  static override args = {
    name: Args.string({description: '姓名', required: true}),
  }

  static override flags = {
    reason: Flags.string({description: '理由', required: true}),
    role: Flags.string({description: '角色 id 或中文名称，可重复', multiple: true, required: true}),
  }

  async run(): Promise<Person> {
    const roles = this.flags.role.map((role) => parseRole(role))
    const person = removeRoles(this.workspace(), {name: this.args.name, reason: this.flags.reason, roles})
    if (!this.jsonEnabled()) this.log(`已取消 ${person.name} 的角色；现有角色：${person.roles.map((role) => roleName(role)).join('、') || '无'}`)
    return person
  }
}
