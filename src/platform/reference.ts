import {notFound, usageError} from './errors.js'

export interface ReferenceOptions<T> {
  /** The case the items belong to: `D03` means `<caseId>-D03`. */
  caseId: string
  idOf: (item: T) => string
  /** Other names a person may type: 文号, original file name, type id, SHA-256 prefix … */
  matches: (item: T, typed: string) => boolean
  /** For messages: 文书, 音像文件, 文书或音像文件. */
  what: string
  notFoundCode: string
  /** How to see the valid references, e.g. `zfjl doc list 2026-0001`. */
  listHint: string
}

/**
 * The one way a typed reference becomes an item: the full id, the short id within the case (`D03`,
 * `m007`), or an alias the caller recognises. No match is not-found (exit 3); several matches are one
 * usage error, REFERENCE_AMBIGUOUS (exit 2), listing the candidates, wherever a reference is typed.
 */
export const resolveReference = <T>(items: readonly T[], typed: string, options: ReferenceOptions<T>): T => {
  const wanted = typed.normalize('NFC').trim()
  const fullId = `${options.caseId}-${wanted.toUpperCase()}`
  const byId = items.find((item) => options.idOf(item) === wanted || options.idOf(item) === fullId)
  if (byId) return byId
  const candidates = items.filter((item) => options.matches(item, wanted))
  if (candidates.length === 1) return candidates[0]
  if (candidates.length > 1) {
    const ids = candidates.map((item) => options.idOf(item))
    throw usageError('REFERENCE_AMBIGUOUS', `「${typed}」对应案件 ${options.caseId} 中的多个${options.what}（${ids.join('、')}），请用编号指定`, {candidates: ids})
  }

  throw notFound(options.notFoundCode, `案件 ${options.caseId} 中没有${options.what}「${typed}」（用 ${options.listHint} 查看编号）`)
}
