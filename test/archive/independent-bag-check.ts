import {createHash} from 'node:crypto'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

/**
 * A second, deliberately separate reading of RFC 8493 for the tests: walks an unzipped bag, recomputes
 * every digest with node:crypto and compares it with every manifest, both ways. Shares no code with
 * src/archive, so a bug in our writer and our verifier cannot cancel out.
 */
export const manifestEntries = (text: string): Map<string, string> =>
  new Map(
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const match = /^(\S+)\s+(.+)$/.exec(line)
        if (!match) throw new Error(`bad manifest line: ${line}`)
        return [match[2].replaceAll('%0A', '\n').replaceAll('%0D', '\r').replaceAll('%25', '%'), match[1]]
      }),
  )

const walk = (root: string, relative = ''): string[] =>
  readdirSync(join(root, relative)).flatMap((name) => {
    const path = relative ? `${relative}/${name}` : name
    return statSync(join(root, path)).isDirectory() ? walk(root, path) : [path]
  })

export const checkBagIndependently = (root: string): string[] => {
  const problems: string[] = []
  const files = walk(root)
  const payload = files.filter((path) => path.startsWith('data/'))
  const digest = (algorithm: string, path: string) => createHash(algorithm).update(readFileSync(join(root, path))).digest('hex')
  if (readFileSync(join(root, 'bagit.txt'), 'utf8') !== 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n') problems.push('bagit.txt')
  for (const algorithm of ['sha256', 'sm3']) {
    const manifest = manifestEntries(readFileSync(join(root, `manifest-${algorithm}.txt`), 'utf8'))
    for (const path of payload) {
      if (!manifest.has(path)) problems.push(`${path} not in manifest-${algorithm}.txt`)
      else if (manifest.get(path) !== digest(algorithm, path)) problems.push(`${path} ${algorithm} differs`)
    }

    for (const path of manifest.keys()) if (!payload.includes(path)) problems.push(`manifest-${algorithm}.txt lists missing ${path}`)
    const tagManifest = manifestEntries(readFileSync(join(root, `tagmanifest-${algorithm}.txt`), 'utf8'))
    for (const required of ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'manifest-sm3.txt']) {
      if (!tagManifest.has(required)) problems.push(`${required} not in tagmanifest-${algorithm}.txt`)
    }

    for (const [path, value] of tagManifest) if (value !== digest(algorithm, path)) problems.push(`${path} ${algorithm} differs from tagmanifest`)
  }

  const bytes = payload.reduce((sum, path) => sum + statSync(join(root, path)).size, 0)
  const oxum = /^Payload-Oxum: (\S+)$/m.exec(readFileSync(join(root, 'bag-info.txt'), 'utf8'))?.[1]
  if (oxum !== `${bytes}.${payload.length}`) problems.push(`Payload-Oxum ${oxum} != ${bytes}.${payload.length}`)
  return problems
}
