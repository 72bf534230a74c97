// IPv4 addresses as unsigned 32-bit numbers.
//
// An address is kept as a plain JS number in 0 … 2^32−1 so that subnet arithmetic
// (network + 1, broadcast − 5, "is x between start and end") is ordinary integer maths
// and comparisons are `<`/`>`, with no byte arrays in between:
//
//     "10.42.0.1"  →  10·2^24 + 42·2^16 + 0·2^8 + 1  =  0x0A2A0001  =  170524673
//       a  b c d       └─a─┘    └─b─┘    └─c─┘ └d┘
//
// JS bitwise operators work on *signed* 32-bit integers: 0xC0000000 | 0 is negative.
// Every bitwise result that can reach bit 31 is therefore passed through `>>> 0`, which
// reinterprets the same 32 bits as unsigned (−1073741824 >>> 0 === 3221225472).
//
// ipaddr.js is not used here on purpose: it accepts the legacy forms inet_aton does
// (`010.1.1.1` as octal, `10.1`, hex), which compose files must not contain, and the
// hot paths (IPAM, the diagnostics engine over 10^6 host pairs) want numbers, not objects.

// One octet: 0, or 1–255 without a leading zero ("010" is rejected: inet_aton would read
// it as octal 8, Go's net.ParseIP rejects it, and Rancher hands these to Go).
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])'
const DOTTED_QUAD = new RegExp(`^(${OCTET})\\.(${OCTET})\\.(${OCTET})\\.(${OCTET})$`)

/** Parses a strict dotted quad (`192.0.2.1`; no spaces, no leading zeros) to 0 … 2^32−1; null when it is not one. */
export function parseIpv4(text: string): number | null {
  const m = DOTTED_QUAD.exec(text)
  if (m === null) return null
  // Multiplication rather than `<<` so the top octet never goes through a signed shift.
  return Number(m[1]) * 0x1000000 + Number(m[2]) * 0x10000 + Number(m[3]) * 0x100 + Number(m[4])
}

/** Formats a number as a dotted quad; the value is taken modulo 2^32 (so −1 → 255.255.255.255). Never fails. */
export function formatIpv4(n: number): string {
  const u = n >>> 0
  //  u = aaaaaaaa bbbbbbbb cccccccc dddddddd
  //      └ >>>24 ┘└ >>>16 & 255 ┘ …         each octet shifted down to bits 0–7
  return `${u >>> 24}.${(u >>> 16) & 0xff}.${(u >>> 8) & 0xff}.${u & 0xff}`
}

/** True when the text is a strict dotted quad (see parseIpv4). */
export function isIpv4(text: string): boolean {
  return parseIpv4(text) !== null
}
