// "Did you mean …?" for unknown keys and values.

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbours each cost 1 (`hairpniMode` → `hairpinMode` is 1, not 2). Stops early and returns
 * max + 1 once every path is longer than max, which keeps a scan over many candidates cheap.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  // Three rolling rows: the swap case looks two rows back.
  let prev2: number[] = []
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1)
      cur.push(d)
      if (d < rowMin) rowMin = d
    }
    if (rowMin > max) return max + 1
    prev2 = prev
    prev = cur
  }
  return prev[b.length]
}

/**
 * The known word closest to `word`, or undefined when none is close enough. A case-only or
 * punctuation-only difference always matches (`bridgesubnet`, `hairpinMode"`); otherwise the
 * distance may be at most a third of the word's length (and at least 1), so short words do
 * not "match" unrelated short words.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')
  const w = norm(word)
  const max = Math.max(1, Math.floor(word.length / 3))
  let best: string | undefined
  let bestDistance = Infinity
  for (const c of candidates) {
    if (c === word) continue
    if (w !== '' && norm(c) === w) return c
    const d = editDistance(word.toLowerCase(), c.toLowerCase(), max)
    if (d <= max && d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}
