import type { Container } from '../../../../core/api/index.ts'

export type ContainerFilter = {
  /** Free text; every whitespace-separated term must appear in the name, an IP, the host or the network mode. */
  text: string
  showInfrastructure: boolean
}

type Searchable = Pick<Container, 'name' | 'hostName' | 'networkMode' | 'dockerIp' | 'managedIp' | 'system'>

// Containers are immutable cache entries, so each one's search text is built once.
const haystacks = new WeakMap<object, string>()

function haystackOf(container: Searchable): string {
  let text = haystacks.get(container)
  if (text === undefined) {
    text = [container.name, container.hostName, container.networkMode, container.dockerIp, container.managedIp]
      .filter(Boolean)
      .join('\n')
      .toLowerCase()
    haystacks.set(container, text)
  }
  return text
}

export function filterTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean)
}

/** The containers that pass the filter, in their original order. */
export function filterContainers<T extends Searchable>(containers: readonly T[], filter: ContainerFilter): T[] {
  const terms = filterTerms(filter.text)
  if (terms.length === 0 && filter.showInfrastructure) return containers as T[]
  const result: T[] = []
  for (const container of containers) {
    if (!filter.showInfrastructure && container.system) continue
    if (terms.length > 0) {
      const haystack = haystackOf(container)
      let matches = true
      for (const term of terms) {
        if (!haystack.includes(term)) {
          matches = false
          break
        }
      }
      if (!matches) continue
    }
    result.push(container)
  }
  return result
}
