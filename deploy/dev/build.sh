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
train=(validate -f "$root/crds-as-json/examples")
if curl -fsS "http://${CONSUL_HTTP_ADDR:-127.0.0.1:8500}/v1/status/leader" >/dev/null 2>&1; then
  train=(get services)
fi
rm -f "$app/converge.jsa" "$app/converge.aot"
java -XX:ArchiveClassesAtExit="$app/converge.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -XX:+UseSerialGC \
  -XX:-UsePerfData -XX:TieredStopAtLevel=1 -jar "$app/quarkus-run.jar" "${train[@]}" >/dev/null 2>&1 || true
java25=${CONVERGE_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
if [ -x "$java25" ]; then
  "$java25" -XX:AOTCacheOutput="$app/converge.aot" -Xlog:aot=off -Xlog:cds=off -XX:+UseSerialGC -XX:-UsePerfData \
    -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8 -jar "$app/quarkus-run.jar" "${train[@]}" >/dev/null 2>&1 || true
fi
echo "[build] $(ls "$app" | grep -E '^converge\.(jsa|aot)$' | tr '\n' ' ')built in $app"
