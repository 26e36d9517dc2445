import type {AssessmentReport, ReportGroup} from '../../rules/report.js'
import {STATUS_NAMES} from '../../law/labels.js'

/**
 * The 考核 report as one HTML file: inline CSS and SVG, no script, no external fonts or images, so it
 * opens offline in any browser and can be mailed or archived as it is.
 */

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({'"': '&quot;', '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;'})[char] as string)

const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`)

const LABEL_WIDTH = 220
const BAR_WIDTH = 420
const ROW_HEIGHT = 26

const DEADLINE_PARTS = [
  {color: '#2e7d32', key: 'met', name: STATUS_NAMES.met},
  {color: '#ef6c00', key: 'metLate', name: STATUS_NAMES['met-late']},
  {color: '#c62828', key: 'overdue', name: STATUS_NAMES.overdue},
  {color: '#9e9e9e', key: 'running', name: STATUS_NAMES.pending},
] as const

const svgFrame = (title: string, rows: number, body: string, legend = ''): string => {
  const height = rows * ROW_HEIGHT + 40
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${LABEL_WIDTH + BAR_WIDTH + 90}" height="${height}" viewBox="0 0 ${LABEL_WIDTH + BAR_WIDTH + 90} ${height}">
<g font-size="13" font-family="sans-serif">${body}${legend}</g></svg></figure>`
}

const coverageChart = (title: string, groups: ReportGroup[]): string => {
  const rows = groups.filter((group) => group.avRequired > 0)
  if (rows.length === 0) return `<p class="empty">${escapeHtml(title)}：期间内没有需要音像记录的环节。</p>`
  const body = rows
    .map((group, index) => {
      const y = index * ROW_HEIGHT + 8
      const width = Math.round((group.avCoverage ?? 0) * BAR_WIDTH)
      return `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(group.label)}</text>
<rect x="${LABEL_WIDTH}" y="${y}" width="${BAR_WIDTH}" height="18" fill="#eceff1"/>
<rect x="${LABEL_WIDTH}" y="${y}" width="${width}" height="18" fill="${(group.avCoverage ?? 0) >= 1 ? '#2e7d32' : '#1565c0'}"/>
<text x="${LABEL_WIDTH + BAR_WIDTH + 6}" y="${y + 15}">${percent(group.avCoverage)}（${group.avCovered}/${group.avRequired}）</text>`
    })
    .join('\n')
  return svgFrame(title, rows.length, body)
}

const deadlineChart = (title: string, groups: ReportGroup[]): string => {
  const rows = groups.filter((group) => DEADLINE_PARTS.some((part) => group.deadlines[part.key] > 0))
  if (rows.length === 0) return `<p class="empty">${escapeHtml(title)}：期间内没有已起算的期限。</p>`
  const largest = Math.max(...rows.map((group) => DEADLINE_PARTS.reduce((sum, part) => sum + group.deadlines[part.key], 0)))
  const body = rows
    .map((group, index) => {
      const y = index * ROW_HEIGHT + 8
      let x = LABEL_WIDTH
      const segments = DEADLINE_PARTS.map((part) => {
        const width = (group.deadlines[part.key] / largest) * BAR_WIDTH
        const rect = width > 0 ? `<rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="18" fill="${part.color}"><title>${part.name} ${group.deadlines[part.key]}</title></rect>` : ''
        x += width
        return rect
      }).join('')
      const counts = DEADLINE_PARTS.map((part) => group.deadlines[part.key]).join('/')
      return `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(group.label)}</text>${segments}<text x="${(x + 6).toFixed(1)}" y="${y + 15}">${counts}</text>`
    })
    .join('\n')
  const legendY = rows.length * ROW_HEIGHT + 22
  const legend = DEADLINE_PARTS.map(
    (part, index) => `<rect x="${LABEL_WIDTH + index * 100}" y="${legendY}" width="12" height="12" fill="${part.color}"/><text x="${LABEL_WIDTH + index * 100 + 16}" y="${legendY + 11}">${part.name}</text>`,
  ).join('')
  return svgFrame(title, rows.length, body, legend)
}

const table = (heading: string, groups: ReportGroup[]): string => `<table>
<thead><tr><th>${escapeHtml(heading)}</th><th>案件</th><th>已结案</th><th>文书</th><th>音像覆盖</th><th>按时</th><th>逾期完成</th><th>已逾期</th><th>进行中</th><th>错误</th><th>提醒</th></tr></thead>
<tbody>
${groups
  .map(
    (group) =>
      `<tr><td>${escapeHtml(group.label)}</td><td>${group.caseCount}</td><td>${group.closed}</td><td>${group.documents}</td><td>${percent(group.avCoverage)}</td><td>${group.deadlines.met}</td><td>${group.deadlines.metLate}</td><td>${group.deadlines.overdue}</td><td>${group.deadlines.running}</td><td>${group.errors}</td><td>${group.warnings}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`

const section = (title: string, heading: string, groups: ReportGroup[] | undefined): string =>
  groups
    ? `<section><h2>${escapeHtml(title)}</h2>
${table(heading, groups)}
${coverageChart(`${title}：音像记录覆盖率（有音像记录义务的环节）`, groups)}
${deadlineChart(`${title}：本机关期限完成情况`, groups)}
</section>`
    : ''

/** Findings a head accepted: listed with who, when and why, as 第四十九条 考核 must see them. */
const waiverSection = (report: AssessmentReport): string =>
  report.waivers.length === 0
    ? ''
    : `<section><h2>负责人豁免的检查发现</h2>
<table><thead><tr><th>案件</th><th>规则</th><th>对象</th><th>负责人</th><th>时间</th><th>理由</th></tr></thead><tbody>
${report.waivers.map((waiver) => `<tr><td>${escapeHtml(waiver.caseId)}</td><td>${escapeHtml(waiver.rule)}</td><td>${escapeHtml(waiver.subject ?? '全部')}</td><td>${escapeHtml(waiver.by)}</td><td>${escapeHtml(waiver.at)}</td><td>${escapeHtml(waiver.reason)}</td></tr>`).join('\n')}
</tbody></table>
</section>`

export const renderReportHtml = (report: AssessmentReport): string => {
  const period = `${report.from ?? '最早'} 至 ${report.to ?? '最近'}`
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.unit)} 行政执法全过程记录考核报告</title>
<style>
body{font-family:"Noto Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1000px;color:#212121;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:2px solid #1565c0;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;margin:1em 0;font-size:.9em}th,td{border:1px solid #cfd8dc;padding:.35em .5em;text-align:right}
th:first-child,td:first-child{text-align:left}thead{background:#eceff1}figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:.3em}
.meta{color:#546e7a}.empty{color:#78909c}
</style>
</head>
<body>
<h1>${escapeHtml(report.unit)}<br>行政执法全过程记录制度实施情况考核报告</h1>
<p class="meta">依据：本办法第四十九条（纳入执法股室和执法机构依法行政及行政执法评议考核）。统计期间：${escapeHtml(period)}（按案件首个程序事件的日期）；截至 ${escapeHtml(report.asOf)}；案件 ${report.caseCount} 件。</p>
<p class="meta">音像覆盖：已发生且有音像记录义务的环节中，关联了录音录像的比例（全程音像记录的环节须为录像）。期限：本机关应当完成的法定期限（不含当事人的期限），由 zfjl check 同一规则计算。</p>
${section('按执法人员', '执法人员', report.byOfficer)}
${section('按程序', '程序', report.byProcedure)}
${waiverSection(report)}
</body>
</html>
`
}
