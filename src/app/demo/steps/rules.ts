import {evaluateCaseInWorkspace} from '../../../rules/check.js'
import {KIND_NAMES, SEVERITY_NAMES, shortArticle} from '../../../law/labels.js'
import type {DemoStep} from '../demo-step.js'

/**
 * The demo's last step: `zfjl check` on its case. The demo leaves one duty undone on purpose, so the
 * summary shows the check finding it, with the article it applies.
 */
export const demoStep: DemoStep = async ({caseId, progress, ws}) => {
  progress(`检查案件 ${caseId} 的期限、文书、音像记录、审批和送达回证……`)
  const {deadlines, findings} = evaluateCaseInWorkspace(ws, caseId)
  const errors = findings.filter((finding) => finding.severity === 'error')
  const running = deadlines.filter((row) => row.status === 'pending' || row.status === 'due-soon')
  const met = deadlines.filter((row) => row.status === 'met')
  return {
    step: '检查（zfjl check）',
    summary: [
      `期限：按时 ${met.length} 项，进行中 ${running.length} 项${running[0] ? `（如「${running[0].name}」到期日 ${running[0].due}${running[0].provisional ? '，暂定' : ''}）` : ''}`,
      `发现错误 ${errors.length} 项、提醒 ${findings.length - errors.length} 项${findings.length > 0 ? '：' : ''}`,
      ...findings.slice(0, 5).map((finding) => `  〔${SEVERITY_NAMES[finding.severity]}·${KIND_NAMES[finding.kind]}〕${finding.message}（${shortArticle(finding.article)}）`),
      ...(findings.length > 5 ? [`  ……共 ${findings.length} 项，详见 zfjl check ${caseId}`] : []),
    ],
  }
}
