// The closed list of diagnostic codes of the network-driver validator. Codes are stable:
// the editor, `paddock lint` and pipelines key on them. The descriptions become the README
// table, so each is one line.

/** Severity a code is reported with (QUOTED_SCALAR is the one exception, see its line). */
type Level = 'error' | 'warning' | 'info'

export const DIAGNOSTIC_CODES = {
  // ── text ──
  YAML_SYNTAX: { severity: 'error', description: 'The YAML cannot be parsed (bad indentation, unclosed quote or bracket, tab indent…).' },
  DUPLICATE_KEY: { severity: 'error', description: 'A key appears twice in one mapping; only the last one would count.' },
  TEMPLATE_SYNTAX: { severity: 'error', description: 'Go-template or `${…}` syntax Rancher cannot render; it is left as written.' },
  UNRESOLVED_PLACEHOLDER: { severity: 'warning', description: 'A placeholder has no answer and no question default; checks of the value it feeds are skipped.' },
  ANSWER_INVALID: { severity: 'error', description: 'An answer its question refuses (not an int, not true/false, outside min–max, not an option).' },
  QUESTION_INVALID: { severity: 'error', description: 'A `.catalog` question is unusable: duplicate variable, default its own type refuses, enum without options, min > max.' },
  // ── schema ──
  UNKNOWN_KEY: { severity: 'error', description: 'A key the network_driver block, cni_config or `.catalog` does not have; suggests the closest known key.' },
  WRONG_TYPE: { severity: 'error', description: 'A value of the wrong type (text where a list is expected, a mapping where a number is…).' },
  QUOTED_SCALAR: {
    severity: 'error',
    description: 'A number or boolean written as a string: an error in cni_config (a Go plugin decodes it strictly), a warning elsewhere.',
  },
  REQUIRED_MISSING: { severity: 'error', description: 'A required key is absent (network_address, a CNI file\'s type and ipam, a route\'s dst…).' },
  EMPTY_VALUE: { severity: 'error', description: 'A key that needs a value is empty (network_address, bridgeSubnet, bridge…).' },
  INVALID_ENUM: { severity: 'error', description: 'A value outside the allowed set (default_policy_action, question type, isDebugLevel…).' },
  INVALID_FORMAT: { severity: 'error', description: 'A value not in the expected format (subnetPrefixSize like `/16`, a question variable name).' },
  // ── drivers and networks ──
  NO_NETWORK_DRIVER: { severity: 'info', description: 'No network_driver block was found in the files.' },
  MULTIPLE_DRIVERS: { severity: 'error', description: 'More than one network driver in one compose or request; an environment runs exactly one.' },
  NO_DEFAULT_NETWORK: { severity: 'warning', description: 'The driver has no default_network, so no network is created and mode `managed` resolves to nothing.' },
  NETWORK_NAME_RESERVED: { severity: 'error', description: 'default_network.name is a built-in network mode (host, bridge, none, container, managed, default).' },
  NO_SUBNETS: { severity: 'warning', description: 'The network has no subnets, so cattle allocates no IPs and rancher-cni-ipam times out.' },
  // ── addresses ──
  CIDR_SYNTAX: { severity: 'error', description: 'Not a CIDR block or IPv4 network address (expected e.g. 10.42.0.0/16).' },
  CIDR_HOST_BITS_SET: { severity: 'error', description: 'A CIDR block with host bits set (10.42.1.0/16); the intended block is ambiguous.' },
  CIDR_PREFIX_RANGE: { severity: 'error', description: 'A prefix outside the allowed range (/8–/28 for subnets, /0–/32 elsewhere).' },
  CIDR_SIZE_IGNORED: { severity: 'warning', description: 'cidr_size differs from the /suffix of network_address, which wins.' },
  SUBNET_OVERLAP: { severity: 'error', description: 'A subnet overlaps another subnet of the same network.' },
  SUBNET_DOCKER_BRIDGE: { severity: 'error', description: 'A subnet overlaps the Docker bridge 172.17.0.0/16 that containers also have an address on.' },
  SUBNET_HOST_NETWORK: { severity: 'error', description: 'A subnet overlaps a host interface network, so containers could not reach those hosts.' },
  SUBNET_METADATA: { severity: 'error', description: 'A subnet contains the metadata/DNS address 169.254.169.250.' },
  SUBNET_RESERVED: { severity: 'error', description: 'A subnet in a range containers cannot use (0/8, loopback, link-local, multicast, 240/4).' },
  SUBNET_PUBLIC: { severity: 'warning', description: 'A subnet outside the private ranges: containers could not reach real hosts with those addresses.' },
  IP_SYNTAX: { severity: 'error', description: 'Not an IPv4 address (start/end address, gateway, bridgeIP, route gateway, IPAM range).' },
  ADDRESS_OUTSIDE_SUBNET: { severity: 'error', description: 'An address (start, end, gateway, bridgeIP, IPAM range) outside its subnet.' },
  ADDRESS_RESERVED: { severity: 'error', description: 'start/end/gateway is the network or broadcast address of its subnet.' },
  RANGE_ORDER: { severity: 'error', description: 'The allocation range starts after it ends (start_address > end_address).' },
  // ── DNS ──
  DNS_INVALID: { severity: 'error', description: 'A dns entry that is not an IPv4 address.' },
  DNS_NO_METADATA: { severity: 'warning', description: 'dns does not list 169.254.169.250, so containers miss Rancher DNS (*.rancher.internal).' },
  DNS_SEARCH_INVALID: { severity: 'error', description: 'A dns_search entry that is not a domain name.' },
  // ── CNI ──
  CNI_CONFIG_MISSING: { severity: 'warning', description: 'The driver has a default network but no cni_config, so hosts get no CNI config and containers no plumbing.' },
  CNI_FILE_NAME: { severity: 'error', description: 'A cni_config file name that is not a plain `*.conf` / `*.conflist` name; libcni would not load it.' },
  CNI_PLUGIN_TYPE: { severity: 'warning', description: 'A CNI plugin type other than rancher-bridge, the only plugin the cni-driver installs; its keys are not checked.' },
  CNI_IPAM_TYPE: { severity: 'warning', description: 'An IPAM type other than rancher-cni-ipam, rancher-host-local-ipam or rancher-flat-ipam; its keys are not checked.' },
  BRIDGE_NAME: { severity: 'error', description: 'bridge is not a valid Linux interface name (at most 15 characters, no `/`, `:` or spaces).' },
  BRIDGE_SUBNET_MISMATCH: { severity: 'error', description: 'bridgeSubnet differs from the default network\'s subnet, so the bridge gets the wrong gateway address.' },
  HOST_NAT_NO_SUBNET: { severity: 'warning', description: 'hostNat is on but bridgeSubnet is not set, so network-manager writes no NAT rules (no outbound access).' },
  SUBNET_PREFIX_MISMATCH: { severity: 'error', description: 'ipam.subnetPrefixSize (default /16) differs from the prefix of the default network\'s subnet.' },
  // ── MTU ──
  MTU_RANGE: { severity: 'error', description: 'mtu outside 68–9000.' },
  MTU_EFFECTIVE_TOO_LOW: { severity: 'error', description: 'Container MTU (mtu − linkMTUOverhead) below 68, the IPv4 minimum.' },
  MTU_EFFECTIVE_LOW: { severity: 'warning', description: 'Container MTU (mtu − linkMTUOverhead) below 1280, the IPv6 minimum; many protocols fail or fragment.' },
  MTU_OVERHEAD_LOW: { severity: 'warning', description: 'linkMTUOverhead below the overlay\'s encapsulation (IPsec 98, VXLAN 50) or negative: full-size packets will not fit.' },
  HAIRPIN_PROMISC: { severity: 'error', description: 'hairpinMode and promiscMode are both true; the rancher-bridge plugin refuses the combination.' },
} as const satisfies Record<string, { severity: Level; description: string }>

/** One of the stable diagnostic codes. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES
