// Fixture tests of the findings engine: one JSON topology per failure mode (issue 6), each
// yielding exactly the expected findings, and a healthy topology yielding none. Every fixture
// in __fixtures__ is a healthy one with one fault injected; its `description` says which.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Finding } from '../api/findings.ts'
import { CHECKS, runChecks } from './findings.ts'
import type { DiagnosticsSnapshot } from './snapshot.ts'

interface Fixture {
  description: string
  now: string
  snapshot: DiagnosticsSnapshot
}

const FIXTURES = new URL('./__fixtures__/', import.meta.url)

function load(name: string): Fixture {
  return JSON.parse(fs.readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Fixture
}

function run(name: string) {
  const fixture = load(name)
  return runChecks(fixture.snapshot, new Date(fixture.now))
}

describe('runChecks on the fixtures', () => {
  it('healthy: three hosts, everything running and answering → no findings', () => {
    expect(run('healthy')).toStrictEqual([])
  })

  it('no-driver', () => {
    expect(run('no-driver')).toStrictEqual([
      {
        checkId: 'network.no-driver',
        severity: 'error',
        subject: { kind: 'environment', id: 'env-1', name: 'Default' },
        message: 'Default has no network driver: network mode managed resolves to nothing, new managed containers fail with "Failed to find network for networkMode managed" and no overlay connects the hosts.',
        evidence: { networkDrivers: [], defaultNetwork: null },
        fix: '# Deploy a networking driver stack (ipsec or vxlan from the catalog) as an infrastructure stack of this environment,\n# or create a new environment from a template that has one (e.g. Cattle). Managed containers need its default network.',
      },
    ])
  })

  it('multiple-drivers', () => {
    expect(run('multiple-drivers')).toStrictEqual([
      {
        checkId: 'network.multiple-drivers',
        severity: 'warning',
        subject: { kind: 'environment', id: 'env-1', name: 'Default' },
        message: 'Default has 2 network drivers; an environment takes exactly one and only Rancher IPsec backs the default network.',
        evidence: { networkDrivers: ['Rancher IPsec (stack ipsec)', 'Rancher VXLAN (stack vxlan)'], defaultNetwork: 'ipsec' },
        fix: '# Remove the other driver stack (vxlan) from this environment,\n# or create a new environment from a template with exactly one networking driver.',
      },
    ])
  })

  it('network-services-unhealthy', () => {
    expect(run('network-services-unhealthy')).toStrictEqual([
      {
        checkId: 'stack.network-services-unhealthy',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-2', name: 'host-2' },
        message: 'Network services are not running on host-2 (network-services-metadata-2: stopped, dns: missing): it gets no managed IPs, no DNS at 169.254.169.250 and no port rules.',
        evidence: { stack: 'network-services', notRunning: ['network-services-metadata-2: stopped'], missing: ['dns'] },
        fix: '# On host-2: start the network-services containers and read their logs\ndocker start network-services-metadata-2\ndocker logs --tail 50 network-services-metadata-2\n# Missing ones (dns) are re-created by upgrading the network-services stack.',
      },
    ])
  })

  it('host-disconnected', () => {
    expect(run('host-disconnected')).toStrictEqual([
      {
        checkId: 'host.disconnected',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-2', name: 'host-2' },
        message: 'host-2 is disconnected: no heartbeat since 2026-01-15T09:59:15.000Z; its containers are cut off from the other hosts and what it reported last may be stale.',
        evidence: { state: 'active', lastHeartbeatAt: '2026-01-15T09:59:15.000Z', silentForMs: 45000, hostDisconnectMs: 30000 },
        fix: '# On host-2: check that the agent runs and reaches the control plane; the host turns active with its next heartbeat\ndocker ps -a --filter name=rancher-agent\ndocker logs --tail 50 rancher-agent',
      },
      {
        checkId: 'host.disconnected',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-3', name: 'host-3' },
        message: 'host-3 is disconnected: no heartbeat since 2026-01-15T09:55:00.000Z; its containers are cut off from the other hosts and what it reported last may be stale.',
        evidence: {
          state: 'disconnected',
          lastHeartbeatAt: '2026-01-15T09:55:00.000Z',
          silentForMs: 300000,
          hostDisconnectMs: 30000,
        },
        fix: '# On host-3: check that the agent runs and reaches the control plane; the host turns active with its next heartbeat\ndocker ps -a --filter name=rancher-agent\ndocker logs --tail 50 rancher-agent',
      },
    ])
  })

  it('agent-ip-loopback', () => {
    expect(run('agent-ip-loopback')).toStrictEqual([
      {
        checkId: 'agent-ip.loopback',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-3', name: 'host-3' },
        message: 'host-3 registered with 127.0.0.1, a loopback address: peers would build their tunnels to themselves.',
        evidence: {
          agentIp: '127.0.0.1',
          loopback: '127.0.0.0/8',
          interfaces: ['eth0 192.168.50.13/24', 'docker0 172.17.0.1/16'],
        },
        fix: '# 127.0.0.1 is loopback: no peer can reach host-3 on it.\n# On host-3, re-run the custom "Add Host" command with the IP its peers reach it on (keep the existing agent;\n# existing containers are not moved to the new address automatically):\nsudo docker run -e CATTLE_AGENT_IP=192.168.50.13 --rm --privileged -v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/rancher:/var/lib/rancher rancher/agent:v1.2.11 http://<rancher-server>:8080/v1/scripts/<registration-token>',
      },
    ])
  })

  it('agent-ip-docker-bridge', () => {
    expect(run('agent-ip-docker-bridge')).toStrictEqual([
      {
        checkId: 'agent-ip.docker-bridge',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-3', name: 'host-3' },
        message: "host-3 registered with 172.17.0.1, an address of Docker's bridge (docker0, 172.17.0.0/16): every host has one, so peers cannot reach host-3 on it and containers on other hosts cannot reach its containers.",
        evidence: {
          agentIp: '172.17.0.1',
          dockerBridge: '172.17.0.0/16',
          interfaces: ['eth0 192.168.50.13/24', 'docker0 172.17.0.1/16'],
        },
        fix: "# 172.17.0.1 is Docker's bridge address, not an address peers reach host-3 on.\n# On host-3, re-run the custom \"Add Host\" command with the IP its peers reach it on (keep the existing agent;\n# existing containers are not moved to the new address automatically):\nsudo docker run -e CATTLE_AGENT_IP=192.168.50.13 --rm --privileged -v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/rancher:/var/lib/rancher rancher/agent:v1.2.11 http://<rancher-server>:8080/v1/scripts/<registration-token>",
      },
    ])
  })

  it('agent-ip-link-local', () => {
    expect(run('agent-ip-link-local')).toStrictEqual([
      {
        checkId: 'agent-ip.link-local',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-3', name: 'host-3' },
        message: 'host-3 registered with 169.254.10.3, a link-local address (169.254.0.0/16; 169.254.169.250 is the metadata service): it is not routed between hosts.',
        evidence: {
          agentIp: '169.254.10.3',
          linkLocal: '169.254.0.0/16',
          interfaces: ['eth0 192.168.50.13/24', 'docker0 172.17.0.1/16'],
        },
        fix: '# 169.254.10.3 is link-local and not routed between hosts.\n# On host-3, re-run the custom "Add Host" command with the IP its peers reach it on (keep the existing agent;\n# existing containers are not moved to the new address automatically):\nsudo docker run -e CATTLE_AGENT_IP=192.168.50.13 --rm --privileged -v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/rancher:/var/lib/rancher rancher/agent:v1.2.11 http://<rancher-server>:8080/v1/scripts/<registration-token>',
      },
    ])
  })

  it('agent-ip-not-on-interfaces', () => {
    expect(run('agent-ip-not-on-interfaces')).toStrictEqual([
      {
        checkId: 'agent-ip.not-on-interfaces',
        severity: 'warning',
        subject: { kind: 'host', id: 'hst-3', name: 'host-3' },
        message: 'host-3 registered with 203.0.113.13, which is on none of its interfaces: unless a NAT maps it to this host, peers build tunnels to an address that is not there.',
        evidence: { agentIp: '203.0.113.13', interfaces: ['eth0 192.168.50.13/24', 'docker0 172.17.0.1/16'] },
        fix: '# 203.0.113.13 is not an address of host-3; if no NAT forwards it here, register with an address it has.\n# On host-3, re-run the custom "Add Host" command with the IP its peers reach it on (keep the existing agent;\n# existing containers are not moved to the new address automatically):\nsudo docker run -e CATTLE_AGENT_IP=192.168.50.13 --rm --privileged -v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/rancher:/var/lib/rancher rancher/agent:v1.2.11 http://<rancher-server>:8080/v1/scripts/<registration-token>',
      },
    ])
  })

  it('agent-ip-duplicate', () => {
    expect(run('agent-ip-duplicate')).toStrictEqual([
      {
        checkId: 'agent-ip.duplicate',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-2', name: 'host-2' },
        message: 'host-2 and host-3 registered with the same agent IP 192.168.50.12: peers cannot tell them apart and tunnels meant for one end at the other.',
        evidence: {
          agentIp: '192.168.50.12',
          sameAgentIp: ['host-3'],
          interfaces: ['eth0 192.168.50.12/24', 'docker0 172.17.0.1/16'],
        },
        fix: '# 192.168.50.12 is registered by host-2 and host-3; re-register the host(s) it does not belong to.\n# On host-2, re-run the custom "Add Host" command with the IP its peers reach it on (keep the existing agent;\n# existing containers are not moved to the new address automatically):\nsudo docker run -e CATTLE_AGENT_IP=<host-ip> --rm --privileged -v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/rancher:/var/lib/rancher rancher/agent:v1.2.11 http://<rancher-server>:8080/v1/scripts/<registration-token>',
      },
      {
        checkId: 'agent-ip.duplicate',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-3', name: 'host-3' },
        message: 'host-3 and host-2 registered with the same agent IP 192.168.50.12: peers cannot tell them apart and tunnels meant for one end at the other.',
        evidence: {
          agentIp: '192.168.50.12',
          sameAgentIp: ['host-2'],
          interfaces: ['eth0 192.168.50.13/24', 'docker0 172.17.0.1/16'],
        },
        fix: '# 192.168.50.12 is registered by host-3 and host-2; re-register the host(s) it does not belong to.\n# On host-3, re-run the custom "Add Host" command with the IP its peers reach it on (keep the existing agent;\n# existing containers are not moved to the new address automatically):\nsudo docker run -e CATTLE_AGENT_IP=192.168.50.13 --rm --privileged -v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/rancher:/var/lib/rancher rancher/agent:v1.2.11 http://<rancher-server>:8080/v1/scripts/<registration-token>',
      },
    ])
  })

  it('host-lan-overlaps-subnet', () => {
    expect(run('host-lan-overlaps-subnet')).toStrictEqual([
      {
        checkId: 'host.lan-overlaps-subnet',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-2', name: 'host-2' },
        message: "host-2's eth1 (10.42.128.0/17) overlaps the managed subnet 10.42.0.0/16: traffic for containers and for that network collides in the host's routing.",
        evidence: { interface: 'eth1', address: '10.42.128.5/17', network: '10.42.128.0/17', managedSubnet: '10.42.0.0/16' },
        fix: '# The subnet of an existing environment cannot change. Create an environment template whose ipsec stack sets SUBNET to a free block,\n# e.g. SUBNET=10.44.0.0/16, then create a new environment from it and move the workloads there.',
      },
    ])
  })

  it('host-router-missing', () => {
    expect(run('host-router-missing')).toStrictEqual([
      {
        checkId: 'host.router-missing',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-2', name: 'host-2' },
        message: 'The overlay router on host-2 is not running (ipsec-router-2: stopped): tunnels to and from host-2 are down and its containers reach no other host.',
        evidence: { routerIp: '10.42.0.3', holder: 'ipsec-ipsec-2', notRunning: ['ipsec-router-2: stopped'], missing: [] },
        fix: "# On host-2: start the overlay containers and read the router's log\ndocker start ipsec-router-2\ndocker logs --tail 50 ipsec-router-2",
      },
      {
        checkId: 'host.router-missing',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-3', name: 'host-3' },
        message: 'The overlay router on host-3 is not running (ipsec-ipsec-3: error, ipsec-connectivity-check-3: stopped, ipsec-router-3: stopped): tunnels to and from host-3 are down and its containers reach no other host.',
        evidence: {
          routerIp: '10.42.0.4',
          holder: 'ipsec-ipsec-3',
          notRunning: ['ipsec-ipsec-3: error', 'ipsec-connectivity-check-3: stopped', 'ipsec-router-3: stopped'],
          missing: [],
        },
        fix: "# On host-3: start the overlay containers and read the router's log\ndocker start ipsec-ipsec-3 ipsec-connectivity-check-3 ipsec-router-3\ndocker logs --tail 50 ipsec-router-3",
      },
    ])
  })

  it('peer-unreachable', () => {
    expect(run('peer-unreachable')).toStrictEqual([
      {
        checkId: 'peer.unreachable',
        severity: 'error',
        subject: { kind: 'hostPair', id: 'hst-2', name: 'host-2', peerId: 'hst-3', peerName: 'host-3', direction: 'outbound' },
        message: 'host-2 → host-3: the connectivity check fails (seen by host-2, outbound; host-3, inbound): containers on host-2 cannot reach containers on host-3.',
        evidence: {
          from: 'host-2 (192.168.50.12)',
          to: 'host-3 (192.168.50.13)',
          reportedBy: ['host-2 (outbound)', 'host-3 (inbound)'],
          lastSuccessAt: '2026-01-15T09:40:00.000Z',
          error: 'GET http://10.42.0.4/ping: timeout after 60000 ms',
        },
        fix: "# Walk the checklist for host-2 → host-3: both registered IPs right, UDP 500 and 4500 open from 192.168.50.12 to 192.168.50.13, both routers running.\n# Then, on host-2, ping host-3's router through the tunnel:\ndocker exec ipsec-router-2 ping -c 3 10.42.0.4",
      },
    ])
  })

  it('port-tunnel-blocked', () => {
    expect(run('port-tunnel-blocked')).toStrictEqual([
      {
        checkId: 'port.tunnel-blocked',
        severity: 'error',
        subject: { kind: 'hostPair', id: 'hst-2', name: 'host-2', peerId: 'hst-3', peerName: 'host-3', direction: 'outbound' },
        message: 'UDP 4500 from host-2 to host-3 is blocked: the IPsec tunnel needs UDP 500 and 4500 open between all hosts, both ways.',
        evidence: { from: 'host-2 (192.168.50.12)', to: 'host-3 (192.168.50.13)', blocked: ['udp/4500'], open: ['udp/500'] },
        fix: '# Open UDP 4500 from host-2 (192.168.50.12) to host-3 (192.168.50.13) in security groups, firewalld/ufw and hardware firewalls. On host-3, e.g.:\niptables -I INPUT -p udp -s 192.168.50.12 --dport 4500 -j ACCEPT',
      },
    ])
  })

  it('container-managed-ip-missing', () => {
    expect(run('container-managed-ip-missing')).toStrictEqual([
      {
        checkId: 'container.managed-ip-missing',
        severity: 'error',
        subject: { kind: 'container', id: 'ctr-api-1', name: 'api-1' },
        message: 'api-1 on host-2 runs on the managed network without a managed IP: IPAM allocated none, so no other container can reach it.',
        evidence: { host: 'host-2', managedIp: null, reportedEth0: ['172.17.0.7/16'] },
        fix: "# On host-2: check that cni-driver and metadata run and /etc/cni/ipsec.d has the network's config, then re-create api-1\ndocker logs --tail 50 ipsec-cni-driver-2",
      },
      {
        checkId: 'container.managed-ip-missing',
        severity: 'error',
        subject: { kind: 'container', id: 'ctr-db-1', name: 'db-1' },
        message: 'db-1 on host-2 has 10.42.0.99/16 on eth0, but IPAM allocated 10.42.0.21: peers route 10.42.0.21 to host-2 and miss the container.',
        evidence: { host: 'host-2', managedIp: '10.42.0.21', reportedEth0: ['172.17.0.6/16', '10.42.0.99/16'] },
        fix: "# On host-2: check that cni-driver and metadata run and /etc/cni/ipsec.d has the network's config, then re-create db-1\ndocker logs --tail 50 ipsec-cni-driver-2",
      },
      {
        checkId: 'container.managed-ip-missing',
        severity: 'error',
        subject: { kind: 'container', id: 'ctr-web-1', name: 'web-1' },
        message: 'web-1 on host-1 does not have its managed IP 10.42.0.20 on eth0 (it reports 172.17.0.6/16): it is unreachable from other containers ("Timeout getting IP address").',
        evidence: { host: 'host-1', managedIp: '10.42.0.20', reportedEth0: ['172.17.0.6/16'] },
        fix: "# On host-1: check that cni-driver and metadata run and /etc/cni/ipsec.d has the network's config, then re-create web-1\ndocker logs --tail 50 ipsec-cni-driver-1",
      },
    ])
  })

  it('ipam-address-outside-subnet', () => {
    expect(run('ipam-address-outside-subnet')).toStrictEqual([
      {
        checkId: 'ipam.address-outside-subnet',
        severity: 'error',
        subject: { kind: 'container', id: 'ctr-api-1', name: 'api-1' },
        message: 'api-1 holds the managed IP 10.43.0.5, outside the managed subnet 10.42.0.0/16: the overlay does not route it.',
        evidence: { managedIp: '10.43.0.5', subnets: ['10.42.0.0/16 (10.42.0.2–10.42.255.250)'], requestedIp: '10.43.0.5' },
        fix: '# Re-create api-1 so IPAM allocates from the range; its label io.rancher.container.requested_ip=10.43.0.5 must name an address inside 10.42.0.0/16 (10.42.0.2–10.42.255.250)',
      },
      {
        checkId: 'ipam.address-outside-subnet',
        severity: 'error',
        subject: { kind: 'container', id: 'ctr-cache-1', name: 'cache-1' },
        message: 'cache-1 holds the managed IP 10.42.255.253, inside 10.42.0.0/16 but outside its allocation range 10.42.0.2–10.42.255.250 (network address, gateway and the last five are reserved): the overlay does not route it.',
        evidence: { managedIp: '10.42.255.253', subnets: ['10.42.0.0/16 (10.42.0.2–10.42.255.250)'], requestedIp: null },
        fix: '# Re-create cache-1 so IPAM allocates from the range',
      },
    ])
  })

  it('ipam-lingering-on-host', () => {
    expect(run('ipam-lingering-on-host')).toStrictEqual([
      {
        checkId: 'ipam.lingering-on-host',
        severity: 'error',
        subject: { kind: 'container', id: 'ctr-old-web', name: 'old-web' },
        message: 'old-web was removed in Paddock, but host-2 has not confirmed the removal and still reports it running with 10.42.0.23 on eth0: Paddock released 10.42.0.23, so IPAM can give it to a new container and two containers would answer for one address.',
        evidence: {
          host: 'host-2',
          reportedState: 'running',
          addresses: ['10.42.0.23'],
          reportedEth0: ['172.17.0.9/16', '10.42.0.23/16'],
          dockerIp: '172.17.0.9',
        },
        fix: '# On host-2: remove the container Paddock no longer runs, then check that the agent runs (it removes containers that leave the desired state and confirms with state removed)\ndocker rm -f old-web\ndocker ps -a --filter name=rancher-agent\ndocker logs --tail 50 rancher-agent',
      },
    ])
  })

  it('ipam-duplicate-address', () => {
    expect(run('ipam-duplicate-address')).toStrictEqual([
      {
        checkId: 'ipam.duplicate-address',
        severity: 'error',
        subject: { kind: 'container', id: 'ctr-db-1', name: 'db-1' },
        message: '10.42.0.21 is used by 2 containers: db-1 on host-2 (allocated to it, on its eth0); api-1 on host-3 (on its eth0, not allocated to it). Packets for 10.42.0.21 reach one or the other, so connections to db-1 fail or land in the wrong container.',
        evidence: {
          address: '10.42.0.21',
          containers: ['db-1 on host-2 (allocated to it, on its eth0)', 'api-1 on host-3 (on its eth0, not allocated to it)'],
          containerIds: ['ctr-db-1', 'ctr-api-1'],
          hosts: ['host-2', 'host-3'],
          allocatedTo: 'db-1',
        },
        fix: '# api-1 on host-3 carries 10.42.0.21 although IPAM gave it no managed IP: re-create it (remove it and launch it again) so it carries only its own address. Its label io.rancher.container.ip=10.42.0.21/16 asks for it: launch it without that label.',
      },
    ])
  })

  it('ipam-leaked-allocation', () => {
    expect(run('ipam-leaked-allocation')).toStrictEqual([
      {
        checkId: 'ipam.leaked-allocation',
        severity: 'warning',
        subject: { kind: 'network', id: 'net-ipsec', name: 'ipsec' },
        message: '10.42.0.30 is still allocated as the managed IP of container ctr-old-api, which is removed or never existed: IPAM keeps it and never hands it out again.',
        evidence: { address: '10.42.0.30', role: 'primary', containerId: 'ctr-old-api', hostId: null, subnet: '10.42.0.0/16' },
        fix: "# First make sure no host still uses 10.42.0.30 (no ipam.lingering-on-host or ipam.duplicate-address finding names it), then release it:\ncurl -X DELETE <paddock>/api/v1/environments/env-1/ip-addresses/10.42.0.30\n# Paddock refuses (409 ADDRESS_IN_USE) while a live container or host holds the address.",
      },
      {
        checkId: 'ipam.leaked-allocation',
        severity: 'warning',
        subject: { kind: 'network', id: 'net-ipsec', name: 'ipsec' },
        message: '10.42.0.31 is allocated as a managed IP to no container: IPAM keeps it and never hands it out again.',
        evidence: { address: '10.42.0.31', role: 'primary', containerId: null, hostId: null, subnet: '10.42.0.0/16' },
        fix: "# First make sure no host still uses 10.42.0.31 (no ipam.lingering-on-host or ipam.duplicate-address finding names it), then release it:\ncurl -X DELETE <paddock>/api/v1/environments/env-1/ip-addresses/10.42.0.31\n# Paddock refuses (409 ADDRESS_IN_USE) while a live container or host holds the address.",
      },
      {
        checkId: 'ipam.leaked-allocation',
        severity: 'warning',
        subject: { kind: 'network', id: 'net-ipsec', name: 'ipsec' },
        message: '10.42.0.5 is still reserved as the router address of host hst-4, which is no longer in Default: IPAM keeps it and never hands it out again.',
        evidence: { address: '10.42.0.5', role: 'router', containerId: 'ctr-ipsec-4', hostId: 'hst-4', subnet: '10.42.0.0/16' },
        fix: "# First make sure no host still uses 10.42.0.5 (no ipam.lingering-on-host or ipam.duplicate-address finding names it), then release it:\ncurl -X DELETE <paddock>/api/v1/environments/env-1/ip-addresses/10.42.0.5\n# Paddock refuses (409 ADDRESS_IN_USE) while a live container or host holds the address.",
      },
    ])
  })

  it('container-mtu-mismatch', () => {
    expect(run('container-mtu-mismatch')).toStrictEqual([
      {
        checkId: 'container.mtu-mismatch',
        severity: 'warning',
        subject: { kind: 'container', id: 'ctr-ipsec-2', name: 'ipsec-ipsec-2' },
        message: "ipsec-ipsec-2 on host-2 has eth0 MTU 1402; the network's applied configuration gives 1500 − 0 = 1500: large packets are dropped or fragmented while small ones pass.",
        evidence: {
          host: 'host-2',
          reportedMtu: 1402,
          expectedMtu: 1500,
          networkMtu: 1500,
          linkMtuOverhead: 0,
          overheadFrom: 'label io.rancher.cni.link_mtu_overhead',
        },
        fix: "# Check that host-2's CNI config has \"mtu\": 1500 (cni-driver writes it), then re-create ipsec-ipsec-2 so the CNI plugin sets eth0 to 1500\ncat /etc/cni/ipsec.d/10-rancher.conf",
      },
      {
        checkId: 'container.mtu-mismatch',
        severity: 'warning',
        subject: { kind: 'container', id: 'ctr-web-1', name: 'web-1' },
        message: "web-1 on host-1 has eth0 MTU 1500; the network's applied configuration gives 1500 − 98 = 1402: large packets are dropped or fragmented while small ones pass.",
        evidence: {
          host: 'host-1',
          reportedMtu: 1500,
          expectedMtu: 1402,
          networkMtu: 1500,
          linkMtuOverhead: 98,
          overheadFrom: 'network driver',
        },
        fix: "# Check that host-1's CNI config has \"mtu\": 1500 (cni-driver writes it), then re-create web-1 so the CNI plugin sets eth0 to 1402\ncat /etc/cni/ipsec.d/10-rancher.conf",
      },
    ])
  })

  it('host-mtu-mismatch: a NIC below the network MTU is an error naming the NIC and both ways out', () => {
    expect(run('host-mtu-mismatch')).toStrictEqual([
      {
        checkId: 'host.mtu-mismatch',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-2', name: 'host-2' },
        message:
          "host-2's eth0 (the interface holding its agent IP 192.168.50.12) has MTU 1460, below the ipsec network's MTU 1500: the overlay sends packets of up to 1500 bytes (a container's 1402 plus 98 bytes of IPsec header), which do not fit, so large packets to and from host-2 are fragmented or dropped while small ones pass.",
        evidence: { hostMtu: 1460, mtuFrom: 'interface eth0', registeredMtu: 1460, networkMtu: 1500, linkMtuOverhead: 98 },
        fix: [
          "# Make host-2's NIC and the network agree (every host's NIC must take the network's MTU). Either raise the NIC's MTU, if the path carries 1500-byte packets,",
          "# also in host-2's network configuration so a reboot keeps it:",
          'ip link set dev eth0 mtu 1500',
          '# or lower the network\'s MTU to 1460 for all hosts: upgrade the ipsec stack with the answer MTU=1460 (containers then get 1460 − 98 = 1362 on eth0 when re-created),',
          '# and set the same "mtu" in each Docker daemon (daemon.json).',
        ].join('\n'),
      },
    ])
  })

  it('host MTU: a NIC above the network MTU (jumbo frames under a 1500 template) is no problem', () => {
    const fixture = load('healthy')
    for (const h of fixture.snapshot.hosts) {
      h.mtu = 9001
      for (const i of h.interfaces) i.mtu = 9001
    }
    expect(runChecks(fixture.snapshot, new Date(fixture.now))).toStrictEqual([])
  })

  it('host MTU: without interface MTUs the registered MTU decides, and one network MTU fits every low host', () => {
    const fixture = load('healthy')
    for (const h of fixture.snapshot.hosts) for (const i of h.interfaces) i.mtu = null
    fixture.snapshot.hosts[0].mtu = 1450
    fixture.snapshot.hosts[2].mtu = 1400
    const findings = runChecks(fixture.snapshot, new Date(fixture.now))
    expect(findings.map((f) => [f.checkId, f.subject.name, f.evidence.hostMtu, f.evidence.mtuFrom])).toEqual([
      ['host.mtu-mismatch', 'host-1', 1450, 'registration'],
      ['host.mtu-mismatch', 'host-3', 1400, 'registration'],
    ])
    expect(findings[0].message).toMatch(/^host-1 registered with MTU 1450, below the ipsec network's MTU 1500:/)
    // the NIC is not known by name; the upgrade suggestion fits both hosts
    expect(findings[0].fix).toContain('ip link set dev <nic-of-192.168.50.11> mtu 1500')
    for (const f of findings) expect(f.fix).toContain('upgrade the ipsec stack with the answer MTU=1400 (containers then get 1400 − 98 = 1302')
  })

  it('metadata-slow', () => {
    expect(run('metadata-slow')).toStrictEqual([
      {
        checkId: 'metadata.slow',
        severity: 'warning',
        subject: { kind: 'host', id: 'hst-3', name: 'host-3' },
        message: 'Metadata on host-3 takes 12.5 s to download and reload (want 1–2 s; 10 s or more means it cannot keep up): IPAM, the router and DNS on host-3 lag every change.',
        evidence: { metadataReloadMs: 12500, thresholdMs: 10000, reportedAt: '2026-01-15T09:59:55.000Z' },
        fix: "# Read the reload times in host-3's metadata log, then shrink the environment (50 hosts or fewer) or give the host more CPU\ndocker logs --tail 100 network-services-metadata-3 2>&1 | grep 'Download and reload'",
      },
    ])
  })

  it('has one fixture per check, each yielding findings of that check only, valid under the contract', () => {
    const names = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json') && f !== 'healthy.json')
      .map((f) => f.replace(/\.json$/, ''))
    const covered = new Set<string>()
    for (const name of names) {
      const findings = run(name)
      expect(findings.length, name).toBeGreaterThan(0)
      const ids = new Set(findings.map((f) => f.checkId))
      expect(ids.size, `${name} yields one check: ${[...ids].join(', ')}`).toBe(1)
      for (const f of findings) expect(Finding.parse(f)).toStrictEqual(f)
      covered.add(findings[0].checkId)
    }
    expect([...covered].sort()).toEqual(CHECKS.map((c) => c.id).filter((id) => id !== 'diagnostics.check-failed').sort())
  })
})

describe('runChecks', () => {
  it('is deterministic: the same findings in the same order, whatever the order of the input', () => {
    const fixture = load('host-router-missing')
    const reversed = structuredClone(fixture.snapshot)
    reversed.hosts.reverse()
    reversed.containers.reverse()
    reversed.stacks.reverse()
    const now = new Date(fixture.now)
    expect(runChecks(fixture.snapshot, now)).toStrictEqual(runChecks(fixture.snapshot, now))
    expect(runChecks(reversed, now)).toStrictEqual(runChecks(fixture.snapshot, now))
  })

  it('judges silence by the time it is given: ten minutes later every host of the healthy topology is disconnected and nothing else is claimed', () => {
    const fixture = load('healthy')
    const later = new Date(Date.parse(fixture.now) + 10 * 60_000)
    const findings = runChecks(fixture.snapshot, later)
    expect(findings.map((f) => [f.checkId, f.subject.name])).toEqual([
      ['host.disconnected', 'host-1'],
      ['host.disconnected', 'host-2'],
      ['host.disconnected', 'host-3'],
    ])
  })

  it('says nothing about what was not reported: no interfaces, no report, no MTU', () => {
    const snapshot = structuredClone(load('healthy').snapshot)
    for (const h of snapshot.hosts) {
      h.interfaces = []
      h.report = null
    }
    for (const c of snapshot.containers) c.mtu = null
    expect(runChecks(snapshot, new Date(load('healthy').now))).toStrictEqual([])
  })

  it('never throws on malformed snapshots and answers findings that satisfy the contract', () => {
    const junk: unknown[] = [
      null,
      undefined,
      42,
      'snapshot',
      [],
      {},
      { environment: null, hosts: 'x', containers: {}, stacks: [null], networkDrivers: [1] },
      {
        environment: { id: 'e', name: 'E' },
        hostDisconnectMs: 'soon',
        defaultNetwork: { id: 'n', name: 'ipsec', subnets: [{ cidr: '10.42.0.0/33' }, null, { cidr: '10.42.0.0/16', startAddress: 7 }], mtu: 'big', tunnelPorts: 'all' },
        networkDrivers: [{ id: 'd', stackId: 's' }],
        stacks: [{ id: 's', services: [{ name: 'router', perHost: true }, 'x'] }],
        hosts: [
          null,
          { id: 'h1', agentIp: 7, interfaces: [{ name: 'eth0', cidrs: ['nope', '10.42.0.5/99', 12, '10.42.9.9/24'] }], report: { peers: [null, { peerHostId: 'h2', ok: 'yes' }], ports: [{}], metadataReloadMs: Infinity } },
          { id: 'h2', state: 'active', agentIp: '10.0.0.2', lastHeartbeatAt: 'yesterday', report: { peers: [{ peerHostId: 'h1', direction: 'sideways' }] } },
          { id: 'h3', state: 'active', agentIp: '10.0.0.2', interfaces: null, routerIp: 5 },
        ],
        containers: [null, { id: 'c1', hostId: 'h2', state: 'running', networkId: 'n', managedIp: 'x.y', reportedAddresses: [null, '10.42.0.7/16'], labels: { 'io.rancher.cni.link_mtu_overhead': 'lots' }, mtu: 1 }],
      },
    ]
    for (const input of junk) {
      const findings = runChecks(input as DiagnosticsSnapshot, new Date('2026-01-15T10:00:00Z'))
      expect(Array.isArray(findings)).toBe(true)
      for (const f of findings) expect(Finding.safeParse(f).success, JSON.stringify(f)).toBe(true)
      expect(findings.filter((f) => f.checkId === 'diagnostics.check-failed')).toEqual([])
    }
    expect(() => runChecks(load('healthy').snapshot, new Date('not a date'))).not.toThrow()
  })
})
