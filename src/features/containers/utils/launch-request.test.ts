import { describe, expect, it } from 'vitest'
import { buildLaunchRequest, EMPTY_LAUNCH_FORM, fieldForCode, fieldForPath, type LaunchFormValues } from './launch-request.ts'

const form = (overrides: Partial<LaunchFormValues>): LaunchFormValues => ({ ...EMPTY_LAUNCH_FORM, name: 'web-9', image: 'nginx:1.27', ...overrides })

describe('buildLaunchRequest', () => {
  it('sends a managed container to the scheduler with nothing but its name and image', () => {
    expect(buildLaunchRequest(form({}))).toEqual({
      ok: true,
      body: { name: 'web-9', image: 'nginx:1.27', networkMode: 'managed', native: false, labels: {}, ports: [] },
    })
  })

  it('turns the controls into Rancher labels next to the typed ones', () => {
    const result = buildLaunchRequest(
      form({
        hostId: 'host-2',
        networkMode: 'bridge',
        native: true,
        joinManaged: true,
        requestedIp: ' 10.42.0.50, 10.42.0.51 ,',
        rancherDns: false,
        labels: 'tier=web',
        ports: '8080:80',
      }),
    )
    expect(result).toEqual({
      ok: true,
      body: {
        name: 'web-9',
        image: 'nginx:1.27',
        hostId: 'host-2',
        networkMode: 'bridge',
        native: true,
        labels: {
          tier: 'web',
          'io.rancher.container.requested_ip': '10.42.0.50,10.42.0.51',
          'io.rancher.container.dns': 'false',
          'io.rancher.container.network': 'true',
        },
        ports: [{ bindIp: null, publicPort: 8080, privatePort: 80, protocol: 'tcp' }],
      },
    })
  })

  it('leaves the host to the server for container:X (it runs where X runs)', () => {
    const result = buildLaunchRequest(form({ hostId: 'host-2', networkMode: 'container', networkContainer: 'web-1' }))
    expect(result.ok && result.body).toMatchObject({ networkMode: 'container:web-1' })
    expect(result.ok && 'hostId' in result.body).toBe(false)
  })

  it('adds the join label only for native containers', () => {
    const result = buildLaunchRequest(form({ joinManaged: true }))
    expect(result.ok && result.body.labels).toEqual({})
  })

  it.each<[string, Partial<LaunchFormValues>, Record<string, string[]>]>([
    ['an empty name and image', { name: ' ', image: '' }, { name: ['Give the container a name.'], image: ['Give an image, e.g. nginx:1.27.'] }],
    ['a name Docker refuses', { name: '-web' }, { name: ['"-web": letters, digits, `_`, `.` and `-`, starting with a letter or digit, at most 63.'] }],
    ['container: without a container', { networkMode: 'container' }, { networkMode: ['Pick the container whose network namespace to share.'] }],
    ['a requested IP that is no IPv4 address', { requestedIp: '10.42.0.5, 10.42.0.300' }, { requestedIp: ['"10.42.0.300" is not an IPv4 address.'] }],
    ['a bad port entry', { ports: '8080:80, 53/sctp' }, { ports: ['Entry 2 (53/sctp): protocol "sctp" must be tcp or udp.'] }],
    ['a bad label line', { labels: 'a=1\nb' }, { labels: ['Line 2 (b): write key=value.'] }],
    [
      'a typed requested_ip that differs from the field',
      { requestedIp: '10.42.0.5', labels: 'x=1\nio.rancher.container.requested_ip=10.42.0.6' },
      { labels: ['Line 2: io.rancher.container.requested_ip is also set by the Requested IP field; keep one.'] },
    ],
    [
      'a typed dns label against the unchecked box',
      { rancherDns: false, labels: 'io.rancher.container.dns=true' },
      { labels: ['Line 1: io.rancher.container.dns=true contradicts the unchecked Rancher DNS box.'] },
    ],
    [
      'a typed dns=false with the box checked',
      { labels: 'io.rancher.container.dns=false' },
      { labels: ['Line 1: io.rancher.container.dns=false turns Rancher DNS off; uncheck the Rancher DNS box instead.'] },
    ],
    [
      'a typed network=false against the join box',
      { native: true, joinManaged: true, labels: 'io.rancher.container.network=false' },
      { labels: ['Line 1: io.rancher.container.network=false contradicts the checked Join the managed network box.'] },
    ],
  ])('reports %s at its field', (_, values, errors) => {
    expect(buildLaunchRequest(form(values))).toEqual({ ok: false, errors })
  })

  it('accepts a typed label that agrees with the control', () => {
    const result = buildLaunchRequest(form({ requestedIp: '10.42.0.5', rancherDns: false, labels: 'io.rancher.container.requested_ip=10.42.0.5\nio.rancher.container.dns=false' }))
    expect(result.ok).toBe(true)
  })
})

describe('fieldForPath', () => {
  it.each<[string, Partial<LaunchFormValues>, string | null]>([
    ['name', {}, 'name'],
    ['hostId', {}, 'hostId'],
    ['networkMode', {}, 'networkMode'],
    ['labels.io.rancher.container.requested_ip', { requestedIp: '10.42.0.5' }, 'requestedIp'],
    ['labels.io.rancher.container.dns', { rancherDns: false }, 'rancherDns'],
    ['labels.io.rancher.container.network', { native: true, joinManaged: true }, 'joinManaged'],
    // The same labels typed in "Labels" are reported there.
    ['labels.io.rancher.container.requested_ip', {}, 'labels'],
    ['labels.io.rancher.container.dns', {}, 'labels'],
    ['labels.io.rancher.container.network', { native: true }, 'labels'],
    ['labels.tier', {}, 'labels'],
    ['ports', {}, 'ports'],
    ['ports.1.publicPort', {}, 'ports'],
    ['', {}, null],
    ['constructor', {}, null],
  ])('%s with %j → %s', (path, values, field) => {
    expect(fieldForPath(path, form(values))).toBe(field)
  })

  it('places detail-less conflicts by their code', () => {
    expect(fieldForCode('PORT_IN_USE')).toBe('ports')
    expect(fieldForCode('NAME_TAKEN')).toBe('name')
    expect(fieldForCode('NO_ACTIVE_HOST')).toBe('hostId')
    expect(fieldForCode('SUBNET_EXHAUSTED')).toBeNull()
    expect(fieldForCode('toString')).toBeNull()
  })
})
