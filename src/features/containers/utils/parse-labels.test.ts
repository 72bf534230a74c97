import { describe, expect, it } from 'vitest'
import { parseLabels } from './parse-labels.ts'

describe('parseLabels', () => {
  it.each([
    ['', {}],
    ['io.rancher.container.network=true', { 'io.rancher.container.network': 'true' }],
    ['  tier = web  \n\n# a comment\nowner=ops', { tier: 'web', owner: 'ops' }],
    ['empty=', { empty: '' }],
    ['url=http://x/?a=b', { url: 'http://x/?a=b' }],
    ['a=1\r\nb=2', { a: '1', b: '2' }],
    // Object-prototype names are ordinary label keys.
    ['constructor=x\n__proto__=y', { constructor: 'x', ['__proto__']: 'y' }],
  ])('reads %j', (text, labels) => {
    const result = parseLabels(text)
    expect(result.ok && result.labels).toEqual(labels)
  })

  it('remembers the line each key was written on', () => {
    const result = parseLabels('\n# x\ntier=web\nowner=ops')
    expect(result.ok && Object.fromEntries(result.lineOf)).toEqual({ tier: 3, owner: 4 })
  })

  it.each([
    ['tier', ['Line 1 (tier): write key=value.']],
    ['a=1\n=2', ['Line 2: the key before "=" is empty.']],
    ['my key=1', ['Line 1: the key "my key" contains a space.']],
    ['a=1\nb=2\na=3', ['Line 3: a is already set on line 1.']],
    [`${'k'.repeat(254)}=1`, ['Line 1: the key is longer than 253 characters.']],
    [`k=${'v'.repeat(4097)}`, ['Line 1: the value of k is longer than 4096 characters.']],
    ['ok=1\nbad\n\nworse', ['Line 2 (bad): write key=value.', 'Line 4 (worse): write key=value.']],
  ])('rejects %j', (text, errors) => {
    expect(parseLabels(text)).toEqual({ ok: false, errors })
  })
})
