import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    // oclif writes through process.stdout; vitest's console interception would swallow it.
    disableConsoleIntercept: true,
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The default on two cores is one worker; most time is spent waiting on CLI child processes.
    maxWorkers: 3,
  },
})
