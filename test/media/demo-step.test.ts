import {join} from 'node:path'
import {expect, it} from 'vitest'

import {demoStep} from '../../src/app/demo/steps/media.js'
import {listHandovers, listMedia} from '../../src/media/media-store.js'
import {DEMO_MEDIA} from './fixture-spec.js'
import {workspaceWithCase} from '../helpers/workspace-builder.js'

it('the demo imports the example media, links each to its step and hands them over', async () => {
  const {caseId, ws} = workspaceWithCase()
  const progress: string[] = []
  const result = await demoStep({caseId, examplesDir: join(import.meta.dirname, '..', '..', 'examples'), progress: (line) => progress.push(line), ws})
  const media = listMedia(ws, caseId)
  const byName = Object.fromEntries(media.map((item) => [item.original, item]))
  for (const example of Object.values(DEMO_MEDIA)) expect(byName[example.file].steps).toEqual([example.step])
  expect(byName[DEMO_MEDIA.video.file].capturedAt).toBe('2026-10-12T09:05:00+08:00')
  expect(byName[DEMO_MEDIA.photo.file].capturedAt).toBe('2026-10-12T09:12:30+08:00')
  expect(byName[DEMO_MEDIA.audio.file]).toMatchObject({capturedAt: '2026-10-13T14:31:00+08:00', durationSec: DEMO_MEDIA.audio.durationSec})
  expect(byName[DEMO_MEDIA.noticeVideo.file]).toMatchObject({capturedAt: '2026-10-21T09:59:30+08:00', durationSec: 3, kind: 'video'})
  const [handover] = listHandovers(ws, caseId)
  expect(handover.items).toHaveLength(6)
  expect(handover.documentId).not.toBeNull()
  expect(result.summary.join('\n')).toMatch(/完好 6 个，异常 0 个/)
  ws.close()
})
