import { describe, expect, it } from 'vitest'
import { ikeSas } from './vici-text.ts'

// `swanctl --list-sas --raw` from the lab (strongSwan 5.9.8), one established tunnel and one
// IKE SA whose CHILD_SA was refused
const raw = `list-sa event {peer-hst_2 {uniqueid=1 version=2 state=ESTABLISHED local-host=192.168.50.11 local-port=4500 remote-host=192.168.50.12 initiator=yes nat-remote=yes child-sas {peer-hst_2-3 {name=peer-hst_2 uniqueid=3 reqid=1 state=INSTALLED mode=TUNNEL protocol=ESP encap=yes local-ts=[10.42.1.0/24] remote-ts=[10.42.2.0/24]}}}}
list-sa event {peer-hst_3 {uniqueid=2 version=2 state=CONNECTING local-host=192.168.50.11 child-sas {}}}
list-sas reply {}`

describe('ikeSas', () => {
  it('reads IKE and CHILD_SA states and the installed selectors', () => {
    expect(ikeSas(raw)).toEqual([
      { name: 'peer-hst_2', state: 'ESTABLISHED', children: [{ name: 'peer-hst_2', state: 'INSTALLED', localTs: ['10.42.1.0/24'], remoteTs: ['10.42.2.0/24'] }] },
      { name: 'peer-hst_3', state: 'CONNECTING', children: [] },
    ])
  })

  it('reads nothing from empty or unrelated output', () => {
    expect(ikeSas('')).toEqual([])
    expect(ikeSas('list-sas reply {}')).toEqual([])
  })
})
