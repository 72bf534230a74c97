// JSON Schemas of the `network_driver` block and of the compose files that carry it
// (domain §2.1, §2.2, §2.7). Every property has a description: it is the hover text of the
// editor. Facts come from ../../../shared/domain/rancher-networking.md.
//
// Strict where Rancher is strict about meaning: the `network_driver` block is read into
// go-rancher's NetworkDriver struct (an unknown key is silently dropped, so the operator's
// intent is lost) and its cni_config goes verbatim to a Go CNI plugin; `.catalog` is read
// into the catalog service's struct. Loose elsewhere: a compose service has dozens of keys
// Paddock has no opinion on, so services accept any key and only `network_driver` inside
// them is checked.
//
// No `$ref`: shared parts are the same JS objects used in several places, so each exported
// schema stands alone and `networkDriverSchema` can be embedded anywhere.
import type { JsonSchema } from './json-schema.ts'

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#'

// ─── small builders ────────────────────────────────────────────────────────────────────────

const str = (description: string, extra: Partial<JsonSchema> = {}): JsonSchema => ({ type: 'string', description, ...extra })
const bool = (description: string, extra: Partial<JsonSchema> = {}): JsonSchema => ({ type: 'boolean', description, ...extra })
const int = (description: string, extra: Partial<JsonSchema> = {}): JsonSchema => ({ type: 'integer', description, ...extra })
/** A free-form mapping (its keys are not checked). */
const freeMap = (description: string): JsonSchema => ({ type: 'object', description, additionalProperties: true })
/** A key Paddock documents but does not check (compose service keys). */
const any = (description: string): JsonSchema => ({ description })

/**
 * A string that may instead be given per host: the mapping `{__host_label__: <label>}` is
 * replaced on each host by that host label's value before the CNI file is written (§2.2).
 */
function perHost(description: string, extra: Partial<JsonSchema> = {}): JsonSchema {
  return {
    type: ['string', 'object'],
    description: `${description} May be given per host as \`__host_label__: <host label>\`.`,
    properties: {
      __host_label__: str('Name of the host label whose value replaces this setting on each host (empty when the host lacks the label).', {
        minLength: 1,
      }),
    },
    additionalProperties: false,
    ...extra,
  }
}

// ─── cni_config ────────────────────────────────────────────────────────────────────────────

const logToFile = str('string. Path of the plugin\'s log file on the host, e.g. `/var/log/rancher-cni.log`.')
const isDebugLevel: JsonSchema = {
  type: ['string', 'boolean'],
  enum: ['true', 'false', true, false],
  description: '"true" | "false". Verbose plugin logs. Templates fill it from the RANCHER_DEBUG answer.',
}

const route: JsonSchema = {
  type: 'object',
  description: 'A route the IPAM plugin adds in the container: `dst` CIDR via `gw` (default: the container\'s gateway).',
  properties: {
    dst: str('string (CIDR). Destination of the route, e.g. `169.254.169.250/32` (old templates routed the metadata address this way) or `0.0.0.0/0`.', {
      minLength: 1,
    }),
    gw: str('string (IPv4). Next hop; when absent the container\'s gateway is used.'),
  },
  required: ['dst'],
  additionalProperties: false,
}
const routes: JsonSchema = { type: 'array', description: 'list of {dst, gw}. Routes added in each container.', items: route }

const ipamType = (name: string, what: string): JsonSchema => str(`string. IPAM plugin binary: \`${name}\` — ${what}`, { const: name })

const rancherCniIpam: JsonSchema = {
  type: 'object',
  description: 'IPAM `rancher-cni-ipam`: the address cattle allocated (CNI arg IPAddress, else looked up in metadata for 30 s) with `subnetPrefixSize` appended.',
  properties: {
    type: ipamType('rancher-cni-ipam', 'addresses allocated centrally by cattle (IPsec, VXLAN).'),
    subnetPrefixSize: str(
      'string like `/16`; default `/16`. Prefix length given to container addresses; must equal the prefix of the default network\'s subnet (the forced /16 of old templates broke non-/16 subnets, rancher#8938).',
      { pattern: '^/([0-9]|[12][0-9]|3[0-2])$', examples: ['/16'], default: '/16' },
    ),
    routes,
    logToFile,
    isDebugLevel,
  },
  required: ['type'],
  additionalProperties: false,
}

