import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'vitest'

import {makeCase, makeTempDir, makeWorkspace, runCli} from '../helpers/cli.js'

/** `doc fill` arguments for a complete 责令改正通知书 (the party's type comes from the case). */
export const FILL_CORRECTION_ORDER = [
  'correction-order',
  '--set',
  'facts=未取得公共场所卫生许可证擅自营业',
  '--set',
  'violatedProvision=《公共场所卫生管理条例》第八条',
  '--set',
  'basis=《公共场所卫生管理条例实施细则》第三十六条',
  '--set',
  'requirements=立即停止经营活动，办理卫生许可证',
  '--set',
  'deadline=2026-12-20',
]

export interface ExportCase {
  dir: string
  caseId: string
  /** A 责令改正通知书 made by `zfjl doc fill`. */
  document: string
  /** Media ids in import order: a scene note, a photo of the party's ID card. */
  media: string[]
  /** A scratch folder outside the workspace for exports. */
  outDir: string
  cli: (args: string[]) => ReturnType<typeof runCli>
}

/**
 * A workspace made by the real CLI (init makes the signing key): one case with a document and two media files, and two heads
 * (王强, 刘芳) beside the configured officers 张伟 and 李娜.
 */
export const setUpExportCase = async (): Promise<ExportCase> => {
  const dir = await makeWorkspace()
  // The 责令改正通知书 addresses the party as 你/你单位, so the case records the party's type.
  const caseId = await makeCase(dir, 'penalty-general', ['--party-type', 'organization'])
  const cli = (args: string[]) => runCli([...args, '--workspace', dir])
  const outDir = makeTempDir('zfjl-export-out-')
  const sources = [join(outDir, '现场说明.txt'), join(outDir, '身份证照片.txt')]
  writeFileSync(sources[0], '现场检查说明：店内无卫生许可证公示。')
  writeFileSync(sources[1], '当事人身份证照片（演示数据）')
  const filled = await cli(['doc', 'fill', caseId, ...FILL_CORRECTION_ORDER, '--json'])
  expect(filled.exitCode, filled.stdout).toBe(0)
  const added = await cli(['media', 'add', caseId, ...sources, '--json'])
  expect(added.exitCode, added.stdout + added.stderr).toBe(0)
  for (const name of ['王强', '刘芳']) {
    const person = await cli(['people', 'add', name, '--role', 'head', '--json'])
    expect(person.exitCode, person.stdout).toBe(0)
  }

  const list = await cli(['media', 'list', caseId, '--json'])
  const media = (list.json.media ?? list.json) as Array<{id: string}>
  return {caseId, cli, dir, document: filled.json.id as string, media: media.map((item) => item.id), outDir}
}
