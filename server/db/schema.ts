/**
 * Row types of every table (snake_case columns). Booleans are stored as 0/1 integers and
 * JSON as text on both SQLite and PostgreSQL so one schema and one set of queries serve both.
 */
import type { Generated } from 'kysely'

type Bool = number
type Json = string

interface Mutable {
  revision: number
  created_at: string
  updated_at: string
}

export interface CatalogTemplateTable {
  id: string
  name: string
  description: string
  category: string
  /** `builtin` (synced from the shipped library on start) or `custom` (imported); default `builtin`. */
  source: Generated<string>
  default_version: string
  updated_at: string
}

export interface CatalogTemplateVersionTable {
  catalog_template_id: string
  version: string
  version_index: number
  minimum_rancher_version: string | null
  upgrade_from: string | null
  questions_json: Json
  files_json: Json
}

export interface EnvironmentTemplateTable extends Mutable {
  id: string
  name: string
  description: string
  is_public: Bool
  builtin: Bool
  stacks_json: Json
}

export interface EnvironmentTable extends Mutable {
  id: string
  name: string
  description: string
  state: string
  environment_template_id: string | null
  template_name: string | null
  template_revision: number | null
  default_network_id: string | null
  /** The template's stacks (TemplateStack[]) as they were at creation; null before migration 0004. */
  template_stacks_json: Json | null
  /** The IPsec PSK generated when the stack's RANCHER_IPSEC_PSK answer is empty (0010); agent API only. */
  ipsec_psk: string | null
}

export interface StackTable extends Mutable {
  id: string
  environment_id: string
  name: string
  system: Bool
  state: string
  state_reason: string | null
  catalog_template_id: string | null
  version: string | null
  external_id: string | null
  answers_json: Json
  docker_compose: string
  rancher_compose: string
}

export interface ServiceTable extends Mutable {
  id: string
  environment_id: string
  stack_id: string
  name: string
  kind: string
  state: string
  global: Bool
  scale: number
  /** The rendered compose service definition (image, network_mode, labels, ports…). */
  launch_config_json: Json
}

export interface NetworkDriverTable extends Mutable {
  id: string
  environment_id: string
  service_id: string
  stack_id: string
  name: string
  description: string
  state: string
  default_network_json: Json | null
  cni_config_json: Json
  network_metadata_json: Json
}

export interface NetworkTable extends Mutable {
  id: string
  environment_id: string
  network_driver_id: string | null
  name: string
  kind: string
  state: string
  dns_json: Json
  dns_search_json: Json
  host_ports: Bool
  mtu: number | null
  link_mtu_overhead: number | null
  metadata_json: Json
  cni_config_json: Json
}

export interface SubnetTable {
  id: string
  environment_id: string
  network_id: string
  subnet_index: number
  network_address: string
  cidr_size: number
  gateway: string
  start_address: string
  end_address: string
  /** start..end as integers, so IPAM never reparses. */
  start_num: number
  end_num: number
  /** Next-fit cursor: the next address IPAM tries first. */
  next_num: number
  state: string
  created_at: string
}

export interface HostTable extends Mutable {
  id: string
  environment_id: string
  name: string
  hostname: string
  agent_ip: string
  state: string
  simulated: Bool
  labels_json: Json
  interfaces_json: Json
  mtu: number | null
  token_hash: string
  last_heartbeat_at: string | null
  /** The agent asked for a host slice (0/1); `slice_cidr` is the one IPAM gave it. */
  host_slice: Bool
  slice_cidr: string | null
}

export interface ContainerTable extends Mutable {
  id: string
  environment_id: string
  host_id: string | null
  stack_id: string | null
  service_id: string | null
  name: string
  image: string
  state: string
  desired_state: string
  network_mode: string
  network_id: string | null
  network_container_id: string | null
  native: Bool
  system: Bool
  labels_json: Json
  ports_json: Json
  dns_json: Json
  dns_search_json: Json
  requested_ip: string | null
  docker_ip: string | null
  reported_addresses_json: Json
  mtu: number | null
  error: string | null
  /** eth0 MAC on the managed network; null for containers without a managed IP. */
  mac_address: string | null
  /** Last state the agent reported (`running`, `stopped`, `error`, `removed`); null before the first report. */
  reported_state: string | null
}