const hostLocalIpam: JsonSchema = {
  type: 'object',
  description: 'IPAM `rancher-host-local-ipam` (per-host-subnet): each host allocates from its own subnet; the first usable address goes to the bridge.',
  properties: {
    type: ipamType('rancher-host-local-ipam', 'per-host subnets, allocated on the host.'),
    subnet: perHost('string (CIDR). The host\'s subnet; must be unique and routable, usually from the host label `io.rancher.network.per_host_subnet.subnet`.'),
    rangeStart: perHost('string (IPv4). First address handed out; default the 2nd usable address of `subnet`.'),
    rangeEnd: perHost('string (IPv4). Last address handed out; default the last usable address of `subnet`.'),
    gateway: perHost('string (IPv4). Gateway given to containers; default the first usable address of `subnet`.'),
    routes,
    logToFile,
    isDebugLevel,
  },
  required: ['type'],
  additionalProperties: false,
}

const flatIpam: JsonSchema = {
  type: 'object',
  description: 'IPAM `rancher-flat-ipam` (l2-flat): addresses from cattle on a flat L2 network, default route via the site gateway.',
  properties: {
    type: ipamType('rancher-flat-ipam', 'a flat L2 network (l2-flat).'),
    routes: { ...routes, description: 'list of {dst, gw}. l2-flat routes 0.0.0.0/0 via the GATEWAY answer.' },
    logToFile,
    isDebugLevel,
  },
  required: ['type'],
  additionalProperties: false,
}

const ipam: JsonSchema = {
  type: 'object',
  description:
    'object. The IPAM plugin the bridge calls for the container\'s address: `type` is `rancher-cni-ipam` (IPsec, VXLAN), `rancher-host-local-ipam` (per-host-subnet) or `rancher-flat-ipam` (l2-flat).',
  oneOf: [rancherCniIpam, hostLocalIpam, flatIpam],
}

/** One CNI config file for the `rancher-bridge` plugin (the table in §2.2). */
const rancherBridgeConf: JsonSchema = {
  type: 'object',
  description: 'CNI config for the `rancher-bridge` plugin, written as JSON to /opt/cni-driver/<network>.d/<file> on every host.',
  properties: {
    cniVersion: str('string. CNI spec version of this file (optional; Rancher\'s templates omit it).'),
    name: str('string. CNI network name: `rancher-cni-network` (IPsec, VXLAN), `rancher-flat-network`, `per-host-subnet-network`.'),
    type: str('string. Plugin binary: `rancher-bridge` (the one the cni-driver container installs).', { const: 'rancher-bridge' }),
    bridge: perHost('string. Linux bridge the container veths attach to; plugin default `cni0`, Rancher templates use `docker0` (DOCKER_BRIDGE answer). At most 15 characters.', {
      minLength: 1,
    }),
    bridgeSubnet: perHost(
      'string (CIDR). The bridge gets network+1 of this subnet as an extra address (the containers\' gateway); hostNat uses it. Must equal the default network\'s subnet, e.g. `10.42.0.0/16`.',
      { minLength: 1 },
    ),
    bridgeIP: perHost('string (IPv4). Explicit bridge address; must be inside bridgeSubnet.'),
    useBridgeIPAsGateway: bool('boolean. Use the bridge\'s IPv4 as the containers\' gateway.'),
    isGateway: bool('boolean. Give the bridge an address and use it as gateway (implied by isDefaultGateway).'),
    isDefaultGateway: bool('boolean. Implies isGateway; adds the route 0.0.0.0/0 via the gateway in each container. Rancher templates: true.'),
    ipMasq: bool('boolean. Upstream CNI masquerade for traffic leaving the subnet; Rancher templates use hostNat instead.'),
    hostNat: bool(
      'boolean. Read by network-manager: MASQUERADE traffic from bridgeSubnet that leaves the host, giving containers outbound access through the host IP. Needs bridge and bridgeSubnet.',
    ),
    hairpinMode: bool(
      'boolean; default false. Hairpin on each container\'s host-side veth, so a container can reach itself through a published port. The plugin refuses it together with promiscMode (RANCHER_HAIRPIN_MODE answer).',
    ),
    promiscMode: bool(
      'boolean; default false. Puts the bridge in promiscuous mode; the plugin refuses it together with hairpinMode (RANCHER_PROMISCUOUS_MODE answer, default true).',
    ),
    mtu: int('integer 68–9000; plugin default 1500. MTU of the bridge and the veths; must match every host\'s NIC and Docker daemon (GCE 1460, AWS 1500). Cannot be changed for an existing environment.'),
    linkMTUOverhead: int(
      'integer. Container eth0 MTU = mtu − linkMTUOverhead: the overlay\'s encapsulation overhead, 98 for IPsec (1500 → 1402), 50 for VXLAN (1500 → 1450).',
    ),
    skipBridgeConfigureIP: bool('boolean. Do not add an address to the bridge (l2-flat, where the site router is the gateway).'),
    skipFastPath: bool('boolean. Skip the Docker-label fast path when looking up a container\'s MAC and IP (ask metadata instead).'),
    logToFile,
    isDebugLevel,
    ipam,
  },
  required: ['type', 'ipam'],
  additionalProperties: false,
}

