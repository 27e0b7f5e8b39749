#!/usr/bin/env bash
# Builds converge (tests skipped) and its start-up caches, one per way it starts:
#   - the client (every command but `run`: io.converge.cli.Main, plain Java): converge.jsa (JDK 17 class-data
#     sharing) and, with Temurin 25 present, converge.aot (AOT cache), trained on every client command
#     (io.converge.cli.Training; `apply` of the examples under a throwaway KV prefix when an agent answers)
#   - `converge run` (the Quarkus application, quarkus-run.jar): converge-run.jsa and converge-run.aot, trained
#     on a Quarkus boot (`run --help`, which boots Quarkus but starts no operator)
# All are made against the absolute paths the launcher bin/converge uses, with its JVM options.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
mvn -B -q package -DskipTests -DskipITs "$@"
app=$root/target/quarkus-app
train_prefix=converge-aot-training-$$
consul_addr=${CONSUL_HTTP_ADDR:-127.0.0.1:8500}
client=(-cp "$app/app/*:$app/lib/main/*" io.converge.cli.Training "$root/crds-as-json/examples" "$train_prefix")
run=(-Dquarkus.http.port=0 -jar "$app/quarkus-run.jar" run --help)
common=(-XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8)
rm -f "$app"/converge*.jsa "$app"/converge*.aot "$app/converge.cache-stamp" "$app/converge.no-cache-said"
java25=${CONVERGE_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
for cache in converge converge-run; do
  if [ $cache = converge ]; then train=("${client[@]}"); else train=("${run[@]}"); fi
  java -XX:ArchiveClassesAtExit="$app/$cache.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off "${common[@]}" \
    "${train[@]}" >/dev/null 2>&1 || true
  if [ -x "$java25" ]; then
    "$java25" -XX:AOTCacheOutput="$app/$cache.aot" -Xlog:aot=off -Xlog:cds=off "${common[@]}" \
      "${train[@]}" >/dev/null 2>&1 || true
  fi
done
# what bin/converge compares before it uses a cache: the jars' size and mtime, as the JVM's own check does
stat -c '%s %Y' "$app/quarkus-run.jar" "$app"/app/*.jar | tr '\n' ' ' >"$app/converge.cache-stamp"
curl -fsS -X DELETE "http://${consul_addr#http://}/v1/kv/$train_prefix?recurse=true" >/dev/null 2>&1 || true
echo "[build] $(ls "$app" | grep -E '^converge(-run)?\.(jsa|aot)$' | tr '\n' ' ')built in $app"
