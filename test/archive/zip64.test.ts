import {execa} from 'execa'
import {closeSync, ftruncateSync, openSync, writeFileSync, writeSync} from 'node:fs'
import {join} from 'node:path'
import {crc32} from 'node:zlib'
import {describe, expect, it} from 'vitest'

import {ZipEncoder} from '../../src/platform/zip/zip-encoder.js'
import {makeTempDir} from '../helpers/cli.js'
import {hasTool} from '../helpers/tools.js'

const hasUnzip = hasTool('unzip', ['-v'])

describe('zip64', () => {
  let bigZip: string
  let manyZip: string

  it('writes sizes and offsets past 4 GiB so that yauzl reads every entry', async () => {
    const path = join(makeTempDir('zfjl-zip64-'), 'big.zip')
    bigZip = path
    const fd = openSync(path, 'w')
    const encoder = new ZipEncoder(new Date('2026-03-10T02:00:00Z'))
    const append = (bytes: Buffer) => writeSync(fd, bytes, 0, bytes.length, encoder.position - bytes.length)
    append(encoder.entry('bagit.txt', Buffer.from('BagIt-Version: 1.0\n'), true))
    // 5 GiB of zeros, left as a hole in a sparse file: the layout and headers are what is under test.
    const size = 5 * 1024 ** 3
    const zeros = Buffer.alloc(64 * 1024 * 1024)
    let crc = 0
    for (let done = 0; done < size; done += zeros.length) crc = crc32(zeros, crc)
    const header = encoder.storedHeader('data/media/长视频.mp4', size, crc)
    writeSync(fd, header, 0, header.length, encoder.position - size - header.length)
    ftruncateSync(fd, encoder.position)
    append(encoder.entry('data/after.txt', Buffer.from('在 4 GiB 之后'), true))
    append(encoder.finish())
    closeSync(fd)

    const yauzl = (await import('yauzl')).default
    const entries = await new Promise<Array<{name: string; size: number; offset: number}>>((resolve, reject) => {
      yauzl.open(path, {lazyEntries: true}, (error, zip) => {
        if (error) return reject(error)
        const found: Array<{name: string; size: number; offset: number}> = []
        zip.on('entry', (entry) => {
          found.push({name: entry.fileName, offset: entry.relativeOffsetOfLocalHeader, size: entry.uncompressedSize})
          zip.readEntry()
        })
        zip.on('end', () => {
          zip.close()
          resolve(found)
        })
        zip.on('error', reject)
        zip.readEntry()
      })
    })
    expect(entries.map((entry) => entry.name)).toEqual(['bagit.txt', 'data/media/长视频.mp4', 'data/after.txt'])
    expect(entries[1].size).toBe(size)
    expect(entries[2].offset).toBeGreaterThan(0xffffffff)
  }, 120_000)

  it.skipIf(!hasUnzip)('writes the 4 GiB zip so that unzip lists it and extracts the entry after it', async () => {
    expect((await execa('unzip', ['-l', bigZip])).stdout).toContain(String(5 * 1024 ** 3))
    expect((await execa('unzip', ['-p', bigZip, 'data/after.txt'])).stdout).toBe('在 4 GiB 之后')
  }, 120_000)

  it('writes the zip64 end records when there are more than 65 535 entries', async () => {
    const path = join(makeTempDir('zfjl-zip64-'), 'many.zip')
    manyZip = path
    const encoder = new ZipEncoder(new Date())
    const parts = Array.from({length: 65_540}, (_, index) => encoder.entry(`data/${index}.txt`, Buffer.from(String(index)), false))
    writeFileSync(path, Buffer.concat([...parts, encoder.finish()]))
    const yauzl = (await import('yauzl')).default
    const names = await new Promise<string[]>((resolve, reject) => {
      yauzl.open(path, {lazyEntries: true}, (error, zip) => {
        if (error) return reject(error)
        const found: string[] = []
        zip.on('entry', (entry) => {
          found.push(entry.fileName)
          zip.readEntry()
        })
        zip.on('end', () => {
          zip.close()
          resolve(found)
        })
        zip.on('error', reject)
        zip.readEntry()
      })
    })
    expect(names).toHaveLength(65_540)
    expect(names.at(-1)).toBe('data/65539.txt')
  }, 120_000)

  it.skipIf(!hasUnzip)('writes the 65 540-entry zip so that unzip extracts the last entry', async () => {
    expect((await execa('unzip', ['-p', manyZip, 'data/65539.txt'])).stdout).toBe('65539')
  }, 120_000)
})
