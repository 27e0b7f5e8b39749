#!/usr/bin/env bash
# Installs and starts what converge needs on a fresh Debian 12 machine, as root. Idempotent.
#   - Docker Engine (Debian's docker.io), dockerd started in the background
#   - Consul (Debian's consul 1.8 from the bullseye suite, pinned low), one local server agent
#   - JDK 17 + Maven (already on the dev image; installed when missing)
#   - the local test image converge-test/busybox:latest (FROM scratch + busybox-static, no registry)
#   - nftables, conntrack and iproute2 for the PortForward room and its real-packet tests (nothing to start:
#     the kernel loads nf_tables, nf_nat and the nft expressions on first use, no modprobe here)
#   - the DNS forwarder of converge's containers (dnsmasq on the docker bridge's gateway, docs/discovery.md)
set -euo pipefail

HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
STATE_DIR=${CONVERGE_DEV_STATE:-/var/lib/converge-dev}
LOG_DIR=$STATE_DIR/log
TEST_IMAGE=${CONVERGE_TEST_IMAGE:-converge-test/busybox:latest}
mkdir -p "$STATE_DIR" "$LOG_DIR"

log() { printf '[setup] %s\n' "$*"; }

# The bullseye suite is added by copying this machine's own bookworm entry (never a hard-coded mirror)
# and pinned to priority 100, so that only packages asked for by name come from it.
add_bullseye_suite() {
  local target=/etc/apt/sources.list.d/converge-bullseye.sources
  [ -f "$target" ] && return 0
  local src=/etc/apt/sources.list.d/debian.sources
  if [ -f "$src" ]; then
    awk 'BEGIN{RS=""; ORS="\n\n"} /Suites:[^\n]*bookworm([ \n]|$)/ && !/security/ {
           gsub(/Suites:[^\n]*/, "Suites: bullseye"); print; exit }' "$src" >"$target"
  elif [ -f /etc/apt/sources.list ]; then
    awk '$1=="deb" && $3=="bookworm" {print "Types: deb\nURIs: " $2 "\nSuites: bullseye\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg"; exit}' \
      /etc/apt/sources.list >"$target"
  fi
  if ! grep -q 'Suites: bullseye' "$target" 2>/dev/null; then
    rm -f "$target"; echo "setup: cannot derive a bullseye apt entry from this machine's sources" >&2; exit 1
  fi
  cat >/etc/apt/preferences.d/converge-bullseye <<'EOF'
Package: *
Pin: release n=bullseye
Pin-Priority: 100
EOF
  APT_UPDATED=0
}

APT_UPDATED=${APT_UPDATED:-0}
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$APT_UPDATED" != 1 ]; then apt-get update -qq; APT_UPDATED=1; fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

add_bullseye_suite
apt_install docker.io busybox-static curl ca-certificates procps iproute2 nftables conntrack maven openjdk-17-jdk-headless
# slapd + ldap-utils for the LDAP forward-auth ITs, which run their own slapd on free loopback ports (SlapdRig).
# Preseeded so that the package configures no database: its postinst then cannot start a system slapd (the init
# script finds no configuration), and nothing holds port 389. A system slapd that runs anyway is left alone.
if ! dpkg -s slapd >/dev/null 2>&1; then
  echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
