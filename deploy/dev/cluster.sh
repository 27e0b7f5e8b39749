#!/usr/bin/env bash
# A local multi-node converge cluster for tests and demos: 3 Consul servers plus N client agents, each on its own
# loopback address with its own ports, and one `converge run` per client agent, all sharing the local dockerd.
#
#   deploy/dev/cluster.sh up N     start (or complete) the cluster; says so and exits 0 when it is already up
#   deploy/dev/cluster.sh down     stop everything, remove the cluster's containers and the state dir (idempotent)
#   deploy/dev/cluster.sh status   members, leader, each converge's pid/alive/ready, `converge get services` (exit 3: no cluster)
#   deploy/dev/cluster.sh env I    `export CONSUL_HTTP_ADDR=...` for client I: eval "$(deploy/dev/cluster.sh env 1)"
#
# Settings (environment; recorded in <state>/cluster.env by `up`, which later commands read back):
#   CLUSTER_STATE      state dir: pids, logs, Consul data                  default /var/lib/converge-dev/cluster
#   CLUSTER_NET        first three octets of the loopback addresses        default 127.0.0
#                      (servers <net>.11-13, clients <net>.21, .22, ...)
#   CLUSTER_PORT_BASE  ports are <base> + 10*<last octet> + k, k = 0 http, 1 serf LAN, 2 serf WAN, 3 server RPC,
#                      4 converge HTTP                                    default 20000
#   CLUSTER_NAME       node name prefix: <name>-server-1.., <name>-node-1..  default c
#   CLUSTER_SITES      node meta `site` given to clients, round-robin      default "site-a site-b site-c"
#   CLUSTER_NO_CONVERGE=1  start only Consul (tests may start converge themselves)
#   CLUSTER_CONVERGE   the launcher                                        default <repo>/bin/converge
#   CLUSTER_JAVA_OPTS  extra JVM/-D options for every `converge run`
#   CLUSTER_PROBE_INTERVAL / CLUSTER_PROBE_TIMEOUT / CLUSTER_SUSPICION_MULT   serf LAN failure detection
#                                                                         default 200ms / 100ms / 3
#   CLUSTER_TIMEOUT    seconds to wait for leader, members, readiness     default 90
#   CLUSTER_SECURE=1   TLS (HTTPS only, client certificates), gossip encryption and default-deny ACLs, each converge
#                      with its own least-privilege token: see deploy/dev/cluster-secure.sh and CLUSTER.md
# Each client node's firewall (converge's nft tables) lives in a network namespace of its own, <name>-fw-<i>
# (`ip netns`), made by `up` and removed by `down`; without `ip netns` (not root) converge runs without a firewall.
# Two clusters may run at once when they differ in CLUSTER_STATE, CLUSTER_NET and CLUSTER_NAME (the node names
# label the containers in the shared dockerd); `up` refuses a cluster that would collide with a running one.
set -euo pipefail
[ -n "${CLUSTER_TRACE:-}" ] && { PS4='+ $EPOCHREALTIME '; set -x; }

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
root=$(cd "$here/../.." && pwd)
STATE=${CLUSTER_STATE:-/var/lib/converge-dev/cluster}
STATE=${STATE%/}
REGISTRY=${CLUSTER_REGISTRY:-/run/converge-dev-clusters}
SERVERS=3
TIMEOUT=${CLUSTER_TIMEOUT:-90}

say() { printf '[cluster] %s\n' "$*"; }
die() { printf 'cluster: %s\n' "$*" >&2; exit 1; }
# die_log COMPONENT LOGFILE MESSAGE: fails naming the component and showing the end of its log.
die_log() {
  printf 'cluster: %s: %s; see %s\n' "$1" "$3" "$2" >&2
  if [ -f "$2" ]; then tail -n 20 "$2" | sed 's/^/    | /' >&2; fi
  exit 1
}

