import {statSync} from 'node:fs'

/**
 * Workspace files hold personal data (第四十七条): nothing zfjl creates is readable by other accounts
 * of the machine. Directories 0750 and files 0640 let a group of colleagues share a workspace on a
 * server; evidence copies and keys are tighter. These are the only modes zfjl uses.
 */
export const DIR_MODE = 0o750
export const FILE_MODE = 0o640
/** An evidence copy, once complete: nobody writes it again. */
export const READ_ONLY_FILE_MODE = 0o440
/** Private keys: the owner alone. */
export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700

/** The bits `DIR_MODE`/`FILE_MODE` leave out; set as the process umask so SQLite and every library obey it too. */
export const RESTRICTED_UMASK = 0o027

/**
 * Makes files this process creates (the catalog's SQLite files included, which zfjl does not open
 * itself) come out without world access. Called once when a command starts.
 */
export const restrictNewFiles = (): void => {
  process.umask(RESTRICTED_UMASK)
}

/** True when other accounts of the machine can read or enter `path`. */
export const isWorldReadable = (path: string): boolean => (statSync(path).mode & 0o005) !== 0
