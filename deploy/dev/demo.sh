#!/usr/bin/env bash
# converge for real on this machine (fresh Debian 12, as root): installs and starts Consul and Docker, builds
# converge, starts `converge run` in the background, applies crds-as-json/examples/ and shows the result.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
state=${CONVERGE_DEV_STATE:-/var/lib/converge-dev}
deploy/dev/setup.sh
deploy/dev/build.sh
ln -sf "$root/bin/converge" /usr/local/bin/converge

if [ -f "$state/converge.pid" ] && kill -0 "$(cat "$state/converge.pid")" 2>/dev/null; then
  echo "[demo] restarting converge (pid $(cat "$state/converge.pid"))"
  kill "$(cat "$state/converge.pid")"
  while kill -0 "$(cat "$state/converge.pid")" 2>/dev/null; do sleep 0.2; done
fi
# Caddy for the Route examples: admin API on 127.0.0.1:2019 only, storage under the state dir, its internal CA kept
# out of the system trust store; converge's own server listens on :8081 (HTTP) and :8444 (HTTPS).
start_caddy() {
  if curl -fsS -m 2 http://127.0.0.1:2019/config/ >/dev/null 2>&1; then return 0; fi
  mkdir -p "$state/caddy"
  printf '%s\n' '{"admin": {"listen": "127.0.0.1:2019"},' \
    " \"storage\": {\"module\": \"file_system\", \"root\": \"$state/caddy/storage\"}," \
    ' "apps": {"pki": {"certificate_authorities": {"local": {"install_trust": false}}},' \
    '          "http": {"http_port": 8081, "https_port": 8444}}}' >"$state/caddy/base.json"
  echo "[demo] starting caddy (admin 127.0.0.1:2019, log $state/log/caddy.log)"
  XDG_DATA_HOME="$state/caddy" XDG_CONFIG_HOME="$state/caddy" \
    nohup caddy run --config "$state/caddy/base.json" >>"$state/log/caddy.log" 2>&1 &
  for _ in $(seq 1 50); do curl -fsS -m 1 http://127.0.0.1:2019/config/ >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "demo: caddy did not start; see $state/log/caddy.log" >&2; exit 1
}
start_caddy
# the files the Route examples name, made up for this machine: a self-signed certificate for *.example.jp and an
# LDAP bind password (no LDAP server is part of the demo: a login through hello-intra fails, the route is live)
if [ ! -f /etc/converge/tls/wildcard.example.jp.crt ]; then
  mkdir -p /etc/converge/tls
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=*.example.jp" \
    -addext "subjectAltName=DNS:*.example.jp,DNS:example.jp" -keyout /etc/converge/tls/wildcard.example.jp.key \
    -out /etc/converge/tls/wildcard.example.jp.crt 2>/dev/null
  chmod 600 /etc/converge/tls/wildcard.example.jp.key
  echo "[demo] made a self-signed certificate for *.example.jp in /etc/converge/tls/"
fi
[ -f /etc/converge/ldap-bind-password ] || (umask 077 && echo demo-only >/etc/converge/ldap-bind-password)
# containers resolve <svc>.service.consul through the forwarder setup.sh runs on the bridge gateway (docs/discovery.md)
container_dns=$(deploy/dev/container-dns.sh address)
# PowerDNS for the DnsRecord examples (zone example.jp.): DNS on 127.0.0.1:5300, API on 127.0.0.1:8082, its key in a
# file under the state dir; converge's leader writes the records through the API.
CONVERGE_DEV_STATE=$state deploy/dev/pdns.sh start
CONVERGE_PROXY_ENABLED=true CONVERGE_PROXY_LISTEN=:8081,:8444 CONVERGE_PROXY_HTTP_PORT=8081 \
  CONVERGE_CONTAINERS_DNS=$container_dns \
  CONVERGE_DNS_PROVIDER=powerdns CONVERGE_DNS_ZONES=example.jp. CONVERGE_DNS_POWERDNS_URL=http://127.0.0.1:8082 \
  CONVERGE_DNS_POWERDNS_API_KEY_FILE="$state/pdns/api-key" \
  nohup "$root/bin/converge" run >>"$state/log/converge.log" 2>&1 &
echo $! >"$state/converge.pid"
for _ in $(seq 1 100); do
  curl -fsS http://127.0.0.1:9610/q/health/ready >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS http://127.0.0.1:9610/q/health/ready >/dev/null || { tail -30 "$state/log/converge.log"; exit 1; }
echo "[demo] converge running (pid $(cat "$state/converge.pid"), log $state/log/converge.log)"

# every example but the database: its image (postgres:16) comes from a registry, which this machine cannot reach
examples=$(mktemp -d)
cp crds-as-json/examples/*.json "$examples/"
rm "$examples/service-db-backup.json"
converge apply -f "$examples/"
rm -rf "$examples"
echo "[demo] not applied: crds-as-json/examples/service-db-backup.json (image postgres:16 from a registry)"
for _ in $(seq 1 150); do
  converge get services hello 2>/dev/null | grep -q Running && break
  sleep 0.2
done
converge get services
converge get portforwards
converge get routes
for _ in $(seq 1 50); do
  converge get dnsrecords hello 2>/dev/null | grep -q Running && break
  sleep 0.2
done
converge get dnsrecords
echo
echo "[demo] try: curl http://127.0.0.1:18080/   converge describe service hello   docker rm -f converge-hello"
echo "[demo]      curl -k --resolve hello.localhost:8444:127.0.0.1 https://hello.localhost:8444/   nft list table ip converge"
echo "[demo]      dig @127.0.0.1 -p 5300 hello.example.jp CNAME   dig @127.0.0.1 -p 5300 static.example.jp A"
