import {formatLocal} from '../platform/local-time.js'
import type {EmbeddedMetadata} from './metadata.js'

/** What ffprobe can add: only the values our own parsers left empty are taken from it. */
export type ProbedValues = Pick<EmbeddedMetadata, 'capturedAt' | 'captureSource' | 'durationSec' | 'height' | 'width'>

interface FfprobeOutput {
  format?: {duration?: string; tags?: Record<string, string>}
  streams?: Array<{codec_type?: string; width?: number; height?: number; tags?: Record<string, string>}>
}

/** ffprobe is optional: looked for once per thread; without it, nothing is added and nothing fails. */
let available: Promise<boolean> | null = null
const hasFfprobe = async (): Promise<boolean> => {
  available ??= import('execa').then(({execa}) => execa('ffprobe', ['-version']).then(
    () => true,
    () => false,
  ))
  return available
}

const creationTime = (output: FfprobeOutput): string | null => {
  const tagged = [output.format?.tags, ...(output.streams ?? []).map((stream) => stream.tags)]
  for (const tags of tagged) {
    const value = tags?.creation_time ?? tags?.CREATION_TIME
    // Containers store UTC; ffprobe prints it with a Z.
    if (value && /Z$/.test(value) && !Number.isNaN(Date.parse(value))) return value
  }

  return null
}

/**
 * Reads duration, picture size and creation time with ffprobe, for the formats our own parsers do not
 * read (AVI, Matroska/WebM, MPEG-TS/PS, FLAC, Ogg …). Returns null when ffprobe is not installed or
 * cannot read the file: its absence never fails an import.
 */
export const probeWithFfprobe = async (path: string, timezone: string): Promise<ProbedValues | null> => {
  if (!(await hasFfprobe())) return null
  const {execa} = await import('execa')
  const result = await execa('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], {reject: false, timeout: 30_000})
  if (result.exitCode !== 0) return null
  let output: FfprobeOutput
  try {
    output = JSON.parse(result.stdout) as FfprobeOutput
  } catch {
    return null
  }

  const video = output.streams?.find((stream) => stream.codec_type === 'video' && stream.width && stream.height)
  const duration = Number(output.format?.duration)
  const created = creationTime(output)
  return {
    captureSource: created ? 'ffprobe creation_time (UTC)' : null,
    capturedAt: created ? formatLocal(new Date(created), timezone) : null,
    durationSec: Number.isFinite(duration) && duration > 0 ? duration : null,
    height: video?.height ?? null,
    width: video?.width ?? null,
  }
}
