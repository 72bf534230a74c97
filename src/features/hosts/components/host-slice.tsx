/** Why a host has a slice, for the operator who wonders why its containers' addresses cluster in one block. */
export const SLICE_TITLE =
  "This host's agent asked for a slice of the managed subnet: its router address and every container address come from it, " +
  'so one IPsec traffic selector per host covers them. A requested IP outside the slice is not honoured.'

/** "Slice 10.42.1.0/24" beside a host's router IP; nothing for a host without a slice. */
export function HostSlice({ slice }: { slice: string | null }) {
  if (!slice) return null
  return (
    <span className="muted" title={SLICE_TITLE}>
      Slice <code>{slice}</code>
    </span>
  )
}
