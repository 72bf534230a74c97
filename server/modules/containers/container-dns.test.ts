import { describe, expect, it } from 'vitest'
import { searchDomainsFor } from './container-dns.ts'

describe('searchDomainsFor', () => {
  it('puts the stack domain first, then the service within the stack, in lower case', () => {
    expect(searchDomainsFor('Consul', 'consul-server')).toEqual(['consul.rancher.internal', 'consul-server.consul.rancher.internal'])
  })
})
