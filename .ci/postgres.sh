# Sourced by .ci/run (bash, set -euo pipefail, as root). Starts a throw-away
# PostgreSQL cluster owned by an unprivileged user, listening on 127.0.0.1
# and on a unix socket in its own temporary directory, creates a database,
# exports MOTCUA_POSTGRES_DSN (a pgx connection string) for the tests of
# dossier/sqlstore, and stops the server and removes the directory on exit.
#
# Needs Debian's postgresql package (binaries in /usr/lib/postgresql/<ver>/bin).
# MOTCUA_POSTGRES_PORT overrides the port (default 54329).

motcua_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$motcua_pg_bin" ] || [ ! -x "$motcua_pg_bin/initdb" ]; then
  echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
  return 1
fi
if id postgres >/dev/null 2>&1; then motcua_pg_user=postgres; else motcua_pg_user=nobody; fi
motcua_pg_port=${MOTCUA_POSTGRES_PORT:-54329}
motcua_pg_dir=$(mktemp -d /tmp/motcua-pg.XXXXXX)
chown "$motcua_pg_user" "$motcua_pg_dir"
chmod 700 "$motcua_pg_dir"

motcua_pg_as() { (cd / && setpriv --reuid="$motcua_pg_user" --regid="$(id -g "$motcua_pg_user")" --clear-groups -- "$@"); }

motcua_pg_stop() {
  motcua_pg_as "$motcua_pg_bin/pg_ctl" -D "$motcua_pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$motcua_pg_dir"
}
trap motcua_pg_stop EXIT

motcua_pg_as "$motcua_pg_bin/initdb" -D "$motcua_pg_dir/data" -U motcua --auth=trust \
  --encoding=UTF8 --locale=C.UTF-8 >"$motcua_pg_dir/initdb.log" 2>&1 ||
  { cat "$motcua_pg_dir/initdb.log" >&2; return 1; }
# A test cluster: fsync stays on (the crash and durability tests rely on
# it), the rest is sized for a small shared machine.
motcua_pg_as "$motcua_pg_bin/pg_ctl" -D "$motcua_pg_dir/data" -l "$motcua_pg_dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $motcua_pg_port -k $motcua_pg_dir -c max_connections=200 -c shared_buffers=256MB" \
  start >/dev/null ||
  { cat "$motcua_pg_dir/server.log" >&2; return 1; }
motcua_pg_as "$motcua_pg_bin/createdb" -h "$motcua_pg_dir" -p "$motcua_pg_port" -U motcua motcua_test

export MOTCUA_POSTGRES_DSN="postgres://motcua@127.0.0.1:$motcua_pg_port/motcua_test?sslmode=disable"
echo "postgres.sh: PostgreSQL $("$motcua_pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$motcua_pg_port, MOTCUA_POSTGRES_DSN exported"
