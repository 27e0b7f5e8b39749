#!/usr/bin/env bash
# The demo's authoritative DNS server: PowerDNS (Debian's pdns-server + pdns-backend-sqlite3, installed by setup.sh)
# with the sqlite3 backend, holding zone example.jp. for the DnsRecord examples. Run by demo.sh; safe to run again.
#
#   deploy/dev/pdns.sh start   starts pdns_server unless it already answers, then creates the zone unless it exists
#   deploy/dev/pdns.sh stop    stops the pdns_server this script started (its pid file), if it runs
#
# Everything is under $CONVERGE_DEV_STATE/pdns (default /var/lib/converge-dev/pdns): pdns.conf, pdns.sqlite3, the API
# key (api-key, made once, mode 600: converge reads it through converge.dns.powerdns.api-key-file), pdns.pid; log in
# $CONVERGE_DEV_STATE/log/pdns.log. DNS on 127.0.0.1:${CONVERGE_DEV_PDNS_PORT:-5300}, the HTTP API on
# 127.0.0.1:${CONVERGE_DEV_PDNS_API_PORT:-8082} (PowerDNS's usual 8081 is the demo's Caddy HTTP port). No security
# poll, no AXFR. The zone is made through the API: SOA, NS ns1, and the operator's own A records ns1 and dc-local
# (127.0.0.1; `local` is the site meta setup.sh gives the dev Consul agent), the target of the demo's hello CNAME.
set -euo pipefail
state=${CONVERGE_DEV_STATE:-/var/lib/converge-dev}
dir=$state/pdns
log=$state/log/pdns.log
dns_port=${CONVERGE_DEV_PDNS_PORT:-5300}
api_port=${CONVERGE_DEV_PDNS_API_PORT:-8082}
api=http://127.0.0.1:$api_port/api/v1/servers/localhost
zone=example.jp.

say() { echo "[pdns] $*"; }
die() { echo "pdns: $*" >&2; exit 1; }

# The HTTP status of an API request with our key (000: nothing answers).
call() {
  local method=$1 path=$2; shift 2
  curl -sS -o /dev/null -w '%{http_code}' -m 3 -X "$method" -H "X-API-Key: $(cat "$dir/api-key" 2>/dev/null)" "$@" \
    "$api$path" 2>/dev/null || true
}

running_pid() {
  local pid
  pid=$(cat "$dir/pdns.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = pdns_server ] && echo "$pid"
}

prepare() {
  mkdir -p "$dir" "$(dirname "$log")"
  chmod 700 "$dir"
  if [ ! -s "$dir/api-key" ]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/api-key")
  fi
  if [ ! -s "$dir/pdns.sqlite3" ]; then
    local schema
    for schema in /usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql \
                  /usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql; do
      [ -r "$schema" ] && break
    done
    [ -r "$schema" ] || die "no sqlite3 schema of pdns-backend-sqlite3; run deploy/dev/setup.sh"
    sqlite3 "$dir/pdns.sqlite3" <"$schema"
  fi
  cat >"$dir/pdns.conf" <<EOF
launch=gsqlite3
gsqlite3-database=$dir/pdns.sqlite3
socket-dir=$dir
local-address=127.0.0.1
local-port=$dns_port
api=yes
api-key=$(cat "$dir/api-key")
webserver=yes
webserver-address=127.0.0.1
webserver-port=$api_port
webserver-allow-from=127.0.0.0/8
security-poll-suffix=
disable-axfr=yes
EOF
  chmod 600 "$dir/pdns.conf"
}

start_server() {
  case "$(call GET "")" in
    200) say "already running (API 127.0.0.1:$api_port)"; return 0 ;;
    000) ;;
    *) die "127.0.0.1:$api_port answers but refuses the demo's API key: another server holds the port" ;;
  esac
  if ss -Hlnu "sport = :$dns_port" | grep -q .; then die "UDP port $dns_port is taken by another server"; fi
  prepare
  say "starting pdns_server (dns 127.0.0.1:$dns_port, api 127.0.0.1:$api_port, log $log)"
  nohup pdns_server --config-dir="$dir" --daemon=no --guardian=no --disable-syslog --write-pid=no >>"$log" 2>&1 &
  echo $! >"$dir/pdns.pid"
  for _ in $(seq 1 50); do
    [ "$(call GET "")" = 200 ] && return 0
    running_pid >/dev/null || break
    sleep 0.2
  done
  tail -20 "$log" >&2
  die "pdns_server did not come up; see $log"
}

create_zone() {
  [ "$(call GET "/zones/$zone")" = 200 ] && return 0
  local body
  body=$(cat <<EOF
{"name": "$zone", "kind": "Native", "nameservers": [], "rrsets": [
 {"name": "$zone", "type": "SOA", "ttl": 3600, "records": [{"content":
   "ns1.$zone hostmaster.$zone 1 10800 3600 604800 60", "disabled": false}]},
 {"name": "$zone", "type": "NS", "ttl": 3600, "records": [{"content": "ns1.$zone", "disabled": false}]},
 {"name": "ns1.$zone", "type": "A", "ttl": 3600, "records": [{"content": "127.0.0.1", "disabled": false}]},
 {"name": "dc-local.$zone", "type": "A", "ttl": 300, "records": [{"content": "127.0.0.1", "disabled": false}]}]}
EOF
)
  local code
  code=$(call POST /zones -H 'Content-Type: application/json' --data "$body")
  [ "$code" = 201 ] || die "creating zone $zone: HTTP $code"
  say "created zone $zone (SOA, NS ns1, A ns1 and dc-local)"
}

case "${1:-}" in
  start)
    start_server
    create_zone
    ;;
  stop)
    if pid=$(running_pid); then
      say "stopping pdns_server (pid $pid)"
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$dir/pdns.pid"
    ;;
  *) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; echo "usage: deploy/dev/pdns.sh start|stop" >&2; exit 2 ;;
esac
