import { vi } from 'vitest'
import type { DirectionReport, Matrix, MatrixCell, TimelineEvent, Trace } from '../../core/api/index.ts'

/** Deterministic builders for the reachability screen, typed with the contract. */

const T0 = '2026-11-28T08:00:00.000Z'

type MatrixHost = Matrix['hosts'][number]

/** lab-N registered with its eth0 address, which its interfaces carry beside docker0's. */
export function makeMatrixHost(n: number, overrides: Partial<MatrixHost> = {}): MatrixHost {
  return { id: `hst-${n}`, name: `lab-${n}`, agentIp: `192.168.50.1${n}`, interfaceIps: [`192.168.50.1${n}`, '172.17.0.1'], ...overrides }
}

/**
 * A matrix of `rows` (one string per source host, one status character per destination), hosts
 * lab-1 … lab-n: `makeMatrix(['-op', 'o-o', 'oo-'])` has lab-1 → lab-3 port-blocked.
 */
export function makeMatrix(rows: string[], hosts?: MatrixHost[]): Matrix {
  return { hosts: hosts ?? rows.map((_, i) => makeMatrixHost(i + 1)), cells: rows.join(''), checkedAt: T0 }
}

export function makeDirectionReport(overrides: Partial<DirectionReport> = {}): DirectionReport {
  return { reportedBy: 'lab-1', ok: true, rttMs: 0.8, lastSuccessAt: T0, error: null, receivedAt: T0, ...overrides }
}

/** lab-2 → lab-3 over IPsec with UDP 4500 blocked one way: the outbound check fails, the ports say why. */
export function makeMatrixCell(overrides: Partial<MatrixCell> = {}): MatrixCell {
  return {
    from: makeMatrixHost(2),
    to: makeMatrixHost(3),
    status: 'p',
    overlay: 'ipsec',
    outbound: makeDirectionReport({
      reportedBy: 'lab-2',
      ok: false,
      rttMs: null,
      lastSuccessAt: '2026-11-28T07:55:00.000Z',
      error: 'GET /ping: timeout',
    }),
    inbound: makeDirectionReport({ reportedBy: 'lab-3', ok: false, rttMs: null, lastSuccessAt: '2026-11-28T07:55:00.000Z', error: null }),
    ports: [
      { port: 500, protocol: 'udp', open: true },
      { port: 4500, protocol: 'udp', open: false },
    ],
    representative: { fromContainerId: 'ctr-web-2', fromContainerName: 'web-2', toContainerId: 'ctr-web-3', toContainerName: 'web-3' },
    ...overrides,
  }
}

export function makeTimelineEvent(overrides: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    id: 'tl-1',
    at: T0,
    kind: 'port-blocked',
    severity: 'error',
    subject: { kind: 'host-pair', id: 'hst-2', name: 'lab-2', peerId: 'hst-3', peerName: 'lab-3' },
    message: 'UDP 4500 from lab-2 to lab-3 is blocked.',
    ...overrides,
  }
}

/** Fails at the tunnel hop with its fix. */
export function makeTrace(overrides: Partial<Trace> = {}): Trace {
  return {
    verdict: 'unreachable',
    summary: 'web-2 cannot reach web-3: UDP 4500 from lab-2 to lab-3 is blocked.',
    hops: [
      { name: 'web-2 managed IP', verdict: 'ok', evidence: ['10.42.0.12 on eth0'] },
      { name: 'Tunnel lab-2 → lab-3', verdict: 'fail', evidence: ['UDP 4500 blocked'], fix: 'Open UDP 500 and 4500 between the hosts.' },
      { name: 'web-3 managed IP', verdict: 'unknown', evidence: [] },
    ],
    ...overrides,
  }
}

/** One answer of the fake API: a status and a JSON body. */
type Answer = { status?: number; body: unknown }
type Handler = (request: { method: string; url: URL; body: unknown }) => Answer | undefined

/**
 * Stubs `fetch` with a function of (method, URL, JSON body); unrouted requests answer 404. Returns
 * the mock so a test can read what was asked: `requests()` lists them as `METHOD /path?query`.
 */
export function stubApi(handler: Handler) {
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), 'http://paddock.test')
    const method = init?.method ?? 'GET'
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined
    const answer = handler({ method, url, body }) ?? {
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: `${method} ${url.pathname}` }, requestId: 'r' },
    }
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { 'content-type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetch)
  const requests = () => fetch.mock.calls.map(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}`)
  const bodiesOf = (method: string, path: string) =>
    fetch.mock.calls
      .filter(([input, init]) => (init?.method ?? 'GET') === method && String(input).split('?')[0] === path)
      .map(([, init]) => JSON.parse(String(init?.body)) as unknown)
  return { fetch, requests, bodiesOf }
}
