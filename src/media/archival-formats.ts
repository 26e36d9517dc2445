/**
 * Formats an archive may hold (可用性: long-term readable, open formats or de-facto standards), each
 * with the header that proves the file is what its name says. Add a format by adding an entry.
 */
export interface AcceptedFormat {
  id: string
  name: string
  extensions: string[]
  /** True when the leading bytes are this format's header. */
  header: (head: Buffer) => boolean
}

const startsWith = (head: Buffer, bytes: number[] | string, offset = 0): boolean => {
  const expected = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes)
  return head.length >= offset + expected.length && head.subarray(offset, offset + expected.length).equals(expected)
}

/** ISO base media (MP4, MOV, 3GP, M4A, HEIC): a `ftyp` box first (QuickTime may start with others). */
const isoMedia = (head: Buffer): boolean =>
  startsWith(head, 'ftyp', 4) || ['moov', 'mdat', 'wide', 'free', 'skip'].some((box) => startsWith(head, box, 4))

const utf8Text = (head: Buffer): boolean => !head.includes(0) || startsWith(head, [0xef, 0xbb, 0xbf])

export const ACCEPTED_FORMATS: readonly AcceptedFormat[] = [
  {extensions: ['mp4', 'm4v', 'mov', '3gp'], header: isoMedia, id: 'iso-video', name: 'MP4/MOV 视频'},
  {extensions: ['m4a', 'aac'], header: (head) => isoMedia(head) || startsWith(head, [0xff, 0xf1]) || startsWith(head, [0xff, 0xf9]), id: 'aac', name: 'AAC/M4A 音频'},
  {extensions: ['avi'], header: (head) => startsWith(head, 'RIFF') && startsWith(head, 'AVI ', 8), id: 'avi', name: 'AVI 视频'},
  {extensions: ['mkv', 'webm'], header: (head) => startsWith(head, [0x1a, 0x45, 0xdf, 0xa3]), id: 'matroska', name: 'Matroska/WebM 视频'},
  {extensions: ['ts', 'mts', 'm2ts'], header: (head) => startsWith(head, [0x47]) || startsWith(head, [0x47], 4), id: 'mpeg-ts', name: 'MPEG-TS 视频'},
  {extensions: ['wav'], header: (head) => startsWith(head, 'RIFF') && startsWith(head, 'WAVE', 8), id: 'wav', name: 'WAV 音频'},
  {extensions: ['mp3'], header: (head) => startsWith(head, 'ID3') || (head.length > 1 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0), id: 'mp3', name: 'MP3 音频'},
  {extensions: ['amr'], header: (head) => startsWith(head, '#!AMR'), id: 'amr', name: 'AMR 录音'},
  {extensions: ['flac'], header: (head) => startsWith(head, 'fLaC'), id: 'flac', name: 'FLAC 音频'},
  {extensions: ['ogg', 'opus'], header: (head) => startsWith(head, 'OggS'), id: 'ogg', name: 'Ogg 音频'},
  {extensions: ['jpg', 'jpeg'], header: (head) => startsWith(head, [0xff, 0xd8, 0xff]), id: 'jpeg', name: 'JPEG 照片'},
  {extensions: ['png'], header: (head) => startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), id: 'png', name: 'PNG 图像'},
  {extensions: ['heic', 'heif'], header: isoMedia, id: 'heif', name: 'HEIF 照片'},
  {extensions: ['tif', 'tiff'], header: (head) => startsWith(head, 'II*\0') || startsWith(head, 'MM\0*'), id: 'tiff', name: 'TIFF 图像'},
  {extensions: ['ofd'], header: (head) => startsWith(head, 'PK\x03\x04'), id: 'ofd', name: 'OFD 版式文件'},
  {extensions: ['pdf'], header: (head) => startsWith(head, '%PDF-'), id: 'pdf', name: 'PDF 文件'},
  {extensions: ['docx', 'xlsx'], header: (head) => startsWith(head, 'PK\x03\x04'), id: 'ooxml', name: 'Office Open XML 文档'},
  {extensions: ['json'], header: (head) => utf8Text(head), id: 'json', name: 'JSON'},
  {extensions: ['txt', 'csv', 'xml'], header: (head) => utf8Text(head), id: 'text', name: '文本'},
]

export const extensionOf = (path: string): string => {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

export const formatForPath = (path: string): AcceptedFormat | undefined => {
  const extension = extensionOf(path)
  return ACCEPTED_FORMATS.find((format) => format.extensions.includes(extension))
}

const EXECUTABLE_EXTENSIONS = new Set([
  'exe', 'com', 'bat', 'cmd', 'scr', 'pif', 'msi', 'dll', 'so', 'dylib', 'sh', 'bash', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'mjs',
  'jse', 'wsf', 'wsh', 'hta', 'jar', 'py', 'pl', 'rb', 'php', 'lnk', 'apk', 'app', 'elf', 'bin', 'docm', 'xlsm', 'pptm',
])

/** An executable or script, by name or by header (PE, ELF, Mach-O, `#!` — except the AMR audio header). */
export const executableReason = (path: string, head: Buffer): string | null => {
  const extension = extensionOf(path)
  if (EXECUTABLE_EXTENSIONS.has(extension)) return `扩展名 .${extension} 为可执行文件或脚本`
  if (startsWith(head, 'MZ')) return '文件头为 Windows 可执行文件（MZ）'
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return '文件头为 ELF 可执行文件'
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xcf, 0xfa, 0xed, 0xfe], [0xce, 0xfa, 0xed, 0xfe]].some((magic) => startsWith(head, magic))) {
    return '文件头为 Mach-O 可执行文件'
  }

  if (startsWith(head, '#!') && !startsWith(head, '#!AMR')) return '文件以 #! 开头，是脚本'
  return null
}

/**
 * Why an archive's 可用性 check would not accept a file of this name and these first bytes (the same
 * test `archive verify` applies to every payload file), or null when it would.
 */
export const archivalProblem = (name: string, head: Buffer): {code: 'not-archival' | 'mismatch'; message: string} | null => {
  const extension = extensionOf(name)
  const format = formatForPath(name)
  if (!format) {
    return {code: 'not-archival', message: `扩展名${extension ? `「.${extension}」` : '为空'}，不在可长期保存的归档格式清单内（归档检测「可用性」不会通过）`}
  }

  if (!format.header(head)) return {code: 'mismatch', message: `文件内容不是${format.name}，与扩展名「.${extension}」不符`}
  return null
}
