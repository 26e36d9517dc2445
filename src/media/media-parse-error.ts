/**
 * A file whose bytes cannot be read as what they claim to be (truncated MP4, corrupt EXIF, ...). The
 * import reports it as `{path, error}` with this Chinese reason and carries on with the other files.
 */
export class MediaParseError extends Error {
  readonly code: string

  constructor(code: string, message: string) {
    super(message)
    this.name = 'MediaParseError'
    this.code = code
  }
}
