import {execFileSync} from 'node:child_process'
import {readFileSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {crc32} from 'node:zlib'
import {afterAll, describe, expect, it} from 'vitest'

import {digestFile} from '../../src/media/evidence-digests.js'
import {alignedBlocks} from '../../src/platform/block-file-writer.js'
import {digestBytes} from '../../src/platform/digest/digest.js'
import {DigestPool, RegionHasher} from '../../src/platform/digest/digest-pool.js'
import {READ_ONLY_FILE_MODE} from '../../src/platform/file-modes.js'
import {makeTempDir} from '../helpers/workspace-builder.js'

const dir = makeTempDir()
const write = (name: string, content: Buffer | string) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

const openssl = (algorithm: 'sha256' | 'sm3', path: string) => execFileSync('openssl', ['dgst', `-${algorithm}`, '-r', path], {encoding: 'utf8'}).split(' ')[0]

const patterned = (length: number): Buffer => {
  const content = Buffer.alloc(length)
  for (let index = 0; index < length; index++) content[index] = (index * 31 + 7) % 251
  return content
}

const pool = new DigestPool(2)
afterAll(() => pool.close())

describe('SHA-256 and SM3 in one pass', () => {
  // Known-answer vectors: FIPS 180-2 and GB/T 32905-2016 appendix A.
  it.each([
    {
      input: 'abc',
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      sm3: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    },
    {input: 'abcd'.repeat(16), sm3: 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'},
    {input: 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', sha256: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'},
  ])('matches the published vectors for $input, in memory and on a digest thread', async (vector: {input: string; sha256?: string; sm3?: string}) => {
    const onThread = await pool.file({path: write(`vector-${vector.input.length}`, vector.input)})
    const inMemory = digestBytes(Buffer.from(vector.input))
    for (const result of [onThread, inMemory]) {
      expect(result.size).toBe(vector.input.length)
      if (vector.sha256) expect(result.sha256).toBe(vector.sha256)
      if (vector.sm3) expect(result.sm3).toBe(vector.sm3)
    }
  })

  it('copies while hashing, byte for byte, across many chunks, with CRC-32, head and progress', async () => {
    const content = patterned(3 * 1024 * 1024 + 17)
    const source = write('big.bin', content)
    utimesSync(source, new Date('2026-03-02T01:30:15Z'), new Date('2026-03-02T01:30:15Z'))
    const copy = join(dir, 'big.copy')
    let reported = 0
    const result = await pool.file({copy: {to: copy}, crc32: true, headBytes: 4096, path: source}, (bytes) => (reported += bytes))
    expect(readFileSync(copy).equals(content)).toBe(true)
    expect(reported).toBe(content.length)
    expect(result.head.equals(content.subarray(0, 4096))).toBe(true)
    expect(result.crc32).toBe(crc32(content) >>> 0)
    expect(result.sha256).toBe(openssl('sha256', source))
    expect(result.sm3).toBe(openssl('sm3', source))
    // The copy keeps the source's modification time.
    expect(statSync(copy).mtimeMs).toBe(statSync(source).mtimeMs)
  })

  // Direct I/O moves whole 4 KiB blocks from a ring of 4 MiB chunks; every other length ends in a tail
  // written through the page cache, and a file longer than the ring reuses its chunks.
  it.each([1, 4096, 4097, 4 * 1024 * 1024, 4 * 1024 * 1024 + 1, 37 * 1024 * 1024 + 5])(
    'copies %i bytes exactly, with and without direct I/O, and leaves the copy read-only',
    async (length) => {
      const content = Buffer.alloc(length)
      for (let index = 0; index < length; index += 997) content[index] = (index / 997) % 256
      content[length - 1] = 0x5a
      const source = write(`sized-${length}.bin`, content)
      const expected = digestBytes(content)
      for (const direct of [true, false]) {
        const copy = join(dir, `sized-${length}-${direct}.copy`)
        const result = await pool.file({copy: {direct, to: copy}, path: source})
        expect({sha256: result.sha256, size: result.size, sm3: result.sm3}).toEqual({sha256: expected.sha256, size: expected.size, sm3: expected.sm3})
        expect(readFileSync(copy).equals(content)).toBe(true)
        expect(statSync(copy).mode & 0o777).toBe(READ_ONLY_FILE_MODE)
      }
    },
  )

  it('hashes a byte range of a file (a stored zip entry) as if it were a file of its own', async () => {
    const content = patterned(9 * 1024 * 1024 + 3)
    const path = write('container.bin', content)
    const start = 1_234_567
    const length = 5 * 1024 * 1024 + 11
    const range = content.subarray(start, start + length)
    const result = await pool.file({crc32: true, headBytes: 64, length, path, start})
    expect(result).toMatchObject({...digestBytes(range, {crc32: true}), head: range.subarray(0, 64)})
  })

  it('refuses to overwrite an existing copy target, and an empty source when told to', async () => {
    const source = write('a.txt', 'a')
    const target = write('exists.txt', 'keep')
    await expect(pool.file({copy: {to: target}, path: source})).rejects.toMatchObject({code: 'EEXIST'})
    expect(readFileSync(target, 'utf8')).toBe('keep')
    await expect(pool.file({copy: {refuseEmpty: true, to: join(dir, 'empty.copy')}, path: write('empty.bin', '')})).rejects.toMatchObject({
      code: 'EMPTY_FILE',
      message: '文件为空（0 字节），没有可登记的内容',
    })
  })
})

describe('digest pool', () => {
  it('hashes several files in parallel with the same results as in memory', async () => {
    const contents = Array.from({length: 5}, (_, index) => Buffer.alloc(200_000 + index, index + 1))
    const results = await Promise.all(contents.map((content, index) => pool.file({path: write(`pool-${index}.bin`, content)})))
    for (const [index, result] of results.entries()) {
      const expected = digestBytes(contents[index])
      expect({sha256: result.sha256, size: result.size, sm3: result.sm3}).toEqual({sha256: expected.sha256, size: expected.size, sm3: expected.sm3})
    }
  })

  it('hashes streams the caller produces in order, several at once, more than its window ahead', async () => {
    const contents = [patterned(40 * 1024 * 1024 + 9), patterned(70_001).reverse(), Buffer.alloc(0)]
    const results = await Promise.all(
      contents.map(async (content) => {
        const stream = pool.stream({crc32: true})
        // A view into a larger buffer: only its own bytes may count.
        for (let at = 0; at < content.length; at += 65_536) await stream.update(content.subarray(at, at + 65_536))
        return stream.final()
      }),
    )
    for (const [index, result] of results.entries()) expect(result).toEqual(digestBytes(contents[index], {crc32: true}))
  })

  it('hashes regions of shared memory as named streams on a thread of its own', async () => {
    const {blocks, memory} = alignedBlocks(2, 65_536, {shared: true})
    const first = patterned(65_536)
    const second = patterned(1000).reverse()
    first.copy(blocks[0])
    second.copy(blocks[1])
    const hasher = new RegionHasher(memory as SharedArrayBuffer)
    try {
      await Promise.all([hasher.update('both', 0, 65_536, {crc32: true}), hasher.update('both', 65_536, 1000, {crc32: true}), hasher.update('second', 65_536, 1000)])
      expect(await hasher.final('both')).toEqual(digestBytes(Buffer.concat([first, second]), {crc32: true}))
      expect(await hasher.final('second')).toEqual(digestBytes(second))
    } finally {
      await hasher.close()
    }
  })

  it('fsyncs files and folders on its own thread, and reports a path that is not there', async () => {
    await expect(pool.sync(write('durable.txt', 'x'))).resolves.toBeNull()
    await expect(pool.sync(dir)).resolves.toBeNull()
    await expect(pool.sync(join(dir, 'missing'))).rejects.toMatchObject({code: 'ENOENT'})
  })

  it('reports an unreadable file with its system code, in Chinese to the officer, and keeps working', async () => {
    await expect(pool.file({path: join(dir, 'no-such-file')})).rejects.toMatchObject({code: 'ENOENT'})
    expect(await digestFile(pool, join(dir, 'no-such-file'))).toEqual({failure: {code: 'ENOENT', message: '文件不存在或已被移走'}, ok: false})
    const after = await pool.file({path: write('after.txt', 'abc')})
    expect(after.sm3).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
  })
})
