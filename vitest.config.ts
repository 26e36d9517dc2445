import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    // oclif writes through process.stdout; vitest's console interception would swallow it.
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // forks, not threads: runCli changes the working directory for a call, which a worker thread may not.
    pool: 'forks',
    // Two cores: unit files keep both busy; the third worker fills the time e2e files and the
    // copy-approval expiry wait spend on child processes, disk and the clock.
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          // Files in one worker share loaded modules (and runCli's oclif Config) instead of importing
          // src/ and dist/ afresh per file: about 40 % less CPU. runCli restores env, cwd, exit code and
          // streams after each call; tests never set process.env themselves.
          isolate: false,
        },
      },
      {
        extends: true,
        // The real process under test (bin/run.js): parallel numbering, kill -9, no terminal, exit codes, the demo.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
        },
      },
    ],
  },
})
