/** A short inline list of code values (DNS servers, addresses…), or a muted note when empty. */
export function CodeList({ items, none }: { items: string[]; none: string }) {
  if (items.length === 0) return <span className="muted">{none}</span>
  return (
    <ul className="inline-list">
      {items.map((item) => (
        <li key={item}>
          <code>{item}</code>
        </li>
      ))}
    </ul>
  )
}
