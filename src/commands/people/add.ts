import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../cli/base-command.js'
import {addPerson, type AddPersonResult, parseRole, roleName, ROLES} from '../../people/roles.js'

export default class PeopleAdd extends BaseCommand<typeof PeopleAdd> {
  static override summary = '登记人员、为已有人员增加角色或绑定系统账户（记入审计）'
  static override description = `角色：${ROLES.map((role) => `${role.id}（${role.name}，${role.article}）`).join('；')}。一人可兼多个角色；执法人员须有执法证号。人员只能停用，不能删除。只有执法机构负责人或工作区管理员可以登记人员、更改角色，且不能为自己办理。--account 绑定此人登录本机用的系统账户：按账户识别的工作区中，此人只能用这个账户操作。`
  static override rosterOnly = true

  static override examples = [
    '<%= config.bin %> <%= command.id %> 王强 --role head',
    '<%= config.bin %> <%= command.id %> 赵敏 --role reviewer --role approver',
    '<%= config.bin %> <%= command.id %> 陈刚 --role officer --cert 44010020260003 --account chengang',
    '<%= config.bin %> <%= command.id %> 张伟 --account zhangwei',
  ]

  static override args = {
    name: Args.string({description: '姓名', required: true}),
  }

  static override flags = {
    account: Flags.string({description: '此人登录用的系统账户（一个账户只对应一人）'}),
    cert: Flags.string({description: '执法证号（执法人员必填）'}),
    role: Flags.string({description: '角色 id 或中文名称，可重复；为已有人员只绑定账户时可省略', multiple: true}),
  }

  async run(): Promise<AddPersonResult> {
    const roles = (this.flags.role ?? []).map((role) => parseRole(role))
    const result = addPerson(this.workspace(), {account: this.flags.account, certNo: this.flags.cert, name: this.args.name, roles})
    if (!this.jsonEnabled()) {
      const held = result.person.roles.map((role) => roleName(role)).join('、')
      this.log(result.created ? `已登记 ${result.person.name}：${held}` : `已更新 ${result.person.name}：现有角色 ${held}`)
    }

    await this.nextStep((steps) => steps.nextStepForRoster(this.workspace()))

    return result
  }
}
