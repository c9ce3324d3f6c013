#!/bin/sh
# A throwaway PostgreSQL cluster for the tests: Debian's server binaries,
# a private directory, a Unix socket there and no TCP listener.
#   scripts/pgtest.sh start DIR   prints the database URL the tests use
#   scripts/pgtest.sh stop DIR    stops the cluster and removes DIR
# PostgreSQL refuses to run as root; as root the cluster runs as the
# postgres user the Debian package creates.
set -eu
cmd=$1 dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=55432
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case $cmd in
start)
	rm -rf "$dir"
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	as_pg "$bin/initdb" -D "$dir/data" -U openkyc -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off" start >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	as_pg "$bin/createdb" -h "$dir" -p $port -U openkyc openkyc_test
	echo "postgres:///openkyc_test?host=$dir&port=$port&user=openkyc&sslmode=disable"
	;;
stop)
	if [ -d "$dir/data" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
	rm -rf "$dir"
	;;
*)
	echo "usage: $0 start|stop DIR" >&2
	exit 2
	;;
esac
