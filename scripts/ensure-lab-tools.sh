#!/usr/bin/env bash
# The real lab (server/lab/real, agent/) needs iproute2, nftables, the reference CNI plugins,
# nsenter, ping and strongSwan (charon with the kernel-libipsec plugin, swanctl). Installs
# them with apt when missing and running as root, then says whether this machine can run the
# real lab; when it cannot, its tests are skipped and say why.
# Sourced by scripts/test.sh and scripts/lab.sh.
lab_tools=(/usr/sbin/ip /usr/sbin/nft /usr/lib/cni/bridge /usr/lib/cni/static /usr/bin/nsenter /usr/bin/ping /usr/lib/ipsec/charon /usr/sbin/swanctl /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so)
lab_packages=(iproute2 nftables containernetworking-plugins util-linux iputils-ping strongswan-charon strongswan-swanctl libcharon-extra-plugins)
lab_missing=0
for t in "${lab_tools[@]}"; do [ -e "$t" ] || lab_missing=1; done
if [ "$lab_missing" = 1 ] && [ "$(uname -s)" = Linux ] && [ "$(id -u)" = 0 ]; then
  echo "== installing the real lab's tools (apt: ${lab_packages[*]})"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -qq "${lab_packages[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq "${lab_packages[@]}" >/dev/null; }; } \
    || echo "!! apt could not install the real lab's tools"
fi
lab_reasons=()
[ "$(uname -s)" = Linux ] || lab_reasons+=("not Linux")
[ "$(id -u)" = 0 ] || lab_reasons+=("not root")
[ -e /dev/net/tun ] || lab_reasons+=("no /dev/net/tun")
for t in "${lab_tools[@]}"; do [ -e "$t" ] || lab_reasons+=("no $t"); done
if [ ${#lab_reasons[@]} = 0 ]; then
  if ip netns add "pdk-probe-$$" 2>/dev/null; then ip netns del "pdk-probe-$$"; else lab_reasons+=("cannot create network namespaces"); fi
fi
if [ ${#lab_reasons[@]} = 0 ]; then
  echo "== real lab: this machine can run it (root, network namespaces, /dev/net/tun, tools present)"
else
  echo "== real lab: this machine cannot run it ($(IFS=,; echo "${lab_reasons[*]}")); its tests will be skipped"
fi
