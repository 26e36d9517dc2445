/**
 * Regenerates the committed media fixtures (test/fixtures/media) and the demo's media (examples/media).
 * Needs ffmpeg (Debian package `ffmpeg`) only here; the tests read the committed files and never run it.
 * Values written are those of test/media/fixture-spec.ts, which the tests compare against.
 *
 *   npx tsx scripts/make-media-fixtures.ts
 */
import {execa} from 'execa'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {DEMO_MEDIA, MEDIA_FIXTURES} from '../test/media/fixture-spec.js'
import {buildJpeg, buildWav} from '../test/media/media-builders.js'

const root = resolve(import.meta.dirname, '..')
const fixtures = join(root, 'test', 'fixtures', 'media')
const examples = join(root, 'examples', 'media')

const ffmpeg = (args: string[]) => execa('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], {stdio: 'inherit'})

const testVideo = (size: string, seconds: number) => ['-f', 'lavfi', '-i', `testsrc=size=${size}:rate=10:duration=${seconds}`]
const tone = (seconds: number) => ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=8000:duration=${seconds}`]
const location = (spec: {latitude: number; longitude: number}) => `+${spec.latitude.toFixed(4)}+${spec.longitude.toFixed(4)}/`

mkdirSync(fixtures, {recursive: true})
mkdirSync(examples, {recursive: true})

const {m4a, mov, mp3, mp4} = MEDIA_FIXTURES
await ffmpeg([
  ...testVideo(`${mp4.width}x${mp4.height}`, mp4.durationSec),
  ...tone(mp4.durationSec),
  '-c:v', 'mpeg4', '-q:v', '20', '-c:a', 'aac', '-b:a', '16k', '-ac', '1',
  '-metadata', `creation_time=${mp4.creationTimeUtc}`, '-metadata', `location=${location(mp4.location)}`,
  join(fixtures, mp4.file),
])
await ffmpeg([
  ...testVideo(`${mov.width}x${mov.height}`, mov.durationSec),
  '-c:v', 'mpeg4', '-q:v', '20',
  '-metadata', `creation_time=${mov.creationTimeUtc}`, '-metadata', `location=${location(mov.location)}`,
  '-metadata', `make=${mov.make}`, '-metadata', `model=${mov.model}`,
  join(fixtures, mov.file),
])
await ffmpeg([...tone(mp3.durationSec), '-c:a', 'libmp3lame', '-b:a', '16k', '-ac', '1', join(fixtures, mp3.file)])
await ffmpeg([...tone(m4a.durationSec), '-c:a', 'aac', '-b:a', '16k', '-ac', '1', '-metadata', `creation_time=${m4a.creationTimeUtc}`, join(fixtures, m4a.file)])

// The demo case: a body-cam clip and a photo of the 现场检查, the recording and video of the 询问, and the
// videos of serving the 事先告知书 and the 决定书.
await ffmpeg([
  ...testVideo('320x240', DEMO_MEDIA.video.durationSec),
  ...tone(DEMO_MEDIA.video.durationSec),
  '-c:v', 'mpeg4', '-q:v', '12', '-c:a', 'aac', '-b:a', '16k', '-ac', '1',
  '-metadata', `creation_time=${DEMO_MEDIA.video.creationTimeUtc}`, '-metadata', 'location=+26.8990+112.6210/',
  join(examples, DEMO_MEDIA.video.file),
])
writeFileSync(
  join(examples, DEMO_MEDIA.photo.file),
  buildJpeg({
    bodySerialNumber: 'A8-2026-0042',
    dateTimeOriginal: DEMO_MEDIA.photo.dateTimeOriginal,
    height: 240,
    latitude: 26.899,
    longitude: 112.621,
    make: 'Hikvision',
    model: 'DSJ-A8',
    offsetTimeOriginal: DEMO_MEDIA.photo.offset,
    width: 320,
  }),
)
for (const clip of [DEMO_MEDIA.inquiryVideo, DEMO_MEDIA.noticeVideo, DEMO_MEDIA.decisionVideo]) {
  await ffmpeg([
    '-f', 'lavfi', '-i', `${clip.pattern}=size=320x240:rate=10:duration=${clip.durationSec}`,
    ...tone(clip.durationSec),
    '-c:v', 'mpeg4', '-q:v', '12', '-c:a', 'aac', '-b:a', '16k', '-ac', '1',
    '-metadata', `creation_time=${clip.creationTimeUtc}`, '-metadata', 'location=+26.8990+112.6210/',
    join(examples, clip.file),
  ])
}

writeFileSync(join(examples, DEMO_MEDIA.audio.file), buildWav({durationSec: DEMO_MEDIA.audio.durationSec, origination: DEMO_MEDIA.audio.origination, sampleRate: 8000}))
console.log(`media fixtures written to ${fixtures} and ${examples}`)
