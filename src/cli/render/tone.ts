/**
 * Colour for what needs attention (错误, 已逾期 red; 提醒, 即将到期 yellow; 按时 green), on a terminal
 * only and never when NO_COLOR is set (no-color.org) or the output is piped.
 */
export type Tone = 'error' | 'warning' | 'ok'

const CODES: Record<Tone, [number, number]> = {error: [31, 39], ok: [32, 39], warning: [33, 39]}

export const colourEnabled = (): boolean => Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb'

export const tone = (text: string, kind: Tone | undefined): string => {
  if (!kind || !colourEnabled()) return text
  const [open, close] = CODES[kind]
  return `\u001B[${open}m${text}\u001B[${close}m`
}
