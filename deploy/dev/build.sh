#!/usr/bin/env bash
# Builds converge (tests skipped) and its start-up caches, so that commands other than `run` start fast:
#   - a JDK 17 class-data-sharing archive (target/quarkus-app/converge.jsa)
#   - with Temurin 25 present, an AOT cache (target/quarkus-app/converge.aot), trained on a real command
# Both are made against the absolute path the launcher bin/converge uses.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
mvn -B -q package -DskipTests -DskipITs "$@"
app=$root/target/quarkus-app
# The training run: `apply` of the examples under a throwaway KV prefix exercises what most commands load
# (validation, Jackson, the HTTP client to Consul); without a reachable agent, offline validation.
train_prefix=converge-aot-training-$$
train=(validate -f "$root/crds-as-json/examples")
consul_addr=${CONSUL_HTTP_ADDR:-127.0.0.1:8500}
if curl -fsS "http://${consul_addr#http://}/v1/status/leader" >/dev/null 2>&1; then
  train=(-Dconverge.kv.prefix=$train_prefix -jar "$app/quarkus-run.jar" apply -f "$root/crds-as-json/examples")
else
  train=(-jar "$app/quarkus-run.jar" "${train[@]}")
fi
rm -f "$app/converge.jsa" "$app/converge.aot" "$app/converge.cache-stamp" "$app/converge.no-cache-said"
java -XX:ArchiveClassesAtExit="$app/converge.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -XX:+UseSerialGC \
  -XX:-UsePerfData -XX:TieredStopAtLevel=1 "${train[@]}" >/dev/null 2>&1 || true
java25=${CONVERGE_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
if [ -x "$java25" ]; then
  "$java25" -XX:AOTCacheOutput="$app/converge.aot" -Xlog:aot=off -Xlog:cds=off -XX:+UseSerialGC -XX:-UsePerfData \
    -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8 "${train[@]}" >/dev/null 2>&1 || true
fi
# what bin/converge compares before it uses a cache: the jars' size and mtime, as the JVM's own check does
stat -c '%s %Y' "$app/quarkus-run.jar" "$app"/app/*.jar | tr '\n' ' ' >"$app/converge.cache-stamp"
curl -fsS -X DELETE "http://${consul_addr#http://}/v1/kv/$train_prefix?recurse=true" >/dev/null 2>&1 || true
echo "[build] $(ls "$app" | grep -E '^converge\.(jsa|aot)$' | tr '\n' ' ')built in $app"
