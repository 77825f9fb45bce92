#!/usr/bin/env bash
# A private PostgreSQL cluster in a folder, on 127.0.0.1 only, for the dev stack and the tests.
#   scripts/pg-cluster.sh start DIR PORT   create (first time) and start; prints nothing on success
#   scripts/pg-cluster.sh stop DIR         stop (fast) if running
# PostgreSQL refuses to run as root: as root, the cluster belongs to and runs as `postgres`.
# Authentication is `trust` for loopback connections: development and tests only.
set -euo pipefail
command=${1:?start|stop}
dir=${2:?data directory}
# The server outlives this script: it must not keep open any descriptor our caller gave us
# (a test runner's pipes, say), or the caller would wait for an EOF that never comes.
for fd in /proc/$$/fd/*; do
  n=${fd##*/}
  [ "$n" -gt 2 ] 2>/dev/null && eval "exec $n>&-" 2>/dev/null || true
done
bin="$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

[ "$command" = start ] && mkdir -p "$dir"
[ -d "$dir" ] || exit 0
dir="$(cd -P "$dir" && pwd)"
# As root, the cluster runs as `postgres`, which may not be allowed into the caller's tree
# (a checkout under /root, a private temporary directory): the data then lives under
# /var/lib/postgresql/training-dev/, and DIR becomes a link to it.
if [ "$command" = start ] && [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
  real="/var/lib/postgresql/training-dev/$(printf '%s' "$dir" | sha1sum | cut -c1-12)"
  mkdir -p "$real"
  chown postgres:postgres "$real"
  rmdir "$dir" 2>/dev/null || { echo "pg-cluster: $dir is not empty and postgres cannot reach it" >&2; exit 1; }
  ln -s "$real" "$dir"
  dir="$real"
fi
cd /  # the postgres user may not be allowed into the caller's directory

case "$command" in
  start)
    port=${3:?port}
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    fi
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c timezone=UTC" \
      start >/dev/null
    ;;
  stop)
    if [ -f "$dir/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
    fi
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
