import type { Row } from './row.ts'

const COLUMNS: { key: keyof Row; title: string }[] = [
  { key: 'benchmark', title: 'benchmark' },
  { key: 'database', title: 'database' },
  { key: 'figure', title: 'figure' },
  { key: 'target', title: 'target' },
  { key: 'verdict', title: 'verdict' },
]

/** A plain-text table with aligned columns (widths measured in code points). */
export function formatTable(rows: Row[]): string {
  const len = (s: string) => [...s].length
  const widths = COLUMNS.map((c) => Math.max(len(c.title), ...rows.map((r) => len(r[c.key]))))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell + ' '.repeat(widths[i] - len(cell)))
      .join('  ')
      .trimEnd()
  return [line(COLUMNS.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => line(COLUMNS.map((c) => r[c.key])))].join('\n')
}