fi
apt_install slapd ldap-utils
# Route ITs: Caddy 2.6 (started by the tests on loopback ports of their own) and openssl for a test CA;
# wrk for deploy/dev/bench.sh routes.
apt_install caddy openssl wrk
# PowerDNS ITs (PowerDnsRig): pdns_server 4.7 with the sqlite3 backend (sqlite3 loads its schema), started by the
# tests on free loopback ports with data under target/, and dig. On a systemd machine the package would enable and
# start pdns.service on port 53 (bind backend, empty): a policy-rc.d refusing starts is in place during the install
# (unless the machine has one), and the unit is then disabled and stopped, so nothing of it holds port 53 or boots.
if ! dpkg -s pdns-server >/dev/null 2>&1 && [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
  apt_install pdns-server pdns-backend-sqlite3 || { rm -f /usr/sbin/policy-rc.d; exit 1; }
  rm -f /usr/sbin/policy-rc.d
fi
apt_install pdns-server pdns-backend-sqlite3 sqlite3 bind9-dnsutils
if [ -d /run/systemd/system ]; then systemctl disable --now pdns.service >/dev/null 2>&1 || true; fi
# rfc2136 DNS ITs: BIND 9.18 (named, tsig-keygen) and dig/nsupdate; the tests run their own named on free
# loopback ports (BindRig). On a systemd machine bind9's postinst enables and starts named.service on port 53:
# when this script installs bind9 it disables that unit again (a named that was there before is left alone).
if ! dpkg -s bind9 >/dev/null 2>&1; then
  apt_install bind9 bind9-dnsutils
  if [ -d /run/systemd/system ]; then systemctl disable --now named.service >/dev/null 2>&1 || true; fi
fi
apt_install bind9-dnsutils
# Discovery between containers (docs/discovery.md): Debian's dnsmasq-base is the binary only, with no system service
# that would take port 53 on every address; deploy/dev/container-dns.sh runs it on the docker bridge's gateway.
apt_install dnsmasq-base
# rfc2136 ITs against Knot DNS 3.2 (knotd, keymgr, kdig, knsupdate); the tests run their own knotd on free loopback
# ports (KnotRig). knot's postinst enables knot.service and would start it on port 53: as for pdns-server, a
# policy-rc.d refusing starts is in place during the install (unless the machine has one), and the unit is then
# disabled and stopped on a systemd machine (a knot that was installed before is left alone).
if ! dpkg -s knot >/dev/null 2>&1; then
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    apt_install knot knot-dnsutils || { rm -f /usr/sbin/policy-rc.d; exit 1; }
    rm -f /usr/sbin/policy-rc.d
  else
    apt_install knot knot-dnsutils
  fi
  if [ -d /run/systemd/system ]; then systemctl disable --now knot.service >/dev/null 2>&1 || true; fi
fi
apt_install knot-dnsutils
if ! dpkg -s consul >/dev/null 2>&1; then
  if [ "$APT_UPDATED" != 1 ]; then apt-get update -qq; APT_UPDATED=1; fi
  log "installing consul from bullseye"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -t bullseye consul >/dev/null
fi

start_dockerd() {
  if docker info >/dev/null 2>&1; then return 0; fi
  log "starting dockerd"
  nohup /usr/sbin/dockerd >"$LOG_DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "setup: dockerd did not come up; see $LOG_DIR/dockerd.log" >&2; tail -20 "$LOG_DIR/dockerd.log" >&2; exit 1
}

# One local Consul server agent with a persistent data dir (KV survives a restart of the agent); its DNS
# (127.0.0.1:8600) answers passing instances only, for the containers' forwarder below.
start_consul() {
  if curl -fsS http://127.0.0.1:8500/v1/status/leader 2>/dev/null | grep -q ':'; then return 0; fi
  log "starting consul agent"
  mkdir -p "$STATE_DIR/consul"
  nohup consul agent -server -bootstrap-expect=1 -data-dir="$STATE_DIR/consul" \
    -node="${CONVERGE_DEV_NODE:-$(hostname -s)}" -node-meta=site:local \
    -bind=127.0.0.1 -client=127.0.0.1 -ui -hcl 'dns_config { only_passing = true }' >"$LOG_DIR/consul.log" 2>&1 &
  for _ in $(seq 1 120); do
    curl -fsS http://127.0.0.1:8500/v1/status/leader 2>/dev/null | grep -q ':' && return 0; sleep 0.5
  done
  echo "setup: consul did not elect a leader; see $LOG_DIR/consul.log" >&2; tail -20 "$LOG_DIR/consul.log" >&2; exit 1
}

# FROM scratch + busybox-static, imported from a tarball so that no builder or registry is needed.
# busybox httpd as PID 1 ignores SIGTERM; a shell that traps it lets `docker stop` end the container at once.
TEST_IMAGE_REVISION=2
build_test_image() {
  if [ "$(docker image inspect -f '{{index .Config.Labels "io.converge.test-image"}}' "$TEST_IMAGE" 2>/dev/null)" = "$TEST_IMAGE_REVISION" ]; then
    return 0
  fi
  log "building $TEST_IMAGE"
  local ctx; ctx=$(mktemp -d)
  mkdir -p "$ctx/bin" "$ctx/www" "$ctx/tmp"
  cp /bin/busybox "$ctx/bin/busybox"
  for applet in sh httpd sleep echo cat ls; do ln -s busybox "$ctx/bin/$applet"; done
  echo 'converge test image' >"$ctx/www/index.html"
  echo 'ok' >"$ctx/www/healthz"
  tar -C "$ctx" -c . | docker import \
    -c 'CMD ["/bin/sh", "-c", "trap \"exit 0\" TERM INT; httpd -f -p ${PORT:-8080} -h /www & wait"]' \
    -c 'EXPOSE 8080' -c "LABEL io.converge.test-image=$TEST_IMAGE_REVISION" - "$TEST_IMAGE" >/dev/null
  rm -rf "$ctx"
}

# A nat chain in a scratch network namespace, removed at once: proves the kernel gives nft its NAT (built in, or
# modules it loads itself) before a PortForward needs it. Touches no table of the host.
check_nft_nat() {
  local ns=converge-setup-$$
  ip netns add "$ns"
  if ! ip netns exec "$ns" nft -f - >"$LOG_DIR/nft-check.log" 2>&1 <<'EOF'
table ip converge-check {
  chain prerouting {
    type nat hook prerouting priority dstnat;
    tcp dport 1 dnat to 127.0.0.1:2
  }
}
EOF
  then
    ip netns del "$ns"
    echo "setup: nft cannot load a nat chain (kernel without nf_tables/nf_nat?):" >&2; cat "$LOG_DIR/nft-check.log" >&2; exit 1
  fi
  ip netns del "$ns"
}

# dnsmasq on the docker bridge's gateway, port 53: `.consul` to the local agent's DNS (127.0.0.1:8600), every other
# name to this host's resolvers. converge hands it to its containers with converge.containers.dns=<gateway> (demo.sh
# does). Left alone when it already runs with these settings; it listens on the gateway only.
start_container_dns() {
  local gw
  gw=$("$HERE/container-dns.sh" address)
  "$HERE/container-dns.sh" start "$gw" 127.0.0.1#8600 "$STATE_DIR/container-dns" | sed 's/^/[setup] /'
}

start_dockerd
start_consul
start_container_dns
build_test_image
check_nft_nat
log "ready: dockerd $(docker version -f '{{.Server.Version}}'), $(consul version | head -1), image $TEST_IMAGE, $(nft --version), container DNS $("$HERE/container-dns.sh" address):53"
