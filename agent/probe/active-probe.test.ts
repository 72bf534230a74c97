import { accessSync, constants } from 'node:fs'
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { execProbe, parsePing, probeCommand, runProbe, type ProbeExecResult, type ProbeSpec } from './active-probe.ts'

// Captured from iputils 20221126 on this machine (the loss cases inside `unshare -n` with nft drops).
const SUCCESS = `PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.235 ms
64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.059 ms
64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.041 ms

--- 127.0.0.1 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 408ms
rtt min/avg/max/mdev = 0.041/0.111/0.235/0.087 ms
`
const ALL_LOST = `PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.

--- 127.0.0.1 ping statistics ---
3 packets transmitted, 0 received, 100% packet loss, time 408ms

`
const ALL_LOST_WITH_ERRORS = `PING 10.255.255.1 (10.255.255.1) 56(84) bytes of data.
From 21.4.9.231 icmp_seq=1 Destination Port Unreachable
From 21.4.9.231 icmp_seq=2 Destination Port Unreachable
From 21.4.9.231 icmp_seq=3 Destination Port Unreachable

--- 10.255.255.1 ping statistics ---
3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 406ms

`
const PARTIAL = `PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.038 ms
64 bytes from 127.0.0.1: icmp_seq=4 ttl=64 time=0.043 ms

--- 127.0.0.1 ping statistics ---
4 packets transmitted, 2 received, 50% packet loss, time 611ms
rtt min/avg/max/mdev = 0.038/0.040/0.043/0.002 ms
`
// Nothing on stdout; exit code 2.
const UNREACHABLE_STDERR = 'ping: connect: Network is unreachable\n'

const icmp = (over: Partial<ProbeSpec> = {}): ProbeSpec => ({ id: 'p1', netns: 'pdk-ab12-h1-c1', target: '10.42.1.5', protocol: 'icmp', port: null, ...over })
const tcp = (over: Partial<ProbeSpec> = {}): ProbeSpec => ({ id: 'p2', netns: 'pdk-ab12-h1-c1', target: '10.42.1.5', protocol: 'tcp', port: 80, ...over })

function fakeExec(result: ProbeExecResult) {
  const calls: Array<{ file: string; args: string[]; timeoutMs: number }> = []
  const exec = async (file: string, args: string[], timeoutMs: number) => {
    calls.push({ file, args, timeoutMs })
    return result
  }
  return { exec, calls }
}

