import {Config} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {beforeAll, describe, expect, it} from 'vitest'

import {caseNewArgs, makeCase, makeTempDir, makeWorkspace, PROJECT_ROOT, spawnCli} from '../helpers/cli.js'

const TRACER = pathToFileURL(join(PROJECT_ROOT, 'test', 'helpers', 'module-trace.mjs')).href

/** Runs the real CLI with the module tracer preloaded; returns its result and every module URL it loaded. */
const spawnTraced = async (args: string[]) => {
  const trace = join(makeTempDir('zfjl-trace-'), 'modules.txt')
  const result = await spawnCli(args, {env: {NODE_OPTIONS: `--import=${TRACER}`, ZFJL_MODULE_TRACE: trace}})
  return {...result, modules: readFileSync(trace, 'utf8').split('\n').filter(Boolean)}
}

const loaded = (modules: string[], packagePath: string) => modules.some((url) => url.includes(`/node_modules/${packagePath}`))

/**
 * What a read command must not load: documents, PDF, fonts, QR codes, prompts, SM2, media parsers,
 * the zip reader, the box table (output is piped here), chinese-days' lunar tables (only a year without
 * a State Council arrangement needs them) and the semver oclif would load for its engine check.
 */
const NOT_FOR_READING = [
  'docx/',
  'docxtemplater/',
  'pizzip/',
  'pdfkit/',
  'fontkit/',
  'qrcode/',
  '@inquirer/',
  'sm-crypto-v2/',
  'exifr/',
  'music-metadata/',
  'yauzl/',
  'cli-table3/',
  'chinese-days/dist/index',
  'semver/',
]

// Module sets, not milliseconds: timings live in bench/startup.ts.
describe('what the real process loads to start', () => {
  it('--version prints the line oclif prints, without loading oclif or any other package', async () => {
    const {userAgent} = await Config.load(PROJECT_ROOT)
    for (const args of [['--version'], ['--version', '--json']]) {
      const result = await spawnTraced(args)
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.stdout).toBe(userAgent)
      expect(result.stderr).toBe('')
      expect(result.modules.filter((url) => url.includes('/node_modules/'))).toEqual([])
    }
  })

  describe('case list and check on a case of a year with a State Council arrangement', () => {
    let ws: string
    let caseId: string
    beforeAll(async () => {
      ws = await makeWorkspace()
      caseId = await makeCase(ws, 'penalty-general', ['--filed-at', '2024-03-04'])
    })

    const reads = () => [
      ['case', 'list', '--as-of', '2024-06-03', '--workspace', ws],
      ['case', 'list', '--as-of', '2024-06-03', '--workspace', ws, '--json'],
      ['check', caseId, '--as-of', '2024-06-03', '--workspace', ws],
      ['check', caseId, '--as-of', '2024-06-03', '--workspace', ws, '--json'],
    ]

    it('load none of the heavy packages, yet the catalog and the working-day data they use', async () => {
      for (const args of reads()) {
        const result = await spawnTraced(args)
        expect(result.exitCode, result.stderr).toBeLessThanOrEqual(1)
        expect(result.stdout).toContain(caseId)
        // The trace sees both kinds of module: ES modules at load, CommonJS required by CommonJS at exit.
        expect(loaded(result.modules, 'better-sqlite3/'), args.join(' ')).toBe(true)
        expect(loaded(result.modules, '@oclif/core/lib/config/config.js'), args.join(' ')).toBe(true)
        expect(loaded(result.modules, 'chinese-days/dist/chinese-days.json'), args.join(' ')).toBe(true)
        expect(NOT_FOR_READING.filter((path) => loaded(result.modules, path)), args.join(' ')).toEqual([])
        // Nor zfjl's own heavy parts: the signing key code (only init makes a key), the digest threads, the packer.
        const own = ['/dist/platform/signing/', '/dist/platform/digest/', '/dist/archive/pack-case.js']
        expect(own.filter((path) => result.modules.some((url) => url.includes(path))), args.join(' ')).toEqual([])
      }
    })

    it('a script creating a case (no terminal, nothing to ask) does not load the prompts', async () => {
      const result = await spawnTraced(caseNewArgs(ws, 'penalty-general', ['--filed-at', '2024-03-05']))
      expect(result.exitCode, result.stderr).toBe(0)
      expect(loaded(result.modules, 'better-sqlite3/')).toBe(true)
      expect(loaded(result.modules, '@inquirer/')).toBe(false)
    })
  })
})
