import {humanBytes} from '../../platform/human-bytes.js'

export interface ProgressBar {
  update(done: number, total: number): void
  finish(): void
}

const WIDTH = 24
const REDRAW_MS = 100

/**
 * A one-line progress bar with bytes and rate, redrawn in place on `stream`. Only for a terminal:
 * callers pass `null` when stderr is not a TTY (or under --json), and get a bar that draws nothing.
 */
export const createProgressBar = (stream: NodeJS.WriteStream | null, label: string): ProgressBar => {
  if (!stream) return {finish() {}, update() {}}
  const started = Date.now()
  let lastDraw = 0
  let drawn = false
  const draw = (done: number, total: number) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1
    const filled = Math.round(fraction * WIDTH)
    const seconds = Math.max(0.001, (Date.now() - started) / 1000)
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${Math.floor(fraction * 100)}% ${humanBytes(done)}/${humanBytes(total)} ${humanBytes(done / seconds)}/s`
    stream.write(`\r${line}\u001b[K`)
    drawn = true
  }

  let latest = {done: 0, total: 0}
  return {
    finish() {
      if (drawn) {
        draw(latest.total, latest.total)
        stream.write('\n')
      }
    },
    update(done, total) {
      latest = {done, total}
      const now = Date.now()
      if (now - lastDraw < REDRAW_MS) return
      lastDraw = now
      draw(done, total)
    },
  }
}
