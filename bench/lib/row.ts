/** One line of the result table. */
export interface Row {
  benchmark: string
  database: string
  figure: string
  target: string
  /** PASS / FAIL against the target, "info" when there is none, "skipped" or "ERROR". */
  verdict: string
}

export const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
