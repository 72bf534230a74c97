#!/usr/bin/env bash
# `npm run lab`: Paddock with a real lab — network-namespace hosts running the real agent
# (Linux and root only). `npm run lab -- vxlan:6x4` picks hosts × containers per host;
# `npm run lab -- down` removes what a crashed run left behind (its namespaces and agents).
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = down ]; then exec npx tsx scripts/lab-down.ts; fi
source scripts/ensure-lab-tools.sh
if [ ${#lab_reasons[@]} != 0 ]; then
  echo "npm run lab needs Linux, root, /dev/net/tun and the tools above; the simulated lab (npm start) runs anywhere"
  exit 1
fi
export PADDOCK_REAL_LAB="${1:-ipsec}"
exec node scripts/start.mjs
