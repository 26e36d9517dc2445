import {statSync} from 'node:fs'

/**
 * Workspace files hold personal data (第四十七条): nothing zfjl creates is readable by other accounts
 * of the machine. Colleagues who share a workspace on a server share its group, so folders (0770) and
 * files (0660) are the group's to read and write; the folders `init` makes carry the set-group-ID bit,
 * so everything made in them later belongs to that group whoever makes it. Evidence copies are read-only
 * to all. These are the only modes zfjl uses.
 */
export const DIR_MODE = 0o770
export const FILE_MODE = 0o660
/** The top folders `init` makes: set-group-ID, so every folder and file below keeps the workspace's group. */
export const SHARED_DIR_MODE = 0o2770
/** An evidence copy, once complete: nobody writes it again. */
export const READ_ONLY_FILE_MODE = 0o440
/**
 * The unit's private signing key: its owner writes it, the group reads it, because whoever packs an
 * archive or signs an export signs for the unit (restrict the keys folder's group to limit who may).
 */
export const SIGNING_KEY_FILE_MODE = 0o640
export const SIGNING_KEY_DIR_MODE = 0o750
/** One person's own files (a draft of what they typed): the owner alone. */
export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700

/** The bits `DIR_MODE`/`FILE_MODE` leave out; set as the process umask so SQLite and every library obey it too. */
export const RESTRICTED_UMASK = 0o007

/**
 * Makes files this process creates (the catalog's SQLite files included, which zfjl does not open
 * itself) come out without world access. Called once when a command starts.
 */
export const restrictNewFiles = (): void => {
  process.umask(RESTRICTED_UMASK)
}

/** True when other accounts of the machine can read or enter `path`. */
export const isWorldReadable = (path: string): boolean => (statSync(path).mode & 0o005) !== 0
