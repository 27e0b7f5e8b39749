# shellcheck shell=bash
# The CLUSTER_SECURE=1 part of deploy/dev/cluster.sh (sourced by it; not run alone): the dev cluster as
# docs/install.md sets up production, on loopback. Everything lives in <state>/secure/ (mode 0700):
#
#   consul-agent-ca.pem, -key.pem   the CA (`consul tls ca create`)
#   server-I.pem, -key.pem          server I's certificate (`consul tls cert create -server`, + its address)
#   client-I.pem, -key.pem          client agent I's certificate (`-client`, + its address)
#   cli.pem, cli-key.pem            the client certificate of converge, the consul CLI and this script (`-cli`)
#   gossip.key                      `consul keygen`
#   server-I.hcl, client-I.hcl      the agent's TLS, gossip and ACL settings (beside the shared consul.hcl)
#   management.token                the SecretID from `consul acl bootstrap`
#   agent-<node>.token              each agent's token (node identity <node>:dc1), set with /v1/agent/token/agent
#   converge-I.token                converge's token on client I: policies converge + converge-<node>
#                                   (deploy/consul/acl/converge-policy.hcl, converge-node-policy.hcl)
#
# Agents serve HTTPS only, on the port plain HTTP has otherwise, and require client certificates
# (verify_incoming); RPC is TLS with verify_outgoing and verify_server_hostname; gossip is encrypted; ACLs
# default to deny. Each converge gets only Consul's standard variables (CONSUL_HTTP_ADDR=https://...,
# CONSUL_CACERT, CONSUL_CLIENT_CERT, CONSUL_CLIENT_KEY, CONSUL_HTTP_TOKEN), as converge.env gives it in production.

SEC=$STATE/secure

# secure_prepare: CA, certificates, gossip key and each agent's settings; keeps what exists (`up` again).
secure_prepare() {
  local i role
  mkdir -p "$SEC"
  chmod 0700 "$SEC"
  if [ ! -f "$SEC/consul-agent-ca.pem" ]; then
    (cd "$SEC" && consul tls ca create -days 30 >/dev/null) || die "consul tls ca create failed in $SEC"
  fi
  [ -s "$SEC/gossip.key" ] || consul keygen >"$SEC/gossip.key" || die "consul keygen failed"
  for i in $(seq 1 $SERVERS); do secure_cert server "$i"; done
  for i in $(seq 1 "$N"); do secure_cert client "$i"; done
  secure_cert cli ""
  for role in server client; do
    for i in $(seq 1 "$([ $role = server ] && echo $SERVERS || echo "$N")"); do secure_agent_config "$role" "$i"; done
  done
}

# secure_cert ROLE INDEX: <role>-<i>.pem and -key.pem (cli.pem for role cli), made in a scratch dir so that
# consul's own file names (dc1-server-consul-0.pem ...) never clash.
secure_cert() {
  local role=$1 i=$2 f tmp extra=()
  f=$role${i:+-$i}
  [ -f "$SEC/$f.pem" ] && return 0
  [ "$role" = cli ] || extra=(-additional-ipaddress "$(addr "$role" "$i")")
  tmp=$(mktemp -d "$SEC/tmp.XXXXXX")
  (cd "$tmp" && consul tls cert create "-$role" -days 30 -ca "$SEC/consul-agent-ca.pem" \
    -key "$SEC/consul-agent-ca-key.pem" "${extra[@]}" >/dev/null) || die "consul tls cert create -$role failed"
  mv "$tmp"/dc1-*-consul-0-key.pem "$SEC/$f-key.pem"
  mv "$tmp"/dc1-*-consul-0.pem "$SEC/$f.pem"
  rmdir "$tmp"
}

secure_agent_config() { # role index
  cat >"$SEC/$1-$2.hcl" <<EOF
# $(node_name "$1" "$2"): TLS, gossip encryption and ACLs (see deploy/consul/consul-server.hcl for production)
primary_datacenter = "dc1"
encrypt = "$(cat "$SEC/gossip.key")"
encrypt_verify_incoming = true
encrypt_verify_outgoing = true
ports {
  http = -1
  https = $(port "$1" "$2" http)
}
ca_file = "$SEC/consul-agent-ca.pem"
cert_file = "$SEC/$1-$2.pem"
key_file = "$SEC/$1-$2-key.pem"
verify_incoming = true
verify_outgoing = true
verify_server_hostname = true
acl {
  enabled = true
  default_policy = "deny"
  down_policy = "extend-cache"
  enable_token_persistence = true
}
EOF
}