const conflist: JsonSchema = {
  type: 'object',
  description: 'A CNI network configuration list (`.conflist`): the plugins run in order for each container.',
  properties: {
    cniVersion: str('string. CNI spec version of the list.'),
    name: str('string. CNI network name.', { minLength: 1 }),
    disableCheck: bool('boolean. Skip the CNI CHECK command.'),
    plugins: { type: 'array', description: 'list. The plugin configurations, run in order; the first is normally `rancher-bridge`.', items: rancherBridgeConf },
  },
  required: ['name', 'plugins'],
  additionalProperties: false,
}

const cniConfig: JsonSchema = {
  type: 'object',
  description:
    'map of file name → CNI config; required for CNI networks. Each entry becomes one file (e.g. `10-rancher.conf`) in /opt/cni-driver/<network>.d on every host; names end in `.conf` (or `.conflist` for a plugin list) and libcni reads them in name order.',
  patternProperties: { '\\.conflist$': conflist },
  additionalProperties: rancherBridgeConf,
}

// ─── default_network ───────────────────────────────────────────────────────────────────────

const subnet: JsonSchema = {
  type: 'object',
  description: 'One address block of the network; cattle creates one subnet per entry and allocates container IPs from start_address … end_address.',
  properties: {
    network_address: str(
      'string, required. Network address, as a CIDR (`10.42.0.0/16`, the suffix overrides cidr_size) or a bare address with cidr_size. When empty cattle silently falls back to 10.44.0.0/16.',
      { minLength: 1 },
    ),
    cidr_size: int('integer 8–28; default 24. Prefix length when network_address has no /suffix (a suffix wins).'),
    start_address: str('string (IPv4); default network+2 (10.42.0.2 for 10.42.0.0/16). First address IPAM hands out.'),
    end_address: str('string (IPv4); default network + size − 6 (10.42.255.250 for 10.42.0.0/16). Last address IPAM hands out; the five above it are never used.'),
    gateway: str('string (IPv4); default network+1 (10.42.0.1). Gateway of the subnet, also the bridge\'s address on docker0.'),
    name: str('string. Name of the subnet.'),
    description: str('string. Description of the subnet.'),
  },
  required: ['network_address'],
  additionalProperties: false,
}

const selector = freeMap('object. Which containers the rule matches, e.g. `{selector: "io.rancher.stack.name=web"}`.')
const policyRule: JsonSchema = {
  type: 'object',
  description: 'One network policy rule (network-policy-manager), evaluated in order before default_policy_action.',
  properties: {
    from: selector,
    to: selector,
    ports: { type: 'array', description: 'list. Ports the rule applies to, e.g. `80/tcp`.' },
    within: str('string. `stack`, `service` or `linked`: traffic among containers of the same stack / service / linked services.'),
    between: freeMap('object. Traffic between containers that share a label value: `{selector, groupBy}`.'),
    action: str('allow | deny. What happens to matching traffic.', { enum: ['allow', 'deny'] }),
  },
  additionalProperties: false,
}

