import type {MediaKind} from '../workspace/records.js'

/**
 * What a file is, judged from its first bytes; extensions lie (a renamed .jpg is still an MP4). The one
 * sniffer: `media add` records its answer, and `archive verify` checks each archived file's header with it.
 */
export interface SniffedFormat {
  kind: MediaKind
  /** Short container/format name: `jpeg`, `png`, `heic`, `mp4`, `mov`, `m4a`, `wav`, `mp3`, `amr`, `pdf`, `docx`, ... */
  format: string | null
}

/** How many leading bytes `sniffFormat` needs. */
export const SNIFF_BYTES = 4096

const ascii = (bytes: Uint8Array, start: number, end: number): string => Buffer.from(bytes.subarray(start, end)).toString('latin1')

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((value, index) => bytes[offset + index] === value)

/** ISO-BMFF major and compatible brands → what the file holds. Video brands are the default. */
const PHOTO_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis'])
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B '])
const MOV_BRANDS = new Set(['qt  '])
/** QuickTime files written without `ftyp` start directly with one of these atoms. */
const QUICKTIME_LEADING_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'])

const sniffIsoBmff = (head: Uint8Array): SniffedFormat | null => {
  const type = ascii(head, 4, 8)
  if (type === 'ftyp') {
    const major = ascii(head, 8, 12)
    if (PHOTO_BRANDS.has(major)) return {format: major === 'avif' || major === 'avis' ? 'avif' : 'heic', kind: 'photo'}

    if (AUDIO_BRANDS.has(major)) return {format: 'm4a', kind: 'audio'}
    if (MOV_BRANDS.has(major)) return {format: 'mov', kind: 'video'}
    if (major.startsWith('3g')) return {format: '3gp', kind: 'video'}
    return {format: 'mp4', kind: 'video'}
  }

  if (head.length >= 8 && QUICKTIME_LEADING_ATOMS.has(type)) return {format: 'mov', kind: 'video'}
  return null
}

const MPEG1_LAYER3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
const MPEG2_LAYER3_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
const SAMPLE_RATES: Record<number, readonly number[]> = {0: [11_025, 12_000, 8000], 2: [22_050, 24_000, 16_000], 3: [44_100, 48_000, 32_000]}

/** Length of the MPEG-1/2/2.5 Layer III frame whose header starts at `offset`, or 0 when it is no such header. */
const layer3FrameLength = (head: Uint8Array, offset: number): number => {
  if (head.length < offset + 4 || head[offset] !== 0xff || (head[offset + 1] & 0xe0) !== 0xe0) return 0
  const version = (head[offset + 1] >> 3) & 0x03
  const layer = (head[offset + 1] >> 1) & 0x03
  const bitrateIndex = head[offset + 2] >> 4
  const sampleRateIndex = (head[offset + 2] >> 2) & 0x03
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 0x0f || sampleRateIndex === 3) return 0
  const kbps = (version === 3 ? MPEG1_LAYER3_KBPS : MPEG2_LAYER3_KBPS)[bitrateIndex]
  const padding = (head[offset + 2] >> 1) & 0x01
  return Math.floor(((version === 3 ? 144_000 : 72_000) * kbps) / SAMPLE_RATES[version][sampleRateIndex]) + padding
}

/** Sampling rates an ADTS header may name (ISO/IEC 14496-3, 1.6.3.4); 13–15 are reserved. */
const ADTS_SAMPLE_RATE_INDEXES = 13

/** Length of the ADTS (raw AAC) frame whose header starts at `offset`, or 0 when it is no such header. */
const adtsFrameLength = (head: Uint8Array, offset: number): number => {
  // 12 sync bits, then the MPEG version bit, and the layer, always 00.
  if (head.length < offset + 7 || head[offset] !== 0xff || (head[offset + 1] & 0xf6) !== 0xf0) return 0
  if ((head[offset + 2] >> 2) % 16 >= ADTS_SAMPLE_RATE_INDEXES) return 0
  const length = ((head[offset + 3] & 0x03) << 11) | (head[offset + 4] << 3) | (head[offset + 5] >> 5)
  return length >= 7 ? length : 0
}

