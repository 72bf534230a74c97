// CNI config files as each host receives them (domain §2.2, §3.2 step 7, §3.13).
//
// The driver's `cni_config` maps a file name to the file's JSON; the cni-driver container on
// every host writes them to `/opt/cni-driver/<network>.d/<file>`. Before writing, any string
// value `__host_label__: <label>` is replaced by that host's label value — how a template
// gives each host its own setting (e.g. a per-host subnet) from one network definition.

/** One rendered CNI config file. */
export interface CniFile {
  name: string
  content: string
}

// `__host_label__: io.rancher.host.subnet` with any spacing around the colon and the label.
const HOST_LABEL = /^\s*__host_label__\s*:\s*(.*?)\s*$/

/**
 * One file per cni_config entry, sorted by name (the order libcni reads them), as 2-space JSON with
 * a trailing newline; every string value `__host_label__: <label>` becomes that host label's value, or '' when the host lacks it. Never fails.
 */
export function renderCniFiles(
  cniConfig: Record<string, Record<string, unknown>>,
  hostLabels: Record<string, string> = {},
): CniFile[] {
  // Plain .sort() compares UTF-16 code units, i.e. bytewise for the ASCII names CNI files
  // have — the same order as Go's sort.Strings / libcni's ConfFiles.
  return Object.keys(cniConfig)
    .sort()
    .map((name) => ({
      name,
      content: `${JSON.stringify(substitute(cniConfig[name], hostLabels), null, 2)}\n`,
    }))
}

/** A deep copy of value with host-label placeholders replaced (keys are left alone). */
function substitute(value: unknown, labels: Record<string, string>): unknown {
  if (typeof value === 'string') {
    const m = HOST_LABEL.exec(value)
    if (m === null) return value
    return Object.hasOwn(labels, m[1]) ? labels[m[1]] : ''
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, labels))
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, labels)
    return out
  }
  return value
}

/** A container's eth0 MTU: mtu − overhead (IPsec 1500 − 98 = 1402, VXLAN 1500 − 50 = 1450); null when mtu is null; a null overhead counts as 0. */
export function effectiveMtu(mtu: number | null, overhead: number | null): number | null {
  if (mtu === null) return null
  return mtu - (overhead ?? 0)
}