const has = (path: string) => {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
const pingPath = ['/usr/bin/ping', '/bin/ping'].find(has)
const ipPath = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find(has)

describe('parsePing', () => {
  it('reads sent, received and the average RTT of a clean run', () => {
    expect(parsePing(SUCCESS)).toEqual({ sent: 3, received: 3, avgRttMs: 0.111 })
  })
  it('reads total loss, with or without ICMP errors, as nothing received and no RTT', () => {
    expect(parsePing(ALL_LOST)).toEqual({ sent: 3, received: 0, avgRttMs: null })
    expect(parsePing(ALL_LOST_WITH_ERRORS)).toEqual({ sent: 3, received: 0, avgRttMs: null })
  })
  it('reads partial loss with the average of the replies that came', () => {
    expect(parsePing(PARTIAL)).toEqual({ sent: 4, received: 2, avgRttMs: 0.04 })
  })
  it('reads "Network is unreachable" (no summary) as nothing sent', () => {
    expect(parsePing('')).toEqual({ sent: 0, received: 0, avgRttMs: null })
    expect(parsePing(UNREACHABLE_STDERR)).toEqual({ sent: 0, received: 0, avgRttMs: null })
  })
  it("reads busybox's summary too", () => {
    const busybox = '3 packets transmitted, 3 packets received, 0% packet loss\nround-trip min/avg/max = 0.061/0.088/0.118 ms\n'
    expect(parsePing(busybox)).toEqual({ sent: 3, received: 3, avgRttMs: 0.088 })
  })
})

describe('probeCommand', () => {
  it('pings from inside the container netns', () => {
    expect(probeCommand(icmp())).toEqual({
      file: 'ip',
      args: ['netns', 'exec', 'pdk-ab12-h1-c1', 'ping', '-c', '3', '-i', '0.2', '-W', '1', '-n', '10.42.1.5'],
    })
    expect(probeCommand(icmp({ netns: null }))).toEqual({ file: 'ping', args: ['-c', '3', '-i', '0.2', '-W', '1', '-n', '10.42.1.5'] })
  })
  it('connects over TCP with target and port as arguments, never inside the script', () => {
    const { file, args } = probeCommand(tcp())
    expect(file).toBe('ip')
    expect(args.slice(0, 5)).toEqual(['netns', 'exec', 'pdk-ab12-h1-c1', process.execPath, '-e'])
    expect(args.slice(6)).toEqual(['10.42.1.5', '80'])
    expect(args[5]).not.toContain('10.42.1.5')
  })
  it.each([
    ['10.42.1.5; rm -rf /', 'target "10.42.1.5; rm -rf /" is not an IPv4 address'],
    ['10.42.1.256', 'target "10.42.1.256" is not an IPv4 address'],
    ['010.42.1.5', 'target "010.42.1.5" is not an IPv4 address'],
    ['fd00::5', 'target "fd00::5" is not an IPv4 address'],
    ['db.example', 'target "db.example" is not an IPv4 address'],
    ['-f', 'target "-f" is not an IPv4 address'],
  ])('rejects target %s', (target, message) => {
    expect(() => probeCommand(icmp({ target }))).toThrow(message)
    expect(() => probeCommand(tcp({ target }))).toThrow(message)
  })
  it('rejects ports that are not TCP ports and namespaces that are not names', () => {
    expect(() => probeCommand(tcp({ port: null }))).toThrow('port null is not a TCP port (an integer 1–65535)')
    expect(() => probeCommand(tcp({ port: 0 }))).toThrow('port 0 is not a TCP port')
    expect(() => probeCommand(tcp({ port: 65536 }))).toThrow('port 65536 is not a TCP port')
    expect(() => probeCommand(tcp({ port: 80.5 }))).toThrow('port 80.5 is not a TCP port')
    expect(() => probeCommand(icmp({ netns: '-all' }))).toThrow('netns "-all" is not a network namespace name')
    expect(() => probeCommand(icmp({ netns: '../../proc/1/ns/net' }))).toThrow('is not a network namespace name')
  })
})

describe('runProbe with a fake exec', () => {
  it('reports a ping that came back with its average RTT and the output as detail', async () => {
    const { exec, calls } = fakeExec({ code: 0, stdout: SUCCESS, stderr: '' })
    const out = await runProbe(icmp(), exec)
    expect(out).toEqual({ probeId: 'p1', ok: true, rttMs: 0.111, detail: SUCCESS.trim().replace(/\n\n/g, '\n') })
    expect(calls).toEqual([{ file: 'ip', args: probeCommand(icmp()).args, timeoutMs: 5000 }])
  })
  it('reports total loss as failed, and partial loss as reachable with the loss in the detail', async () => {
    const lost = await runProbe(icmp(), fakeExec({ code: 1, stdout: ALL_LOST_WITH_ERRORS, stderr: '' }).exec)
    expect(lost).toMatchObject({ ok: false, rttMs: null })
    expect(lost.detail).toContain('3 packets transmitted, 0 received, +3 errors, 100% packet loss')
    const partial = await runProbe(icmp(), fakeExec({ code: 0, stdout: PARTIAL, stderr: '' }).exec)
    expect(partial).toMatchObject({ ok: true, rttMs: 0.04 })
    expect(partial.detail).toContain('50% packet loss')
  })
  it("passes on the tool's own reason when it could not send", async () => {
    const out = await runProbe(icmp(), fakeExec({ code: 2, stdout: '', stderr: UNREACHABLE_STDERR }).exec)
    expect(out).toEqual({ probeId: 'p1', ok: false, rttMs: null, detail: 'ping: connect: Network is unreachable' })
  })
  it('reads the TCP connect time, and a refusal as a failure', async () => {
    const up = await runProbe(tcp(), fakeExec({ code: 0, stdout: 'connected to 10.42.1.5:80 in 1.234 ms\n', stderr: '' }).exec)
    expect(up).toEqual({ probeId: 'p2', ok: true, rttMs: 1.234, detail: 'connected to 10.42.1.5:80 in 1.234 ms' })
    const refused = await runProbe(tcp(), fakeExec({ code: 1, stdout: 'connect to 10.42.1.5:80 failed: ECONNREFUSED\n', stderr: '' }).exec)
    expect(refused).toMatchObject({ ok: false, rttMs: null, detail: 'connect to 10.42.1.5:80 failed: ECONNREFUSED' })
  })
  it('never throws: a bad spec or a failing exec becomes a failed outcome with the reason', async () => {
    const { exec, calls } = fakeExec({ code: 0, stdout: SUCCESS, stderr: '' })
    expect(await runProbe(icmp({ target: '$(reboot)' }), exec)).toEqual({
      probeId: 'p1',
      ok: false,
      rttMs: null,
      detail: 'cannot run the probe: target "$(reboot)" is not an IPv4 address',
    })
    expect(calls).toEqual([])
    const throwing = async () => {
      throw new Error('spawn EAGAIN')
    }
    expect(await runProbe(icmp(), throwing)).toMatchObject({ ok: false, detail: 'cannot run ip: spawn EAGAIN' })
    const udp = { ...icmp(), protocol: 'udp' } as unknown as ProbeSpec
    expect((await runProbe(udp, exec)).detail).toBe('cannot run the probe: protocol "udp" is not supported (icmp or tcp)')
  })
  it('keeps the detail within 4000 characters', async () => {
    const noisy = Array.from({ length: 500 }, (_, i) => `From 10.42.0.1 icmp_seq=${i} Destination Host Unreachable`).join('\n')
    const out = await runProbe(icmp(), fakeExec({ code: 1, stdout: noisy, stderr: '' }).exec)
    expect(out.detail.length).toBe(4000)
    expect(out.detail.startsWith('From 10.42.0.1 icmp_seq=0 ')).toBe(true)
  })
})

describe('runProbe for real', () => {
  it.skipIf(!pingPath)('pings 127.0.0.1 from the agent netns (skipped when there is no ping binary)', async () => {
    const out = await runProbe(icmp({ netns: null, target: '127.0.0.1' }))
    expect(out.ok).toBe(true)
    expect(out.rttMs).toBeGreaterThanOrEqual(0)
    expect(out.rttMs).toBeLessThan(100)
    expect(out.detail).toContain('3 packets transmitted, 3 received, 0% packet loss')
  })

  it('times a TCP connect to a listening port and reports a closed one as refused', async () => {
    const server = net.createServer((s) => s.end())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    const { port } = server.address() as net.AddressInfo
    try {
      const up = await runProbe(tcp({ netns: null, target: '127.0.0.1', port }))
      expect(up.ok).toBe(true)
      expect(up.rttMs).toBeGreaterThanOrEqual(0)
      expect(up.detail).toMatch(new RegExp(`^connected to 127\\.0\\.0\\.1:${port} in \\d+\\.\\d{3} ms$`))
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
    const closed = await runProbe(tcp({ netns: null, target: '127.0.0.1', port }))
    expect(closed).toMatchObject({ ok: false, rttMs: null })
    expect(closed.detail).toBe(`connect to 127.0.0.1:${port} failed: ECONNREFUSED (the host answered; nothing listens on that port)`)
  })

  it.skipIf(!ipPath)("passes on ip's reason when the namespace does not exist (skipped when there is no ip binary)", async () => {
    const out = await runProbe(icmp({ netns: `pdk-h3-missing-${process.pid}`, target: '127.0.0.1' }))
    expect(out.ok).toBe(false)
    expect(out.detail).toContain(`Cannot open network namespace "pdk-h3-missing-${process.pid}"`)
  })

  it('reports a missing tool and a tool that hangs past its timeout', async () => {
    expect(await execProbe('/nonexistent/pdk-tool', [], 1000)).toMatchObject({ code: 127, stderr: expect.stringContaining('cannot run /nonexistent/pdk-tool') })
    const hung = await execProbe('sleep', ['5'], 200)
    expect(hung).toMatchObject({ code: 124, stderr: 'gave no answer within 0.2 s and was stopped' })
  })
})
