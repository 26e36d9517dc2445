/**
 * Failure kinds the core can raise. Each kind maps to one process exit code (src/cli/exit-codes.ts),
 * so the core decides *what* went wrong and the CLI alone decides how that is reported.
 */
export type FailureKind =
  | 'findings' // a check or verification ran and found problems
  | 'usage' // bad flags, arguments or input values
  | 'not-found' // workspace, case, document, media item, request … does not exist
  | 'conflict' // the state does not allow it: already exists, wrong order, already used
  | 'forbidden' // the acting person lacks the role or the approval
  | 'integrity' // recorded evidence or the audit chain no longer matches
  | 'io' // file system or external tool failure
  | 'interrupted' // the user stopped it (Ctrl-C); what was unfinished is undone
  | 'internal'
  | 'interrupted' // the person pressed Ctrl-C; nothing was written

export class ZfjlError extends Error {
  readonly kind: FailureKind
  /** Stable machine-readable code, e.g. `CASE_NOT_FOUND`. */
  readonly code: string
  readonly details?: Record<string, unknown>

  constructor(kind: FailureKind, code: string, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'ZfjlError'
    this.kind = kind
    this.code = code
    this.details = details
  }
}

export const usageError = (code: string, message: string, details?: Record<string, unknown>) =>
  new ZfjlError('usage', code, message, details)
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new ZfjlError('not-found', code, message, details)
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new ZfjlError('conflict', code, message, details)
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new ZfjlError('forbidden', code, message, details)
export const integrityError = (code: string, message: string, details?: Record<string, unknown>) =>
  new ZfjlError('integrity', code, message, details)
export const ioError = (code: string, message: string, details?: Record<string, unknown>) =>
  new ZfjlError('io', code, message, details)
export const interruptedError = (code: string, message: string, details?: Record<string, unknown>) =>
  new ZfjlError('interrupted', code, message, details)
