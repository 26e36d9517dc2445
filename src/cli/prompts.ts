/**
 * @inquirer/prompts (some fifteen packages) is loaded at the first question, not with the module:
 * `case new` and `init` import this file, and scripts run them without a terminal, never prompted.
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

const requireText = (text: string): string | true => (text.trim() ? true : '不能为空')

/** Asks for each missing value in turn and returns them by key (empty optional answers are left out). */
export const askMissing = async (missing: MissingValue[]): Promise<Record<string, string>> => {
  const {input} = await inquirer()
  const answers: Record<string, string> = {}
  for (const value of missing) {
    // Sequential on purpose: one question at a time on one terminal.
    const answer = await input({
      message: value.label,
      required: !value.optional,
      validate: (text) => (value.optional && !text.trim() ? true : (value.validate ?? requireText)(text)),
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
  } while (await confirm({default: true, message: `${label}：再加一条？`}))
  return rows
}

export const askYesNo = async (message: string, defaultAnswer = true): Promise<boolean> => (await inquirer()).confirm({default: defaultAnswer, message})

export interface Choice<T extends string> {
  value: T
  name: string
  description: string
}

/** One choice from a short list, on a terminal (check canPrompt first). */
export const askChoice = async <T extends string>(message: string, choices: ReadonlyArray<Choice<T>>, defaultValue: T): Promise<T> =>
  (await inquirer()).select({choices: [...choices], default: defaultValue, message})
