#!/usr/bin/env bash
# Starts (and on a plain Node machine installs) the PostgreSQL and Redis servers the tests talk to on 127.0.0.1.
set -euo pipefail

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }
pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }

if ! redis_up; then
  command -v redis-server >/dev/null || apt_install redis-server
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 50); do redis_up && break; sleep 0.1; done
fi

if ! pg_up; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1 && ! command -v pg_ctlcluster >/dev/null; then
    apt_install postgresql
  fi
  version=$(ls /etc/postgresql | sort -V | tail -1)
  conf=/etc/postgresql/$version/main
  sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "$conf/postgresql.conf"
  if ! grep -q "effect-integrations" "$conf/pg_hba.conf"; then
    sed -i '1i # effect-integrations CI: trust local connections\nhost all all 127.0.0.1/32 trust\nlocal all all trust' "$conf/pg_hba.conf"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 100); do pg_up && break; sleep 0.1; done
  su postgres -c "psql -h 127.0.0.1 -tAc \"select 1 from pg_database where datname='test'\"" | grep -q 1 ||
    su postgres -c "createdb -h 127.0.0.1 test"
fi

redis_up || { echo "redis is not reachable on 127.0.0.1:6379" >&2; exit 1; }
pg_up || { echo "postgres is not reachable on 127.0.0.1:5432" >&2; exit 1; }
