import { useId } from 'react'
import type { Finding } from '../../../../core/api/index.ts'
import { SEVERITY_GROUP_LABEL, SEVERITY_ORDER, type Severity } from '../utils/finding-format.ts'

type Props = {
  findings: readonly Finding[]
  value: Severity | null
  onChange: (severity: Severity | null) => void
}

/** Which severities the checklist shows; each option says how many findings it has. */
export function ChecklistSeverityFilter({ findings, value, onChange }: Props) {
  const id = useId()
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length
  return (
    <div className="field">
      <label htmlFor={id}>Severity</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(SEVERITY_ORDER.find((s) => s === e.target.value) ?? null)}>
        <option value="">All ({findings.length})</option>
        {SEVERITY_ORDER.map((severity) => (
          <option key={severity} value={severity}>
            {SEVERITY_GROUP_LABEL[severity]} ({count(severity)})
          </option>
        ))}
      </select>
    </div>
  )
}
