import {FileRefusal} from '../platform/digest/digest.js'

/**
 * A file whose bytes cannot be read as what they claim to be (truncated MP4, corrupt EXIF, ...). The
 * import reports it as `{path, error}` with this Chinese reason and carries on with the other files.
 */
export class MediaParseError extends FileRefusal {
  constructor(code: string, message: string) {
    super(code, message)
    this.name = 'MediaParseError'
  }
}
