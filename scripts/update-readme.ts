import {execa} from 'execa'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {EXIT_CODES} from '../src/cli/exit-codes.js'
import {writeFileAtomic} from '../src/platform/atomic-file.js'

/**
 * Regenerates the generated documentation: the command reference in docs/commands.md (from the oclif
 * manifest, so every command with its examples) and README's exit-code table (from
 * src/cli/exit-codes.ts, the one table).
 */
const readmePath = join(import.meta.dirname, '..', 'README.md')
const referencePath = join(import.meta.dirname, '..', 'docs', 'commands.md')
await execa('npx', ['oclif', 'readme', '--no-aliases', '--no-source-links', '--readme-path', referencePath], {stdio: 'inherit'})

const table = [
  '| 退出码 | 类别 | 含义 |',
  '|---|---|---|',
  ...EXIT_CODES.map((entry) => `| ${entry.code} | \`${entry.kind}\` | ${entry.meaning} |`),
].join('\n')
const readme = readFileSync(readmePath, 'utf8').replace(
  /<!-- exit-codes -->[\s\S]*<!-- exit-codes-stop -->/,
  `<!-- exit-codes -->\n${table}\n\n\`zfjl exit-codes\` 打印同一张表。各命令的具体拒绝原因见其 \`--json\` 输出中的 \`error.code\`。\n<!-- exit-codes-stop -->`,
)
writeFileAtomic(readmePath, readme)
