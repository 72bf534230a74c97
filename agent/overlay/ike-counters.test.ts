import { describe, expect, it } from 'vitest'
import { describeIke, parseCounters } from './ike-counters.ts'

// `swanctl --counters --all --raw` from the lab (strongSwan 5.9.8)
const raw = `counters reply {counters {peer-hst_2 {ike-rekey-init=0 invalid=0 ike-init-in-req=0 ike-init-in-resp=2 ike-init-out-req=2 ike-init-out-resp=0 ike-auth-in-req=0 ike-auth-in-resp=1 ike-auth-out-req=1 ike-auth-out-resp=0 info-in-req=2} peer-hst_3 {ike-init-out-req=1 ike-init-in-resp=1}} success=yes}`

describe('IKE counters', () => {
  it('reads the counters per connection', () => {
    const c = parseCounters(raw)
    expect(c.get('peer-hst_2')).toMatchObject({ 'ike-init-in-resp': 2, 'ike-auth-out-req': 1, 'info-in-req': 2 })
    expect(c.get('peer-hst_3')).toEqual({ 'ike-init-out-req': 1, 'ike-init-in-resp': 1 })
    expect(parseCounters('')).toEqual(new Map())
  })

  it('initiator: IKE_SA_INIT answered, IKE_AUTH not — UDP 4500 is cut while 500 crosses', () => {
    const base = { 'ike-init-out-req': 1, 'ike-init-in-resp': 1, 'ike-auth-out-req': 1, 'ike-auth-in-resp': 1 }
    const now = { 'ike-init-out-req': 3, 'ike-init-in-resp': 3, 'ike-auth-out-req': 6, 'ike-auth-in-resp': 1 }
    expect(describeIke(now, base, true, 'host-3')).toBe(
      'IKE_SA_INIT (UDP 500) 2 sent, 2 answered; IKE_AUTH (UDP 4500) 5 sent, 0 answered: UDP 4500 between this host and host-3 is cut (one way or both) while UDP 500 crosses',
    )
    expect(describeIke({ 'ike-init-out-req': 4 }, undefined, true, 'host-3')).toContain('host-3 does not answer on UDP 500')
  })

  it('responder: IKE_AUTH arriving again and again although answered — its answers do not arrive', () => {
    expect(describeIke({ 'ike-auth-in-req': 4, 'ike-auth-out-resp': 4 }, undefined, false, 'host-1')).toBe(
      'IKE_AUTH (UDP 4500) 4 received, 4 answered: host-1 sends its IKE_AUTH again and again although this host answered each one — the answers (UDP 4500 from this host to host-1) do not arrive',
    )
    expect(describeIke({ 'ike-auth-in-req': 1, 'ike-auth-out-resp': 1 }, undefined, false, 'host-1')).toBe('IKE_AUTH (UDP 4500) 1 received, 1 answered')
    // nothing tried since the tunnel was last up (or only IKE_SA_INIT, which is not counted per connection): nothing to say
    expect(describeIke({ 'ike-auth-in-req': 2 }, { 'ike-auth-in-req': 2 }, false, 'host-2')).toBeNull()
    expect(describeIke({ 'ike-init-in-req': 3 }, undefined, false, 'host-2')).toBeNull()
  })
})