const defaultNetwork: JsonSchema = {
  type: 'object',
  description:
    'object, optional. The network the driver creates (kind `cni` when cni_config is non-empty); network mode `managed` resolves to it. If absent or empty no network is created.',
  properties: {
    name: str('string; default the service name. Network name, usable as a network mode (`ipsec`, `vxlan`); must not be a built-in mode (host, bridge, none, container, managed, default).'),
    description: str('string. Description of the network.'),
    kind: str('string. Normally omitted: cattle sets `cni` (non-empty cni_config) or `network`.'),
    host_ports: bool(
      'boolean; missing = false. true publishes managed containers\' `ports:` on their hosts; false means ports are never published on the host IP (containers still reach each other). HOST_PORTS answer, default true.',
    ),
    subnets: {
      type: 'array',
      description: 'list of subnets. Address blocks of the network; with none, cattle does no IPAM (containers get no managed IP).',
      items: subnet,
    },
    dns: {
      type: 'array',
      description: 'list of IPv4 addresses. Appended to each managed container\'s DNS servers; Rancher templates use `169.254.169.250` (the metadata/DNS service).',
      items: str('string (IPv4). A DNS server.'),
    },
    dns_search: {
      type: 'array',
      description: 'list of domain names. Appended to each managed container\'s search domains; Rancher templates use `rancher.internal`.',
      items: str('string. A search domain, e.g. `rancher.internal`.'),
    },
    metadata: freeMap('map. Extra network metadata, merged over network_metadata.'),
    default_policy_action: str('allow | deny; default allow. What happens to traffic no policy rule matches.', { enum: ['allow', 'deny'] }),
    policy: { type: 'array', description: 'list of network policy rules, evaluated in order.', items: policyRule },
  },
  additionalProperties: false,
}

// ─── network_driver ────────────────────────────────────────────────────────────────────────

/** The `network_driver` block (go-rancher's NetworkDriver struct, §2.2). */
export const networkDriverSchema: JsonSchema = {
  $schema: DRAFT_07,
  title: 'network_driver',
  type: 'object',
  description:
    'object. Declares a network driver: a service carrying it becomes a networkDriverService and, in a system (infrastructure) stack, creates the driver and its default network.',
  properties: {
    name: str('string; default the service name. Driver name shown to operators, e.g. `Rancher IPsec`.'),
    description: str('string. Description of the driver.'),
    default_network: defaultNetwork,
    cni_config: cniConfig,
    network_metadata: freeMap('map. Merged into the network\'s metadata (which also gets a copy of cni_config).'),
  },
  additionalProperties: false,
}

// ─── compose files ─────────────────────────────────────────────────────────────────────────

