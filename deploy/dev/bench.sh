#!/usr/bin/env bash
# converge benchmarks, runnable with one command on a machine where deploy/dev/setup.sh and
# deploy/dev/build.sh have run (local Consul agent on 127.0.0.1:8500, dockerd, the test image, a built app).
#
#   deploy/dev/bench.sh service
#   deploy/dev/bench.sh failover
#
# `service` starts its own `converge run` (this checkout's bin/converge, its own KV prefix, node-suffixed
# container names, its own HTTP port; the node name stays the local agent's) behind a counting pass-through
# proxy to the Consul agent, and prints:
#   (b0) converge idle with no Service under its prefix: HTTP requests to Consul and CPU over 10 s;
#   (a) over BENCH_ITERATIONS (20) fresh Services, one at a time: KV put -> container created and running
#       (Docker event times), -> registered, -> check passing, -> registration tagged `running` (the agent's
#       /v1/agent/health/service/id/converge-<name> polled every 10 ms, its own checks), and delete -> container removed,
#       median and p95; beside it a raw Docker API create+start of the same container config (image, port
#       mapping, label keys; io.converge.managed=bench-raw so that converge leaves it alone) in the same run,
#       alternating with the puts, each after BENCH_SETTLE_SECONDS (0.5) of quiet; then the ratio of medians;
#   (b) with BENCH_SERVICES (100) Services running: converge's CPU seconds (utime+stime from /proc) and its HTTP
#       requests to Consul over BENCH_IDLE_SECONDS (60) of idleness, by endpoint;
#   (c) converge's resident memory (VmRSS) with those Services running.
# It removes everything it created (specs, statuses, containers, registrations), stops converge and the proxy.
# The last line printed is `service: put-to-running / raw-start = X.XX` (ratio of medians). About 3 minutes.
#
# Knobs (environment): BENCH_ITERATIONS=20 BENCH_SERVICES=100 BENCH_IDLE_SECONDS=60 BENCH_CHECK_INTERVAL=1s
# BENCH_SETTLE_SECONDS=0.5 BENCH_IMAGE=converge-test/busybox:latest.
# It may run beside other `converge run` processes on this node: converge owns containers and registrations by
# node and KV prefix, and the bench uses a prefix and service names of its own.
# Logs go to a temporary directory, printed at the start.
#
# `failover` needs no local agent: it brings up its own dev cluster (deploy/dev/cluster.sh up 3: 3 Consul servers,
# 3 clients with one `converge run` each) with CLUSTER_STATE in a temporary directory, CLUSTER_NET=127.0.9,
# CLUSTER_NAME=fb, and converge options -Dconverge.kv.prefix=bench-failover -Dconverge.placement.lock-delay=L
# -Dconverge.placement.fence-after=F -Dconverge.placement.fence-kill-budget=B. It puts one singleton Service
# (the test image's busybox httpd on 8080, no hostPort, placement.lockDelay L) and waits until one node holds its
# lock and runs it and the other two are standby. Then, BENCH_RUNS (5, at least 5) times:
#   - BENCH_RAW_SAMPLES (3) raw Docker API create+starts of an equivalent container (image, exposed port, bridge,
#     label io.converge.bench=<token>, not managed), API create call -> Docker `start` event: the run's `start`;
#   - "host gone" for the lock holder (the node of the lock key's Session): t0, kill -9 of its converge, SIGKILL
#     (BENCH_AGENT_SIGNAL=INT: SIGINT, a stop without leave) of its Consul agent, docker rm -f of its containers;
#   - detection = t0 -> the lock key's Session cleared, seen by a blocking query on the lock key against server 1
#     (t0 -> the holder's serfHealth critical on server 1, also a blocking query, is printed beside it);
#     total = t0 -> Docker's `start` event of a container labelled io.converge.service=<svc> on another node;
#     also Session cleared -> lock acquired again (lock-delay + the standby's retry), acquired -> Docker `create`,
#     `create` -> `start`; after the failover it checks one running container, status `holders` and roles;
#   - restores the host (cluster.sh up 3: the agent with its data dir, a fresh converge) and waits until the status
#     shows it `standby`.
# It prints a line per run, medians with min - max, a breakdown, and last
# `failover: total / (detection + lockDelay + start) = X.XX`: the ratio of medians, median(total) /
# (median(detection) + L + median(start)) (the per-run ratios and their median are printed above it).
# The cluster goes down (and its converge logs are copied to the log directory) on exit, also on failure or
# interrupt; the spec and the reference containers are removed. About 2 minutes with the defaults.
# Knobs: BENCH_RUNS=5 BENCH_LOCK_DELAY=5s BENCH_FENCE_AFTER=2s BENCH_FENCE_KILL_BUDGET=2s BENCH_AGENT_SIGNAL=KILL
# BENCH_RAW_SAMPLES=3 BENCH_SETTLE_SECONDS=1 BENCH_FAILOVER_TIMEOUT=<L+60> BENCH_CLUSTER_NET=127.0.9
# BENCH_CLUSTER_NAME=fb BENCH_CLUSTER_PORT_BASE=20000 BENCH_JAVA_OPTS (more -D options for every converge)
# BENCH_IMAGE. It may run beside other dev clusters that use another CLUSTER_NET and CLUSTER_NAME.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)

usage() {
  cat >&2 <<'EOF'
usage: deploy/dev/bench.sh service|failover

  service   put-to-running latency against raw docker create+start, idle CPU and Consul requests,
            and resident memory of `converge run` with 100 Services (about 3 minutes)
  failover  a singleton's failover when its holder's host dies, in its own 3-node dev cluster: detection,
            lock-delay, start and total, over BENCH_RUNS (5) kills (about 2 minutes)

Needs deploy/dev/setup.sh (Consul on 127.0.0.1:8500, dockerd, the test image) and deploy/dev/build.sh.
EOF
  exit 2
}

[ $# -ge 1 ] || usage
bench=$1
case "$1" in
  service | failover) shift ;;
  -h|--help|help) usage ;;
  *) echo "bench: unknown benchmark '$1'" >&2; usage ;;
esac

