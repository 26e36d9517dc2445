#!/usr/bin/env node
// `node scripts/run-parallel.mjs typecheck lint`: the named npm scripts at once (the two cores
// of a CI machine are otherwise half idle while each compiles alone); fails when any of them fails.
import {spawn} from 'node:child_process'

const run = (script) =>
  new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], {stdio: 'inherit'})
    child.on('close', (code) => resolve(code === 0 ? null : `${script} 失败（退出码 ${code}）`))
  })

const failures = (await Promise.all(process.argv.slice(2).map((script) => run(script)))).filter(Boolean)
for (const failure of failures) process.stderr.write(`${failure}\n`)
process.exitCode = failures.length > 0 ? 1 : 0