const serviceKeys: Record<string, JsonSchema> = {
  image: any('string. Docker image of the service.'),
  command: any('string or list. Command the container runs.'),
  entrypoint: any('string or list. Entrypoint of the container.'),
  environment: any('map or list of KEY=value. Environment variables.'),
  labels: any('map or list of key=value. Container labels; Rancher reads io.rancher.* labels (sidekicks, scheduling, DNS, CNI).'),
  ports: any('list of `[ip:]public:private[/tcp|udp]`. Published ports; opened on the host only when the network has host_ports true.'),
  expose: any('list. Ports exposed to linked services only.'),
  volumes: any('list. Volumes and bind mounts, e.g. `/var/run/docker.sock:/var/run/docker.sock`.'),
  volumes_from: any('list. Services whose volumes this one mounts.'),
  volume_driver: any('string. Volume driver for the service\'s named volumes.'),
  network_mode: any('string. `managed` (default), the driver network\'s name (`ipsec`), `host`, `bridge`, `none` or `container:<name>`; only the first two get a managed IP.'),
  networks: any('list or map. Docker networks (not used by Rancher networking).'),
  links: any('list. Services linked to this one (DNS names).'),
  external_links: any('list. Services of other stacks linked to this one.'),
  cap_add: any('list. Linux capabilities added, e.g. NET_ADMIN.'),
  cap_drop: any('list. Linux capabilities dropped.'),
  privileged: any('boolean. Run privileged (the cni-driver does).'),
  pid: any('string. `host` to share the host\'s PID namespace.'),
  ipc: any('string. IPC namespace mode.'),
  uts: any('string. UTS namespace mode.'),
  user: any('string. User the process runs as.'),
  working_dir: any('string. Working directory.'),
  hostname: any('string. Container host name.'),
  domainname: any('string. Container domain name.'),
  dns: any('string or list. Extra DNS servers of the container (the network\'s dns is appended).'),
  dns_search: any('string or list. Extra search domains of the container (the network\'s dns_search is appended).'),
  extra_hosts: any('list. Extra /etc/hosts entries.'),
  sysctls: any('map. Kernel parameters set in the container, e.g. net.ipv4.conf.all.send_redirects.'),
  ulimits: any('map. Resource limits.'),
  logging: any('map. Log driver and options, e.g. json-file with max-size 25m.'),
  log_driver: any('string. Log driver (compose v1).'),
  log_opt: any('map. Log options (compose v1).'),
  restart: any('string. Restart policy.'),
  stdin_open: any('boolean. Keep stdin open.'),
  tty: any('boolean. Allocate a TTY.'),
  devices: any('list. Host devices mapped into the container.'),
  mem_limit: any('size. Memory limit.'),
  memswap_limit: any('size. Memory + swap limit.'),
  mem_reservation: any('size. Memory reservation.'),
  cpu_shares: any('integer. CPU shares.'),
  cpu_period: any('integer. CFS period (µs).'),
  cpu_quota: any('integer. CFS quota (µs).'),
  cpuset: any('string. CPUs the container may use.'),
  shm_size: any('size. Size of /dev/shm.'),
  read_only: any('boolean. Read-only root file system.'),
  security_opt: any('list. Security options.'),
  tmpfs: any('string or list. tmpfs mounts.'),
  stop_signal: any('string. Signal used to stop the container.'),
  depends_on: any('list. Services started before this one.'),
  build: any('string or map. Build context (not used by Rancher catalogs).'),
  container_name: any('string. Fixed container name.'),
  health_check: any('map (rancher-compose). Rancher health check: port, request_line, interval, response_timeout, thresholds, strategy.'),
  scale: any('integer (rancher-compose). Number of containers; ignored for global services.'),
  retain_ip: any('boolean (rancher-compose). Keep each container\'s managed IP when it is recreated.'),
  start_on_create: any('boolean (rancher-compose). Start the service when the stack is created.'),
  upgrade_strategy: any('map (rancher-compose). Batch size, interval, start_first.'),
  metadata: any('map (rancher-compose). Service metadata served by the metadata service.'),
  lb_config: any('map (rancher-compose). Load balancer configuration.'),
  drain_timeout_ms: any('integer (rancher-compose). Time to drain connections before stopping a container.'),
  storage_driver: any('map (rancher-compose). Declares a storage driver (like network_driver for volumes).'),
  network_driver: networkDriverSchema,
}

const service: JsonSchema = {
  type: 'object',
  description: 'A service. Any compose key is accepted; a `network_driver` block in it is checked strictly.',
  properties: serviceKeys,
  additionalProperties: true,
}

const composeCommon: Record<string, JsonSchema> = {
  version: { type: ['string', 'number'], description: 'string. Compose file format: \'2\' (services under `services:`); absent for version 1 (services at the top level).' },
  services: { type: 'object', description: 'map of service name → service (compose v2).', additionalProperties: service },
  volumes: freeMap('map. Named volumes, e.g. rancher-cni-driver.'),
  networks: freeMap('map. Docker networks (not used by Rancher networking).'),
  network_drivers: {
    type: 'object',
    description: 'map of name → network_driver block (rancher-compose-executor): each entry is merged into the service of that name as its network_driver.',
    additionalProperties: networkDriverSchema,
  },
}

