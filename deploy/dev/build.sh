#!/usr/bin/env bash
# Builds converge (tests skipped) and its start-up caches, one per way it starts:
#   - the client (every command but `run`: io.converge.cli.Main, plain Java): with Temurin 25, an AOT cache per
#     everyday command as bin/converge picks them (converge-get.aot, -describe, -delete, -locks, -apply, -validate,
#     -sync) and converge.aot for the rest; converge.jsa (JDK 17 class-data sharing) for all. Each is trained by
#     bin/converge itself (CONVERGE_TRAIN=COMMAND: io.converge.cli.Training on the launcher's class path and
#     options) on the examples, written under a throwaway KV prefix when an agent answers
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
run=(-Dquarkus.http.port=0 -jar "$app/quarkus-run.jar" run --help)
common=(-XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8)
rm -f "$app"/converge*.jsa "$app"/converge*.aot "$app/converge.cache-stamp" "$app/converge.no-cache-said"
java25=${CONVERGE_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
for command in get describe delete locks apply validate sync all; do
  CONVERGE_APP=$app CONVERGE_TRAIN=$command CONSUL_HTTP_ADDR=$consul_addr \
    bin/converge "$root/crds-as-json/examples" "$train_prefix" >/dev/null 2>&1 || true
done
java -XX:ArchiveClassesAtExit="$app/converge-run.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off "${common[@]}" \
  "${run[@]}" >/dev/null 2>&1 || true
if [ -x "$java25" ]; then
  "$java25" -XX:AOTCacheOutput="$app/converge-run.aot" -Xlog:aot=off -Xlog:cds=off "${common[@]}" \
    "${run[@]}" >/dev/null 2>&1 || true
fi
# what bin/converge compares before it uses a cache: the jars' size and mtime, as the JVM's own check does
stat -c '%s %Y' "$app/quarkus-run.jar" "$app"/app/*.jar | tr '\n' ' ' >"$app/converge.cache-stamp"
curl -fsS -X DELETE "http://${consul_addr#http://}/v1/kv/$train_prefix?recurse=true" >/dev/null 2>&1 || true
echo "[build] $(ls "$app" | grep -E '^converge(-[a-z]+)?\.(jsa|aot)$' | tr '\n' ' ')built in $app"
