#!/usr/bin/env bash
# Debian's PostgreSQL server for CI: installs it if missing, starts a cluster, and creates a role that may create
# databases (the test setup makes a fresh one per run). Prints the role's URL on stdout, nothing else.
# Usage: url=$(bash scripts/ci/postgres-server.sh)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PORT="${CI_PG_PORT:-5433}"
ROLE=incident_mail_ci
PASSWORD="ci-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "Installing Debian's PostgreSQL server..." >&2
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >/dev/null
fi
VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)

# A cluster of its own on its own port, so an operator's cluster (if any) is left alone.
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx ci; then
  pg_createcluster -p "$PORT" "$VERSION" ci >&2
fi
pg_ctlcluster "$VERSION" ci start >&2 || pg_ctlcluster "$VERSION" ci status >&2
PORT=$(pg_lsclusters -h | awk '$2 == "ci" {print $3}')

for _ in $(seq 1 50); do
  su postgres -c "pg_isready -q -p $PORT" && break
  sleep 0.2
done
su postgres -c "psql -q -p $PORT -v ON_ERROR_STOP=1" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN CREATE ROLE $ROLE LOGIN CREATEDB; END IF;
END \$\$;
ALTER ROLE $ROLE PASSWORD '$PASSWORD';
SQL
echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/postgres"
