#!/usr/bin/env bash
# Installs and starts what the test suite needs beyond npm packages:
# Debian's Chromium (end-to-end tests) and PostgreSQL 15 (the PostgreSQL
# integration run). Idempotent; needs root (as CI and these machines run).
# Prints the export line for TEST_POSTGRES_URL.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v unzip >/dev/null 2>&1 || need+=(unzip)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
[ -d "/etc/postgresql/$version/main" ] || pg_createcluster "$version" main >&2
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" && $4=="online"' | grep -q .; then
  pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done

# A password login on loopback for the tests (the app connects over TCP).
su postgres -c "psql -q -v ON_ERROR_STOP=1" >&2 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'thumbsmith') THEN
    CREATE ROLE thumbsmith LOGIN CREATEDB PASSWORD 'thumbsmith';
  END IF;
END $$;
SQL
echo "export TEST_POSTGRES_URL=postgresql://thumbsmith:thumbsmith@127.0.0.1:5432/postgres"
