import {appendFileSync} from 'node:fs'
import {createRequire, register} from 'node:module'
import {pathToFileURL} from 'node:url'

/**
 * Preloaded into a spawned CLI (`NODE_OPTIONS=--import <this file>`, ZFJL_MODULE_TRACE=<file>): appends
 * the URL of every module the process loads to the file, one a line, so a test can assert which
 * modules a command loads. ES modules are seen by the load hook as they load; CommonJS modules that
 * other CommonJS code requires never pass the hook, so those are taken from the require cache at exit.
 */
const trace = process.env.ZFJL_MODULE_TRACE
if (trace) {
  register('./module-trace-hook.mjs', import.meta.url, {data: {trace}})
  process.on('exit', () => {
    const required = Object.keys(createRequire(import.meta.url).cache)
    appendFileSync(trace, required.map((path) => `${pathToFileURL(path).href}\n`).join(''))
  })
}
