import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {addPerson, type AddPersonResult, parseRole, roleName, ROLES} from '../../people/roles.js'

export default class PeopleAdd extends BaseCommand<typeof PeopleAdd> {
  static override summary = '登记人员或为已有人员增加角色（记入审计）'
  static override description = `角色：${ROLES.map((role) => `${role.id}（${role.name}，${role.article}）`).join('；')}。一人可兼多个角色；执法人员须有执法证号。人员只能停用，不能删除。`

  static override examples = [
    '<%= config.bin %> <%= command.id %> 王强 --role head',
    '<%= config.bin %> <%= command.id %> 赵敏 --role reviewer --role approver',
    '<%= config.bin %> <%= command.id %> 陈刚 --role officer --cert 44010020260003',
  ]

  static override args = {
    name: Args.string({description: '姓名', required: true}),
  }

  static override flags = {
    cert: Flags.string({description: '执法证号（执法人员必填）'}),
    role: Flags.string({description: '角色 id 或中文名称，可重复', multiple: true, required: true}),
  }

  async run(): Promise<AddPersonResult> {
    const roles = this.flags.role.map((role) => parseRole(role))
    const result = addPerson(this.workspace(), {certNo: this.flags.cert, name: this.args.name, roles})
    if (!this.jsonEnabled()) {
      const held = result.person.roles.map((role) => roleName(role)).join('、')
      this.log(result.created ? `已登记 ${result.person.name}：${held}` : `已更新 ${result.person.name}：现有角色 ${held}`)
    }

    return result
  }
}
