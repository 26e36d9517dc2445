import {lstatSync} from 'node:fs'
import {isAbsolute, join, relative, resolve, sep} from 'node:path'

/**
 * Why `path` is not really inside `root`, or null when it is: a path that leads out of `root` by name
 * (`..`, another absolute path), or a component between `root` and `path` (the last one included)
 * that is a symlink and may point anywhere. Components that do not exist yet are fine: a file about to
 * be created is inside when its existing folders are. `root` itself may sit behind a symlink; only
 * what lies below it is checked, with lstat, so nothing is followed.
 */
export const pathEscape = (root: string, path: string): string | null => {
  const below = relative(resolve(root), resolve(path))
  if (below === '') return null
  if (below === '..' || below.startsWith(`..${sep}`) || isAbsolute(below)) return `${path} 不在 ${root} 之内`
  let current = resolve(root)
  for (const part of below.split(sep)) {
    current = join(current, part)
    let symlink: boolean
    try {
      symlink = lstatSync(current).isSymbolicLink()
    } catch {
      return null
    }

    if (symlink) return `${current} 是符号链接，可能指向 ${root} 之外`
  }

  return null
}

/** Whether `path` is `folder` or lies below it, by name (see pathEscape for what it really is). */
export const isWithin = (folder: string, path: string): boolean => {
  const below = relative(resolve(folder), resolve(path))
  return below === '' || (below !== '..' && !below.startsWith(`..${sep}`) && !isAbsolute(below))
}
