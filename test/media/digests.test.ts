import {execFileSync} from 'node:child_process'
import {readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {HashPool} from '../../src/media/hash-pool.js'
import {streamDigests} from '../../src/media/stream-digests.js'
import {makeTempDir} from '../helpers/workspace-builder.js'

const dir = makeTempDir()
const write = (name: string, content: Buffer | string) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

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
  ])('matches the published vectors for $input', async (vector: {input: string; sha256?: string; sm3?: string}) => {
    const result = await streamDigests(write(`vector-${vector.input.length}`, vector.input))
    expect(result.size).toBe(vector.input.length)
    if (vector.sha256) expect(result.sha256).toBe(vector.sha256)
    if (vector.sm3) expect(result.sm3).toBe(vector.sm3)
  })

  it('copies while hashing, byte for byte, across many chunks', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024 + 17)
    for (let index = 0; index < content.length; index++) content[index] = (index * 31 + 7) % 251
    const source = write('big.bin', content)
    const copy = join(dir, 'big.copy')
    let reported = 0
    const result = await streamDigests(source, {copyTo: copy, onBytes: (bytes) => (reported += bytes)})
    expect(readFileSync(copy).equals(content)).toBe(true)
    expect(reported).toBe(content.length)
    expect(result.head.length).toBe(4096)
    expect(result.sha256).toBe(execFileSync('openssl', ['dgst', '-sha256', '-r', source], {encoding: 'utf8'}).split(' ')[0])
    expect(result.sm3).toBe(execFileSync('openssl', ['dgst', '-sm3', '-r', source], {encoding: 'utf8'}).split(' ')[0])
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
      const expected = await streamDigests(source)
      for (const directCopy of [true, false]) {
        const copy = join(dir, `sized-${length}-${directCopy}.copy`)
        const result = await streamDigests(source, {copyTo: copy, directCopy})
        expect(result).toEqual(expected)
        expect(readFileSync(copy).equals(content)).toBe(true)
        expect(statSync(copy).mode & 0o777).toBe(0o444)
      }
    },
  )

  it('refuses to overwrite an existing copy target', async () => {
    const source = write('a.txt', 'a')
    const target = write('exists.txt', 'keep')
    await expect(streamDigests(source, {copyTo: target})).rejects.toMatchObject({code: 'EEXIST'})
    expect(readFileSync(target, 'utf8')).toBe('keep')
  })
})

describe('hash pool (worker threads)', () => {
  const pool = new HashPool(2)
  afterAll(() => pool.close())

  it('hashes several files in parallel with the same results as the main thread', async () => {
    const paths = Array.from({length: 5}, (_, index) => write(`pool-${index}.bin`, Buffer.alloc(200_000 + index, index + 1)))
    const outcomes = await Promise.all(paths.map((path) => pool.digest(path)))
    for (const [index, outcome] of outcomes.entries()) {
      const direct = await streamDigests(paths[index])
      expect(outcome).toEqual({ok: true, value: {sha256: direct.sha256, size: direct.size, sm3: direct.sm3}})
    }
  })

  it('fsyncs files and folders on its own thread, and reports a path that is not there', async () => {
    await expect(pool.sync(write('durable.txt', 'x'))).resolves.toBeUndefined()
    await expect(pool.sync(dir)).resolves.toBeUndefined()
    await expect(pool.sync(join(dir, 'missing'))).rejects.toMatchObject({code: 'ENOENT'})
  })

  it('reports an unreadable file as a failure with a Chinese reason and keeps working', async () => {
    const outcome = await pool.digest(join(dir, 'no-such-file'))
    expect(outcome).toEqual({failure: {code: 'ENOENT', message: '文件不存在或已被移走'}, ok: false})
    const after = await pool.digest(write('after.txt', 'abc'))
    expect(after.ok && after.value.sm3).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
  })
})
