import {join} from 'node:path'

/** The committed media fixtures (test/fixtures/media). */
export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures', 'media')

/**
 * What scripts/make-media-fixtures.ts writes into each committed fixture (test/fixtures/media) and demo
 * file (examples/media). Tests compare the extracted metadata with these values.
 */
export const MEDIA_FIXTURES = {
  mp4: {
    file: 'clip.mp4',
    creationTimeUtc: '2026-03-02T01:30:00Z',
    /** The same instant in the workspace time zone. */
    capturedAtLocal: '2026-03-02T09:30:00+08:00',
    durationSec: 2,
    width: 160,
    height: 120,
    location: {latitude: 26.8917, longitude: 112.62},
  },
  mov: {
    file: 'clip.mov',
    creationTimeUtc: '2026-03-02T01:45:10Z',
    capturedAtLocal: '2026-03-02T09:45:10+08:00',
    durationSec: 1,
    width: 176,
    height: 144,
    make: 'Hikvision',
    model: 'DSJ-A8',
    location: {latitude: 26.8917, longitude: 112.62},
  },
  mp3: {file: 'voice.mp3', durationSec: 2},
  m4a: {file: 'voice.m4a', durationSec: 1, creationTimeUtc: '2026-03-02T02:00:00Z', capturedAtLocal: '2026-03-02T10:00:00+08:00'},
} as const

export const DEMO_MEDIA = {
  video: {
    file: 'DSJ-A8_20261012090500_43040520260001.MP4',
    creationTimeUtc: '2026-10-12T01:05:00Z',
    durationSec: 2,
    step: 'investigation',
  },
  photo: {file: 'IMG_20261012_091230.jpg', dateTimeOriginal: '2026:10:12 09:12:30', offset: '+08:00', step: 'investigation'},
  audio: {file: '询问录音_20261013.wav', origination: {date: '2026-10-13', time: '14:31:00'}, durationSec: 3, step: 'inquiry'},
  // 全程音像记录 of the 询问 and of serving the 事先告知书 and the 决定书 (第二十五、二十七、三十条). The 陈述申辩
  // of 10-23 deliberately has no video, so that `check` has one real gap to find (第二十八条).
  inquiryVideo: {file: 'DSJ-A8_20261013142958_43040520260001.MP4', creationTimeUtc: '2026-10-13T06:29:58Z', durationSec: 3, pattern: 'testsrc2', step: 'inquiry'},
  noticeVideo: {file: 'DSJ-A8_20261021095930_43040520260002.MP4', creationTimeUtc: '2026-10-21T01:59:30Z', durationSec: 3, pattern: 'smptebars', step: 'prior-notice-served'},
  decisionVideo: {file: 'DSJ-A8_20261031092930_43040520260002.MP4', creationTimeUtc: '2026-10-31T01:29:30Z', durationSec: 3, pattern: 'rgbtestsrc', step: 'decision-served'},
} as const
