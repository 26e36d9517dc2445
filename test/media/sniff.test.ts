import {describe, expect, it} from 'vitest'

import {formatForPath, headerMatches} from '../../src/media/archival-formats.js'
import {sniffFormat} from '../../src/media/sniff.js'

/** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 417-byte frames. */
const MP3_HEADER = [0xff, 0xfb, 0x90, 0x00]
const MP3_FRAME_BYTES = 417
/** ADTS, MPEG-4 AAC LC, 44.1 kHz, stereo, no CRC, with the frame length written in. */
const adtsFrame = (length: number): Buffer => {
  const frame = Buffer.alloc(length)
  frame.set([0xff, 0xf1, 0x50, 0x80 | ((length >> 11) & 0x03), (length >> 3) & 0xff, ((length & 0x07) << 5) | 0x1f, 0xfc])
  return frame
}

const frames = (header: number[], frameBytes: number, count: number): Buffer =>
  Buffer.concat(Array.from({length: count}, () => Buffer.concat([Buffer.from(header), Buffer.alloc(frameBytes - header.length, 0x55)])))

const packets = (packetBytes: number, syncAt: number, count: number): Buffer => {
  const stream = Buffer.alloc(packetBytes * count, 0xff)
  for (let packet = 0; packet < count; packet++) stream[packet * packetBytes + syncAt] = 0x47
  return stream
}

const box = (type: string, payload: Buffer = Buffer.alloc(0)): Buffer => {
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + payload.length)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, payload])
}

const ftyp = (brand: string) => box('ftyp', Buffer.from(`${brand}\0\0\0\0isommp41`, 'latin1'))

/** What the archive's header check says for a file named `name` with these bytes. */
const archiveAccepts = (name: string, bytes: Buffer): boolean => headerMatches(formatForPath(name)!, bytes)

describe('one sniffer for import and archive verify', () => {
  it.each([
    {bytes: frames(MP3_HEADER, MP3_FRAME_BYTES, 3), expected: 'mp3', name: 'three MP3 frames in a row'},
    {bytes: Buffer.concat([Buffer.from('ID3\x04\0\0\0\0\0\0', 'latin1'), frames(MP3_HEADER, MP3_FRAME_BYTES, 1)]), expected: 'mp3', name: 'an ID3 tag'},
    {bytes: Buffer.concat([Buffer.from(MP3_HEADER), Buffer.alloc(4000, 0x11)]), expected: null, name: 'one MP3 frame header followed by noise'},
    {bytes: Buffer.concat([Buffer.from([0xff, 0xe0, 0x00, 0x00]), Buffer.alloc(100)]), expected: null, name: 'FF E0 with no valid frame header'},
    {bytes: Buffer.concat([adtsFrame(371), adtsFrame(402), adtsFrame(380)]), expected: 'aac', name: 'three ADTS frames in a row'},
    {bytes: Buffer.concat([adtsFrame(371), Buffer.alloc(800, 0x11)]), expected: null, name: 'one ADTS header followed by noise'},
    {bytes: packets(188, 0, 4), expected: 'mpeg-ts', name: 'MPEG-TS, 188-byte packets'},
    {bytes: packets(192, 4, 4), expected: 'mpeg-ts', name: 'M2TS, a time code before each packet'},
    {bytes: Buffer.concat([Buffer.from('G'), Buffer.alloc(400, 0x20)]), expected: null, name: 'a lone 0x47 (text starting with G)'},
    {bytes: ftyp('isom'), expected: 'mp4', name: 'ftyp isom'},
    {bytes: ftyp('qt  '), expected: 'mov', name: 'ftyp qt'},
    {bytes: ftyp('M4A '), expected: 'm4a', name: 'ftyp M4A'},
    {bytes: ftyp('3gp5'), expected: '3gp', name: 'ftyp 3gp5'},
    {bytes: ftyp('heic'), expected: 'heic', name: 'ftyp heic'},
    ...['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].map((atom) => ({bytes: Buffer.concat([box(atom), box('mdat')]), expected: 'mov', name: `QuickTime without ftyp, starting with ${atom}`})),
    {bytes: Buffer.concat([box('abcd'), box('mdat')]), expected: null, name: 'an unknown leading atom'},
  ])('$name → $expected', ({bytes, expected}) => {
    expect(sniffFormat(bytes).format).toBe(expected)
  })

  it('the archive accepts a file by the sniffer’s verdict, not by its first byte alone', () => {
    expect(archiveAccepts('a.mp3', frames(MP3_HEADER, MP3_FRAME_BYTES, 3))).toBe(true)
    expect(archiveAccepts('a.mp3', Buffer.concat([Buffer.from([0xff, 0xe0]), Buffer.alloc(500)]))).toBe(false)
    expect(archiveAccepts('a.aac', Buffer.concat([adtsFrame(371), adtsFrame(402)]))).toBe(true)
    expect(archiveAccepts('a.ts', packets(188, 0, 3))).toBe(true)
    expect(archiveAccepts('a.m2ts', packets(192, 4, 3))).toBe(true)
    expect(archiveAccepts('a.ts', Buffer.concat([Buffer.from('G'), Buffer.alloc(400)]))).toBe(false)
    expect(archiveAccepts('a.mov', Buffer.concat([box('pnot'), box('moov')]))).toBe(true)
    expect(archiveAccepts('a.mp4', ftyp('M4A '))).toBe(true)
    expect(archiveAccepts('a.mp4', ftyp('heic'))).toBe(false)
    expect(archiveAccepts('a.heic', ftyp('mif1'))).toBe(true)
    expect(archiveAccepts('a.json', Buffer.from('{"a": 1}'))).toBe(true)
    expect(archiveAccepts('a.txt', Buffer.from([0x61, 0x00, 0x62]))).toBe(false)
  })
})
