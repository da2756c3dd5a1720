#!/usr/bin/env bash
# Install (if needed) and start a local PostgreSQL server for the database tests, create the
# test role and database, and print the URL to export as HADCOORD_TEST_DATABASE_URL.
# Debian package `postgresql`; listens on 127.0.0.1 only. Idempotent.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "Installation de PostgreSQL (paquet Debian postgresql)…" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -h 127.0.0.1" && break
  sleep 1
done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='hadcoord'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE hadcoord LOGIN PASSWORD 'hadcoord-test'\"" >&2
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='hadcoord_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O hadcoord hadcoord_test" >&2
echo "postgresql+psycopg://hadcoord:hadcoord-test@127.0.0.1:5432/hadcoord_test"
