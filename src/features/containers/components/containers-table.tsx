import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import { Link } from 'wouter'
import type { Container } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { StateBadge, Tag } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import type { ContainerSort, SortKey } from '../utils/sort-containers.ts'
import { ProblemsCell } from './problem-badges.tsx'
import { SortHeader } from './sort-header.tsx'

/**
 * Every row has the same height (notes are clamped to two lines, full text in the tooltip; the
 * address line is as tall as its copy button; problem badges wrap to two lines at most), so no
 * measuring is needed.
 */
const ROW_HEIGHT = 72
const COLUMNS = 7

export type AddressNote = Container['dockerIpNote']

export function noteText(note: AddressNote): string {
  return note.detail ? `${note.source} — ${note.detail}` : note.source
}

export const JOIN_MANAGED_HINT = 'add label io.rancher.container.network=true to join the managed network'

/** A Docker-CLI container without the label is on the host network; say how to join (unless the note already does). */
export function joinManagedHint(container: Container): string | undefined {
  return container.native && !container.managedIp && !container.managedIpNote.detail ? JOIN_MANAGED_HINT : undefined
}

// The address and its copy button on one line; no overflow clipping here, so the button's focus ring shows whole.
const ADDRESS_LINE = { display: 'flex', alignItems: 'center', gap: '0.4rem', whiteSpace: 'nowrap' } as const

/** One address column: the IP with a copy button, and where the address comes from. `what` names it ("managed IP"). */
export function AddressCell({ ip, note, hint, what }: { ip: string | null; note: AddressNote; hint?: string; what: string }) {
  const text = [noteText(note), hint].filter(Boolean).join('; ')
  return (
    <td title={text}>
      {ip ? (
        <div style={ADDRESS_LINE}>
          <code>{ip}</code>
          <CopyButton text={ip} label={`Copy ${what} ${ip}`} />
        </div>
      ) : (
        <div className="cell-main">
          <span className="muted">—</span>
        </div>
      )}
      <div className="cell-note muted small">{text}</div>
    </td>
  )
}

/** The container's name (a link to its page), its badges, and where it comes from. */
export function ContainerNameCell({ container }: { container: Container }) {
  const origin = [container.stackName, container.serviceName].filter(Boolean).join(' / ')
  return (
    <td title={container.name}>
      <div className="cell-main">
        <Link href={paths.container.href(container.environmentId, container.id)} className="strong">
          {container.name}
        </Link>{' '}
        {container.system && <Tag title="Infrastructure container of a system stack">infra</Tag>}
        {container.native && <Tag title="Created with the Docker CLI">Docker CLI</Tag>}
      </div>
      <div className="cell-sub muted small">{origin || container.image}</div>
    </td>
  )
}

export function NetworkModeCell({ container }: { container: Container }) {
  return (
    <td title={container.networkName ? `resolves to network ${container.networkName}` : undefined}>
      <div className="cell-main">
        <code>{container.networkMode}</code>
      </div>
      {container.networkName && container.networkName !== container.networkMode && (
        <div className="cell-sub muted small">{container.networkName}</div>
      )}
    </td>
  )
}

/** The two address cells every containers table shows, in order: Docker bridge IP, then managed IP. */
export function AddressCells({ container }: { container: Container }) {
  return (
    <>
      <AddressCell ip={container.dockerIp} note={container.dockerIpNote} what="Docker bridge IP" />
      <AddressCell ip={container.managedIp} note={container.managedIpNote} hint={joinManagedHint(container)} what="managed IP" />
    </>
  )
}

function ContainerRow({ container, rowIndex }: { container: Container; rowIndex: number }) {
  return (
    <tr aria-rowindex={rowIndex} style={{ height: ROW_HEIGHT }}>
      <ContainerNameCell container={container} />
      <td title={container.hostName ?? undefined}>
        <div className="cell-main">{container.hostName ?? <span className="muted">—</span>}</div>
      </td>
      <NetworkModeCell container={container} />
      <AddressCells container={container} />
      <td>
        <StateBadge state={container.state} />
      </td>
      <ProblemsCell problems={container.problems} />
    </tr>
  )
}

const HEADERS: { label: string; column: SortKey; width: string }[] = [
  { label: 'Name', column: 'name', width: '16%' },
  { label: 'Host', column: 'host', width: '9%' },
  { label: 'Network mode', column: 'mode', width: '10%' },
  { label: 'Docker bridge IP', column: 'dockerIp', width: '21%' },
  { label: 'Managed IP', column: 'managedIp', width: '23%' },
  { label: 'State', column: 'state', width: '8%' },
]
const PROBLEMS_WIDTH = '13%'

/**
 * A real <table> (so headers and cells stay accessible) whose body holds only the rows in view,
 * with spacer rows standing in for the rest. The rows come sorted; a header click asks for another order.
 */
export function ContainersTable({
  containers,
  sort,
  onSort,
}: {
  containers: Container[]
  sort: ContainerSort | null
  onSort: (column: SortKey) => void
}) {
  const scrollRef = useRef<HTMLDivElement>(null)
  // The virtualizer is mutable by design; this component is not memoised by the React Compiler.
  // oxlint-disable-next-line react/incompatible-library
  const virtualizer = useVirtualizer({
    count: containers.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 800 },
    getItemKey: (index) => containers[index].id,
  })
  const items = virtualizer.getVirtualItems()
  const total = virtualizer.getTotalSize()
  const paddingTop = items.length > 0 ? items[0].start : 0
  const paddingBottom = items.length > 0 ? total - items[items.length - 1].end : 0

  // A new order starts at its top: staying at row 6,000 of another order shows nothing in particular.
  const handleSort = (column: SortKey) => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0
    onSort(column)
  }

  return (
    <div className="virtual-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label="Containers table">
      <table className="table table-fixed" aria-rowcount={containers.length + 1}>
        <colgroup>
          {HEADERS.map((h) => (
            <col key={h.column} style={{ width: h.width }} />
          ))}
          <col style={{ width: PROBLEMS_WIDTH }} />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {HEADERS.map((h) => (
              <SortHeader key={h.column} label={h.label} column={h.column} sort={sort} onSort={handleSort} />
            ))}
            <th scope="col">Problems</th>
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={COLUMNS} style={{ height: paddingTop }} />
            </tr>
          )}
          {items.map((item) => (
            <ContainerRow key={item.key} container={containers[item.index]} rowIndex={item.index + 2} />
          ))}
          {paddingBottom > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={COLUMNS} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  )
}
