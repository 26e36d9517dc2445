import {execFileSync} from 'node:child_process'
import {statfsSync, statSync} from 'node:fs'

import {humanBytes} from '../platform/human-bytes.js'
import {todayLocal} from '../platform/local-time.js'
import {SIGNING_KEY_FILE_MODE} from '../platform/file-modes.js'
import {readPublicSigningKey, signingKeyFiles} from '../platform/signing/keys.js'
import {workspaceCalendar} from '../rules/check.js'
import {copiesAwaitingPlacement, foreignPlacements} from '../workspace/file-placement.js'
import {verifyWorkspaceAudit} from '../workspace/record-trail.js'
import type {Workspace} from '../workspace/workspace.js'

export type DoctorLevel = 'ok' | 'warning' | 'error'

export interface DoctorCheck {
  check: string
  level: DoctorLevel
  message: string
}

const MIN_NODE = [20, 9]
const LOW_DISK_BYTES = 2 * 1024 ** 3

const hasProgram = (program: string, args: string[]): boolean => {
  try {
    execFileSync(program, args, {stdio: 'ignore', timeout: 10_000})
    return true
  } catch {
    return false
  }
}

/** What the machine gives zfjl, whether or not a workspace is there. */
const machineChecks = (): DoctorCheck[] => {
  const [major, minor] = process.versions.node.split('.').map(Number)
  const nodeOk = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])
  return [
    {check: 'node', level: nodeOk ? 'ok' : 'error', message: `Node.js ${process.versions.node}${nodeOk ? '' : `：需要 ${MIN_NODE.join('.')} 或更高版本`}`},
    hasProgram('soffice', ['--version'])
      ? {check: 'libreoffice', level: 'ok', message: 'LibreOffice（soffice）可用：文书可转 PDF 预览'}
      : {check: 'libreoffice', level: 'warning', message: '未找到 LibreOffice（soffice）：文书仍可生成 .docx，只是不能在本机转 PDF 预览'},
    hasProgram('ffprobe', ['-version'])
      ? {check: 'ffprobe', level: 'ok', message: 'ffprobe 可用：AVI、MKV、MPEG-TS 等格式可读出时长和拍摄时间'}
      : {check: 'ffprobe', level: 'warning', message: '未找到 ffprobe（ffmpeg）：AVI、MKV、MPEG-TS 等格式的时长和拍摄时间将为空'},
  ]
}

const workspaceChecks = (ws: Workspace, now: Date): DoctorCheck[] => {
  const checks: DoctorCheck[] = []
  const today = todayLocal(ws.config.timezone, now)
  const nextYear = Number(today.slice(0, 4)) + 1
  const coverage = workspaceCalendar(ws).coverage()
  const covered = coverage.stateCouncil.includes(nextYear) || coverage.workspace.includes(nextYear)
  // The State Council publishes the next year's arrangement around November; from December on its absence matters.
  checks.push(
    covered
      ? {check: 'holidays', level: 'ok', message: `${nextYear} 年放假安排已有数据`}
      : {
          check: 'holidays',
          level: today.slice(5, 7) === '12' ? 'warning' : 'ok',
          message: `${nextYear} 年放假安排尚无数据：跨年期限按法定节日推算并标为暂定。国务院办公厅通知发布后，写入 ${ws.paths.calendarDir}/${nextYear}.json`,
        },
  )

  try {
    const key = readPublicSigningKey(ws.paths)
    const privateMode = statSync(signingKeyFiles(ws.paths).privateKey).mode & 0o777
    checks.push(
      // The group reads it to sign for the unit; anything beyond SIGNING_KEY_FILE_MODE lets others sign or change it.
      privateMode & ~SIGNING_KEY_FILE_MODE
        ? {check: 'signing-key', level: 'error', message: `签名私钥权限为 ${privateMode.toString(8)}，组外账户可读或组内可写：chmod 640 ${signingKeyFiles(ws.paths).privateKey}`}
        : {check: 'signing-key', level: 'ok', message: `签名密钥 ${key.algorithm.toUpperCase()}，指纹 ${key.fingerprint}`},
    )
  } catch (error) {
    const {code, message} = error as {code?: string; message: string}
    checks.push({check: 'signing-key', level: 'error', message: `签名密钥不可用：${message}${code === 'KEY_MISSING' ? '（用 zfjl key create 创建）' : ''}`})
  }

  const disk = statfsSync(ws.root)
  const free = disk.bavail * disk.bsize
  checks.push({check: 'disk', level: free < LOW_DISK_BYTES ? 'warning' : 'ok', message: `工作区所在磁盘剩余 ${humanBytes(free)}`})

  const mode = statSync(ws.root).mode & 0o777
  checks.push(
    mode & 0o007
      ? {check: 'permissions', level: 'warning', message: `工作区目录权限为 ${mode.toString(8)}，本机其他用户可读取证据和当事人信息：chmod o-rwx ${ws.root}`}
      : {check: 'permissions', level: 'ok', message: `工作区目录权限 ${mode.toString(8)}`},
  )

  const chain = verifyWorkspaceAudit(ws.db, ws.paths.auditHead)
  checks.push(
    chain.ok
      ? {check: 'audit-chain', level: 'ok', message: `审计链完整，共 ${chain.rows} 条${chain.head ? `，链头 ${chain.head.seq}:${chain.head.hash.slice(0, 16)}…` : ''}`}
      : {check: 'audit-chain', level: 'error', message: `审计链不一致：${chain.firstBroken?.message ?? chain.records.problems[0]?.message ?? ''}（详见 zfjl audit verify）`},
  )
  // Read-only, so not migrated: a workspace older than the table has no placements to look at.
  const placements = ws.db.hasTable('file_placements')
  const foreign = placements ? foreignPlacements(ws.db, ws.paths) : []
  const awaiting = placements ? [...copiesAwaitingPlacement(ws.db).values()] : []
  const foreignText = `数据库 file_placements 中有 ${foreign.length} 行指向 zfjl 不管理的位置，恢复时不会删除或移动任何文件，数据库可能被改动（详见 zfjl audit verify）：${foreign.map((row) => `staged=${row.staged}（${row.reason}）`).join('；')}`
  const awaitingText = `有 ${awaiting.length} 个已登记的文件尚未放到位（改名被拒绝，或目标名已被另一个文件占用）；下一条写入命令会重试，反复出现时请查明目标位置：${awaiting.map((row) => `${row.final} ← ${row.staged}${row.present ? '' : '（暂存副本也已不存在）'}`).join('；')}`
  const messages = [...(foreign.length > 0 ? [foreignText] : []), ...(awaiting.length > 0 ? [awaitingText] : [])]
  checks.push(
    messages.length === 0
      ? {check: 'file-placements', level: 'ok', message: '待放置文件记录均为 zfjl 自己的暂存文件'}
      : {check: 'file-placements', level: foreign.length > 0 ? 'error' : 'warning', message: messages.join('。')},
  )
  return checks
}

/** `zfjl doctor`: what would make zfjl fail or be wrong on this machine, each with how to fix it. */
export const runDoctor = (ws: Workspace | null, now = new Date()): DoctorCheck[] => [
  ...machineChecks(),
  ...(ws ? workspaceChecks(ws, now) : [{check: 'workspace', level: 'warning' as const, message: '不在 zfjl 工作区中：只检查了本机环境（用 -w 指定工作区）'}]),
]