# ---------------------------------------------------------------------------------------------------------------
# Configuration: from <state>/cluster.env when the cluster exists (conflicting settings are refused), else from
# the environment.
load_config() {
  local env_net=${CLUSTER_NET:-} env_name=${CLUSTER_NAME:-} env_base=${CLUSTER_PORT_BASE:-} env_secure=${CLUSTER_SECURE:-}
  if [ -f "$STATE/cluster.env" ]; then
    # shellcheck disable=SC1091
    . "$STATE/cluster.env"
    local k v
    SECURE=${SECURE:-0}
    for k in NET NAME PORT_BASE SECURE; do
      case $k in NET) v=$env_net ;; NAME) v=$env_name ;; PORT_BASE) v=$env_base ;; SECURE) v=$env_secure ;; esac
      if [ -n "$v" ] && [ "$v" != "${!k}" ]; then
        die "the cluster in $STATE was created with CLUSTER_$k=${!k}, not $v; run 'CLUSTER_STATE=$STATE $0 down' first or use another CLUSTER_STATE"
      fi
    done
    RECORDED=1
  else
    NET=${env_net:-127.0.0}
    NAME=${env_name:-c}
    PORT_BASE=${env_base:-20000}
    SITES=${CLUSTER_SITES:-site-a site-b site-c}
    NO_CONVERGE=${CLUSTER_NO_CONVERGE:-0}
    SECURE=${env_secure:-0}
    N=0
    RECORDED=0
  fi
  [[ $NET =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || die "CLUSTER_NET must be three octets of 127.0.0.0/8, e.g. 127.0.1 (got '$NET')"
  [[ $PORT_BASE =~ ^[0-9]+$ ]] && [ "$PORT_BASE" -ge 1024 ] && [ $((PORT_BASE + 2550)) -le 65535 ] ||
    die "CLUSTER_PORT_BASE must be a number from 1024 to 62985 (got '$PORT_BASE')"
  [[ $NAME =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "CLUSTER_NAME must be a DNS label (got '$NAME')"
  [[ $SECURE =~ ^[01]$ ]] || die "CLUSTER_SECURE must be 0 or 1 (got '$SECURE')"
  CONVERGE=${CLUSTER_CONVERGE:-$root/bin/converge}
  # shellcheck source=cluster-secure.sh
  if [ "$SECURE" = 1 ]; then . "$here/cluster-secure.sh"; fi
}

save_config() {
  mkdir -p "$STATE"
  {
    printf 'NET=%q\nNAME=%q\nPORT_BASE=%q\nSITES=%q\nNO_CONVERGE=%q\nN=%q\nSECURE=%q\n' \
      "$NET" "$NAME" "$PORT_BASE" "$SITES" "$NO_CONVERGE" "$N" "$SECURE"
  } >"$STATE/cluster.env.tmp"
  mv "$STATE/cluster.env.tmp" "$STATE/cluster.env"
}

# Roles: server I (1..3) and client I (1..N).
octet() { if [ "$1" = server ]; then echo $((10 + $2)); else echo $((20 + $2)); fi; }
addr() { echo "$NET.$(octet "$1" "$2")"; }
port() { # role index kind
  local k
  case $3 in http) k=0 ;; serf_lan) k=1 ;; serf_wan) k=2 ;; server) k=3 ;; converge) k=4 ;; esac
  echo $((PORT_BASE + 10 * $(octet "$1" "$2") + k))
}
node_name() { if [ "$1" = server ]; then echo "$NAME-server-$2"; else echo "$NAME-node-$2"; fi; }
http_addr() { echo "$(addr "$1" "$2"):$(port "$1" "$2" http)"; }
site_of() { local sites; read -r -a sites <<<"$SITES"; echo "${sites[$((($1 - 1) % ${#sites[@]}))]}"; }
scheme() { if [ "$SECURE" = 1 ]; then echo https; else echo http; fi; }

# api_get ADDR PATH [SECONDS]: GET on an agent's HTTP API (CLUSTER_SECURE: HTTPS, the CLI certificate, the
# management token).
api_get() {
  if [ "$SECURE" = 1 ]; then secure_curl -m "${3:-2}" "https://$1$2"; else curl -fsS -m "${3:-2}" "http://$1$2"; fi
}
# consul_at ADDR ARGS...: the consul CLI against the agent at ADDR (CLUSTER_SECURE: as the management token).
consul_at() {
  local a=$1
  shift
  if [ "$SECURE" = 1 ]; then secure_consul "$a" "$@"; else consul "$@" -http-addr="http://$a"; fi
}

