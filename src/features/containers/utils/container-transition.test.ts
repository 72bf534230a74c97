import { describe, expect, it } from 'vitest'
import type { Container } from '../../../../core/api/index.ts'
import { pendingTransition } from './container-transition.ts'

describe('pendingTransition', () => {
  it.each<[Container['state'], Container['desiredState'], string | null]>([
    ['running', 'running', null],
    ['stopped', 'stopped', null],
    ['running', 'stopped', 'stopping…'],
    ['creating', 'stopped', 'stopping…'],
    ['stopped', 'running', 'starting…'],
    ['creating', 'running', 'starting…'],
    ['running', 'removed', 'removing…'],
    // An error explains itself; "starting…" forever would hide it.
    ['error', 'running', null],
    ['removed', 'removed', null],
  ])('%s, desired %s → %s', (state, desiredState, expected) => {
    expect(pendingTransition({ state, desiredState })).toBe(expected)
  })
})
