import type {Workspace} from '../../workspace/workspace.js'

/** What every demo step gets: the demo workspace, its case, and the bundled examples folder. */
export interface DemoContext {
  ws: Workspace
  caseId: string
  /** Absolute path of the project's examples/ folder (example data, media, document data files). */
  examplesDir: string
  /** Reports progress to the person watching (stderr). */
  progress: (message: string) => void
}

/** One step's outcome as printed by `zfjl demo`: a title and a few lines of summary in Chinese. */
export interface DemoStepResult {
  step: string
  summary: string[]
}

/** Each capability contributes `export const demoStep: DemoStep` from src/core/demo/steps/<area>.ts. */
export type DemoStep = (context: DemoContext) => Promise<DemoStepResult>
