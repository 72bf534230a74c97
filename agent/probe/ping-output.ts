/**
 * Reading iputils (and busybox) ping's summary. Only the summary is trusted: per-reply lines
 * vary between versions, while these two lines have kept their shape for years:
 *   3 packets transmitted, 2 received, +1 errors, 33.3333% packet loss, time 406ms
 *   rtt min/avg/max/mdev = 0.041/0.111/0.235/0.087 ms      (busybox: round-trip min/avg/max = …)
 * When ping could not send at all ("ping: connect: Network is unreachable") there is no
 * summary and nothing was sent.
 */
export interface PingSummary {
  sent: number
  received: number
  avgRttMs: number | null
}

const COUNTS = /(\d+) packets transmitted, (\d+) (?:packets )?received/
const RTT = /(?:rtt|round-trip) min\/avg\/max(?:\/mdev)? = [\d.]+\/([\d.]+)\//

export function parsePing(stdout: string): PingSummary {
  const counts = COUNTS.exec(stdout)
  if (!counts) return { sent: 0, received: 0, avgRttMs: null }
  const sent = Number(counts[1])
  const received = Number(counts[2])
  const rtt = received > 0 ? RTT.exec(stdout) : null
  return { sent, received, avgRttMs: rtt ? Number(rtt[1]) : null }
}
