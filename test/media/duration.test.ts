import {openAsBlob, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {readDuration} from '../../src/media/duration.js'
import {readEmbeddedMetadata} from '../../src/media/metadata.js'
import {sniffFormat} from '../../src/media/sniff.js'
import {FIXTURES_DIR, MEDIA_FIXTURES} from './fixture-spec.js'
import {makeTempDir} from '../helpers/workspace-builder.js'
import {buildAmr, buildWav} from './media-builders.js'

const dir = makeTempDir()

describe('one duration reader for import and archive verify', () => {
  it.each([
    {bytes: () => readFileSync(join(FIXTURES_DIR, MEDIA_FIXTURES.mp4.file)), name: 'MP4'},
    {bytes: () => readFileSync(join(FIXTURES_DIR, MEDIA_FIXTURES.mov.file)), name: 'MOV'},
    {bytes: () => readFileSync(join(FIXTURES_DIR, MEDIA_FIXTURES.m4a.file)), name: 'M4A'},
    {bytes: () => readFileSync(join(FIXTURES_DIR, MEDIA_FIXTURES.mp3.file)), name: 'MP3'},
    {bytes: () => buildWav({durationSec: 1.37, sampleRate: 8000}), name: 'WAV'},
    {bytes: () => buildAmr(151), name: 'AMR'},
  ])('$name: what the import records is exactly what verify reads from a stored zip entry', async ({bytes, name}) => {
    const content = bytes()
    const path = join(dir, `recording-${name}`)
    writeFileSync(path, content)
    const format = sniffFormat(content.subarray(0, 4096)).format
    const recorded = (await readEmbeddedMetadata(path, {format, kind: 'audio'}, '+08:00')).durationSec
    expect(recorded).toBeGreaterThan(0)

    // The same bytes as a stored entry inside a larger file, the way verify sees an archived recording.
    const container = join(dir, `container-${name}`)
    writeFileSync(container, Buffer.concat([Buffer.alloc(1234, 0x50), content, Buffer.alloc(777, 0x4b)]))
    const entry = (await openAsBlob(container)).slice(1234, 1234 + content.length)
    expect(await readDuration(entry, format)).toBe(recorded)
  })

  it('reads nothing for formats only ffprobe reads, so verify leaves their durations alone', async () => {
    const avi = Buffer.concat([Buffer.from('RIFF\0\0\0\0AVI LIST', 'latin1'), Buffer.alloc(100)])
    expect(sniffFormat(avi).format).toBe('avi')
    expect(await readDuration(new Blob([avi]), 'avi')).toBeNull()
  })
})
