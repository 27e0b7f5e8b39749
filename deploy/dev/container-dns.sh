#!/usr/bin/env bash
# The DNS forwarder of the containers converge starts (docs/discovery.md): a dnsmasq answering on ADDRESS port 53
# that sends `.consul` to the node's Consul DNS and every other name to the host's resolvers (/etc/resolv.conf,
# re-read when it changes). converge hands ADDRESS to its containers: converge.containers.dns=ADDRESS.
#
#   container-dns.sh start ADDRESS CONSUL_DNS DIR [UPSTREAM]   start it; one that already runs from DIR with the same
#                                                              settings is left alone, one with others is restarted
#   container-dns.sh stop DIR                                  stop the one of DIR (idempotent)
#   container-dns.sh address                                   the docker bridge's gateway (ADDRESS for setup.sh)
#
#   ADDRESS     an address of this host that containers reach: the docker bridge's gateway (172.17.0.1), or an
#               address of its own (the ITs); it may appear after the start (bind-dynamic), as docker0 does at boot
#   CONSUL_DNS  the node's Consul DNS as IP#PORT, e.g. 127.0.0.1#8600
#   DIR         its configuration (dnsmasq.conf), pid file and log (dnsmasq.log)
#   UPSTREAM    IP#PORT to send other names to instead of the host's resolv.conf (tests)
# Needs dnsmasq (Debian's dnsmasq-base: the binary, no service of its own) and root (port 53). It listens on ADDRESS
# only, so other DNS servers of the host (on other addresses) and other forwarders of this script coexist.
set -euo pipefail

die() { printf 'container-dns: %s\n' "$*" >&2; exit 1; }

# pid of the dnsmasq started from DIR, or nothing (a pid file is trusted only while that process reads DIR's conf)
pid_of() {
  local p
  p=$(cat "$1/dnsmasq.pid" 2>/dev/null || true)
  [[ $p =~ ^[0-9]+$ ]] || return 0
  if tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline" | grep -qF -- "--conf-file=$1/dnsmasq.conf"; then echo "$p"; fi
}

render() { # address consul_dns upstream
  printf '# written by deploy/dev/container-dns.sh: the DNS of converge'"'"'s containers (docs/discovery.md)\n'
  printf 'listen-address=%s\nbind-dynamic\nport=53\n' "$1"
  printf '# the node'"'"'s Consul DNS answers .consul (passing instances only; its TTLs, 0 by default, apply)\n'
  printf 'server=/consul/%s\n' "$2"
  if [ -n "$3" ]; then
    printf 'no-resolv\nserver=%s\n' "$3"
  else
    printf '# every other name: the host'"'"'s resolvers\nresolv-file=/etc/resolv.conf\n'
  fi
  printf 'no-hosts\ndomain-needed\n'
}

cmd_start() {
  local address=${1:-} consul=${2:-} dir=${3:-} upstream=${4:-} p conf
  [ -n "$address" ] && [ -n "$consul" ] && [ -n "$dir" ] ||
    die "usage: $0 start ADDRESS CONSUL_DNS DIR [UPSTREAM]"
  [[ $address =~ ^[0-9a-fA-F:.]+$ ]] || die "ADDRESS must be an IP address (got '$address')"
  [[ $consul =~ ^[0-9a-fA-F:.]+#[0-9]+$ ]] || die "CONSUL_DNS must be IP#PORT, e.g. 127.0.0.1#8600 (got '$consul')"
  [ -z "$upstream" ] || [[ $upstream =~ ^[0-9a-fA-F:.]+#[0-9]+$ ]] || die "UPSTREAM must be IP#PORT (got '$upstream')"
  command -v dnsmasq >/dev/null || die "dnsmasq is not installed (Debian: apt-get install dnsmasq-base)"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  conf=$(render "$address" "$consul" "$upstream")
  p=$(pid_of "$dir")
  if [ -n "$p" ] && [ "$conf" = "$(cat "$dir/dnsmasq.conf" 2>/dev/null)" ]; then
    echo "container-dns: already running on $address (pid $p)"
    return 0
  fi
  [ -z "$p" ] || cmd_stop "$dir"
  printf '%s\n' "$conf" >"$dir/dnsmasq.conf"
  # dnsmasq writes its pid file and opens its log before it drops root (to its compiled-in user)
  dnsmasq --conf-file="$dir/dnsmasq.conf" --pid-file="$dir/dnsmasq.pid" --log-facility="$dir/dnsmasq.log" ||
    die "dnsmasq did not start (port 53 on $address taken?); see $dir/dnsmasq.log"
  echo "container-dns: started on $address:53 (.consul -> $consul, others -> ${upstream:-/etc/resolv.conf}), pid $(cat "$dir/dnsmasq.pid")"
}

cmd_stop() {
  local dir=${1:-} p
  [ -n "$dir" ] || die "usage: $0 stop DIR"
  [ -d "$dir" ] || return 0
  dir=$(cd "$dir" && pwd)
  p=$(pid_of "$dir")
  [ -n "$p" ] || return 0
  kill "$p"
  for _ in $(seq 1 50); do [ -d "/proc/$p" ] || break; sleep 0.1; done
  rm -f "$dir/dnsmasq.pid"
}

# the gateway of Docker's default bridge network (IPv4): where bridge-networked containers reach the host
cmd_address() {
  docker network inspect bridge -f '{{range .IPAM.Config}}{{.Gateway}} {{end}}' | tr ' ' '\n' | grep -m1 '\.' ||
    die "cannot read the docker bridge's gateway (docker network inspect bridge)"
}

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  address) cmd_address ;;
  *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
