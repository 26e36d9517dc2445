import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeWorkspace, runCli} from '../helpers/cli.js'

describe('zfjl people', {timeout: 300_000}, () => {
  it('lists the configured officers of a fresh workspace as officers', async () => {
    const dir = await makeWorkspace()
    const list = await runCli(['people', 'list', '--workspace', dir, '--json'])
    expect(list.exitCode).toBe(0)
    expect(list.json.people.map((person: {name: string; roles: string[]; certNo: string}) => [person.name, person.roles, person.certNo])).toEqual([
      ['张伟', ['officer'], '44010020260001'],
      ['李娜', ['officer'], '44010020260002'],
    ])
    const human = await runCli(['people', 'list', '--workspace', dir])
    expect(human.stdout).toMatch(/执法人员（officer）/)
  })

  it('adds people and roles, deactivates without deleting, and audits every change', async () => {
    const dir = await makeWorkspace()
    const cli = (args: string[]) => runCli([...args, '--workspace', dir, '--json'])
    const added = await cli(['people', 'add', '王强', '--role', 'head', '--role', '批准人'])
    expect(added.exitCode, added.stdout).toBe(0)
    expect(added.json).toMatchObject({addedRoles: ['approver', 'head'], created: true})
    const more = await cli(['people', 'add', '李娜', '--role', 'reviewer'])
    expect(more.json).toMatchObject({addedRoles: ['reviewer'], created: false, person: {roles: ['officer', 'reviewer']}})
    const same = await cli(['people', 'add', '李娜', '--role', 'reviewer'])
    expect([same.exitCode, same.json.error.code]).toEqual([4, 'PERSON_UNCHANGED'])
    const noCert = await cli(['people', 'add', '陈刚', '--role', 'officer'])
    expect([noCert.exitCode, noCert.json.error.code]).toEqual([2, 'CERT_REQUIRED'])
    const badRole = await cli(['people', 'add', '陈刚', '--role', 'boss'])
    expect([badRole.exitCode, badRole.json.error.code]).toEqual([2, 'ROLE_UNKNOWN'])

    const deactivated = await cli(['people', 'deactivate', '王强', '--reason', '调离本单位'])
    expect(deactivated.json).toMatchObject({active: false, deactivated: {reason: '调离本单位'}, name: '王强'})
    const list = await cli(['people', 'list'])
    expect(list.json.people.find((person: {name: string}) => person.name === '王强')).toMatchObject({active: false, roles: ['approver', 'head']})
    const audit = await cli(['audit', 'log', '--action', 'people'])
    expect(audit.json.rows.map((row: {action: string; subject: string}) => [row.action, row.subject])).toEqual([
      ['people.add', '王强'],
      ['people.add', '李娜'],
      ['people.deactivate', '王强'],
    ])
  })

  it('refuses a roster edited by hand in the configuration file: people, roles, accounts, administrator, identity', async () => {
    const dir = await makeWorkspace()
    const configPath = join(dir, 'zfjl.json')
    const original = readFileSync(configPath, 'utf8')
    const config = JSON.parse(original)
    for (const edited of [
      {...config, people: [{name: '李娜', roles: ['head']}]},
      {...config, administrator: {account: 'someone-else', name: null}},
      {...config, identity: config.identity === 'declared' ? 'account' : 'declared'},
      {...config, officers: [...config.officers, {certNo: '9', name: '赵六'}]},
    ]) {
      writeFileSync(configPath, JSON.stringify(edited))
      const list = await runCli(['people', 'list', '--workspace', dir, '--json'])
      expect(list.exitCode).toBe(6)
      expect(list.json.error.code).toBe('CONFIG_ROSTER_CHANGED')
      expect(list.json.error.message).toContain('zfjl people add')
    }

    // Put back as recorded, the workspace works again; roster changes go through people add (audited).
    writeFileSync(configPath, original)
    expect((await runCli(['people', 'add', '陈静', '--role', 'custodian', '--workspace', dir, '--json'])).exitCode).toBe(0)
    const list = await runCli(['people', 'list', '--workspace', dir, '--json'])
    expect(list.json.people.map((person: {name: string; roles: string[]}) => [person.name, person.roles])).toEqual([
      ['张伟', ['officer']],
      ['李娜', ['officer']],
      ['陈静', ['custodian']],
    ])
  })
})
