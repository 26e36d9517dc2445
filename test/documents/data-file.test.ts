import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {parseSetPairs, readDataFile} from '../../src/documents/data-file.js'
import {makeTempDir} from '../helpers/cli.js'

describe('--data and --set', () => {
  const dir = makeTempDir('zfjl-data-')
  const write = (name: string, text: string) => {
    const path = join(dir, name)
    writeFileSync(path, text)
    return path
  }

  it('reads JSON and YAML mappings, lists included, by extension or by trying both', () => {
    const expected = {facts: '经查', penalties: [{content: '警告'}]}
    expect(readDataFile(write('a.json', JSON.stringify(expected)))).toEqual(expected)
    expect(readDataFile(write('a.yaml', 'facts: 经查\npenalties:\n  - content: 警告\n'))).toEqual(expected)
    expect(readDataFile(write('a.data', 'facts: 经查\npenalties: [{content: 警告}]\n'))).toEqual(expected)
    expect(readDataFile(write('b.data', JSON.stringify(expected)))).toEqual(expected)
  })

  it.each([
    ['broken JSON', 'x.json', '{"facts": ', /不是有效的 JSON 或 YAML/],
    ['broken YAML', 'x.yml', 'a: [1\nb: : :', /不是有效的 JSON 或 YAML/],
    ['a list instead of a mapping', 'x.yaml', '- a\n- b\n', /JSON 对象或 YAML 映射/],
    ['plain words', 'x.txt', 'hello there', /JSON 对象或 YAML 映射/],
  ])('refuses %s as a usage error', (_name, file, text, message) => {
    expect(() => readDataFile(write(file, text))).toThrow(message)
  })

  it('parses key=value pairs, keeping "=" inside values, and refuses anything else at once', () => {
    expect(parseSetPairs(['facts=经查，a=b', 'fineAmount=5000', 'remarks='])).toEqual({facts: '经查，a=b', fineAmount: '5000', remarks: ''})
    expect(() => parseSetPairs(['facts', '事实=x'])).toThrow(/「facts」、「事实=x」/)
  })
})