export interface IpAddressTable {
  id: string
  environment_id: string
  network_id: string
  subnet_id: string
  address: string
  address_num: number
  /** `primary` for a container's managed IP, `router` for a host's overlay router. */
  role: string
  container_id: string | null
  host_id: string | null
  /** How IPAM chose it: `next-free`, `requested` or `retained`. */
  source: Generated<string>
  created_at: string
}

export interface FindingTable {
  id: string
  environment_id: string
  check_id: string
  severity: string
  subject_kind: string
  subject_id: string
  peer_id: string | null
  direction: string | null
  message: string
  evidence_json: Json
  fix: string
  created_at: string
}

export interface EventTable {
  seq: Generated<number>
  kind: string
  action: string
  resource_id: string
  environment_id: string | null
  revision: number
  at: string
}

export interface AgentReportTable {
  id: Generated<number>
  host_id: string
  environment_id: string
  received_at: string
  body_json: Json
}

export interface ProbeRequestTable {
  id: string
  environment_id: string
  host_id: string
  from_container_id: string | null
  target: string
  port: number | null
  protocol: string
  state: string
  result_json: Json | null
  created_at: string
  /** The container `to` named (0010); null when it named an IPv4 address. */
  to_container_id: string | null
}

/** A network event of an environment's timeline (diagnostics); `id` orders them. */
export interface TimelineEventTable {
  id: Generated<number>
  environment_id: string
  at: string
  kind: string
  severity: string
  /** `environment`, `host`, `host-pair` (from `subject_id` to `peer_id`) or `stack`. */
  subject_kind: string
  subject_id: string
  subject_name: string
  peer_id: string | null
  peer_name: string | null
  message: string
}

export interface AccountTable extends Mutable {
  id: string
  username: string
  display_name: string
  /** `scrypt$N$r$p$salt$hash` (base64url). */
  password_hash: string
  admin: Bool
}

/** A signed-in browser; `id` is the SHA-256 (hex) of the cookie token. */
export interface SessionTable {
  id: string
  account_id: string
  csrf_token: string
  created_at: string
  expires_at: string
  last_seen_at: string
}

export interface ApiKeyTable {
  id: string
  account_id: string
  environment_id: string | null
  name: string
  access_key: string
  /** SHA-256 (hex) of the secret: secrets are 256 random bits, a slow hash adds nothing. */
  secret_hash: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}

export interface MembershipTable {
  environment_id: string
  account_id: string
  role: string
  created_at: string
}

/** An environment's agent registration token; only its SHA-256 (hex) is kept. */
export interface RegistrationTokenTable {
  id: string
  environment_id: string
  token_hash: string
  /** `agent` (owners rotate and revoke it) or `lab` (the built-in lab's own, never listed). */
  purpose: Generated<string>
  created_at: string
  revoked_at: string | null
  created_by: string | null
}

/** One audited mutation; `id` orders them (newest first = id descending). */
export interface AuditLogTable {
  id: Generated<number>
  at: string
  actor_kind: string
  actor_id: string | null
  actor_name: string | null
  via: string
  method: string
  route: string
  params_json: Json
  environment_id: string | null
  status: number
  ip: string
  request_id: string
}

export interface Database {
  catalog_templates: CatalogTemplateTable
  catalog_template_versions: CatalogTemplateVersionTable
  environment_templates: EnvironmentTemplateTable
  environments: EnvironmentTable
  stacks: StackTable
  services: ServiceTable
  network_drivers: NetworkDriverTable
  networks: NetworkTable
  subnets: SubnetTable
  hosts: HostTable
  containers: ContainerTable
  ip_addresses: IpAddressTable
  findings: FindingTable
  events: EventTable
  agent_reports: AgentReportTable
  probe_requests: ProbeRequestTable
  timeline_events: TimelineEventTable
  accounts: AccountTable
  sessions: SessionTable
  api_keys: ApiKeyTable
  memberships: MembershipTable
  registration_tokens: RegistrationTokenTable
  audit_log: AuditLogTable
  replicas: ReplicaTable
  login_failures: LoginFailureTable
}

/** Where a replica is reached (0008): the others forward lab requests of environments it runs there. */
export interface ReplicaTable {
  id: string
  url: string
  heartbeat_at: string
}

/** One failed sign-in under one limiter key (0009); `at` in ms since the epoch. */
export interface LoginFailureTable {
  id: Generated<number>
  /** SHA-256 (hex) of the key: the client IP, or the client IP and the username. */
  key_hash: string
  at: number
}
