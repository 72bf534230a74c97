#!/usr/bin/env bash
# Makes PostgreSQL 15 available for the test suite and exports TEST_DIALECTS / TEST_DATABASE_URL.
# As root it installs (apt) and starts Debian's PostgreSQL and creates role and database
# `paddock`; otherwise it uses TEST_DATABASE_URL if that answers. Sourced by scripts/test.sh.
PG_URL_DEFAULT="postgres://paddock:paddock@127.0.0.1:5432/paddock"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-$PG_URL_DEFAULT}"

pg_answers() { node -e "const pg=require('pg');const c=new pg.Client({connectionString:process.env.TEST_DATABASE_URL,connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))" 2>/dev/null; }

if ! pg_answers && [ "$(id -u)" = 0 ]; then
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "== installing PostgreSQL (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  fi
  echo "== starting PostgreSQL"
  service postgresql start >/dev/null 2>&1 || pg_ctlcluster 15 main start || true
  for _ in $(seq 1 30); do su postgres -c "psql -tAc 'select 1'" >/dev/null 2>&1 && break; sleep 0.5; done
  su postgres -c "psql -tAc \"select 1 from pg_roles where rolname='paddock'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"create role paddock login password 'paddock' createdb\""
  su postgres -c "psql -tAc \"select 1 from pg_database where datname='paddock'\"" | grep -q 1 \
    || su postgres -c "createdb -O paddock paddock"
fi

if pg_answers; then
  export TEST_DIALECTS="sqlite,postgres"
  echo "== database suites run on SQLite and PostgreSQL ($TEST_DATABASE_URL)"
else
  export TEST_DIALECTS="sqlite"
  echo "!! PostgreSQL is not reachable at $TEST_DATABASE_URL: database suites run on SQLite only"
  if [ "${CI:-}" = "true" ]; then echo "!! CI needs PostgreSQL"; export PG_MISSING=1; fi
fi
