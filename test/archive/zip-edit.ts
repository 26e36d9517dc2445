import {readFileSync, writeFileSync} from 'node:fs'
import type {Readable} from 'node:stream'

import yauzl from 'yauzl'

import {ZipEncoder} from '../../src/platform/zip/zip-encoder.js'

export interface ZipItem {
  name: string
  data: Buffer
  deflate: boolean
  /** Where the entry's data starts in the zip. */
  dataOffset: number
}

interface LocalHeaderReader {
  readLocalFileHeader: (entry: yauzl.Entry, options: {minimal: boolean}, cb: (error: Error | null, header: {fileDataStart: number}) => void) => void
}

/** Every entry of a (small) zip, in order, decompressed; read with yauzl, independently of our reader. */
export const readZip = (path: string): Promise<ZipItem[]> =>
  new Promise((resolve, reject) => {
    yauzl.open(path, {lazyEntries: true}, (openError, zip) => {
      if (openError) return reject(openError)
      const items: ZipItem[] = []
      zip.on('error', reject)
      zip.on('end', () => resolve(items))
      zip.on('entry', (entry: yauzl.Entry) => {
        ;(zip as unknown as LocalHeaderReader).readLocalFileHeader(entry, {minimal: true}, (headerError, header) => {
          if (headerError) return reject(headerError)
          zip.openReadStream(entry, async (streamError, stream: Readable) => {
            if (streamError) return reject(streamError)
            const chunks: Buffer[] = []
            for await (const chunk of stream) chunks.push(chunk as Buffer)
            items.push({data: Buffer.concat(chunks), dataOffset: header.fileDataStart, deflate: entry.compressionMethod === 8, name: entry.fileName})
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })

/** Writes `items` as a new zip (the tamper tests' way of removing, adding or editing an entry). */
export const writeZip = (path: string, items: Array<Pick<ZipItem, 'name' | 'data' | 'deflate'>>): void => {
  const encoder = new ZipEncoder(new Date())
  const parts = items.map((item) => encoder.entry(item.name, item.data, item.deflate))
  writeFileSync(path, Buffer.concat([...parts, encoder.finish()]))
}

export const flipByte = (path: string, offset: number): void => {
  const bytes = readFileSync(path)
  bytes[offset] ^= 0xff
  writeFileSync(path, bytes)
}

/** Sets the "encrypted" bit of one entry in both its local and central headers, as an encrypting zip tool would. */
export const markEncrypted = (path: string, name: string): void => {
  const bytes = readFileSync(path)
  const nameBytes = Buffer.from(name, 'utf8')
  for (const [signature, flagOffset, nameOffset] of [[0x04034b50, 6, 30], [0x02014b50, 8, 46]] as const) {
    for (let offset = bytes.indexOf(uint32(signature)); offset !== -1; offset = bytes.indexOf(uint32(signature), offset + 4)) {
      if (bytes.subarray(offset + nameOffset, offset + nameOffset + nameBytes.length).equals(nameBytes)) {
        bytes.writeUInt16LE(bytes.readUInt16LE(offset + flagOffset) | 0x1, offset + flagOffset)
      }
    }
  }

  writeFileSync(path, bytes)
}

const uint32 = (value: number): Buffer => {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32LE(value)
  return bytes
}

/**
 * Sets the uncompressed size one entry declares, in its local and central headers: a zip bomb whose
 * small declared size hides how much it really inflates to.
 */
export const setDeclaredSize = (path: string, name: string, size: number): void => {
  const bytes = readFileSync(path)
  const nameBytes = Buffer.from(name, 'utf8')
  for (const [signature, sizeOffset, nameOffset] of [[0x04034b50, 22, 30], [0x02014b50, 24, 46]] as const) {
    for (let offset = bytes.indexOf(uint32(signature)); offset !== -1; offset = bytes.indexOf(uint32(signature), offset + 4)) {
      if (bytes.subarray(offset + nameOffset, offset + nameOffset + nameBytes.length).equals(nameBytes)) bytes.writeUInt32LE(size, offset + sizeOffset)
    }
  }

  writeFileSync(path, bytes)
}

/**
 * A zip whose every central-directory entry points at the same local entry (one deflated `content`):
 * the overlapping-entries bomb, a few kilobytes on disk that would inflate `names.length` times.
 */
export const writeOverlappingZip = (path: string, names: string[], content: Buffer): void => {
  const encoder = new ZipEncoder(new Date())
  const local = encoder.entry(names[0], content, true)
  const [first] = encoder.entries
  for (const name of names.slice(1)) encoder.entries.push({...first, name, nameBytes: Buffer.from(name, 'utf8')})
  writeFileSync(path, Buffer.concat([local, encoder.finish()]))
}
