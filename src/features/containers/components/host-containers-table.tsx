import type { Container } from '../../../../core/api/index.ts'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { AddressCells, ContainerNameCell, NetworkModeCell } from './containers-table.tsx'
import { ProblemsCell } from './problem-badges.tsx'

/** The containers of one host: few enough for a plain table, with the same address and problem cells as the containers page. */
export function HostContainersTable({ containers, label }: { containers: Container[]; label: string }) {
  return (
    <div className="table-wrap">
      <table className="table table-fixed table-plain" aria-label={label}>
        <colgroup>
          <col style={{ width: '19%' }} />
          <col style={{ width: '12%' }} />
          <col style={{ width: '24%' }} />
          <col style={{ width: '24%' }} />
          <col style={{ width: '8%' }} />
          <col style={{ width: '13%' }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Network mode</th>
            <th scope="col">Docker bridge IP</th>
            <th scope="col">Managed IP</th>
            <th scope="col">State</th>
            <th scope="col">Problems</th>
          </tr>
        </thead>
        <tbody>
          {containers.map((container) => (
            <tr key={container.id}>
              <ContainerNameCell container={container} />
              <NetworkModeCell container={container} />
              <AddressCells container={container} />
              <td>
                <StateBadge state={container.state} />
              </td>
              <ProblemsCell problems={container.problems} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
