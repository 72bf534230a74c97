import { describe, expect, it } from 'vitest'
import { parsePorts } from './parse-ports.ts'

describe('parsePorts', () => {
  it.each([
    ['', []],
    ['8080:80', [{ bindIp: null, publicPort: 8080, privatePort: 80, protocol: 'tcp' }]],
    ['53:53/udp', [{ bindIp: null, publicPort: 53, privatePort: 53, protocol: 'udp' }]],
    ['127.0.0.1:9000:9000', [{ bindIp: '127.0.0.1', publicPort: 9000, privatePort: 9000, protocol: 'tcp' }]],
    ['80', [{ bindIp: null, publicPort: null, privatePort: 80, protocol: 'tcp' }]],
    ['443:443/TCP', [{ bindIp: null, publicPort: 443, privatePort: 443, protocol: 'tcp' }]],
    [
      '8080:80/tcp, 53:53/udp, 127.0.0.1:9000:9000',
      [
        { bindIp: null, publicPort: 8080, privatePort: 80, protocol: 'tcp' },
        { bindIp: null, publicPort: 53, privatePort: 53, protocol: 'udp' },
        { bindIp: '127.0.0.1', publicPort: 9000, privatePort: 9000, protocol: 'tcp' },
      ],
    ],
    [
      '8080:80\n 8443:443 ,',
      [
        { bindIp: null, publicPort: 8080, privatePort: 80, protocol: 'tcp' },
        { bindIp: null, publicPort: 8443, privatePort: 443, protocol: 'tcp' },
      ],
    ],
  ])('reads %j', (text, ports) => {
    expect(parsePorts(text)).toEqual({ ok: true, ports })
  })

  it.each([
    ['8080:80/sctp', ['Entry 1 (8080:80/sctp): protocol "sctp" must be tcp or udp.']],
    ['8080:http', ['Entry 1 (8080:http): container port "http" is not a number.']],
    ['70000:80', ['Entry 1 (70000:80): host port 70000 is outside 1–65535.']],
    ['8080:0', ['Entry 1 (8080:0): container port 0 is outside 1–65535.']],
    ['10.0.0.256:80:80', ['Entry 1 (10.0.0.256:80:80): bind IP "10.0.0.256" is not an IPv4 address.']],
    ['127.0.0.1::80', ['Entry 1 (127.0.0.1::80): the host port is empty; give one, or write only the container port to leave it unpublished.']],
    ['1:2:3:4', ['Entry 1 (1:2:3:4): write [bind IP:]host port:container port[/tcp|udp].']],
    // Every bad entry is reported, each under its own number.
    ['8080:80, x:81, 53:53/udp, 9:9/icmp', ['Entry 2 (x:81): host port "x" is not a number.', 'Entry 4 (9:9/icmp): protocol "icmp" must be tcp or udp.']],
  ])('rejects %j', (text, errors) => {
    expect(parsePorts(text)).toEqual({ ok: false, errors })
  })
})