/**
 * A run of frames with no container (MP3, ADTS AAC): eleven or twelve sync bits turn up by chance in
 * about one random file in two thousand, so the next frame header must follow where the first one ends
 * (when the head reaches that far; a file shorter than two frames is judged by its one).
 */
const framesFollow = (head: Uint8Array, frameLength: (head: Uint8Array, offset: number) => number): boolean => {
  const length = frameLength(head, 0)
  if (length === 0) return false
  return head.length < length + 7 ? true : frameLength(head, length) > 0
}

/**
 * MPEG transport stream: a 0x47 sync byte every 188 bytes; Blu-ray/AVCHD `.m2ts` puts a 4-byte time
 * code before each, so 192. Two sync bytes are needed: one `G` alone is any text.
 */
const isTransportStream = (head: Uint8Array): boolean =>
  (head.length > 188 && head[0] === 0x47 && head[188] === 0x47) || (head.length > 196 && head[4] === 0x47 && head[196] === 0x47)

/** Zip-based documents name their parts in the first local headers. */
const sniffZip = (head: Uint8Array): SniffedFormat => {
  const text = ascii(head, 0, head.length)
  if (text.includes('OFD.xml')) return {format: 'ofd', kind: 'document'}
  if (text.includes('word/')) return {format: 'docx', kind: 'document'}
  if (text.includes('xl/')) return {format: 'xlsx', kind: 'document'}
  if (text.includes('ppt/')) return {format: 'pptx', kind: 'document'}
  if (text.includes('mimetypeapplication/vnd.oasis.opendocument')) return {format: 'odf', kind: 'document'}
  if (text.includes('[Content_Types].xml')) return {format: 'ooxml', kind: 'document'}
  return {format: 'zip', kind: 'other'}
}

/** Identifies a file from its first `SNIFF_BYTES` bytes (all of them, when the file is shorter). */
export const sniffFormat = (head: Uint8Array): SniffedFormat => {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return {format: 'jpeg', kind: 'photo'}
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return {format: 'png', kind: 'photo'}
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return {format: 'gif', kind: 'photo'}
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return {format: 'tiff', kind: 'photo'}
  if (ascii(head, 0, 4) === 'RIFF') {
    const form = ascii(head, 8, 12)
    if (form === 'WAVE') return {format: 'wav', kind: 'audio'}
    if (form === 'WEBP') return {format: 'webp', kind: 'photo'}
    if (form === 'AVI ') return {format: 'avi', kind: 'video'}
  }

  const isoBmff = sniffIsoBmff(head)
  if (isoBmff) return isoBmff
  if (ascii(head, 0, 9) === '#!AMR-WB\n') return {format: 'amr-wb', kind: 'audio'}
  if (ascii(head, 0, 6) === '#!AMR\n') return {format: 'amr', kind: 'audio'}
  if (ascii(head, 0, 3) === 'ID3' || framesFollow(head, layer3FrameLength)) return {format: 'mp3', kind: 'audio'}
  if (framesFollow(head, adtsFrameLength)) return {format: 'aac', kind: 'audio'}
  if (ascii(head, 0, 4) === 'fLaC') return {format: 'flac', kind: 'audio'}
  if (ascii(head, 0, 4) === 'OggS') return {format: 'ogg', kind: 'audio'}
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return {format: 'matroska', kind: 'video'}
  if (isTransportStream(head)) return {format: 'mpeg-ts', kind: 'video'}
  if (startsWith(head, [0x00, 0x00, 0x01, 0xba])) return {format: 'mpeg-ps', kind: 'video'}
  if (ascii(head, 0, 5) === '%PDF-') return {format: 'pdf', kind: 'document'}
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(head)
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return {format: 'ole', kind: 'document'}
  return {format: null, kind: 'other'}
}