[ -f "$root/target/quarkus-app/quarkus-run.jar" ] || { echo "bench: $root/target/quarkus-app not built; run deploy/dev/build.sh" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench: python3 is needed" >&2; exit 1; }
[ -S /var/run/docker.sock ] || { echo "bench: /var/run/docker.sock missing; run deploy/dev/setup.sh" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# failover: its own 3-node dev cluster (deploy/dev/cluster.sh) in a temporary state dir. The Python below does the
# work and its own cleanup (spec, reference containers, cluster down); the traps here are the safety net for when
# it is killed: the cluster and the bench's containers go away whatever happened.
bench_failover() {
  command -v consul >/dev/null || { echo "bench: consul is not on PATH; run deploy/dev/setup.sh" >&2; exit 1; }
  docker info >/dev/null 2>&1 || { echo "bench: dockerd is not reachable; run deploy/dev/setup.sh" >&2; exit 1; }
  local tmp py_pid=""
  tmp=$(mktemp -d /tmp/converge-bench-failover.XXXXXX)
  export BENCH_TMP=$tmp
  export BENCH_TOKEN; BENCH_TOKEN=$(tr -dc 'a-z0-9' </dev/urandom | head -c 5 || true)
  export CLUSTER_STATE=$tmp/cluster CLUSTER_NET=${BENCH_CLUSTER_NET:-127.0.9} CLUSTER_NAME=${BENCH_CLUSTER_NAME:-fb}
  export CLUSTER_PORT_BASE=${BENCH_CLUSTER_PORT_BASE:-20000} CLUSTER_CONVERGE=$root/bin/converge
  unset CLUSTER_NO_CONVERGE CONVERGE_APP CLUSTER_SITES
  local lock_delay=${BENCH_LOCK_DELAY:-5s} fence_after=${BENCH_FENCE_AFTER:-2s} budget=${BENCH_FENCE_KILL_BUDGET:-2s}
  export BENCH_LOCK_DELAY=$lock_delay BENCH_FENCE_AFTER=$fence_after BENCH_FENCE_KILL_BUDGET=$budget
  export BENCH_PREFIX=bench-failover
  export CLUSTER_JAVA_OPTS="-Dconverge.kv.prefix=$BENCH_PREFIX -Dconverge.placement.lock-delay=$lock_delay -Dconverge.placement.fence-after=$fence_after -Dconverge.placement.fence-kill-budget=$budget ${BENCH_JAVA_OPTS:-}"
  # shellcheck disable=SC2317
  failover_cleanup() {
    trap - EXIT INT TERM
    set +e
    if [ -n "$py_pid" ] && kill -0 "$py_pid" 2>/dev/null; then
      kill -TERM "$py_pid" 2>/dev/null
      wait "$py_pid" 2>/dev/null
    fi
    if [ -d "$CLUSTER_STATE" ]; then
      echo "bench: taking the cluster down; logs in $tmp/logs" >&2
      mkdir -p "$tmp/logs"
      cp "$CLUSTER_STATE"/*.log "$tmp/logs/" 2>/dev/null
      "$root/deploy/dev/cluster.sh" down >>"$tmp/logs/cluster.out" 2>&1 || echo "bench: cluster.sh down failed; see $tmp/logs/cluster.out" >&2
    fi
    local ids
    ids=$(docker ps -aq --filter "label=io.converge.bench=$BENCH_TOKEN" 2>/dev/null)
    # shellcheck disable=SC2086
    [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
    rmdir "$tmp/cluster" 2>/dev/null
    rm -f "${CLUSTER_REGISTRY:-/run/converge-dev-clusters}/$(printf '%s' "$CLUSTER_STATE" | tr -c 'a-zA-Z0-9._-' '_').lock"
  }
  trap failover_cleanup EXIT
  trap 'failover_cleanup; exit 130' INT TERM
  # The Python runs in the background so that the traps run at once (bash runs a trap only after a foreground child
  # ends); a background job ignores SIGINT, so an interrupt reaches it as the SIGTERM sent by failover_cleanup.
  # (From a variable, so that bash's "Killed" report of the job does not print the whole script.)
  local failover_py
  IFS= read -r -d '' failover_py <<'PY' || true
import base64, http.client, json, os, re, shutil, signal, socket, statistics, subprocess, sys, threading, time
import urllib.parse

ROOT = os.environ["BENCH_ROOT"]
TMP = os.environ["BENCH_TMP"]
STATE = os.environ["CLUSTER_STATE"]
LOGS = os.path.join(TMP, "logs")
NET, NAME = os.environ["CLUSTER_NET"], os.environ["CLUSTER_NAME"]
PORT_BASE = int(os.environ["CLUSTER_PORT_BASE"])
PREFIX = os.environ["BENCH_PREFIX"]
TOKEN = os.environ["BENCH_TOKEN"]
SVC = "failover-" + TOKEN
RAW = f"{NAME}-bench-raw-{TOKEN}"
IMAGE = os.environ.get("BENCH_IMAGE", "converge-test/busybox:latest")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
AGENT_SIGNAL = os.environ.get("BENCH_AGENT_SIGNAL", "KILL").upper().removeprefix("SIG")
SETTLE = float(os.environ.get("BENCH_SETTLE_SECONDS", "1"))
RAW_SAMPLES = int(os.environ.get("BENCH_RAW_SAMPLES", "3"))     # reference create+starts before each kill
CLUSTER_SH = os.path.join(ROOT, "deploy", "dev", "cluster.sh")
NODES = 3


def say(msg=""):
    print(msg, flush=True)


def seconds(text):
    """'5s', '1.5s', '500ms', '1m' -> seconds (the forms both Consul and Quarkus read the same way)."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)", text)
    if not m:
        raise ValueError(f"not a duration: {text!r} (use e.g. 5s or 500ms)")
    return float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[m.group(2)]


LOCK_DELAY_TEXT = os.environ["BENCH_LOCK_DELAY"]
LOCK_DELAY = seconds(LOCK_DELAY_TEXT)
FENCE = seconds(os.environ["BENCH_FENCE_AFTER"]) + seconds(os.environ["BENCH_FENCE_KILL_BUDGET"])
FAILOVER_TIMEOUT = float(os.environ.get("BENCH_FAILOVER_TIMEOUT", str(LOCK_DELAY + 60)))


def ms(ns):
    return ns / 1e6


# ---------------------------------------------------------------- the cluster's layout (as deploy/dev/cluster.sh)

def octet(role, i):
    return 10 + i if role == "server" else 20 + i


def http_addr(role, i):
    return f"{NET}.{octet(role, i)}", PORT_BASE + 10 * octet(role, i)


def node_name(i):
    return f"{NAME}-node-{i}"


def node_index(node):
    m = re.fullmatch(re.escape(NAME) + r"-node-(\d+)", node or "")
    return int(m.group(1)) if m else None


SERVER = http_addr("server", 1)      # every Consul read of the bench goes to server 1, which is never killed


def cluster_pid(name):
    """pid of <state>/<name>.pid while that process still belongs to this cluster (as cluster.sh's pid_of)."""
    try:
        with open(os.path.join(STATE, name + ".pid")) as f:
            pid = int(f.read().strip())
        with open(f"/proc/{pid}/environ", "rb") as f:
            if f"CONVERGE_DEV_CLUSTER={STATE}".encode() in f.read().split(b"\0"):
                return pid
    except (OSError, ValueError):
        pass
    return None


def cluster(*args, timeout=180):
    t0 = time.monotonic()
    with open(os.path.join(LOGS, "cluster.out"), "ab") as out:
        out.write(f"=== {time.strftime('%H:%M:%S')} cluster.sh {' '.join(args)}\n".encode())
        out.flush()
        r = subprocess.run([CLUSTER_SH, *args], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"cluster.sh {' '.join(args)} failed (exit {r.returncode}); see {LOGS}/cluster.out")
    return time.monotonic() - t0


# ---------------------------------------------------------------- Consul and Docker over HTTP

def consul(method, path, body=None, addr=SERVER, timeout=10):
    c = http.client.HTTPConnection(*addr, timeout=timeout)
    data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
    c.request(method, path, body=data)
    r = c.getresponse()
    out = r.read()
    c.close()
    return r.status, out, r.getheader("X-Consul-Index")


def consul_json(method, path, body=None):
    status, out, _ = consul(method, path, body)
    if status // 100 != 2:
        raise RuntimeError(f"consul {method} {path}: HTTP {status} {out[:200]!r}")
    return json.loads(out) if out else None


def kv_doc(key):
    status, out, _ = consul("GET", f"/v1/kv/{key}")
    if status == 404:
        return None, None
    entry = json.loads(out)[0]
    value = base64.b64decode(entry["Value"]) if entry.get("Value") else b""
    try:
        value = json.loads(value)
    except ValueError:
        pass
    return entry, value


def session_node(session):
    status, out, _ = consul("GET", f"/v1/session/info/{session}")
    info = json.loads(out) if status == 200 and out else None
    return info[0]["Node"] if info else None


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path="/var/run/docker.sock", timeout=120):
        super().__init__("docker", timeout=timeout)
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self.unix_path)
        self.sock = s


def docker(method, path, body=None, ok=(200, 201, 204, 304)):
    c = UnixHTTPConnection()
    data = None if body is None else json.dumps(body).encode()
    c.request(method, path, body=data, headers={"Content-Type": "application/json"} if data else {})
    r = c.getresponse()
    out = r.read()
    c.close()
    if r.status not in ok:
        raise RuntimeError(f"docker {method} {path}: HTTP {r.status} {out[:300]!r}")
    return json.loads(out) if out and r.headers.get("Content-Type", "").startswith("application/json") else None


def q(obj):
    return urllib.parse.quote(json.dumps(obj))


def service_containers(running_only=True, node=None):
    """The service's containers in the shared dockerd: [(node, name, state)]."""
    labels = [f"io.converge.service={SVC}", f"io.converge.prefix={PREFIX}"] + (
        [f"io.converge.node={node}"] if node else [])
    out = docker("GET", f"/containers/json?all={0 if running_only else 1}&filters={q({'label': labels})}")
    return [(c["Labels"].get("io.converge.node"), c["Names"][0].lstrip("/"), c["State"]) for c in out]


# ---------------------------------------------------------------- watchers: Docker events, the lock key, serfHealth

class DockerEvents(threading.Thread):
    """Docker's event stream (HTTP/1.0, so no chunking), container events of the service (by its labels) and of the
    bench's reference containers: [(action, id, node, name, timeNano)] in the daemon's clock (this machine's)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.events = []
        self.cond = threading.Condition()
        self.ready = threading.Event()

    def run(self):
        flt = q({"type": ["container"], "event": ["create", "start", "die", "destroy"]})
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect("/var/run/docker.sock")
        s.sendall(f"GET /events?filters={flt} HTTP/1.0\r\nHost: docker\r\n\r\n".encode())
        f = s.makefile("rb")
        while f.readline() not in (b"\r\n", b"\n", b""):
            pass
        self.ready.set()
        for line in f:
            line = line.strip()
            if not line.startswith(b"{"):
                continue
            ev = json.loads(line)
            attrs = (ev.get("Actor") or {}).get("Attributes") or {}
            ours = (attrs.get("io.converge.service") == SVC and attrs.get("io.converge.prefix") == PREFIX) \
                or attrs.get("io.converge.bench") == TOKEN
            if ours:
                with self.cond:
                    self.events.append((ev.get("Action"), ev.get("id"), attrs.get("io.converge.node"),
                                        attrs.get("name"), ev["timeNano"]))
                    self.cond.notify_all()

    def wait_for(self, pred, timeout):
        """The first event since the start for which pred(event) holds, waiting up to timeout seconds."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for ev in self.events:
                    if pred(ev):
                        return ev
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)


class BlockingWatch(threading.Thread):
    """A Consul blocking query on server 1, kept open back to back; each response whose digest changed is recorded
    with this machine's clock as [(t_ns, digest)]."""

    def __init__(self, path, digest):
        super().__init__(daemon=True)
        self.path, self.digest = path, digest
        self.changes = []
        self.cond = threading.Condition()
        self.blocking = threading.Event()    # set once the first answer came: from then on a query is always open
        self.stopped = False
        self.error = None

    def run(self):
        index, last = 0, object()
        sep = "&" if "?" in self.path else "?"
        while not self.stopped:
            try:
                status, out, idx = consul("GET", f"{self.path}{sep}index={index}&wait=30s", timeout=40)
                now = time.time_ns()
            except OSError as e:
                self.error = e
                time.sleep(0.1)
                continue
            new_index = int(idx or 0)
            index = new_index if new_index >= index and new_index > 0 else 0
            d = self.digest(status, out)
            with self.cond:
                if d != last:
                    self.changes.append((now, d))
                    last = d
                    self.cond.notify_all()
            self.blocking.set()

    def wait_for(self, pred, after_ns, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for t, d in self.changes:
                    if t >= after_ns and pred(d):
                        return t, d
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def current(self):
        with self.cond:
            return self.changes[-1][1] if self.changes else None


def lock_digest(status, out):
    """(Session, node of the value) of the lock key, (None, None) when there is no key."""
    if status != 200:
        return None, None
    entry = json.loads(out)[0]
    try:
        node = json.loads(base64.b64decode(entry.get("Value") or "")).get("node")
    except (ValueError, AttributeError):
        node = None
    return entry.get("Session"), node


def serf_digest(status, out):
    if status != 200:
        return None
    return next((c["Status"] for c in json.loads(out) if c["CheckID"] == "serfHealth"), None)


# ---------------------------------------------------------------- the service and its state

LOCK_KEY = f"{PREFIX}/locks/services/{SVC}"
SPEC_KEY = f"{PREFIX}/specs/services/{SVC}"
STATUS_KEY = f"{PREFIX}/status/services/{SVC}"


def service_doc():
    return {"apiVersion": "converge/v1", "kind": "Service", "metadata": {"name": SVC},
            "spec": {"image": IMAGE, "imagePull": "IfNotPresent", "ports": [{"name": "http", "containerPort": 8080}],
                     "placement": {"mode": "singleton", "lockDelay": LOCK_DELAY_TEXT},
                     "check": {"http": "/healthz", "interval": "2s", "timeout": "1s"}, "tags": ["bench"]}}


def status_doc():
    return kv_doc(STATUS_KEY)[1] or {}


def roles():
    return {n: (e or {}).get("role") for n, e in (status_doc().get("nodes") or {}).items()}


def wait_until(pred, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def holder(lock):
    """The node holding the lock right now, from the key's Session (Consul's word, not the value's)."""
    session = (lock.current() or (None, None))[0]
    return session_node(session) if session else None


def steady(lock, timeout):
    """Waits until one node holds the lock and runs the one container of the service, and the other two are
    standby; returns the holder."""
    def check():
        h = holder(lock)
        if not h:
            return None
        running = service_containers()
        r = roles()
        others = [node_name(i) for i in range(1, NODES + 1) if node_name(i) != h]
        if len(running) == 1 and running[0][0] == h and r.get(h) == "active" \
                and all(r.get(o) == "standby" for o in others):
            return h
        return None
    h = wait_until(check, timeout, 0.1)
    if not h:
        raise RuntimeError(f"no steady state within {timeout:.0f}s: lock Session/node {lock.current()}, "
                           f"holder {holder(lock)}, running {service_containers()}, roles {roles()}")
    return h


def describe_failure():
    entry, value = kv_doc(LOCK_KEY)
    return (f"lock key {LOCK_KEY}: Session {entry and entry.get('Session')}, value {value}; "
            f"containers {service_containers(running_only=False)}; status roles {roles()}, "
            f"holders {status_doc().get('holders')}, phase {status_doc().get('phase')}")


# ---------------------------------------------------------------- the measured steps

def raw_start(events, i):
    """A raw Docker API create+start of a container like the service's (image, exposed port, bridge network, no
    restart policy): time from just before the create call to Docker's `start` event."""
    name = f"{RAW}-{i:03d}"
    body = {"Image": IMAGE, "Env": [], "ExposedPorts": {"8080/tcp": {}},
            "Labels": {"io.converge.bench": TOKEN, "io.converge.managed": "bench-raw"},
            "HostConfig": {"NetworkMode": "bridge", "RestartPolicy": {"Name": "no"}, "Mounts": []}}
    t0 = time.time_ns()
    cid = docker("POST", f"/containers/create?name={name}", body)["Id"]
    docker("POST", f"/containers/{cid}/start")
    ev = events.wait_for(lambda e: e[0] == "start" and e[1] == cid, 10)
    docker("DELETE", f"/containers/{cid}?force=1&v=1", ok=(204, 404))
    events.wait_for(lambda e: e[0] == "destroy" and e[1] == cid, 30)
    if ev is None:
        raise RuntimeError(f"no start event for the reference container {name}")
    return ev[4] - t0


def host_gone(node):
    """kill -9 of the node's converge, SIGKILL (or BENCH_AGENT_SIGNAL) of its Consul agent, docker rm -f of its
    containers. Returns t0 (just before the first kill) and how long the three took."""
    i = node_index(node)
    conv, agent = cluster_pid(f"converge-{i}"), cluster_pid(f"client-{i}")
    if not conv or not agent:
        raise RuntimeError(f"{node}: converge pid {conv}, agent pid {agent}: not both running")
    ids = [c["Id"] for c in docker("GET", f"/containers/json?all=1&filters={q({'label': [f'io.converge.node={node}']})}")]
    t0 = time.time_ns()
    os.kill(conv, signal.SIGKILL)
    os.kill(agent, getattr(signal, "SIG" + AGENT_SIGNAL))
    for cid in ids:
        docker("DELETE", f"/containers/{cid}?force=1&v=1", ok=(204, 404))
    return t0, time.time_ns() - t0


def one_run(n, events, lock):
    raws = []
    for k in range(RAW_SAMPLES):
        time.sleep(SETTLE)
        raws.append(raw_start(events, n * 100 + k))
    raw = statistics.median(raws)
    time.sleep(SETTLE)
    old = holder(lock)
    if not old or service_containers(node=old) == []:
        raise RuntimeError(f"run {n}: no holder running the service before the kill: {describe_failure()}")
    serf = BlockingWatch(f"/v1/health/node/{old}", serf_digest)
    serf.start()
    if not serf.blocking.wait(10) or serf.current() != "passing":
        raise RuntimeError(f"run {n}: serfHealth of {old} is {serf.current()}, not passing, before the kill")
    leader_entry, leader_value = kv_doc(f"{PREFIX}/locks/leader")
    was_leader = bool(leader_entry and leader_entry.get("Session") and session_node(leader_entry["Session"]) == old)
    t0, kill_ns = host_gone(old)

    started = events.wait_for(lambda e: e[0] == "start" and e[4] >= t0 and e[2] not in (None, old), FAILOVER_TIMEOUT)
    serf.stopped = True
    if started is None:
        raise RuntimeError(f"run {n}: no container of {SVC} started on another node within {FAILOVER_TIMEOUT:.0f}s "
                           f"of killing {old}: {describe_failure()}")
    created = events.wait_for(lambda e: e[0] == "create" and e[1] == started[1], 1)
    new = started[2]
    cleared = lock.wait_for(lambda d: d[0] is None, t0, 5)
    acquired = cleared and lock.wait_for(lambda d: d[0] is not None, cleared[0], 5)
    critical = serf.wait_for(lambda d: d == "critical", t0, 1)
    if not cleared or not acquired:
        raise RuntimeError(f"run {n}: lock key changes not seen (cleared {cleared}, acquired {acquired}); "
                           f"changes {lock.changes[-4:]}")
    acquirer = session_node(acquired[1][0])
    r = {"old": old, "new": new, "kill": kill_ns, "raw": raw, "raws": raws,
         "detection": cleared[0] - t0, "serf": critical[0] - t0 if critical else None,
         "cleared_to_acquired": acquired[0] - cleared[0],
         "acquired_to_create": (created[4] - acquired[0]) if created else None,
         "create_to_start": (started[4] - created[4]) if created else None,
         "total": started[4] - t0, "notes": [],
         "at": {"t0": t0, "cleared": cleared[0], "acquired": acquired[0], "created": created and created[4],
                "started": started[4]}}    # epoch ns, for reading beside the converge logs
    if acquirer != new:
        r["notes"].append(f"lock acquired by {acquirer}, container started on {new}")
    if acquired[1][1] not in (None, acquirer):
        r["notes"].append(f"lock value names {acquired[1][1]}, session is {acquirer}'s")
    # after the failover: one container, on the new holder; the status says so; a dead leader was replaced too
    time.sleep(1)
    if was_leader:
        entry, _ = kv_doc(f"{PREFIX}/locks/leader")
        if not (entry and entry.get("Session")):
            r["notes"].append(f"{old} was the cluster leader: {PREFIX}/locks/leader still has no holder "
                              f"{(time.time_ns() - t0) / 1e9:.1f}s after the kill")
    running = service_containers()
    if [c[0] for c in running] != [new]:
        r["notes"].append(f"running after the failover: {running}")
    st = status_doc()
    if st.get("holders") != [new]:
        r["notes"].append(f"status holders {st.get('holders')}")
    stale = roles().get(old)
    if stale is not None:
        r["notes"].append(f"status still has {old} as {stale} 1s after the failover")

    # restore the host: its agent (same data dir, same node id) and its converge; wait until it is standby
    t1 = time.monotonic()
    try:
        r["restore"] = cluster("up", str(NODES))
    except RuntimeError as e:      # once seen: the restarted converge gone a second after its start; say so, retry
        with open(os.path.join(LOGS, "cluster.out"), errors="replace") as f:
            why = [l.strip() for l in f if l.startswith("cluster: ")][-1:]
        r["notes"].append(f"restore failed ({'; '.join(why) or e}); retried")
        r["restore"] = cluster("up", str(NODES))
    if not wait_until(lambda: roles().get(old) == "standby", 60, 0.1):
        raise RuntimeError(f"run {n}: {old} not standby within 60s of its restore: {describe_failure()}")
    r["standby"] = time.monotonic() - t1
    if holder(lock) != new:
        r["notes"].append(f"holder after the restore is {holder(lock)}, not {new}")
    if service_containers(node=old):
        r["notes"].append(f"{old} runs {service_containers(node=old)} after its restore")
    time.sleep(0.5)
    with events.cond:
        others = [e for e in events.events if e[4] >= t0 and e[0] in ("create", "start") and e[1] != started[1]
                  and e[2] is not None]
    if others:
        r["notes"].append("other container events since t0: " + ", ".join(f"{e[0]} on {e[2]} at +{ms(e[4] - t0):.0f} ms"
                                                                         for e in others))
    return r


def run_line(n, r):
    opt = lambda v: "-" if v is None else f"{ms(v):.0f}"
    line = (f"  run {n}: {r['old']} -> {r['new']}: detection {ms(r['detection']):.0f} ms (serfHealth critical "
            f"{opt(r['serf'])}), cleared->acquired {ms(r['cleared_to_acquired']):.0f}, acquired->create "
            f"{opt(r['acquired_to_create'])}, create->start {opt(r['create_to_start'])}; total "
            f"{ms(r['total']):.0f} ms; raw create+start {ms(r['raw']):.0f} ms (median of {len(r['raws'])}); restore {r['restore']:.1f}s, standby "
            f"{r['standby']:.1f}s")
    return line + "".join(f"\n      note: {x}" for x in r["notes"])


def med(results, key):
    v = [r[key] for r in results if r[key] is not None]
    return statistics.median(v) if v else None


def report(results):
    L = LOCK_DELAY * 1e9
    m = {k: med(results, k) for k in ("detection", "serf", "cleared_to_acquired", "acquired_to_create",
                                      "create_to_start", "total", "raw", "kill")}
    lo_hi = lambda k: f"{ms(min(r[k] for r in results)):.0f} - {ms(max(r[k] for r in results)):.0f}"
    say(f"medians over {len(results)} runs (min - max), ms:")
    say(f"  detection: t0 -> holder's session invalidated     {ms(m['detection']):8.0f}   ({lo_hi('detection')})"
        f"   [the lock key's Session cleared, blocking query on {SERVER[0]}:{SERVER[1]} (server 1)]")
    if m["serf"] is not None:
        say(f"    (t0 -> serfHealth of the holder critical        {ms(m['serf']):8.0f}   same server, blocking query)")
    say(f"  lock-delay (configured)                          {LOCK_DELAY * 1000:8.0f}")
    say(f"  start: raw docker create+start (same run)        {ms(m['raw']):8.0f}   ({lo_hi('raw')})"
        f"   [API create call -> Docker `start` event; median of {RAW_SAMPLES} before each kill]")
    say(f"  total: t0 -> new container `start` event         {ms(m['total']):8.0f}   ({lo_hi('total')})")
    say("breakdown of total (medians, ms):")
    say(f"  t0 -> Session cleared                            {ms(m['detection']):8.0f}")
    say(f"  Session cleared -> lock acquired by a standby    {ms(m['cleared_to_acquired']):8.0f}"
        f"   (lock-delay {LOCK_DELAY * 1000:.0f} + {ms(m['cleared_to_acquired'] - L):.0f})")
    if m["acquired_to_create"] is not None:
        say(f"  lock acquired -> container created               {ms(m['acquired_to_create']):8.0f}")
        say(f"  created -> running (Docker events)               {ms(m['create_to_start']):8.0f}")
    base = m["detection"] + L + m["raw"]
    say(f"  overhead: total - (detection + lockDelay + start) {ms(m['total'] - base):7.0f}")
    say(f"  (killing the host took {ms(m['kill']):.0f} ms: kill -9 converge, SIG{AGENT_SIGNAL} agent, docker rm -f)")
    per_run = [r["total"] / (r["detection"] + L + r["raw"]) for r in results]
    say(f"  per-run ratios {', '.join(f'{x:.2f}' for x in per_run)}; their median {statistics.median(per_run):.2f}")
    if m["create_to_start"] is not None:
        say(f"  with start = the new container's own create -> start events instead: "
            f"{m['total'] / (m['detection'] + L + m['create_to_start']):.2f}")
    say("ratio below: median total / (median detection + lockDelay + median raw start)")
    return m["total"] / base


def cleanup(events):
    """Spec, reference containers, logs kept, cluster down. Never raises."""
    try:
        consul("DELETE", f"/v1/kv/{SPEC_KEY}")
        wait_until(lambda: not service_containers(running_only=False), 5, 0.2)
    except Exception as e:      # noqa: BLE001 - cleanup goes on whatever failed
        say(f"  cleanup: {e}")
    try:
        for c in docker("GET", f"/containers/json?all=1&filters={q({'label': [f'io.converge.bench={TOKEN}']})}"):
            docker("DELETE", f"/containers/{c['Id']}?force=1&v=1", ok=(204, 404))
    except Exception as e:      # noqa: BLE001
        say(f"  cleanup: {e}")
    for f in os.listdir(STATE) if os.path.isdir(STATE) else []:
        if f.endswith(".log"):
            shutil.copy(os.path.join(STATE, f), LOGS)
    try:
        took = cluster("down", timeout=120)
        say(f"  cluster down in {took:.1f}s; logs (converge-I.log, client-I.log, cluster.out) kept in {LOGS}")
    except Exception as e:      # noqa: BLE001
        say(f"  cleanup: {e}")


def main():
    if RUNS < 5:
        raise RuntimeError(f"BENCH_RUNS must be at least 5 (got {RUNS})")
    if AGENT_SIGNAL not in ("KILL", "INT"):
        raise RuntimeError(f"BENCH_AGENT_SIGNAL must be KILL or INT (got {AGENT_SIGNAL})")
    if FENCE > LOCK_DELAY:
        raise RuntimeError(f"BENCH_FENCE_AFTER + BENCH_FENCE_KILL_BUDGET ({FENCE:g}s) must not exceed "
                           f"BENCH_LOCK_DELAY ({LOCK_DELAY:g}s): converge would refuse to start")
    os.makedirs(LOGS, exist_ok=True)
    docker("GET", f"/images/{urllib.parse.quote(IMAGE, safe='')}/json")
    version = subprocess.run(["consul", "version"], capture_output=True, text=True).stdout.split("\n")[0]
    say(f"converge bench: failover  ({os.cpu_count()} CPUs, {version}, docker {docker('GET', '/version')['Version']},"
        f" image {IMAGE})")
    say(f"  cluster {NAME}: 3 servers + {NODES} clients on {NET}.x, state {STATE}; kv prefix {PREFIX}; service {SVC};"
        f" lock-delay {LOCK_DELAY_TEXT}, fence-after {os.environ['BENCH_FENCE_AFTER']}, fence-kill-budget "
        f"{os.environ['BENCH_FENCE_KILL_BUDGET']}; {RUNS} runs; host gone = kill -9 converge, SIG{AGENT_SIGNAL} "
        f"agent, docker rm -f")
    say(f"  logs in {LOGS}")
    events = DockerEvents()
    events.start()
    events.ready.wait(10)
    results, failed = [], True
    try:
        took = cluster("up", str(NODES))
        say(f"  cluster up in {took:.1f}s")
        lock = BlockingWatch(f"/v1/kv/{LOCK_KEY}", lock_digest)
        lock.start()
        lock.blocking.wait(10)
        t = time.monotonic()
        consul_json("PUT", f"/v1/kv/{SPEC_KEY}", service_doc())
        h = steady(lock, 90)
        say(f"  {SVC} running on {h} (lock held, other nodes standby) {time.monotonic() - t:.1f}s after the put")
        raw_start(events, 0)     # unmeasured warm-up of the reference
        for n in range(1, RUNS + 1):
            r = one_run(n, events, lock)
            results.append(r)
            say(run_line(n, r))
        with open(os.path.join(LOGS, "failover-samples-ms.json"), "w") as f:
            json.dump([{k: (round(ms(v), 1) if isinstance(v, (int, float)) and k not in ("restore", "standby")
                            else [round(ms(x), 1) for x in v] if k == "raws"
                            else {e: time.strftime("%H:%M:%S", time.gmtime(t / 1e9)) + f".{t // 1000 % 1000000:06d}"
                                  for e, t in v.items() if t} if k == "at" else v)
                        for k, v in r.items()} for r in results], f, indent=1)
        failed = False
    finally:
        if failed and results:
            say(f"  {len(results)} runs completed before the failure")
        cleanup(events)
    ratio = report(results)
    say(f"  whole bench took {time.monotonic() - START:.0f}s")
    say(f"failover: total / (detection + lockDelay + start) = {ratio:.2f}")


START = time.monotonic()


def _terminated(*_):
    raise KeyboardInterrupt


signal.signal(signal.SIGTERM, _terminated)
try:
    main()
except KeyboardInterrupt:
    say("bench: interrupted")
    sys.exit(130)
except Exception as e:      # noqa: BLE001
    say(f"bench: FAILED: {e}")
    sys.exit(1)
PY
  python3 -c "$failover_py" &
  py_pid=$!
  local rc=0
  wait "$py_pid" || rc=$?
  py_pid=""
  failover_cleanup
  exit "$rc"
}

export BENCH_ROOT=$root
[ "$bench" = failover ] && bench_failover
exec python3 - "$@" <<'PY'
import http.client, json, math, os, random, re, signal, socket, statistics, string, subprocess, sys
import tempfile, threading, time, urllib.parse
from collections import Counter

ROOT = os.environ["BENCH_ROOT"]
ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "20"))
SERVICES = int(os.environ.get("BENCH_SERVICES", "100"))
IDLE = int(os.environ.get("BENCH_IDLE_SECONDS", "60"))
CHECK_INTERVAL = os.environ.get("BENCH_CHECK_INTERVAL", "1s")
IMAGE = os.environ.get("BENCH_IMAGE", "converge-test/busybox:latest")
SETTLE = float(os.environ.get("BENCH_SETTLE_SECONDS", "0.5"))   # quiet time before each measured put / create
CONSUL = ("127.0.0.1", 8500)
TOKEN = "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(5))
PREFIX = "converge-bench/" + TOKEN
SVC = "bench-" + TOKEN          # service names: SVC-a000, SVC-b000 ...
RAW = "converge-bench-raw-" + TOKEN
TICK = os.sysconf("SC_CLK_TCK")
LOGDIR = tempfile.mkdtemp(prefix="converge-bench-")


def say(msg=""):
    print(msg, flush=True)


def ms(ns):
    return ns / 1e6


# ---------------------------------------------------------------- Consul and Docker over HTTP

def consul(method, path, body=None, timeout=10):
    c = http.client.HTTPConnection(*CONSUL, timeout=timeout)
    headers = {}
    if os.environ.get("CONSUL_HTTP_TOKEN"):
        headers["X-Consul-Token"] = os.environ["CONSUL_HTTP_TOKEN"]
    data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
    c.request(method, path, body=data, headers=headers)
    r = c.getresponse()
    out = r.read()
    c.close()
    return r.status, out


def consul_json(method, path, body=None):
    status, out = consul(method, path, body)
    if status // 100 != 2:
        raise RuntimeError(f"consul {method} {path}: HTTP {status} {out[:200]!r}")
    return json.loads(out) if out else None


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path="/var/run/docker.sock", timeout=120):
        super().__init__("docker", timeout=timeout)
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self.unix_path)
        self.sock = s


def docker(method, path, body=None, ok=(200, 201, 204, 304)):
    c = UnixHTTPConnection()
    data = None if body is None else json.dumps(body).encode()
    c.request(method, path, body=data, headers={"Content-Type": "application/json"} if data else {})
    r = c.getresponse()
    out = r.read()
    c.close()
    if r.status not in ok:
        raise RuntimeError(f"docker {method} {path}: HTTP {r.status} {out[:300]!r}")
    return json.loads(out) if out and r.headers.get("Content-Type", "").startswith("application/json") else None


def q(obj):
    return urllib.parse.quote(json.dumps(obj))


class DockerEvents(threading.Thread):
    """Docker's event stream (HTTP/1.0, so no chunking): first `start` and `destroy` time (daemon clock, ns) per
    container, keyed by the io.converge.service label, else by container name."""

    def __init__(self, node):
        super().__init__(daemon=True)
        self.node = node
        self.creates, self.starts, self.destroys = {}, {}, {}
        self.cond = threading.Condition()
        self.ready = threading.Event()

    def run(self):
        flt = q({"type": ["container"], "label": ["io.converge.node=" + self.node],
                 "event": ["create", "start", "destroy"]})
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect("/var/run/docker.sock")
        s.sendall(f"GET /events?filters={flt} HTTP/1.0\r\nHost: docker\r\n\r\n".encode())
        f = s.makefile("rb")
        while f.readline() not in (b"\r\n", b"\n", b""):
            pass
        self.ready.set()
        for line in f:
            line = line.strip()
            if not line.startswith(b"{"):
                continue
            ev = json.loads(line)
            attrs = (ev.get("Actor") or {}).get("Attributes") or {}
            key = attrs.get("io.converge.service") if attrs.get("io.converge.managed") == "true" else attrs.get("name")
            table = {"create": self.creates, "start": self.starts}.get(ev.get("Action"), self.destroys)
            with self.cond:
                table.setdefault(key, ev["timeNano"])
                self.cond.notify_all()

    def wait(self, table, key, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while key not in table:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)
            return table[key]


# ---------------------------------------------------------------- the counting proxy

class CountingProxy(threading.Thread):
    """A TCP pass-through to the Consul agent that parses the client->agent direction as HTTP/1.1 requests and
    counts them (by method and path shape). Long blocking queries just stay open: the agent->client direction is
    copied byte for byte."""

    def __init__(self, upstream, normalize):
        super().__init__(daemon=True)
        self.upstream, self.normalize = upstream, normalize
        self.lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(256)
        self.port = self.lsock.getsockname()[1]
        self.lock = threading.Lock()
        self.total = 0
        self.by_kind = Counter()
        self.connections = 0
        self.closed = False

    def snapshot(self):
        with self.lock:
            return self.total, Counter(self.by_kind), self.connections

    def run(self):
        while not self.closed:
            try:
                client, _ = self.lsock.accept()
            except OSError:
                return
            with self.lock:
                self.connections += 1
            threading.Thread(target=self.handle, args=(client,), daemon=True).start()

    def handle(self, client):
        try:
            up = socket.create_connection(self.upstream)
        except OSError:
            client.close()
            return
        for s in (client, up):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=self.pump, args=(up, client), daemon=True).start()
        f = client.makefile("rb")
        try:
            while True:
                line = f.readline(65537)
                if not line:
                    break
                if line in (b"\r\n", b"\n"):
                    up.sendall(line)
                    continue
                head = [line]
                length, chunked = 0, False
                while True:
                    h = f.readline(65537)
                    if not h:
                        raise EOFError
                    head.append(h)
                    if h in (b"\r\n", b"\n"):
                        break
                    name, _, value = h.decode("latin-1").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                    elif name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
                        chunked = True
                self.count(line)
                up.sendall(b"".join(head))
                if chunked:
                    while True:
                        size_line = f.readline()
                        up.sendall(size_line)
                        size = int(size_line.split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            while True:
                                t = f.readline()
                                up.sendall(t)
                                if t in (b"\r\n", b"\n", b""):
                                    break
                            break
                        up.sendall(f.read(size + 2))
                elif length:
                    up.sendall(f.read(length))
        except (OSError, EOFError, ValueError):
            pass
        finally:
            for s in (up, client):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    @staticmethod
    def pump(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def count(self, request_line):
        parts = request_line.decode("latin-1").split()
        method, target = (parts + ["?", "?"])[:2]
        path, _, query = target.partition("?")
        blocking = " (blocking)" if re.search(r"(^|&)index=[1-9]", query) else ""
        with self.lock:
            self.total += 1
            self.by_kind[f"{method} {self.normalize(path)}{blocking}"] += 1

    def close(self):
        self.closed = True
        self.lsock.close()


# ---------------------------------------------------------------- converge itself

class Converge:
    def __init__(self, node, consul_port):
        self.node = node
        self.port = free_port()
        self.log = os.path.join(LOGDIR, "converge.log")
        opts = [f"-Dconverge.kv.prefix={PREFIX}", "-Dconverge.containers.node-suffix=true",
                f"-Dconverge.consul.address=127.0.0.1:{consul_port}", f"-Dquarkus.http.port={self.port}"]
        env = dict(os.environ, JAVA_OPTS=(os.environ.get("JAVA_OPTS", "") + " " + " ".join(opts)).strip())
        env.pop("CONSUL_HTTP_ADDR", None)
        self.started = time.monotonic()
        self.proc = subprocess.Popen([os.path.join(ROOT, "bin", "converge"), "run"], env=env,
                                     stdout=open(self.log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)

    def await_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"converge exited with {self.proc.returncode}; see {self.log}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/q/health/ready")
                if c.getresponse().status == 200:
                    return time.monotonic() - self.started
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"converge not ready within {timeout}s; see {self.log}")

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK    # utime, stime (fields 14 and 15)

    def status_kb(self, key):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return 0

    def threads(self):
        return self.status_kb("Threads")

    def stop(self):
        if self.proc.poll() is not None:
            return self.proc.returncode, 0.0
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.proc.returncode, time.monotonic() - t0

    def log_problems(self):
        try:
            with open(self.log, errors="replace") as f:
                lines = [l.rstrip() for l in f if re.search(r"\s(WARN|ERROR)\s", l)]
        except OSError:
            return []
        return lines


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---------------------------------------------------------------- documents, timing helpers

def service_doc(name, host_port=None, interval="10s"):
    port = {"name": "http", "containerPort": 8080}
    if host_port:
        port["hostPort"] = host_port
    return {"apiVersion": "converge/v1", "kind": "Service", "metadata": {"name": name},
            "spec": {"image": IMAGE, "imagePull": "IfNotPresent", "ports": [port],
                     "check": {"http": "/healthz", "interval": interval, "timeout": "1s"}, "tags": ["bench"]}}


def spec_key(name):
    return f"/v1/kv/{PREFIX}/specs/services/{name}"


def agent_health(name):
    """(registered, passing, tags) of converge-<name> in the local agent."""
    status, out = consul("GET", f"/v1/agent/health/service/id/converge-{name}")
    if status == 404:
        return False, False, []
    doc = json.loads(out)
    # the instance's own checks: the aggregate also counts the node's checks (another tool's, a dead converge's)
    own = [c for c in doc.get("Checks") or [] if c.get("ServiceID") == f"converge-{name}"]
    return True, bool(own) and all(c.get("Status") == "passing" for c in own), \
        (doc.get("Service") or {}).get("Tags") or []


def pct(values, p):
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def row(label, values_ns):
    v = [ms(x) for x in values_ns]
    return f"  {label:<34} median {statistics.median(v):8.1f} ms   p95 {pct(v, 95):8.1f} ms   (n={len(v)})"


def wait_until(pred, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()


def bench_containers(node, all_states=True):
    flt = q({"label": ["io.converge.node=" + node]})
    out = docker("GET", f"/containers/json?all={1 if all_states else 0}&filters={flt}")
    return [c for c in out if (c.get("Labels") or {}).get("io.converge.service", "").startswith(SVC)
            or any(n.lstrip("/").startswith(RAW) for n in c.get("Names") or [])]


def bench_registrations():
    services = consul_json("GET", "/v1/agent/services")
    return [sid for sid in services if sid.startswith("converge-" + SVC)]


# ---------------------------------------------------------------- the phases

def one_converge(events, name, host_port):
    registered = passing = tagged = None
    time.sleep(SETTLE)
    t0 = time.time_ns()
    consul_json("PUT", spec_key(name), service_doc(name, host_port, CHECK_INTERVAL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and tagged is None:
        reg, ok, tags = agent_health(name)
        now = time.time_ns()
        if reg and registered is None:
            registered = now
        if ok and passing is None:
            passing = now
        if ok and "running" in tags:
            tagged = now
        time.sleep(0.01)
    started = events.wait(events.starts, name, 5)
    created = events.creates.get(name)
    if None in (registered, passing, tagged, started, created):
        raise RuntimeError(f"{name}: not running/registered/passing/tagged within 60s "
                           f"(start={started}, registered={registered}, passing={passing}, tagged={tagged})")
    t_del = time.time_ns()
    consul("DELETE", spec_key(name))
    destroyed = events.wait(events.destroys, name, 60)
    if destroyed is None or not wait_until(lambda: not agent_health(name)[0], 30, 0.02):
        raise RuntimeError(f"{name}: container or registration not removed within 60s of the delete")
    return created - t0, started - t0, registered - t0, passing - t0, tagged - t0, destroyed - t_del


def one_raw(events, node, i, host_port):
    name = f"{RAW}-{i:03d}"
    body = {"Image": IMAGE, "Env": [], "ExposedPorts": {"8080/tcp": {}},
            "Labels": {"io.converge.managed": "bench-raw", "io.converge.service": name,
                       "io.converge.node": node, "io.converge.spec-hash": "0123456789abcdef"},
            "HostConfig": {"NetworkMode": "bridge", "RestartPolicy": {"Name": "no"}, "Mounts": [],
                           "PortBindings": {"8080/tcp": [{"HostIp": "", "HostPort": str(host_port)}]}}}
    time.sleep(SETTLE)
    t0 = time.time_ns()
    cid = docker("POST", f"/containers/create?name={name}", body)["Id"]
    docker("POST", f"/containers/{cid}/start")
    returned = time.time_ns()
    started = events.wait(events.starts, name, 10)
    RAW_CREATED.append(events.creates.get(name, started) - t0)
    docker("POST", f"/containers/{cid}/stop?t=10", ok=(204, 304, 404))    # as converge removes: stop, then remove
    docker("DELETE", f"/containers/{cid}?force=1&v=1", ok=(204, 404))
    events.wait(events.destroys, name, 30)
    return started - t0, returned - t0


RAW_CREATED = []


def phase_empty(conv, proxy, seconds=10):
    """converge idle with no Service at all under its prefix."""
    time.sleep(2)
    total0, kinds0, _ = proxy.snapshot()
    cpu0, w0 = conv.cpu_seconds(), time.monotonic()
    time.sleep(seconds)
    cpu1, w1 = conv.cpu_seconds(), time.monotonic()
    total1, kinds1, _ = proxy.snapshot()
    window = w1 - w0
    say(f"(b0) idle with no Service under its prefix, {window:.0f}s: {total1 - total0} HTTP requests to Consul "
        f"({(total1 - total0) * 60 / window:.0f}/60s); CPU {cpu1 - cpu0:.2f}s ({(cpu1 - cpu0) * 60 / window:.2f} s/60s)")
    for kind, n in (kinds1 - kinds0).most_common(3):
        say(f"      {n:5d}  {kind}")
    return {"requests": total1 - total0, "window": window, "cpu": cpu1 - cpu0}


def phase_latency(events, node):
    host_port = free_port()
    say(f"(a) put-to-running over {ITERATIONS} fresh Services (check interval {CHECK_INTERVAL}, hostPort {host_port})"
        f" and {ITERATIONS} raw create+start, alternating, {SETTLE}s quiet before each; one unmeasured warm-up of each")
    one_converge(events, f"{SVC}-w000", host_port)
    one_raw(events, node, 0, host_port)
    res = {k: [] for k in ("create", "run", "reg", "pass", "tag", "del", "raw", "raw_api")}
    for i in range(1, ITERATIONS + 1):
        if i % 2:      # alternate which goes first, so neither always follows the other's teardown
            measured = one_converge(events, f"{SVC}-a{i:03d}", host_port) + one_raw(events, node, i, host_port)
        else:
            raw = one_raw(events, node, i, host_port)
            measured = one_converge(events, f"{SVC}-a{i:03d}", host_port) + raw
        for k, v in zip(res, measured):
            res[k].append(v)
    with open(os.path.join(LOGDIR, "latency-samples-ms.json"), "w") as f:
        json.dump({k: [round(ms(x), 1) for x in v] for k, v in dict(res, raw_create=RAW_CREATED[1:]).items()}, f,
                  indent=1)
    say(row("put -> container created", res["create"]))
    say(row("put -> container running", res["run"]))
    say(row("put -> registered in agent", res["reg"]))
    say(row("put -> check passing", res["pass"]))
    say(row("put -> registration tagged running", res["tag"]))
    say(row("delete -> container removed", res["del"]))
    say(row("raw docker create+start (event)", res["raw"]))
    say(row("raw docker create+start (API ret)", res["raw_api"]))
    return res


def phase_idle(conv, proxy, events, node):
    names = [f"{SVC}-s{i:03d}" for i in range(SERVICES)]
    say(f"(b)(c) {SERVICES} Services (no hostPort, http check every 10s), then {IDLE}s idle")
    apply0 = proxy.snapshot()[0]
    t0 = time.monotonic()
    for n in names:
        consul_json("PUT", spec_key(n), service_doc(n))
    put_s = time.monotonic() - t0
    if not wait_until(lambda: all(n in events.starts for n in names), 180, 0.1):
        raise RuntimeError(f"only {sum(n in events.starts for n in names)}/{SERVICES} containers started in 180s")
    all_running = time.monotonic() - t0

    def passing_count():
        checks = consul_json("GET", "/v1/agent/checks")
        return sum(1 for c in checks.values() if c.get("ServiceID", "").startswith("converge-" + SVC + "-s")
                   and c.get("Status") == "passing")

    def tagged_count():
        services = consul_json("GET", "/v1/agent/services")
        return sum(1 for sid, s in services.items() if sid.startswith("converge-" + SVC + "-s")
                   and "running" in (s.get("Tags") or []))

    if not wait_until(lambda: passing_count() == SERVICES, 120, 0.2):
        raise RuntimeError(f"only {passing_count()}/{SERVICES} checks passing after 120s")
    all_passing = time.monotonic() - t0
    if not wait_until(lambda: tagged_count() == SERVICES, 60, 0.2):
        say(f"  note: only {tagged_count()}/{SERVICES} registrations tagged running after 60s")
    all_tagged = time.monotonic() - t0
    say(f"  {SERVICES} puts took {put_s:.1f}s; all running after {all_running:.1f}s, all passing after "
        f"{all_passing:.1f}s, all tagged running after {all_tagged:.1f}s")
    time.sleep(10)   # let the last reconciles and re-registrations settle
    total0, kinds0, conns0 = proxy.snapshot()
    say(f"  converge made {total0 - apply0} HTTP requests to Consul from the first put until 10s after all were "
        f"tagged running ({(total0 - apply0) / SERVICES:.1f} per Service)")
    cpu0, w0 = conv.cpu_seconds(), time.monotonic()
    time.sleep(IDLE)
    cpu1, w1 = conv.cpu_seconds(), time.monotonic()
    total1, kinds1, conns1 = proxy.snapshot()
    window = w1 - w0
    requests = total1 - total0
    rss, hwm, threads = conv.status_kb("VmRSS"), conv.status_kb("VmHWM"), conv.threads()
    restarts = [n for n in names if n in events.destroys]
    say(f"  idle {window:.0f}s: {requests} HTTP requests to Consul ({requests * 60 / window:.1f}/60s), "
        f"{conns1 - conns0} new connections; CPU {cpu1 - cpu0:.2f}s ({(cpu1 - cpu0) * 60 / window:.2f} s/60s)")
    for kind, n in (kinds1 - kinds0).most_common(8):
        say(f"      {n:5d}  {kind}")
    say(f"  resident memory with {SERVICES} Services: VmRSS {rss / 1024:.0f} MiB (peak VmHWM {hwm / 1024:.0f} MiB), "
        f"{threads} threads")
    if restarts:
        say(f"  note: {len(restarts)} of the {SERVICES} containers were destroyed while they should have run")
    t1 = time.monotonic()
    consul("DELETE", f"/v1/kv/{PREFIX}/specs/services/?recurse")
    gone = wait_until(lambda: not bench_containers(node) and not bench_registrations(), 240, 0.25)
    say(f"  delete of all {SERVICES} specs (one recursive delete): containers and registrations gone after "
        f"{time.monotonic() - t1:.1f}s" + ("" if gone else " (NOT all gone after 240s)"))
    wait_until(lambda: consul("GET", f"/v1/kv/{PREFIX}/status/services/?keys")[0] == 404, 30, 0.25)
    say(f"  ... and {proxy.snapshot()[0] - total1} HTTP requests to Consul for that teardown "
        f"({(proxy.snapshot()[0] - total1) / SERVICES:.1f} per Service)")
    return {"requests": requests, "window": window, "cpu": cpu1 - cpu0, "rss": rss, "hwm": hwm,
            "threads": threads, "kinds": kinds1 - kinds0, "all_running": all_running, "all_passing": all_passing}


def cleanup(node, conv, proxy):
    try:
        consul("DELETE", f"/v1/kv/{PREFIX}/specs/?recurse")
        if conv is not None and conv.proc.poll() is None:
            wait_until(lambda: not bench_containers(node) and not bench_registrations(), 120, 0.25)
    except Exception as e:      # noqa: BLE001 - cleanup goes on whatever failed
        say(f"cleanup: {e}")
    stopped = conv.stop() if conv is not None else None
    leftovers = []
    try:
        code, out = consul("GET", f"/v1/kv/{PREFIX}/status/?keys")
        statuses = json.loads(out) if code == 200 else []
        for c in bench_containers(node):
            leftovers.append("container " + c["Names"][0])
            docker("DELETE", f"/containers/{c['Id']}?force=1&v=1", ok=(204, 404))
        for sid in bench_registrations():
            leftovers.append("registration " + sid)
            consul("PUT", f"/v1/agent/service/deregister/{sid}")
        leftovers += ["status key " + k for k in statuses or []]
        consul("DELETE", f"/v1/kv/{PREFIX}?recurse")
    except Exception as e:      # noqa: BLE001
        say(f"cleanup: {e}")
    if proxy is not None:
        proxy.close()
    return stopped, leftovers


def main():
    me = consul_json("GET", "/v1/agent/self")
    node = me["Config"]["NodeName"]
    docker("GET", f"/images/{urllib.parse.quote(IMAGE, safe='')}/json")
    cpus = os.cpu_count()
    say(f"converge bench: service  (node {node}, {cpus} CPUs, Consul {me['Config'].get('Version', '?')}, "
        f"docker {docker('GET', '/version')['Version']}, image {IMAGE})")
    say(f"  kv prefix {PREFIX}, service names {SVC}-*, logs in {LOGDIR}")
    def normalize(path):
        path = path.replace(PREFIX, "{prefix}").replace("/" + node, "/{node}")
        return re.sub(re.escape(SVC) + r"-[a-z]\d{3}", "{svc}", path)

    events = DockerEvents(node)
    events.start()
    events.ready.wait(10)
    proxy = CountingProxy(CONSUL, normalize)
    proxy.start()
    conv, failed = None, True
    try:
        conv = Converge(node, proxy.port)
        ready_s = conv.await_ready()
        say(f"  converge ready after {ready_s:.1f}s (pid {conv.proc.pid}, http port {conv.port}, Consul via counting "
            f"proxy on 127.0.0.1:{proxy.port}); RSS at start {conv.status_kb('VmRSS') / 1024:.0f} MiB")
        empty = phase_empty(conv, proxy)
        lat = phase_latency(events, node)
        idle = phase_idle(conv, proxy, events, node)
        failed = False
    finally:
        stopped, leftovers = cleanup(node, conv, proxy)
        if stopped:
            say(f"  converge stopped by SIGTERM in {stopped[1]:.1f}s, exit code {stopped[0]}")
        if leftovers:
            say("  cleanup found and removed leftovers: " + ", ".join(leftovers[:20]))
        problems = conv.log_problems() if conv is not None else []
        if problems:
            say(f"  converge logged {len(problems)} WARN/ERROR lines, e.g.:")
            for l in problems[:5]:
                say("    " + l[:220])
        if failed:
            say(f"  logs kept in {LOGDIR}")
        elif proxy is not None:
            total, kinds, conns = proxy.snapshot()
            say(f"  whole run: converge made {total} HTTP requests to Consul over {conns} connections; most frequent:")
            for kind, n in kinds.most_common(6):
                say(f"      {n:5d}  {kind}")
    total_s = time.monotonic() - START
    med_run, med_raw = statistics.median(lat["run"]), statistics.median(lat["raw"])
    say(f"  whole bench took {total_s:.0f}s; logs in {LOGDIR}")
    say(f"service: put-to-running {ms(med_run):.1f} ms (p95 {ms(pct(lat['run'], 95)):.1f}); "
        f"raw create+start {ms(med_raw):.1f} ms (p95 {ms(pct(lat['raw'], 95)):.1f}); "
        f"idle {idle['requests'] * 60 / idle['window']:.0f} Consul requests/60s, "
        f"CPU {idle['cpu'] * 60 / idle['window']:.2f} s/60s, RSS {idle['rss'] / 1024:.0f} MiB with {SERVICES} Services")
    say(f"service: put-to-running / raw-start = {med_run / med_raw:.2f}")


START = time.monotonic()
def _terminated(*_):
    raise KeyboardInterrupt


signal.signal(signal.SIGTERM, _terminated)
try:
    main()
except KeyboardInterrupt:
    say("bench: interrupted")
    sys.exit(130)
except Exception as e:      # noqa: BLE001
    say(f"bench: FAILED: {e}")
    sys.exit(1)
PY