/**
 * Compose v2 (any `version` or `services` key) allows only the known top-level keys; v1 has
 * services at the top level, so every other key is a service.
 */
function composeFile(title: string, description: string, extra: Record<string, JsonSchema>): JsonSchema {
  const properties = { ...composeCommon, ...extra }
  return {
    $schema: DRAFT_07,
    title,
    description,
    type: 'object',
    properties,
    additionalProperties: service,
    if: { anyOf: [{ required: ['version'] }, { required: ['services'] }] },
    then: { propertyNames: { enum: Object.keys(properties) } },
  }
}

/** docker-compose.yml(.tpl): v1 top-level services or v2 `services:`, any of which may carry network_driver, plus `network_drivers`. */
export const dockerComposeSchema: JsonSchema = composeFile(
  'docker-compose.yml',
  'A catalog docker-compose file (version 1 or 2); a service\'s network_driver block declares the network driver.',
  {},
)

const question: JsonSchema = {
  type: 'object',
  description: 'A question of the template: its answer (always a string) replaces `$VARIABLE`, `${VARIABLE}` and `{{ .Values.VARIABLE }}` in the compose files.',
  properties: {
    variable: str('string, required. Answer name used by the placeholders, e.g. SUBNET.', { pattern: '^[A-Za-z_][A-Za-z0-9_]*$', examples: ['SUBNET'], minLength: 1 }),
    label: str('string. Label of the form field.'),
    description: str('string. Help text of the form field.'),
    type: str('string | int | float | boolean | enum | password | multiline | service | certificate; default string. Kind of answer the form asks for.', {
      enum: ['string', 'int', 'float', 'boolean', 'enum', 'password', 'multiline', 'service', 'certificate'],
    }),
    default: { type: ['string', 'number', 'boolean'], description: 'Default answer, used when the answer is missing or empty (answers are strings: 1500 means "1500").' },
    required: bool('boolean. The form refuses an empty answer.'),
    options: { type: 'array', description: 'list. The choices of an `enum` question.', items: { type: ['string', 'number', 'boolean'], description: 'One choice.' } },
    min: int('integer. Smallest accepted answer of an `int` question.'),
    max: int('integer. Largest accepted answer of an `int` question.'),
    min_length: int('integer. Shortest accepted answer.'),
    max_length: int('integer. Longest accepted answer.'),
    valid_chars: str('string. Characters an answer may contain.'),
    invalid_chars: str('string. Characters an answer may not contain.'),
    group: str('string. Form section the question is shown in.'),
  },
  required: ['variable'],
  additionalProperties: false,
}

const catalog: JsonSchema = {
  type: 'object',
  description: 'The catalog entry of this template version: name, version, the Rancher versions it runs on and its questions.',
  properties: {
    name: str('string. Template name, e.g. `Rancher IPsec`.'),
    version: str('string. Version shown to operators, e.g. `0.2.5`.'),
    description: str('string. Description of the version.'),
    uuid: str('string. Unique id of the version (old catalogs).'),
    minimum_rancher_version: str('string. Oldest Rancher that may deploy this version, e.g. `v1.6.19-rc1`.'),
    maximum_rancher_version: str('string. Newest Rancher that may deploy this version.'),
    upgrade_from: str('string. Versions that may upgrade to this one, e.g. `>=0.1.2`.'),
    labels: freeMap('map. Labels of the catalog entry.'),
    questions: { type: 'array', description: 'list of questions. Their answers fill the placeholders of the compose files.', items: question },
  },
  additionalProperties: false,
}

/** rancher-compose.yml(.tpl): like docker-compose (services may carry network_driver), plus the `.catalog` block with questions. */
export const rancherComposeSchema: JsonSchema = composeFile(
  'rancher-compose.yml',
  'A catalog rancher-compose file: Rancher-specific service keys (scale, health_check, network_driver in old templates) and the `.catalog` block.',
  { '.catalog': catalog },
)
