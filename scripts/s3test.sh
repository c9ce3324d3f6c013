#!/bin/bash
# A throwaway S3-compatible server for the tests: Versity's S3 gateway
# (make deps builds it into var/bin) over a private directory, on
# 127.0.0.1, with a random key pair.
#   scripts/s3test.sh start DIR   prints the blob URL the tests use
#   scripts/s3test.sh stop DIR    stops the server and removes DIR
set -eu
cmd=$1 dir=$2
root=$(cd "$(dirname "$0")/.." && pwd)
gw=$root/var/bin/versitygw
port=57070
case $cmd in
start)
	rm -rf "$dir"
	mkdir -p "$dir/data"
	access=$(od -An -N10 -tx1 /dev/urandom | tr -d ' \n')
	secret=$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')
	ROOT_ACCESS_KEY_ID=$access ROOT_SECRET_ACCESS_KEY=$secret \
		"$gw" --port "127.0.0.1:$port" --quiet posix "$dir/data" >"$dir/server.log" 2>&1 &
	echo $! >"$dir/pid"
	i=0
	until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
			cat "$dir/server.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	echo "s3://$access:$secret@127.0.0.1:$port/openkyc-test?tls=false"
	;;
stop)
	if [ -f "$dir/pid" ]; then kill "$(cat "$dir/pid")" 2>/dev/null || true; fi
	rm -rf "$dir"
	;;
*)
	echo "usage: $0 start|stop DIR" >&2
	exit 2
	;;
esac
