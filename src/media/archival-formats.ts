import {sniffFormat} from './sniff.js'

/**
 * Formats an archive may hold (可用性: long-term readable, open formats or de-facto standards), each
 * with what the file's header must be for its name to be true. The header is judged by the sniffer
 * `media add` uses, so a file the import recognised is recognised here by the same rules. Add a format
 * by adding an entry.
 */
export interface AcceptedFormat {
  id: string
  name: string
  extensions: string[]
  /** The formats `sniffFormat` may find in such a file; `text`: UTF-8 text, which has no header. */
  sniffed: readonly string[] | 'text'
}

const startsWith = (head: Buffer, bytes: number[] | string, offset = 0): boolean => {
  const expected = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes)
  return head.length >= offset + expected.length && head.subarray(offset, offset + expected.length).equals(expected)
}

const utf8Text = (head: Buffer): boolean => !head.includes(0) || startsWith(head, [0xef, 0xbb, 0xbf])

/** ISO base media: the brand decides the sniffed name, and a recorder may brand a sound recording as video. */
const ISO_MEDIA = ['mp4', 'mov', '3gp', 'm4a']

export const ACCEPTED_FORMATS: readonly AcceptedFormat[] = [
  {extensions: ['mp4', 'm4v', 'mov', '3gp'], id: 'iso-video', name: 'MP4/MOV 视频', sniffed: ISO_MEDIA},
  {extensions: ['m4a', 'aac'], id: 'aac', name: 'AAC/M4A 音频', sniffed: [...ISO_MEDIA, 'aac']},
  {extensions: ['avi'], id: 'avi', name: 'AVI 视频', sniffed: ['avi']},
  {extensions: ['mkv', 'webm'], id: 'matroska', name: 'Matroska/WebM 视频', sniffed: ['matroska']},
  {extensions: ['ts', 'mts', 'm2ts'], id: 'mpeg-ts', name: 'MPEG-TS 视频', sniffed: ['mpeg-ts']},
  {extensions: ['wav'], id: 'wav', name: 'WAV 音频', sniffed: ['wav']},
  {extensions: ['mp3'], id: 'mp3', name: 'MP3 音频', sniffed: ['mp3']},
  {extensions: ['amr'], id: 'amr', name: 'AMR 录音', sniffed: ['amr', 'amr-wb']},
  {extensions: ['flac'], id: 'flac', name: 'FLAC 音频', sniffed: ['flac']},
  {extensions: ['ogg', 'opus'], id: 'ogg', name: 'Ogg 音频', sniffed: ['ogg']},
  {extensions: ['jpg', 'jpeg'], id: 'jpeg', name: 'JPEG 照片', sniffed: ['jpeg']},
  {extensions: ['png'], id: 'png', name: 'PNG 图像', sniffed: ['png']},
  {extensions: ['heic', 'heif'], id: 'heif', name: 'HEIF 照片', sniffed: ['heic', 'avif']},
  {extensions: ['tif', 'tiff'], id: 'tiff', name: 'TIFF 图像', sniffed: ['tiff']},
  // OFD names OFD.xml as its entry point, but need not store it first: any zip is let through.
  {extensions: ['ofd'], id: 'ofd', name: 'OFD 版式文件', sniffed: ['ofd', 'zip']},
  {extensions: ['pdf'], id: 'pdf', name: 'PDF 文件', sniffed: ['pdf']},
  // A zip whose first headers do not name Word parts is still let through: opening it (DOCX_UNREADABLE) says more.
  {extensions: ['docx', 'xlsx'], id: 'ooxml', name: 'Office Open XML 文档', sniffed: ['docx', 'xlsx', 'ooxml', 'zip']},
  {extensions: ['json'], id: 'json', name: 'JSON', sniffed: 'text'},
  {extensions: ['txt', 'csv', 'xml'], id: 'text', name: '文本', sniffed: 'text'},
]

/** True when the file's first bytes (`SNIFF_BYTES` of them) are what `format` requires. */
export const headerMatches = (format: AcceptedFormat, head: Buffer): boolean =>
  format.sniffed === 'text' ? utf8Text(head) : format.sniffed.includes(sniffFormat(head).format ?? '')

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

  if (!headerMatches(format, head)) return {code: 'mismatch', message: `文件内容不是${format.name}，与扩展名「.${extension}」不符`}
  return null
}
