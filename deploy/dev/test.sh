#!/usr/bin/env bash
# The full test suite on a fresh Debian 12 machine, as root: installs and starts the engines (setup.sh), then
# runs the unit tests and the integration tests against the real Consul agent(s) and the real dockerd.
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy/dev/setup.sh
mvn -B -ntp verify "$@"
