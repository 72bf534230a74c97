/** Path builders for the API (base `/api/v1`); the server registers the same patterns. */
export const API_BASE = '/api/v1'

const e = encodeURIComponent

export const apiPaths = {
  health: () => `${API_BASE}/health`,
  openapi: () => `${API_BASE}/openapi.json`,
  events: (environmentId?: string) => `${API_BASE}/events${environmentId ? `?environmentId=${e(environmentId)}` : ''}`,
  login: () => `${API_BASE}/auth/login`,
  logout: () => `${API_BASE}/auth/logout`,
  me: () => `${API_BASE}/auth/me`,
  password: () => `${API_BASE}/auth/password`,
  accounts: () => `${API_BASE}/accounts`,
  members: (envId: string) => `${API_BASE}/environments/${e(envId)}/members`,
  member: (envId: string, accountId: string) => `${API_BASE}/environments/${e(envId)}/members/${e(accountId)}`,
  apiKeys: () => `${API_BASE}/api-keys`,
  apiKey: (id: string) => `${API_BASE}/api-keys/${e(id)}`,
  registrationTokens: (envId: string) => `${API_BASE}/environments/${e(envId)}/registration-tokens`,
  registrationToken: (envId: string, id: string) => `${API_BASE}/environments/${e(envId)}/registration-tokens/${e(id)}`,
  /** Audit log: `environmentId` filters (owners must give one of theirs). */
  audit: (q: { environmentId?: string; limit?: number; cursor?: string } = {}) => {
    const s = new URLSearchParams()
    if (q.environmentId) s.set('environmentId', q.environmentId)
    if (q.limit !== undefined) s.set('limit', String(q.limit))
    if (q.cursor) s.set('cursor', q.cursor)
    const qs = s.toString()
    return `${API_BASE}/audit${qs ? `?${qs}` : ''}`
  },
  environments: () => `${API_BASE}/environments`,
  environment: (envId: string) => `${API_BASE}/environments/${e(envId)}`,
  templates: () => `${API_BASE}/templates`,
  template: (id: string) => `${API_BASE}/templates/${e(id)}`,
  catalog: () => `${API_BASE}/catalog`,
  catalogTemplate: (id: string) => `${API_BASE}/catalog/${e(id)}`,
  stacks: (envId: string) => `${API_BASE}/environments/${e(envId)}/stacks`,
  stack: (envId: string, id: string) => `${API_BASE}/environments/${e(envId)}/stacks/${e(id)}`,
  stackUpgradePreview: (envId: string, id: string) => `${API_BASE}/environments/${e(envId)}/stacks/${e(id)}/upgrade-preview`,
  /** DELETE releases a leaked allocation (the IPAM check's fix). */
  ipAddress: (envId: string, address: string) => `${API_BASE}/environments/${e(envId)}/ip-addresses/${e(address)}`,
  drift: (envId: string) => `${API_BASE}/environments/${e(envId)}/drift`,
  networkDrivers: (envId: string) => `${API_BASE}/environments/${e(envId)}/network-drivers`,
  networks: (envId: string) => `${API_BASE}/environments/${e(envId)}/networks`,
  network: (envId: string, id: string) => `${API_BASE}/environments/${e(envId)}/networks/${e(id)}`,
  hosts: (envId: string) => `${API_BASE}/environments/${e(envId)}/hosts`,
  host: (envId: string, id: string) => `${API_BASE}/environments/${e(envId)}/hosts/${e(id)}`,
  containers: (envId: string) => `${API_BASE}/environments/${e(envId)}/containers`,
  container: (envId: string, id: string) => `${API_BASE}/environments/${e(envId)}/containers/${e(id)}`,
  containerStart: (envId: string, id: string) => `${API_BASE}/environments/${e(envId)}/containers/${e(id)}/start`,
  containerStop: (envId: string, id: string) => `${API_BASE}/environments/${e(envId)}/containers/${e(id)}/stop`,
  findings: (envId: string) => `${API_BASE}/environments/${e(envId)}/diagnostics/findings`,
  diagnosticsMatrix: (envId: string) => `${API_BASE}/environments/${e(envId)}/diagnostics/matrix`,
  diagnosticsMatrixCell: (envId: string, from: string, to: string) => `${API_BASE}/environments/${e(envId)}/diagnostics/matrix/${e(from)}/${e(to)}`,
  diagnosticsTimeline: (envId: string) => `${API_BASE}/environments/${e(envId)}/diagnostics/timeline`,
  diagnosticsExport: (envId: string) => `${API_BASE}/environments/${e(envId)}/diagnostics/export`,
  probes: (envId: string) => `${API_BASE}/environments/${e(envId)}/probes`,
  probe: (envId: string, id: string) => `${API_BASE}/environments/${e(envId)}/probes/${e(id)}`,
  diagnosticsTrace: (envId: string) => `${API_BASE}/environments/${e(envId)}/diagnostics/trace`,
  /** Lab only: faults injected into simulated hosts. */
  labFaults: (envId: string) => `${API_BASE}/environments/${e(envId)}/lab/faults`,
  labFault: (envId: string, id: string) => `${API_BASE}/environments/${e(envId)}/lab/faults/${e(id)}`,
  agentRegister: () => `${API_BASE}/agent/register`,
  agentHeartbeat: () => `${API_BASE}/agent/heartbeat`,
  agentReport: () => `${API_BASE}/agent/report`,
  validateNetworkDriver: () => `${API_BASE}/validate/network-driver`,
  agentDesiredState: (since?: number) => `${API_BASE}/agent/desired-state${since === undefined ? '' : `?since=${since}`}`,
}
