// Preloaded (`--import`) by a digest thread only when the digest module runs from its TypeScript
// source (under the test runner): registers tsx in that thread, so `digest-worker.ts` loads as a
// module. Node 20 does not pass the parent's loader on to worker threads. Built code never needs it.
import {register} from 'tsx/esm/api'

register()
