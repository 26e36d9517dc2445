import YAML from 'yaml'

import type {DocumentType} from '../law/documents.js'
import type {FieldDef, FieldKind} from '../law/document-fields.js'

const KIND_HINTS: Record<FieldKind, string> = {
  choice: '取下列值之一',
  date: '日期 YYYY-MM-DD',
  datetime: '日期时间 YYYY-MM-DD HH:mm',
  flag: '是 或 否',
  list: '列表，每条一项',
  money: '金额（元），如 5000',
  number: '数字',
  signatures: '签名列表，每人一项',
  text: '文字',
}

const AUTO_HINTS: Record<string, string> = {
  'case.id': '案件编号',
  'case.officers': '案件的执法人员及执法证号',
  'case.title': '案由',
  'config.court': '工作区配置的人民法院',
  'config.reviewBody': '工作区配置的复议机关',
  'config.unit': '执法机构名称',
  'document.date': '文书日期',
  'party.address': '当事人地址',
  'party.idNumber': '当事人证件号码',
  'party.type': '案件登记的当事人类型',
  'party.name': '当事人名称',
  'policy.statementPeriodDays': '工作区的陈述申辩期限',
}

const describe = (field: FieldDef): string => {
  const parts = [field.required ? '必填' : '可选', field.kind === 'choice' ? `${KIND_HINTS.choice}：${field.choices?.join('、') ?? ''}` : KIND_HINTS[field.kind]]
  if (field.auto) parts.push(`留空则取${AUTO_HINTS[field.auto] ?? field.auto}`)
  if (field.defaultValue !== undefined) parts.push(`默认 ${field.defaultValue}`)
  return `${field.label}（${parts.join('；')}）`
}

const scalar = (value: unknown): string => (value === undefined || value === null || value === '' ? '' : ` ${YAML.stringify(value).trimEnd()}`)

/**
 * The data file for one 文书 as a commented YAML skeleton, as `git commit` opens a message template:
 * each field with its label, whether it is required, its kind and where a blank value is taken from.
 * `values` pre-fills what is already known (a draft, --data, --set). Parsed back by readDataFile's YAML.
 */
export const fillDataTemplate = (type: DocumentType, fields: readonly FieldDef[], values: Record<string, unknown> = {}): string => {
  const lines = [
    `# ${type.name}（${type.id}）的填写数据。以 # 开头的行是说明，保存时会被忽略。`,
    '# 必填字段留空会被要求补填；可选字段留空则不打印。多行文字写成「键: |」后换行缩进。保存并关闭编辑器即开始生成。',
    '',
  ]
  for (const field of fields) {
    lines.push(`# ${describe(field)}`)
    if (field.kind === 'list' || field.kind === 'signatures') {
      const rows = Array.isArray(values[field.key]) ? (values[field.key] as Array<Record<string, unknown>>) : []
      lines.push(`${field.key}:`)
      for (const row of rows.length > 0 ? rows : [{}]) {
        ;(field.columns ?? []).forEach((column, index) => {
          lines.push(`  ${index === 0 ? '-' : ' '} ${column.key}:${scalar(row[column.key])}   # ${describe(column)}`)
        })
      }
    } else {
      lines.push(`${field.key}:${scalar(values[field.key])}`)
    }

    lines.push('')
  }

  return `${lines.join('\n').trimEnd()}\n`
}

/** What a person left in the file: blank fields and rows that are entirely blank removed. */
export const cleanFilledData = (data: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(data)
      .map(([key, value]): [string, unknown] => [
        key,
        Array.isArray(value)
          ? value.filter((row) => row && typeof row === 'object' && Object.values(row as Record<string, unknown>).some((cell) => cell !== null && cell !== ''))
          : value,
      ])
      .filter(([, value]) => value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)),
  )
