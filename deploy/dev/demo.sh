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
nohup "$root/bin/converge" run >>"$state/log/converge.log" 2>&1 &
echo $! >"$state/converge.pid"
for _ in $(seq 1 100); do
  curl -fsS http://127.0.0.1:9610/q/health/ready >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS http://127.0.0.1:9610/q/health/ready >/dev/null || { tail -30 "$state/log/converge.log"; exit 1; }
echo "[demo] converge running (pid $(cat "$state/converge.pid"), log $state/log/converge.log)"

converge apply -f crds-as-json/examples/
for _ in $(seq 1 150); do
  converge get services hello 2>/dev/null | grep -q Running && break
  sleep 0.2
done
converge get services
echo
echo "[demo] try: curl http://127.0.0.1:18080/   converge describe service hello   docker rm -f converge-hello"