# secure_curl ARGS...: curl with the CA, the CLI certificate and (once there is one) the management token.
secure_curl() {
  local token=()
  [ -s "$SEC/management.token" ] && token=(-H "X-Consul-Token: $(cat "$SEC/management.token")")
  curl -fsS --cacert "$SEC/consul-agent-ca.pem" --cert "$SEC/cli.pem" --key "$SEC/cli-key.pem" "${token[@]}" "$@"
}

# secure_env ADDR TOKEN: Consul's standard variables for a client of the agent at ADDR, one NAME=VALUE a line.
secure_env() {
  printf '%s\n' "CONSUL_HTTP_ADDR=https://$1" "CONSUL_CACERT=$SEC/consul-agent-ca.pem" \
    "CONSUL_CLIENT_CERT=$SEC/cli.pem" "CONSUL_CLIENT_KEY=$SEC/cli-key.pem" "CONSUL_HTTP_TOKEN=$2"
}

# secure_consul ADDR ARGS...: the consul CLI against the agent at ADDR with the management token.
secure_consul() {
  local a=$1 vars
  shift
  mapfile -t vars < <(secure_env "$a" "$(cat "$SEC/management.token")")
  env "${vars[@]}" consul "$@"
}

# the SecretID of a token in Consul's JSON (compact or indented)
secret_of() { grep -o '"SecretID": *"[^"]*"' | head -1 | sed 's/.*"\([^"]*\)"$/\1/'; }

# secure_bootstrap: after a leader is elected. Bootstraps the ACL system (once), gives every agent its token, makes
# converge's policies and one token per client node. Whatever exists already is kept.
secure_bootstrap() {
  local deadline=$((SECONDS + TIMEOUT)) out="" i s1
  s1=$(http_addr server 1)
  while [ ! -s "$SEC/management.token" ]; do
    # right after the election the servers may still refuse ("ACL system is currently in legacy mode")
    # the answer is kept: a bootstrap is allowed only once
    out=$(secure_curl -m 5 -X PUT -o "$SEC/bootstrap.json" "https://$s1/v1/acl/bootstrap" 2>&1 || true)
    secret_of 2>/dev/null <"$SEC/bootstrap.json" >"$SEC/management.token" || true
    [ -s "$SEC/management.token" ] && break
    [ $SECONDS -ge $deadline ] && die_log "consul acl bootstrap" "$STATE/server-1.log" "no management token after ${TIMEOUT}s: $out"
    sleep 0.5
  done
  chmod 0600 "$SEC/management.token"
  for i in $(seq 1 $SERVERS); do secure_agent_token server "$i"; done
  for i in $(seq 1 "$N"); do secure_agent_token client "$i"; done
  if [ ! -f "$SEC/converge-policy.done" ]; then
    secure_consul "$s1" acl policy create -name converge -description "converge, every host" \
      -rules "@$root/deploy/consul/acl/converge-policy.hcl" >/dev/null || die "acl policy create converge failed"
    touch "$SEC/converge-policy.done"
  fi
  for i in $(seq 1 "$N"); do secure_converge_token "$i"; done
}

# secure_agent_token ROLE INDEX: the agent's own token (node identity: node write for itself, service read).
secure_agent_token() {
  local nm a f
  nm=$(node_name "$1" "$2"); a=$(http_addr "$1" "$2"); f=$SEC/agent-$nm.token
  if [ ! -s "$f" ]; then
    secure_consul "$a" acl token create -description "agent $nm" -node-identity "$nm:dc1" -format=json | secret_of >"$f" || true
    [ -s "$f" ] || die "acl token create for agent $nm failed"
  fi
  secure_curl -m 5 -o /dev/null -X PUT --data "{\"Token\": \"$(cat "$f")\"}" "https://$a/v1/agent/token/agent" ||
    die_log "consul $1 $2 ($nm)" "$STATE/$1-$2.log" "setting its agent token failed"
}

# secure_converge_token INDEX: policy converge-<node> from converge-node-policy.hcl and the token of client I's converge.
secure_converge_token() {
  local nm s1 f
  nm=$(node_name client "$1"); s1=$(http_addr server 1); f=$SEC/converge-$1.token
  [ -s "$f" ] && return 0
  sed "s/<node>/$nm/g" "$root/deploy/consul/acl/converge-node-policy.hcl" >"$SEC/converge-$nm.hcl"
  secure_consul "$s1" acl policy create -name "converge-$nm" -rules "@$SEC/converge-$nm.hcl" >/dev/null ||
    die "acl policy create converge-$nm failed"
  secure_consul "$s1" acl token create -description "converge on $nm" -policy-name converge \
    -policy-name "converge-$nm" -format=json | secret_of >"$f" || true
  [ -s "$f" ] || die "acl token create for converge on $nm failed"
}
