/**
 * The prompt library is loaded only when a question is really asked: most runs (scripts, flags given)
 * never prompt, and loading it costs start-up time on every command that could.
 */
const inquirer = () => import('@inquirer/prompts')

/**
 * Prompts only when a person is there to answer: both ends are terminals, no --json, and not in CI.
 * Nightly scripts get a complete error listing every missing value instead of a hanging prompt.
 */
export const canPrompt = (json: boolean): boolean =>
  !json && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY) && !process.env.CI

export interface MissingValue {
  key: string
  label: string
  validate?: (value: string) => string | true
  /** Optional values may be left empty (Enter). */
  optional?: boolean
}

/**
 * The library's own words are English; everything it says is put into Chinese here, in one place:
 * confirm() would answer 「Yes」/「No」, select and checkbox list their keys as 「↑↓ navigate • ⏎ select」,
 * and input's `required` says 「You must provide a value」 (so emptiness is checked by validate instead).
 */
const yesNo = (value: boolean): string => (value ? '是' : '否')

const KEY_NAMES: Record<string, string> = {space: '空格', '⏎': '回车'}
const KEY_ACTIONS: Record<string, string> = {all: '全选', invert: '反选', navigate: '移动', select: '选定', submit: '确认'}

/** 「↑↓ 移动，回车 选定」 from the keys the prompt lists; the space bar in a checkbox ticks or unticks. */
const keysHelpTip = (keys: Array<[key: string, action: string]>): string =>
  `（${keys.map(([key, action]) => `${KEY_NAMES[key] ?? key} ${key === 'space' ? '选中/取消' : (KEY_ACTIONS[action] ?? action)}`).join('，')}）`

const CHINESE_THEME = {style: {keysHelpTip}}

const EMPTY_ANSWER = '不能为空'

/** Asks for each missing value in turn and returns them by key (empty optional answers are left out). */
export const askMissing = async (missing: MissingValue[]): Promise<Record<string, string>> => {
  const answers: Record<string, string> = {}
  const {input} = await inquirer()
  for (const value of missing) {
    // Sequential on purpose: one question at a time on one terminal.
    const answer = await input({
      message: value.label,
      validate: (text) => (text.trim() ? (value.validate?.(text) ?? true) : value.optional || EMPTY_ANSWER),
    })
    if (answer.trim()) answers[value.key] = answer
  }

  return answers
}

export interface ListColumn {
  key: string
  label: string
  optional: boolean
  validate?: (value: string) => string | true
}

/** A list field row by row (问/答, 证据, 物品 …): each row's columns, then 「再加一条？」. */
export const askRows = async (label: string, columns: ListColumn[]): Promise<Array<Record<string, string>>> => {
  const {confirm} = await inquirer()
  const rows: Array<Record<string, string>> = []
  do {
    process.stderr.write(`${label} 第 ${rows.length + 1} 条：\n`)
    rows.push(await askMissing(columns.map((column) => ({...column, label: `  ${column.label}`}))))
  } while (await confirm({default: true, message: `${label}：再加一条？`, transformer: yesNo}))
  return rows
}

export const askYesNo = async (message: string, defaultAnswer = true): Promise<boolean> => {
  const {confirm} = await inquirer()
  return confirm({default: defaultAnswer, message, transformer: yesNo})
}

export interface Choice<T extends string> {
  value: T
  name: string
  description: string
}

/** One choice from a short list, on a terminal (check canPrompt first). */
export const askChoice = async <T extends string>(message: string, choices: ReadonlyArray<Choice<T>>, defaultValue: T): Promise<T> => {
  const {select} = await inquirer()
  return select({choices: [...choices], default: defaultValue, message, theme: CHINESE_THEME})
}

export interface TickChoice {
  value: string
  name: string
  checked?: boolean
}

/**
 * Several entries of a list, ticked with the space bar (officers of a case, roles of a person), at
 * least `minimum` of them; `tooFew` is said, in Chinese, when fewer are ticked.
 */
export const askSeveral = async (message: string, choices: readonly TickChoice[], minimum: number, tooFew: string): Promise<string[]> => {
  const {checkbox} = await inquirer()
  return checkbox({
    choices: choices.map((choice) => ({checked: Boolean(choice.checked), name: choice.name, value: choice.value})),
    message,
    theme: CHINESE_THEME,
    validate: (chosen) => chosen.length >= minimum || tooFew,
  })
}

export interface PersonAnswer {
  name: string
  roles: string[]
  certNo?: string
  account?: string
}

export interface PeopleQuestions {
  /** The roles to tick, with their Chinese names. */
  roles: readonly TickChoice[]
  /** The role whose holders need a 执法证号. */
  certifiedRole: string
  /** Ask for each person's system account (identity `account`). */
  withAccount: boolean
  /** What is wrong with a typed name, 执法证号 or account (the rules `people add` applies), or null. */
  problem: (field: 'name' | 'certNo' | 'account', value: string) => string | null
  /** Whether the people so far make a working roster: then 「再加一位人员？」 defaults to no. */
  complete: (people: readonly PersonAnswer[]) => boolean
}

/** People one after the other (姓名, 角色, 执法证号 for officers, system account), then 「再加一位人员？」. */
export const askPeople = async (first: string, questions: PeopleQuestions): Promise<PersonAnswer[]> => {
  const {confirm, input} = await inquirer()
  const people: PersonAnswer[] = []
  const unused = (field: 'name' | 'account', value: string) => !people.some((person) => person[field] === value.trim())
  while (await confirm({default: !questions.complete(people), message: people.length === 0 ? first : '再加一位人员？', transformer: yesNo})) {
    const name = await input({
      message: `  第 ${people.length + 1} 位人员的姓名`,
      validate: (text) => questions.problem('name', text) ?? (unused('name', text) || `${text.trim()} 已经登记过`),
    })
    const roles = await askSeveral(`  ${name.trim()} 的角色（可兼任）`, questions.roles, 1, '请至少选择一个角色')
    const person: PersonAnswer = {name: name.trim(), roles}
    if (roles.includes(questions.certifiedRole)) {
      person.certNo = (await input({message: '  执法证号', validate: (text) => (text.trim() ? (questions.problem('certNo', text) ?? true) : '执法人员必须登记执法证号')})).trim()
    }

    if (questions.withAccount) {
      const account = await input({
        message: '  登录本机用的系统账户（可留空，以后用 zfjl people add <姓名> --account <账户> 绑定）',
        validate: (text) => !text.trim() || (questions.problem('account', text) ?? (unused('account', text) || `系统账户 ${text.trim()} 已绑定给别人`)),
      })
      if (account.trim()) person.account = account.trim()
    }

    people.push(person)
  }

  return people
}
