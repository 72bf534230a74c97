version: '2'
services:
  vxlan:
    # Holder of the namespace and managed IP the router sidekick uses; keep it unchanged
    # across upgrades.
    image: rancher/net:holder
    command: sh -c "echo see the router sidekick for logs; mkfifo f; exec cat f"
    network_mode: vxlan
    ports:
      - 4789:4789/udp
    labels:
      io.rancher.sidekicks: router
      io.rancher.scheduler.global: 'true'
      io.rancher.cni.link_mtu_overhead: '0'
      io.rancher.internal.service.vxlan: 'true'
      io.rancher.service.selector.link: io.rancher.internal.service.vxlan=true
      io.rancher.network.macsync: 'true'
      io.rancher.network.arpsync: 'true'
  router:
    # Programs the vxlan device and the forwarding entries towards every peer.
    image: rancher/net:v0.11.9
    command: start-vxlan.sh
    network_mode: container:vxlan
    cap_add:
      - NET_ADMIN
    environment:
      RANCHER_DEBUG: '${RANCHER_DEBUG}'
      VXLAN_VTEP_MTU: '${MTU}'
    sysctls:
      net.ipv4.conf.all.send_redirects: '0'
      net.ipv4.conf.default.send_redirects: '0'
      net.ipv4.conf.eth0.send_redirects: '0'
    logging:
      driver: json-file
      options:
        max-size: 25m
        max-file: '2'
  cni-driver:
    # Writes the CNI config below on every host and installs the rancher-bridge plugin.
    image: rancher/net:v0.13.1
    command: start-cni-driver.sh
    privileged: true
    network_mode: host
    pid: host
    environment:
      RANCHER_DEBUG: '${RANCHER_DEBUG}'
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - rancher-cni-driver:/opt/cni-driver
    labels:
      io.rancher.scheduler.global: 'true'
      io.rancher.network.cni.binary: rancher-bridge
      io.rancher.container.dns: 'true'
    logging:
      driver: json-file
      options:
        max-size: 25m
        max-file: '2'
    network_driver:
      name: Rancher VXLAN
      description: VXLAN overlay between all hosts of the environment
      default_network:
        name: vxlan
        host_ports: {{ .Values.HOST_PORTS }}
        subnets:
          - network_address: $SUBNET
        dns:
          - 169.254.169.250
        dns_search:
          - rancher.internal
      cni_config:
        10-rancher-vxlan.conf:
          name: rancher-cni-network
          type: rancher-bridge
          bridge: ${DOCKER_BRIDGE}
          bridgeSubnet: $SUBNET
          logToFile: /var/log/rancher-cni.log
          isDebugLevel: '${RANCHER_DEBUG}'
          isDefaultGateway: true
          hostNat: true
          hairpinMode: {{ .Values.RANCHER_HAIRPIN_MODE }}
          promiscMode: {{ .Values.RANCHER_PROMISCUOUS_MODE }}
          mtu: ${MTU}
          linkMTUOverhead: 50
          ipam:
            type: rancher-cni-ipam
            subnetPrefixSize: /{{ .Values.SUBNET_PREFIX }}
            logToFile: /var/log/rancher-cni.log
            isDebugLevel: '${RANCHER_DEBUG}'