# ---------------------------------------------------------------------------------------------------------------
# Processes. Every process started here carries CONVERGE_DEV_CLUSTER=<state> in its environment (kept across the
# exec of bin/converge into java); a pid file is only trusted while its process still does (pids get reused).
pid_of() { # file -> pid of a live process of this cluster, or nothing
  local f=$STATE/$1.pid p k env
  [ -f "$f" ] || return 0
  p=$(cat "$f" 2>/dev/null || true)
  [[ $p =~ ^[0-9]+$ ]] || return 0
  # a process in the middle of an exec (converge's launcher execs java) shows an empty environment for a moment:
  # read it again rather than take a live process for a dead one
  for k in 1 2 3 4 5 6 7 8 9 10; do
    [ "$(proc_state "$p")" != dead ] || return 0
    env=$(tr '\0' '\n' 2>/dev/null <"/proc/$p/environ" || true)
    if [ -n "$env" ]; then
      if grep -qxF -- "CONVERGE_DEV_CLUSTER=$STATE" <<<"$env"; then echo "$p"; fi
      return 0
    fi
    sleep 0.05
  done
}
proc_state() { # pid -> running | stopped | dead
  local s
  s=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)
  case $s in '') echo dead ;; T | t) echo stopped ;; Z) echo dead ;; *) echo running ;; esac
}

