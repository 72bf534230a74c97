import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import { Link } from 'wouter'
import type { Container } from '../../../../core/api/index.ts'
import { StateBadge, Tag } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'

/** Every row has the same height (notes are clamped to two lines, full text in the tooltip), so no measuring is needed. */
const ROW_HEIGHT = 68
const COLUMNS = 6

export type AddressNote = Container['dockerIpNote']

export function noteText(note: AddressNote): string {
  return note.detail ? `${note.source} — ${note.detail}` : note.source
}

export const JOIN_MANAGED_HINT = 'add label io.rancher.container.network=true to join the managed network'

/** A Docker-CLI container without the label is on the host network; say how to join (unless the note already does). */
export function joinManagedHint(container: Container): string | undefined {
  return container.native && !container.managedIp && !container.managedIpNote.detail ? JOIN_MANAGED_HINT : undefined
}

export function AddressCell({ ip, note, hint }: { ip: string | null; note: AddressNote; hint?: string }) {
  const text = [noteText(note), hint].filter(Boolean).join('; ')
  return (
    <td title={text}>
      <div className="cell-main">{ip ? <code>{ip}</code> : <span className="muted">—</span>}</div>
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

function ContainerRow({ container, rowIndex }: { container: Container; rowIndex: number }) {
  return (
    <tr aria-rowindex={rowIndex} style={{ height: ROW_HEIGHT }}>
      <ContainerNameCell container={container} />
      <td title={container.hostName ?? undefined}>
        <div className="cell-main">{container.hostName ?? <span className="muted">—</span>}</div>
      </td>
      <NetworkModeCell container={container} />
      <AddressCell ip={container.dockerIp} note={container.dockerIpNote} />
      <AddressCell ip={container.managedIp} note={container.managedIpNote} hint={joinManagedHint(container)} />
      <td>
        <StateBadge state={container.state} />
      </td>
    </tr>
  )
}

/**
 * A real <table> (so headers and cells stay accessible) whose body holds only the rows in view,
 * with spacer rows standing in for the rest.
 */
export function ContainersTable({ containers }: { containers: Container[] }) {
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

  return (
    <div className="virtual-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label="Containers table">
      <table className="table table-fixed" aria-rowcount={containers.length + 1}>
        <colgroup>
          <col style={{ width: '18%' }} />
          <col style={{ width: '11%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '25%' }} />
          <col style={{ width: '27%' }} />
          <col style={{ width: '9%' }} />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Name</th>
            <th scope="col">Host</th>
            <th scope="col">Network mode</th>
            <th scope="col">Docker bridge IP</th>
            <th scope="col">Managed IP</th>
            <th scope="col">State</th>
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
