/**
 * Rancher DNS for containers (domain §3.8). Service containers find their siblings by short
 * name because their stack's and their service's `rancher.internal` domains lead the search
 * list; `io.rancher.container.dns=false` opts a container out of all of it.
 */
import type { Tx } from '../../db/tx.ts'

export const DNS_LABEL = 'io.rancher.container.dns'
const INTERNAL = 'rancher.internal'

/** `<stack>.rancher.internal`, `<service>.<stack>.rancher.internal` (lower-case), in Rancher's order. */
export function searchDomainsFor(stackName: string, serviceName: string): string[] {
  const stack = stackName.toLowerCase()
  const service = serviceName.toLowerCase()
  return [`${stack}.${INTERNAL}`, `${service}.${stack}.${INTERNAL}`]
}

/** The service search domains of a container spec; names are looked up when the caller did not pass them. */
export async function serviceSearchDomains(
  tx: Tx,
  spec: { stackId?: string | null; serviceId?: string | null; stackName?: string | null; serviceName?: string | null },
): Promise<string[]> {
  if (!spec.serviceId) return []
  let stackName = spec.stackName ?? null
  let serviceName = spec.serviceName ?? null
  if (!stackName || !serviceName) {
    const row = await tx.db
      .selectFrom('services as sv')
      .innerJoin('stacks as s', 's.id', 'sv.stack_id')
      .select(['sv.name as service_name', 's.name as stack_name'])
      .where('sv.id', '=', spec.serviceId)
      .executeTakeFirst()
    if (!row) return []
    stackName ??= row.stack_name
    serviceName ??= row.service_name
  }
  return searchDomainsFor(stackName, serviceName)
}