# port_busy ADDR PORT: something accepts TCP connections there (a listener on 0.0.0.0 counts too).
port_busy() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# The other clusters on this machine, so that two of them never share addresses or node names.
check_collisions() {
  mkdir -p "$REGISTRY"
  local f other o_net o_name
  for f in "$REGISTRY"/*.env; do
    [ -e "$f" ] || continue
    other=$(sed -n 's/^STATE=//p' "$f")
    [ "$other" = "$STATE" ] && continue
    if [ ! -f "$other/cluster.env" ]; then rm -f "$f"; continue; fi   # that cluster is gone
    o_net=$(sed -n 's/^NET=//p' "$f"); o_name=$(sed -n 's/^NAME=//p' "$f")
    if [ "$o_net" = "$NET" ]; then
      die "CLUSTER_NET=$NET is used by the cluster in $other; pick another CLUSTER_NET (e.g. 127.0.1), or remove that cluster: CLUSTER_STATE=$other $0 down"
    fi
    if [ "$o_name" = "$NAME" ]; then
      die "CLUSTER_NAME=$NAME is used by the cluster in $other (its containers carry io.converge.node=$NAME-node-*); pick another CLUSTER_NAME, or remove that cluster: CLUSTER_STATE=$other $0 down"
    fi
  done
}
register() { mkdir -p "$REGISTRY"; printf 'STATE=%s\nNET=%s\nNAME=%s\n' "$STATE" "$NET" "$NAME" >"$REGISTRY/$(registry_key).env"; }
unregister() { rm -f "$REGISTRY/$(registry_key).env"; }
registry_key() { printf '%s' "$STATE" | tr -c 'a-zA-Z0-9._-' '_'; }

# ---------------------------------------------------------------------------------------------------------------
write_consul_config() {
  cat >"$STATE/consul.hcl" <<EOF
# Shared by every agent of the dev cluster in $STATE (per-agent settings are on the command line).
datacenter = "dc1"
log_level = "INFO"
disable_update_check = true
disable_host_node_id = true
retry_interval = "1s"
# SIGTERM: a client leaves the cluster gracefully (Consul's default); SIGINT: any agent just stops, no leave
# (what 'down' sends: the whole cluster goes away, the 3 s of a graceful leave are not worth waiting for)
skip_leave_on_interrupt = true
performance { raft_multiplier = 1 }
# serf LAN failure detection for a local cluster (Consul defaults: 1s / 500ms / 4, gossip 200ms, retransmit 4)
gossip_lan {
  probe_interval = "${CLUSTER_PROBE_INTERVAL:-200ms}"
  probe_timeout = "${CLUSTER_PROBE_TIMEOUT:-100ms}"
  suspicion_mult = ${CLUSTER_SUSPICION_MULT:-3}
  gossip_interval = "100ms"
  retransmit_mult = 3
}
EOF
}

start_agent() { # role index
  local role=$1 i=$2 a nm f log data args=() j
  f=$role-$i
  [ -n "$(pid_of "$f")" ] && return 0
  a=$(addr "$role" "$i"); nm=$(node_name "$role" "$i"); log=$STATE/$f.log; data=$STATE/data/$f
  for j in http serf_lan server; do
    if port_busy "$a" "$(port "$role" "$i" "$j")"; then
      die_log "consul $role $i ($nm)" "$log" "port $a:$(port "$role" "$i" "$j") ($j) is already in use by another process"
    fi
  done
  mkdir -p "$data"
  args=(agent -config-file="$STATE/consul.hcl" -data-dir="$data" -node="$nm"
    -bind="$a" -advertise="$a" -client="$a"
    -serf-lan-port="$(port "$role" "$i" serf_lan)"
    -serf-wan-port="$(port "$role" "$i" serf_wan)" -server-port="$(port "$role" "$i" server)"
    -dns-port=-1 -grpc-port=-1)
  # secure: HTTPS on the HTTP port (there is no -https-port flag, and -http-port would win over `http = -1`)
  if [ "$SECURE" = 1 ]; then args+=(-config-file="$SEC/$f.hcl"); else args+=(-http-port="$(port "$role" "$i" http)"); fi
  for j in $(seq 1 $SERVERS); do
    [ "$role" = server ] && [ "$j" = "$i" ] && continue
    args+=(-retry-join="$(addr server "$j"):$(port server "$j" serf_lan)")
  done
  if [ "$role" = server ]; then
    args+=(-server -bootstrap-expect=$SERVERS -node-meta=site:core)
  else
    args+=(-node-meta="site:$(site_of "$i")")
  fi
  # setsid: the agent outlives this script and the caller's terminal; the pid file is written by the process that
  # then execs consul, so it is the agent's own pid. The stale pid file of a killed agent goes first, or
  # wait_pidfile would take it for the new one and the next check would find that old process dead.
  rm -f "$STATE/$f.pid"
  CONVERGE_DEV_CLUSTER=$STATE setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$STATE/$f.pid" consul "${args[@]}" \
    </dev/null >>"$log" 2>&1 9>&- &
  wait_pidfile "$f"
  STARTED+=("consul $role $i")
}

# The client node's own network namespace for converge's firewall; prints the -D options that point converge at it.
firewall_opts() { # index
  local ns="$NAME-fw-$1"
  if ip netns list 2>/dev/null | grep -qw -- "$ns" || ip netns add "$ns" 2>/dev/null; then
    echo "-Dconverge.dnat.netns=$ns"
  else
    echo "-Dconverge.dnat.enabled=false"
  fi
}

start_converge() { # index
  local i=$1 a p log opts consul_env=()
  [ -n "$(pid_of "converge-$i")" ] && return 0
  a=$(addr client "$i"); p=$(port client "$i" converge); log=$STATE/converge-$i.log
  if port_busy "$a" "$p"; then die_log "converge $i" "$log" "port $a:$p is already in use by another process"; fi
  if [ "$SECURE" = 1 ]; then
    # as in production: Consul's own variables only (converge.env), with this node's token
    mapfile -t consul_env < <(secure_env "$(http_addr client "$i")" "$(cat "$SEC/converge-$i.token")")
    opts=""
  else
    opts="-Dconverge.consul.address=$(http_addr client "$i")"
  fi
  opts+=" -Dconverge.containers.node-suffix=true -Dquarkus.http.port=$p -Dquarkus.http.host=$a $(firewall_opts "$i")"
  opts+=" -Dconverge.data-root=$STATE/node-data/$(node_name client "$i")"   # relative volume sources, per node
  opts+=" ${CLUSTER_JAVA_OPTS:-}"
  echo "=== $(date -Is) converge run (node $(node_name client "$i"), consul $(scheme)://$(http_addr client "$i"))" >>"$log"
  rm -f "$STATE/converge-$i.pid"   # a killed converge's (see start_agent)
  env -u CONSUL_HTTP_ADDR -u CONSUL_HTTP_TOKEN -u CONSUL_HTTP_SSL -u CONSUL_CACERT -u CONSUL_CLIENT_CERT \
    -u CONSUL_CLIENT_KEY "${consul_env[@]}" JAVA_OPTS="$opts" CONVERGE_DEV_CLUSTER="$STATE" \
    setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$STATE/converge-$i.pid" "$CONVERGE" run \
    </dev/null >>"$log" 2>&1 9>&- &
  wait_pidfile "converge-$i"
  STARTED+=("converge $i")
}
# the pid file is written by the started process itself: wait for it (briefly) before anyone checks it
wait_pidfile() { local k; for k in $(seq 1 50); do [ -s "$STATE/$1.pid" ] && return 0; sleep 0.05; done; }

# fail_if_dead FILE COMPONENT LOG: the process of FILE.pid has exited.
fail_if_dead() {
  if [ -z "$(pid_of "$1")" ]; then die_log "$2" "$3" "the process exited"; fi
}

wait_for_leader() {
  local deadline=$((SECONDS + TIMEOUT)) i leader
  while :; do
    for i in $(seq 1 $SERVERS); do fail_if_dead "server-$i" "consul server $i ($(node_name server "$i"))" "$STATE/server-$i.log"; done
    leader=$(api_get "$(http_addr server 1)" /v1/status/leader 2>/dev/null | tr -d '"' || true)
    [ -n "$leader" ] && { LEADER=$leader; return 0; }
    [ $SECONDS -ge $deadline ] && die_log "consul servers" "$STATE/server-1.log" "no leader elected within ${TIMEOUT}s"
    sleep 0.2
  done
}

wait_for_members() {
  local deadline=$((SECONDS + TIMEOUT)) i alive missing
  while :; do
    alive=$(consul_at "$(http_addr server 1)" members -status=alive 2>/dev/null | awk 'NR>1 {print $1}' || true)
    missing=()
    for i in $(seq 1 "$N"); do
      fail_if_dead "client-$i" "consul client $i ($(node_name client "$i"))" "$STATE/client-$i.log"
      grep -qx "$(node_name client "$i")" <<<"$alive" || missing+=("$i")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      i=${missing[0]}
      die_log "consul client $i ($(node_name client "$i"))" "$STATE/client-$i.log" "not an alive member after ${TIMEOUT}s"
    fi
    sleep 0.2
  done
}

wait_for_converges() {
  local deadline=$((SECONDS + TIMEOUT)) i pending
  while :; do
    pending=()
    for i in $(seq 1 "$N"); do
      fail_if_dead "converge-$i" "converge $i ($(node_name client "$i"))" "$STATE/converge-$i.log"
      ready "$i" || pending+=("$i")
    done
    [ ${#pending[@]} -eq 0 ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      i=${pending[0]}
      die_log "converge $i ($(node_name client "$i"))" "$STATE/converge-$i.log" "/q/health/ready is not 200 after ${TIMEOUT}s"
    fi
    sleep 0.2
  done
}
ready() { curl -fsS -o /dev/null -m 1 "http://$(addr client "$1"):$(port client "$1" converge)/q/health/ready" 2>/dev/null; }

all_running() {
  local i
  for i in $(seq 1 $SERVERS); do [ -n "$(pid_of "server-$i")" ] || return 1; done
  for i in $(seq 1 "$N"); do
    [ -n "$(pid_of "client-$i")" ] || return 1
    [ "$NO_CONVERGE" = 1 ] || [ -n "$(pid_of "converge-$i")" ] || return 1
  done
}

cmd_up() {
  local want=${1:-} i t0=$SECONDS
  [[ $want =~ ^[0-9]+$ ]] && [ "$want" -ge 1 ] && [ "$want" -le 234 ] || die "usage: $0 up N (N client nodes, 1..234)"
  command -v consul >/dev/null || die "consul is not on PATH; run deploy/dev/setup.sh"
  command -v curl >/dev/null || die "curl is not installed; run deploy/dev/setup.sh"
  if [ "$RECORDED" = 1 ]; then
    [ "$want" = "$N" ] || die "the cluster in $STATE has $N client nodes, not $want; run '$0 down' first"
    if all_running; then
      say "already up: $N nodes in $STATE (consul $(http_addr client 1)); '$0 status' for details"
      return 0
    fi
  else
    NO_CONVERGE=${CLUSTER_NO_CONVERGE:-0}
    N=$want
  fi
  if [ "$NO_CONVERGE" != 1 ]; then
    [ -x "$CONVERGE" ] || die "converge launcher $CONVERGE not found"
    [ -f "${CONVERGE_APP:-$(dirname "$CONVERGE")/../target/quarkus-app}/quarkus-run.jar" ] ||
      die "converge is not built (no ${CONVERGE_APP:-$(dirname "$CONVERGE")/../target/quarkus-app}/quarkus-run.jar); run deploy/dev/build.sh"
    docker info >/dev/null 2>&1 || die "dockerd is not reachable; run deploy/dev/setup.sh"
  fi
  check_collisions
  save_config
  register
  write_consul_config
  if [ "$SECURE" = 1 ]; then secure_prepare; fi
  STARTED=()
  for i in $(seq 1 $SERVERS); do start_agent server "$i"; done
  for i in $(seq 1 "$N"); do start_agent client "$i"; done
  wait_for_leader
  if [ "$SECURE" = 1 ]; then secure_bootstrap; fi
  wait_for_members
  say "consul up: leader $LEADER, $SERVERS servers + $N clients alive ($((SECONDS - t0))s)$([ "$SECURE" = 1 ] &&
    echo "; TLS, gossip encryption, ACLs (default deny): management token in $SEC/management.token")"
  if [ "$NO_CONVERGE" != 1 ]; then
    for i in $(seq 1 "$N"); do start_converge "$i"; done
    wait_for_converges
  fi
  if [ ${#STARTED[@]} -eq 0 ]; then
    say "already up: nothing to start"
  else
    say "started: ${STARTED[*]}"
  fi
  say "up: $N nodes in $((SECONDS - t0))s; state $STATE; try: eval \"\$($0 env 1)\"; $0 status"
}

# signal_stop FILE [SIGNAL]: SIGTERM by default, then SIGCONT in case a test left the process stopped.
# wait_stopped then gives the processes GRACE seconds and SIGKILLs those still there.
signal_stop() {
  local p
  p=$(pid_of "$1")
  if [ -n "$p" ]; then kill "-${2:-TERM}" "$p" 2>/dev/null || true; kill -CONT "$p" 2>/dev/null || true; fi
}
wait_stopped() { # grace file...
  local grace=$1 deadline f p left
  shift
  deadline=$((SECONDS + grace))
  while :; do
    left=()
    for f in "$@"; do [ -n "$(pid_of "$f")" ] && left+=("$f"); done
    [ ${#left[@]} -eq 0 ] && break
    if [ $SECONDS -ge $deadline ]; then
      for f in "${left[@]}"; do
        p=$(pid_of "$f")
        [ -n "$p" ] || continue
        printf 'cluster: %s (pid %s) did not stop within %ss; killing it; see %s\n' \
          "$f" "$p" "$grace" "$STATE/$f.log" >&2
        kill -KILL "$p" 2>/dev/null || true
      done
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  for f in "$@"; do rm -f "$STATE/$f.pid"; done
}

cmd_down() {
  local i files ids
  if [ ! -d "$STATE" ]; then say "down: nothing in $STATE"; return 0; fi
  if [ "$RECORDED" = 0 ]; then
    # an interrupted `up`: find N from the pid files
    N=$(find "$STATE" -maxdepth 1 -name 'client-*.pid' | sed 's/.*client-\([0-9]*\)\.pid/\1/' | sort -n | tail -1)
    N=${N:-0}
  fi
  files=()
  for i in $(seq 1 "$N"); do signal_stop "converge-$i"; files+=("converge-$i"); done
  wait_stopped 25 "${files[@]}"
  if [ "$N" -gt 0 ] && ! docker info >/dev/null 2>&1; then
    printf 'cluster: docker: dockerd is not reachable; containers labelled io.converge.node=%s-node-1..%s are not removed\n' "$NAME" "$N" >&2
  elif [ "$N" -gt 0 ]; then
    # (docker ANDs label filters: one listing per node)
    ids=$(for i in $(seq 1 "$N"); do
      docker ps -aq --filter "label=io.converge.node=$(node_name client "$i")" || exit 1
    done) || die "docker: could not list the containers of nodes $NAME-node-1..$N"
    ids=$(echo $ids)
    if [ -n "$ids" ]; then
      # shellcheck disable=SC2086
      docker rm -f $ids >/dev/null || die "docker: could not remove the cluster's containers: $ids"
      say "removed $(wc -w <<<"$ids") containers"
    fi
  fi
  files=()
  for i in $(seq 1 "$N"); do signal_stop "client-$i" INT; files+=("client-$i"); done
  for i in $(seq 1 $SERVERS); do signal_stop "server-$i" INT; files+=("server-$i"); done
  wait_stopped 15 "${files[@]}"
  for i in $(seq 1 "$N"); do ip netns del "$NAME-fw-$i" 2>/dev/null || true; done
  unregister
  rm -rf "$STATE"
  say "down: stopped and removed $STATE"
}

cmd_status() {
  local i p st api="" rdy
  if [ "$RECORDED" = 0 ]; then say "no cluster in $STATE"; return 3; fi
  say "state $STATE: $SERVERS servers + $N clients on $NET.x, ports $PORT_BASE + 10*octet, node names $NAME-*"
  # any agent that answers (a test may have stopped some)
  for i in $(seq 1 $SERVERS) $(seq 1 "$N" | sed 's/^/c/'); do
    if [[ $i == c* ]]; then p=$(http_addr client "${i#c}"); else p=$(http_addr server "$i"); fi
    if api_get "$p" /v1/status/leader 1 >/dev/null 2>&1; then api=$p; break; fi
  done
  for i in $(seq 1 $SERVERS); do
    p=$(pid_of "server-$i"); st=$([ -n "$p" ] && proc_state "$p" || echo dead)
    printf '  %-16s %-18s pid %-8s %s\n' "$(node_name server "$i")" "$(http_addr server "$i")" "${p:--}" "$st"
  done
  for i in $(seq 1 "$N"); do
    p=$(pid_of "client-$i"); st=$([ -n "$p" ] && proc_state "$p" || echo dead)
    printf '  %-16s %-18s pid %-8s %s\n' "$(node_name client "$i")" "$(http_addr client "$i")" "${p:--}" "$st"
  done
  if [ -z "$api" ]; then
    say "no agent answers; members unknown"
  else
    say "leader: $(api_get "$api" /v1/status/leader | tr -d '"'); members (as seen by $api):"
    consul_at "$api" members | sed 's/^/  /' || true
  fi
  if [ "$NO_CONVERGE" = 1 ]; then say "converge: not started by this script (CLUSTER_NO_CONVERGE=1)"; fi
  for i in $(seq 1 "$N"); do
    p=$(pid_of "converge-$i")
    if [ -z "$p" ]; then
      [ "$NO_CONVERGE" = 1 ] && continue
      printf '  converge %-3s %-22s pid -        dead       log %s\n' "$i" "$(addr client "$i"):$(port client "$i" converge)" "$STATE/converge-$i.log"
      continue
    fi
    rdy=$(ready "$i" && echo ready || echo not-ready)
    printf '  converge %-3s %-22s pid %-8s %-10s %-9s log %s\n' "$i" "$(addr client "$i"):$(port client "$i" converge)" \
      "$p" "$(proc_state "$p")" "$rdy" "$STATE/converge-$i.log"
  done
  if [ -n "$api" ] && [ -x "$CONVERGE" ]; then
    say "converge get services (consul $api):"
    local vars=("CONSUL_HTTP_ADDR=$api")
    [ "$SECURE" = 1 ] && mapfile -t vars < <(secure_env "$api" "$(cat "$SEC/management.token")")
    env -u CONSUL_HTTP_TOKEN -u CONSUL_HTTP_SSL -u CONSUL_CACERT -u CONSUL_CLIENT_CERT -u CONSUL_CLIENT_KEY \
      "${vars[@]}" "$CONVERGE" get services 2>&1 | sed 's/^/  /' || true
  fi
}

cmd_env() {
  local i=${1:-}
  [ "$RECORDED" = 1 ] || die "no cluster in $STATE; run '$0 up N' first"
  [[ $i =~ ^[0-9]+$ ]] && [ "$i" -ge 1 ] && [ "$i" -le "$N" ] || die "usage: $0 env I (I = 1..$N)"
  # one statement per line, each ending in ';', so that both eval "$(...)" and eval $(...) work
  echo "unset CONSUL_HTTP_TOKEN CONSUL_HTTP_SSL CONSUL_CACERT CONSUL_CLIENT_CERT CONSUL_CLIENT_KEY;"
  if [ "$SECURE" != 1 ]; then echo "export CONSUL_HTTP_ADDR=$(http_addr client "$i");"; return 0; fi
  # secure: the TLS files and the token converge I runs with (the management token before converge ever ran)
  local token=$SEC/converge-$i.token
  [ -s "$token" ] || token=$SEC/management.token
  secure_env "$(http_addr client "$i")" "$(cat "$token")" | sed 's/^/export /; s/$/;/'
}

# up and down of one state dir never run at the same time (the lock lives outside the state dir, which down removes;
# the processes started are not given its descriptor, 9)
lock() {
  command -v flock >/dev/null || return 0
  mkdir -p "$REGISTRY"
  exec 9>"$REGISTRY/$(registry_key).lock"
  flock -w "$TIMEOUT" 9 || die "another '$0' is working on $STATE (lock $REGISTRY/$(registry_key).lock)"
}

case ${1:-} in
  up | down) lock ;;
esac
load_config
case ${1:-} in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) shift; cmd_env "$@" ;;
  *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
