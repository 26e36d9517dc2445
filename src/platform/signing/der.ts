/**
 * The few DER structures the signing keys need (SubjectPublicKeyInfo, PKCS #8, ECDSA-style signatures).
 * Written by hand because Node cannot export SM2 keys in the form openssl expects, and the structures
 * are small and fixed.
 */

export interface DerNode {
  tag: number
  /** The content octets. */
  value: Buffer
  /** The whole TLV, header included. */
  raw: Buffer
}

const encodeLength = (length: number): Buffer => {
  if (length < 0x80) return Buffer.from([length])
  const bytes: number[] = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

export const tlv = (tag: number, value: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value])

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items))

export const octetString = (value: Buffer): Buffer => tlv(0x04, value)

/** BIT STRING with no unused bits. */
export const bitString = (value: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), value]))

/** A non-negative INTEGER, minimal encoding. */
export const integer = (value: bigint): Buffer => {
  let hex = value.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  let bytes = Buffer.from(hex, 'hex')
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes])
  return tlv(0x02, bytes)
}

export const objectIdentifier = (dotted: string): Buffer => {
  const [first, second, ...rest] = dotted.split('.').map(Number)
  const bytes = [first * 40 + second]
  for (const arc of rest) {
    const groups: number[] = []
    for (let remaining = arc; ; remaining = Math.floor(remaining / 128)) {
      groups.unshift(remaining % 128)
      if (remaining < 128) break
    }

    bytes.push(...groups.map((group, index) => (index < groups.length - 1 ? group | 0x80 : group)))
  }

  return tlv(0x06, Buffer.from(bytes))
}

export const readNode = (buffer: Buffer, offset = 0): DerNode => {
  if (offset + 2 > buffer.length) throw new Error('DER 数据截断')
  const tag = buffer[offset]
  let length = buffer[offset + 1]
  let header = 2
  if (length & 0x80) {
    const count = length & 0x7f
    if (count === 0 || count > 4 || offset + 2 + count > buffer.length) throw new Error('DER 长度无效')
    length = 0
    for (let index = 0; index < count; index++) length = length * 256 + buffer[offset + 2 + index]
    header += count
  }

  const end = offset + header + length
  if (end > buffer.length) throw new Error('DER 数据截断')
  return {raw: buffer.subarray(offset, end), tag, value: buffer.subarray(offset + header, end)}
}

/** The children of a constructed node (SEQUENCE, context-specific). */
export const children = (node: DerNode): DerNode[] => {
  const nodes: DerNode[] = []
  for (let offset = 0; offset < node.value.length; ) {
    const child = readNode(node.value, offset)
    nodes.push(child)
    offset += child.raw.length
  }

  return nodes
}

export const decodeObjectIdentifier = (node: DerNode): string => {
  if (node.tag !== 0x06) throw new Error('不是 OBJECT IDENTIFIER')
  const arcs = [Math.floor(node.value[0] / 40), node.value[0] % 40]
  let current = 0
  for (const byte of node.value.subarray(1)) {
    current = current * 128 + (byte & 0x7f)
    if (!(byte & 0x80)) {
      arcs.push(current)
      current = 0
    }
  }

  return arcs.join('.')
}

export const toPem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${der.toString('base64').replaceAll(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`

export const fromPem = (pem: string, label: string): Buffer => {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(pem)
  if (!match) throw new Error(`不是 ${label} 格式的 PEM`)
  return Buffer.from(match[1].replaceAll(/\s+/g, ''), 'base64')
}
