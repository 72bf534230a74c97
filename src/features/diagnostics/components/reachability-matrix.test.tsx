import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeMatrix } from '../../../testing/diagnostics-fixtures.ts'
import { ReachabilityMatrix } from './reachability-matrix.tsx'

afterEach(cleanup)

describe('ReachabilityMatrix', () => {
  it('moves with the arrow keys over the diagonal, and selects a direction on click', () => {
    const onSelect = vi.fn()
    render(<ReachabilityMatrix matrix={makeMatrix(['-oo', 'o-x', 'oo-'])} selected={{ from: 'hst-2', to: 'hst-3' }} onSelect={onSelect} />)
    const failing = screen.getByRole('button', { name: 'lab-2 → lab-3: failing' })
    // The selected cell is the one in the tab order.
    expect(failing.tabIndex).toBe(0)
    expect(failing.getAttribute('aria-pressed')).toBe('true')

    fireEvent.keyDown(failing, { key: 'ArrowLeft' })
    expect(document.activeElement?.getAttribute('aria-label')).toBe('lab-2 → lab-1: ok')
    fireEvent.keyDown(document.activeElement!, { key: 'End' })
    expect(document.activeElement?.getAttribute('aria-label')).toBe('lab-2 → lab-3: failing')
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' })
    expect(document.activeElement?.getAttribute('aria-label')).toBe('lab-1 → lab-3: ok')

    fireEvent.click(screen.getByRole('button', { name: 'lab-3 → lab-1: ok' }))
    expect(onSelect).toHaveBeenCalledWith({ from: 'hst-3', to: 'hst-1' })
  })
})
