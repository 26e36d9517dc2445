import {BaseCommand} from '../../cli/base-command.js'
import {renderTable} from '../../cli/render/table.js'
import {listPeople, type Person, roleName, ROLES} from '../../people/roles.js'

export interface PeopleListResult {
  people: Person[]
  roles: typeof ROLES
}

export default class PeopleList extends BaseCommand<typeof PeopleList> {
  static override summary = '列出人员及其角色（执法人员、审核人、批准人、执法机构负责人、档案管理员）'
  static override description =
    '人员来自工作区配置（zfjl.json 的 officers 为执法人员；可选的 people 列表 [{name, roles, certNo}]）以及 zfjl people add / deactivate 的记录。停用的人员仍列出（第四十五、四十八条）。'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override rosterOnly = true

  async run(): Promise<PeopleListResult> {
    const people = listPeople(this.workspace())
    if (!this.jsonEnabled()) {
      this.log(
        renderTable(
          ['姓名', '角色', '执法证号', '系统账户', '状态', '来源'],
          people.map((person) => [
            person.name,
            person.roles.map((role) => `${roleName(role)}（${role}）`).join('、'),
            person.certNo,
            person.account,
            person.active ? '在用' : `已停用（${person.deactivated?.at}，${person.deactivated?.reason}）`,
            person.source === 'config' ? '配置文件' : 'people add',
          ]),
        ),
      )
    }

    return {people, roles: ROLES}
  }
}
