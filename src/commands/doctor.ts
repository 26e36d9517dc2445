import {type DoctorCheck, runDoctor} from '../app/doctor.js'
import {BaseCommand} from '../cli/base-command.js'
import {tone} from '../cli/render/tone.js'

export interface DoctorResult {
  checks: DoctorCheck[]
}

const LEVEL_NAMES = {error: '错误', ok: '正常', warning: '提醒'} as const

export default class Doctor extends BaseCommand<typeof Doctor> {
  static override summary = '体检：Node 版本、LibreOffice 与 ffprobe、下一年放假安排、签名密钥、磁盘空间、工作区权限、审计链'
  static override description = '有错误时退出码为 1；提醒不影响退出码。'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<DoctorResult> {
    // Read-only and acting as nobody: a check-up must run even when the roster or chain cannot be trusted.
    const checks = runDoctor(this.workspaceForReading())
    if (!this.jsonEnabled()) {
      for (const entry of checks) this.log(`${tone(`〔${LEVEL_NAMES[entry.level]}〕`, entry.level === 'ok' ? 'ok' : entry.level)} ${entry.message}`)
    }

    if (checks.some((entry) => entry.level === 'error')) this.markFindings()
    return {checks}
  }
}
