import fs from 'node:fs'
import { validateNetworkDriver } from '../core/validate/index.ts'
import { verdict, type Row } from './lib/row.ts'

export const VALIDATE_ROW = 'validate a 2,000-line compose (core)'

const LIBRARY = new URL('../server/catalog/library/ipsec/18/', import.meta.url)

/**
 * A realistic 2,000-line docker-compose: the built-in IPsec template (with its network_driver
 * block) followed by ordinary services until the text reaches 2,000 lines, validated together
 * with its rancher-compose (questions give the defaults).
 */
export function twoThousandLines(): { files: { name: string; content: string }[]; lines: number } {
  const names = fs.readdirSync(LIBRARY)
  const dockerName = names.find((n) => n.startsWith('docker-compose'))!
  const rancherName = names.find((n) => n.startsWith('rancher-compose'))!
  let docker = fs.readFileSync(new URL(dockerName, LIBRARY), 'utf8').trimEnd() + '\n'
  for (let i = 0; docker.split('\n').length < 2000; i++) {
    docker += [
      `  app-${i}:`,
      `    image: example/app-${i}:1.0`,
      '    labels:',
      `      io.rancher.container.requested_ip: 10.42.${i % 250}.${(i % 200) + 10}`,
      '      io.rancher.scheduler.affinity:host_label: role=app',
      '    ports:',
      `    - ${8000 + i}:80/tcp`,
      '    environment:',
      `      APP_NAME: app-${i}`,
      '      LOG_LEVEL: info',
      '',
    ].join('\n')
  }
  const lines = docker.split('\n').length
  return { files: [{ name: dockerName, content: docker }, { name: rancherName, content: fs.readFileSync(new URL(rancherName, LIBRARY), 'utf8') }], lines }
}

export function benchValidate(): Row[] {
  const { files, lines } = twoThousandLines()
  for (let i = 0; i < 5; i++) validateNetworkDriver({ files })
  const times: number[] = []
  let diagnostics = 0
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now()
    diagnostics = validateNetworkDriver({ files }).diagnostics.length
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]
  const p95 = times[Math.floor(times.length * 0.95)]
  return [
    {
      benchmark: VALIDATE_ROW,
      database: '—',
      figure: `median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${lines} lines, ${diagnostics} diagnostics)`,
      // CPU only: the median is the time a validation takes; p95 mostly shows GC pauses and
      // other processes on a 2-core machine, so it is printed but not judged
      target: 'median < 50 ms',
      verdict: verdict(median < 50),
    },
  ]
}
