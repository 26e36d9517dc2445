import {input, select} from '@inquirer/prompts'

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
}

/** Asks for each missing value in turn and returns them by key. */
export const askMissing = async (missing: MissingValue[]): Promise<Record<string, string>> => {
  const answers: Record<string, string> = {}
  for (const value of missing) {
    // Sequential on purpose: one question at a time on one terminal.
    answers[value.key] = await input({
      message: value.label,
      required: true,
      validate: value.validate ?? ((text) => (text.trim() ? true : '不能为空')),
    })
  }

  return answers
}

export interface Choice<T extends string> {
  value: T
  name: string
  description: string
}

/** One choice from a short list, on a terminal (check canPrompt first). */
export const askChoice = async <T extends string>(message: string, choices: ReadonlyArray<Choice<T>>, defaultValue: T): Promise<T> =>
  select({choices: [...choices], default: defaultValue, message})
