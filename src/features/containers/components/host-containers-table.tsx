import type { Container } from '../../../../core/api/index.ts'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { AddressCell, ContainerNameCell, joinManagedHint, NetworkModeCell } from './containers-table.tsx'

/** The containers of one host: few enough for a plain table, with the same address columns as the containers page. */
export function HostContainersTable({ containers, label }: { containers: Container[]; label: string }) {
  return (
    <div className="table-wrap">
      <table className="table table-fixed table-plain" aria-label={label}>
        <colgroup>
          <col style={{ width: '22%' }} />
          <col style={{ width: '13%' }} />
          <col style={{ width: '28%' }} />
          <col style={{ width: '28%' }} />
          <col style={{ width: '9%' }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Network mode</th>
            <th scope="col">Docker bridge IP</th>
            <th scope="col">Managed IP</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {containers.map((container) => (
            <tr key={container.id}>
              <ContainerNameCell container={container} />
              <NetworkModeCell container={container} />
              <AddressCell ip={container.dockerIp} note={container.dockerIpNote} />
              <AddressCell ip={container.managedIp} note={container.managedIpNote} hint={joinManagedHint(container)} />
              <td>
                <StateBadge state={container.state} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
