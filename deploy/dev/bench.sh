#!/usr/bin/env bash
# converge benchmarks, runnable with one command on a machine where deploy/dev/setup.sh and
# deploy/dev/build.sh have run (local Consul agent on 127.0.0.1:8500, dockerd, the test image, a built app).
#
#   deploy/dev/bench.sh service     put-to-running against raw docker create+start, idle cost, memory (~3 min)
#   deploy/dev/bench.sh failover    a singleton's failover in its own 3-node dev cluster on 127.0.9 (~2 min)
#   deploy/dev/bench.sh catalog     1,000 services and PortForwards: health change to enqueue, Consul cost (~2 min)
#   deploy/dev/bench.sh dnat        nftables DNAT: change to rule live, apply of 1,000 forwards against raw nft -f (~3 min)
#   deploy/dev/bench.sh routes      Caddy routes: catalog change to route live, wrk req/s proxied vs direct, LDAP (~2 min)
#   deploy/dev/bench.sh dns         DnsRecord: catalog change to DNS answer, PowerDNS and RFC 2136 vs direct calls (~2 min)
#   deploy/dev/bench.sh cli         each client command's start-to-exit time (bin/converge) vs `consul kv get` (~1 min)
#
# The benchmarks are Java beside the integration tests, sharing their harness (src/test/java/io/converge/bench/,
# ServiceBench, FailoverBench, CatalogBench, DnatBench, RoutesBench, DnsBench and CliBench; their Javadoc says exactly what
# each measures, deploy/dev/BENCHMARKS.md shows results). This script compiles the test classes when a source is newer
# than them (mvn test-compile, offline when the local repository allows), caches the test classpath in
# target/bench-classpath.txt, and runs the bench class. It does not rebuild the app: a bench measures
# target/quarkus-app as deploy/dev/build.sh made it.
#
# Last lines:  `service: put-to-running / raw-start = X.XX`   `failover: total / (detection + lockDelay + start) = X.XX`
#              `catalog: change-to-enqueue-ms-p50 = N`   `dnat: apply-1000 / raw-nft = X.XX`
#              `routes: catalog-to-live-ms-p50 = N, proxied/direct = X.XX`
#              `dns: event-to-answer-ms-p50 = N (powerdns), N (rfc2136)`   `cli: get-median-ms = N`
#
# Knobs (environment), service: BENCH_ITERATIONS=20 BENCH_SERVICES=100 BENCH_IDLE_SECONDS=60 BENCH_EMPTY_SECONDS=10
#   BENCH_CHECK_INTERVAL=1s BENCH_SETTLE_SECONDS=0.5 BENCH_IMAGE=converge-test/busybox:latest
#   BENCH_CONSUL_ADDR=127.0.0.1:8500 (CONSUL_HTTP_TOKEN is used when set).
# failover: BENCH_RUNS=5 (at least 5) BENCH_LOCK_DELAY=5s BENCH_FENCE_AFTER=2s BENCH_FENCE_KILL_BUDGET=2s
#   BENCH_AGENT_SIGNAL=KILL (or INT) BENCH_RAW_SAMPLES=3 BENCH_SETTLE_SECONDS=1 BENCH_FAILOVER_TIMEOUT=<L+60>
#   BENCH_CLUSTER_NET=127.0.9 BENCH_CLUSTER_NAME=fb BENCH_JAVA_OPTS (more -D options for every converge) BENCH_IMAGE.
# catalog: BENCH_SERVICES=1000 BENCH_CHANGES=30 BENCH_IDLE_SECONDS=60 BENCH_SETTLE_SECONDS=0.5
#   BENCH_CONSUL_ADDR (default: a Consul agent of its own on free ports; else that agent, with its own prefix and names).
# dnat (root; network namespaces, nft): BENCH_FORWARDS=1000 BENCH_SAMPLES=7 BENCH_CHANGES=30 BENCH_SETTLE_SECONDS=0.5
#   BENCH_PROBE_GAP=1ms (pause between two probe connections) BENCH_JAVA_OPTS (more -D options for converge);
#   always a Consul agent of its own.
# routes (caddy, wrk, slapd and ldap-utils from setup.sh): BENCH_CHANGES=30 BENCH_SETTLE_SECONDS=0.5 BENCH_PROBE_GAP=1ms
#   BENCH_WRK_SECONDS=10 BENCH_WRK_THREADS=2 BENCH_WRK_CONNECTIONS=50 BENCH_WRK_ROUNDS=1 BENCH_LDAP=1 (0: no LDAP run);
#   always a Caddy, a Consul agent and a slapd of its own on free loopback ports.
# dns (pdns-server + pdns-backend-sqlite3, bind9, bind9-dnsutils from setup.sh): BENCH_CHANGES=30 (per provider)
#   BENCH_SETTLE_SECONDS=0.5 BENCH_PROBE_GAP=1ms; always a Consul agent, a PowerDNS and a BIND of its own on free
#   loopback ports.
# cli: BENCH_RUNS=15 (runs per command, after one warm-up) BENCH_SPECS=5 BENCH_CONSUL_ADDR=127.0.0.1:8500
#   BENCH_LAUNCHER=bin/converge BENCH_CONSUL_BIN=consul CONVERGE_APP (another build's quarkus-app, to compare).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  echo "usage: deploy/dev/bench.sh service|failover|catalog|dnat|routes|dns|cli" >&2
  exit 2
}

[ $# -eq 1 ] || usage
case "$1" in
  service) class=io.converge.bench.ServiceBench ;;
  failover) class=io.converge.bench.FailoverBench ;;
  catalog) class=io.converge.bench.CatalogBench ;;
  dnat) class=io.converge.bench.DnatBench ;;
  routes) class=io.converge.bench.RoutesBench ;;
  dns) class=io.converge.bench.DnsBench ;;
  cli) class=io.converge.bench.CliBench ;;
  -h|--help|help) usage ;;
  *) echo "bench: unknown benchmark '$1'" >&2; usage ;;
esac
cd "$root"
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "bench: target/quarkus-app not built; run deploy/dev/build.sh" >&2; exit 1; }
[ -S /var/run/docker.sock ] || { echo "bench: /var/run/docker.sock missing; run deploy/dev/setup.sh" >&2; exit 1; }
if [ -n "$(find src/main pom.xml -newer target/quarkus-app/quarkus-run.jar -type f -print -quit)" ]; then
  echo "bench: note: sources changed since target/quarkus-app was built; this measures the built app (deploy/dev/build.sh rebuilds it)" >&2
fi

classes=target/test-classes/io/converge/bench/ServiceBench.class
classpath=target/bench-classpath.txt
if [ ! -f "$classes" ] || [ ! -f "$classpath" ] || [ pom.xml -nt "$classpath" ] \
   || [ -n "$(find src -name '*.java' -newer "$classes" -print -quit)" ]; then
  echo "bench: compiling the test classes and resolving the test classpath (mvn)" >&2
  goals=(test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath
         -Dmdep.outputFile="$root/$classpath" -Dmdep.includeScope=test)
  mvn -B -q -o "${goals[@]}" >target/bench-mvn.log 2>&1 || mvn -B -q "${goals[@]}" >target/bench-mvn.log 2>&1 ||
    { echo "bench: the build failed; see target/bench-mvn.log" >&2; tail -n 20 target/bench-mvn.log >&2; exit 1; }
fi
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "target/test-classes:target/classes:$(cat "$classpath")" \
  "$class"
