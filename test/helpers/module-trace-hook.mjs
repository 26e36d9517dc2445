import {appendFileSync} from 'node:fs'

/** The module hook of module-trace.mjs (it runs on the loader's own thread). */
let trace

export const initialize = (data) => {
  trace = data.trace
}

export const load = async (url, context, nextLoad) => {
  appendFileSync(trace, `${url}\n`)
  return nextLoad(url, context)
}
