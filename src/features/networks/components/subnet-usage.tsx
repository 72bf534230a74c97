import { useId } from 'react'
import type { FreeRange, Subnet } from '../../../../core/api/index.ts'
import { UsageBar } from '../../../components/ui/usage-bar.tsx'
import { formatNumber } from '../../../lib/format.ts'
import { reservedBlocks } from '../utils/reserved-addresses.ts'

type Props = {
  subnet: Subnet
  /** Hosts whose overlay router holds an address of this subnet; null while the hosts load. */
  routerCount: number | null
}

const addresses = (n: number) => `${formatNumber(n)} address${n === 1 ? '' : 'es'}`

function FreeRanges({ ranges, free }: { ranges: FreeRange[] | null; free: number }) {
  if (ranges === null) return <p className="muted">Free ranges are not available for this subnet.</p>
  if (ranges.length === 0) {
    return <p>No free address is left: the next container on this network fails to get a managed IP until one is released.</p>
  }
  const shown = ranges.reduce((sum, r) => sum + r.size, 0)
  return (
    <>
      <table className="table table-compact" style={{ width: 'auto' }}>
        <thead>
          <tr>
            <th scope="col">Free range</th>
            <th scope="col">Addresses</th>
          </tr>
        </thead>
        <tbody>
          {ranges.map((r) => (
            <tr key={r.start}>
              <td>
                <code>{r.start === r.end ? r.start : `${r.start} – ${r.end}`}</code>
              </td>
              <td>{formatNumber(r.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown < free && (
        <p className="muted small">
          {`The other ${addresses(free - shown)} free are in smaller gaps between allocated addresses.`}
        </p>
      )}
    </>
  )
}

/** One subnet on the network page: how full it is, what is reserved, and where the free addresses are. */
export function SubnetUsage({ subnet, routerCount }: Props) {
  const headingId = useId()
  const reserved = reservedBlocks(subnet)
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>
        Subnet <code>{subnet.cidr}</code>
      </h3>
      <div className="usage">
        <UsageBar used={subnet.used} size={subnet.size} />
        <span>
          <span className="strong">{formatNumber(subnet.used)}</span> allocated of {formatNumber(subnet.size)} ({formatNumber(subnet.free)} free)
        </span>
      </div>
      <dl className="facts">
        <div>
          <dt>Gateway</dt>
          <dd>
            <code>{subnet.gateway}</code>
          </dd>
        </div>
        <div>
          <dt>Allocation range</dt>
          <dd>
            <code>{`${subnet.startAddress} – ${subnet.endAddress}`}</code> <span className="muted small">{addresses(subnet.size)}</span>
          </dd>
        </div>
      </dl>

      <h4>Reserved addresses</h4>
      <ul className="plain-list">
        {reserved.map((b) => (
          <li key={b.first}>
            <code>{b.first === b.last ? b.first : `${b.first} – ${b.last}`}</code> <span className="muted">{b.why}</span>
          </li>
        ))}
        <li>
          One address per host for its overlay router, taken from the range and counted as allocated
          {routerCount === null ? '.' : `: ${routerCount === 1 ? '1 host' : `${formatNumber(routerCount)} hosts`}.`}
        </li>
      </ul>

      <h4>Largest free ranges</h4>
      <FreeRanges ranges={subnet.largestFreeRanges} free={subnet.free} />
    </section>
  )
}
