/**
 * BagIt 1.0 (RFC 8493) text formats: bagit.txt, bag-info.txt, (tag)manifests. Manifests use two spaces
 * between digest and path, so `sha256sum -c manifest-sha256.txt` also works in an unzipped bag.
 */

export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'

export const DIGEST_ALGORITHMS = ['sha256', 'sm3'] as const
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number]

export const PAYLOAD_MANIFESTS = DIGEST_ALGORITHMS.map((algorithm) => `manifest-${algorithm}.txt`)
export const TAG_MANIFESTS = DIGEST_ALGORITHMS.map((algorithm) => `tagmanifest-${algorithm}.txt`)

/**
 * The signature sits in its own tag folder. It cannot be listed in tagmanifest-sha256.txt (it signs that
 * file), and RFC 8493 §2.2.1 lets tag files stay out of the tag manifests.
 */
export const SIGNATURE_DIR = 'signature'
export const SIGNATURE_FILES = {
  fingerprint: `${SIGNATURE_DIR}/signer.fingerprint`,
  publicKey: `${SIGNATURE_DIR}/signer.pub.pem`,
  signature: `${SIGNATURE_DIR}/tagmanifest-sha256.txt.sig`,
} as const
/** Signed, listed tag file that tells a reader how to check everything with standard tools. */
export const VERIFY_README = `${SIGNATURE_DIR}/README.txt`
export const UNLISTED_TAG_FILES: ReadonlySet<string> = new Set(Object.values(SIGNATURE_FILES))

/** RFC 8493 §2.1.3: only `%`, CR and LF are percent-encoded in manifest paths. */
export const encodeManifestPath = (path: string): string =>
  path.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')

export const decodeManifestPath = (path: string): string =>
  path.replaceAll(/%0A/gi, '\n').replaceAll(/%0D/gi, '\r').replaceAll('%25', '%')

export interface ManifestLine {
  path: string
  digest: string
}

export const manifestText = (lines: ManifestLine[]): string =>
  [...lines]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((line) => `${line.digest}  ${encodeManifestPath(line.path)}\n`)
    .join('')

export interface ParsedManifest {
  entries: Map<string, string>
  problems: string[]
}

export const parseManifest = (text: string, name: string): ParsedManifest => {
  const entries = new Map<string, string>()
  const problems: string[] = []
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue
    const match = /^([0-9a-fA-F]+)[ \t]+(.+)$/.exec(line)
    if (!match) {
      problems.push(`${name} 第 ${index + 1} 行格式不对：${line}`)
      continue
    }

    const path = decodeManifestPath(match[2].replace(/^\*/, ''))
    if (entries.has(path)) problems.push(`${name} 中 ${path} 列了两次`)
    entries.set(path, match[1].toLowerCase())
  }

  return {entries, problems}
}

export type BagInfo = Array<[label: string, value: string]>

/** Values on one line each; a value's own line breaks become continuation lines (RFC 8493 §2.2.2). */
export const bagInfoText = (fields: BagInfo): string =>
  fields
    .map(([label, value]) => `${label}: ${value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).join('\n  ')}\n`)
    .join('')

export const parseBagInfo = (text: string): BagInfo => {
  const fields: BagInfo = []
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields.at(-1)![1] += `\n${line.trim()}`
      continue
    }

    const colon = line.indexOf(':')
    if (colon <= 0) continue
    fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()])
  }

  return fields
}

export const bagInfoValues = (fields: BagInfo, label: string): string[] =>
  fields.filter(([name]) => name.toLowerCase() === label.toLowerCase()).map(([, value]) => value)

/** CR, LF, NUL and the other C0 controls: never part of a name a bag may hold. */
export const hasControlCharacter = (path: string): boolean => [...path].some((char) => char.charCodeAt(0) < 0x20)

export const payloadOxum = (bytes: number, files: number): string => `${bytes}.${files}`
