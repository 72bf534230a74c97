type Props = {
  /** Accessible name of the table, e.g. "Labels". */
  label: string
  entries: Record<string, string>
  keyHeader?: string
  valueHeader?: string
  /** Shown instead of the table when there are no entries. */
  empty: string
}

/** Labels, answers and other string maps as a two-column table, sorted by key. */
export function KeyValueTable({ label, entries, keyHeader = 'Key', valueHeader = 'Value', empty }: Props) {
  const rows = Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))
  if (rows.length === 0) return <p className="muted">{empty}</p>
  return (
    <div className="table-wrap">
      <table className="table table-compact" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{keyHeader}</th>
            <th scope="col">{valueHeader}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, value]) => (
            <tr key={key}>
              <td>
                <code>{key}</code>
              </td>
              <td className="break">{value === '' ? <span className="muted">(empty)</span> : <code>{value}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
