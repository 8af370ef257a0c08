#!/usr/bin/env bash
# pg.sh — find or start a PostgreSQL server for `make run` / `make test`.
#
# Prints one connection URL on stdout; everything else goes to stderr.
#
#   1. $DATABASE_URL when set;
#   2. else the server on 127.0.0.1:5432 when it answers (user postgres, trust);
#   3. else a private cluster under <project>/.data/pg on 127.0.0.1:55432,
#      initialised and started from the local PostgreSQL binaries (installing
#      Debian's postgresql package first when they are missing and we are root),
#      and reused on later runs.
#
# Usage: scripts/pg.sh [--db NAME] [--stop]
#   --db NAME   print the URL of database NAME, creating it when missing
#               (`make run` uses --db bestchat; tests use the admin URL as is)
#   --stop      stop the private cluster (if running) and exit
#
# Environment:
#   DATABASE_URL               use this server, never start one
#   BESTCHAT_PG_FORCE_PRIVATE  set to 1 to skip the 127.0.0.1:5432 probe
#   BESTCHAT_PG_PORT           port of the private cluster (default 55432)
#   BESTCHAT_PG_DIR            directory of the private cluster (default <project>/.data/pg)
set -euo pipefail

log() { printf 'pg.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

project_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pg_dir=${BESTCHAT_PG_DIR:-$project_dir/.data/pg}
port=${BESTCHAT_PG_PORT:-55432}
db_name=""
stop=0

while [ $# -gt 0 ]; do
	case "$1" in
	--db)
		[ $# -ge 2 ] || die "--db needs a database name"
		db_name=$2
		shift 2
		;;
	--db=*)
		db_name=${1#--db=}
		shift
		;;
	--stop)
		stop=1
		shift
		;;
	-h | --help)
		sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
		exit 0
		;;
	*) die "unknown argument: $1 (see --help)" ;;
	esac
done
if [ -n "$db_name" ] && ! [[ $db_name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
	die "invalid database name: $db_name"
fi

# pg_bin_dir prints the bin directory of the newest local PostgreSQL, if any.
pg_bin_dir() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	if [ -n "$d" ] && [ -x "$d/pg_ctl" ]; then
		printf '%s\n' "$d"
	fi
}

# find_tool NAME prints the path of a PostgreSQL client tool, if any.
find_tool() {
	local bin
	if command -v "$1" >/dev/null 2>&1; then
		command -v "$1"
		return
	fi
	bin=$(pg_bin_dir)
	if [ -n "$bin" ] && [ -x "$bin/$1" ]; then
		printf '%s\n' "$bin/$1"
	fi
}

# answers HOST PORT: is a PostgreSQL server accepting connections there?
answers() {
	local isready
	isready=$(find_tool pg_isready)
	if [ -n "$isready" ]; then
		"$isready" -q -h "$1" -p "$2" -t 2
		return
	fi
	timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# can_login URL: true when psql can run a query there (or when there is no psql
# to tell).
can_login() {
	local psql
	psql=$(find_tool psql)
	[ -z "$psql" ] && return 0
	PGCONNECT_TIMEOUT=5 "$psql" "$1" -XAtqc 'SELECT 1' >/dev/null 2>&1
}

# as_owner CMD...: run CMD as the cluster owner (postgres when we are root,
# since initdb and postgres refuse to run as root).
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

install_postgres() {
	[ "$(id -u)" -eq 0 ] || die "no PostgreSQL binaries under /usr/lib/postgresql; install PostgreSQL (e.g. sudo apt-get install -y postgresql) or set DATABASE_URL"
	command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL binaries and no apt-get; install PostgreSQL or set DATABASE_URL"
	log "installing PostgreSQL with apt-get (one time)…"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -q postgresql >&2; then
		apt-get update -q >&2
		apt-get install -y -q postgresql >&2
	fi
	[ -n "$(pg_bin_dir)" ] || die "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/pg_ctl was found"
}

# private_cluster starts (or reuses) the cluster under $pg_dir and prints its
# admin URL.
private_cluster() {
	local bin data run logfile
	bin=$(pg_bin_dir)
	if [ -z "$bin" ]; then
		install_postgres
		bin=$(pg_bin_dir)
	fi
	data=$pg_dir/data
	run=$pg_dir/run
	logfile=$pg_dir/postgres.log

	mkdir -p "$data" "$run"
	# Keep the whole .data tree out of git without touching the repo's .gitignore.
	if [ "$pg_dir" = "$project_dir/.data/pg" ] && [ ! -e "$project_dir/.data/.gitignore" ]; then
		printf '*\n' >"$project_dir/.data/.gitignore"
	fi
	chmod 700 "$data"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || die "user postgres does not exist (it comes with Debian's postgresql package)"
		chown -R postgres: "$pg_dir"
		runuser -u postgres -- test -x "$pg_dir" ||
			die "user postgres cannot reach $pg_dir (a parent directory is not world-searchable); set BESTCHAT_PG_DIR"
	fi

	# One pg.sh at a time initialises or starts the cluster.
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$pg_dir/.lock"
		flock 9
	fi

	if [ ! -s "$data/PG_VERSION" ]; then
		log "initialising a private cluster in $data ($("$bin/postgres" --version))"
		as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 ||
			as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale >"$pg_dir/initdb.log" 2>&1 ||
			die "initdb failed; see $pg_dir/initdb.log"
	fi
	local cluster_version bin_version
	cluster_version=$(cat "$data/PG_VERSION")
	bin_version=$(basename "$(dirname "$bin")")
	if [ "$cluster_version" != "$bin_version" ] && [ -x "/usr/lib/postgresql/$cluster_version/bin/pg_ctl" ]; then
		bin=/usr/lib/postgresql/$cluster_version/bin
	elif [ "$cluster_version" != "$bin_version" ]; then
		die "$data is a PostgreSQL $cluster_version cluster but only $bin_version is installed; remove $pg_dir to start afresh"
	fi

	if as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		log "reusing the private cluster in $data"
	else
		if answers 127.0.0.1 "$port"; then
			die "127.0.0.1:$port is taken by another server; set BESTCHAT_PG_PORT"
		fi
		log "starting the private cluster on 127.0.0.1:$port (log: $logfile)"
		as_owner "$bin/pg_ctl" -D "$data" -l "$logfile" -w -t 60 \
			-o "-p $port -k $run -c listen_addresses=127.0.0.1" start >&2 9>&- ||
			die "pg_ctl start failed; see $logfile"
	fi
	printf 'postgres://postgres@127.0.0.1:%s/postgres?sslmode=disable\n' "$port"
}

stop_private_cluster() {
	local bin
	bin=$(pg_bin_dir)
	if [ -z "$bin" ] || [ ! -s "$pg_dir/data/PG_VERSION" ]; then
		log "no private cluster in $pg_dir"
		return 0
	fi
	if as_owner "$bin/pg_ctl" -D "$pg_dir/data" status >/dev/null 2>&1; then
		as_owner "$bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >&2
	else
		log "the private cluster is not running"
	fi
}

# with_db URL NAME prints URL pointing at database NAME.
with_db() {
	case "$1" in
	postgres://* | postgresql://*)
		printf '%s\n' "$1" | sed -E "s#^(postgres(ql)?://[^/?]*)(/[^?]*)?(\?.*)?\$#\1/$2\4#"
		;;
	*) printf '%s dbname=%s\n' "$1" "$2" ;;
	esac
}

# ensure_db URL NAME creates database NAME on the server of URL when missing.
ensure_db() {
	local psql exists
	psql=$(find_tool psql)
	[ -n "$psql" ] || die "psql is needed to create database $2 (install postgresql-client)"
	exists=$("$psql" "$1" -XAtqc "SELECT 1 FROM pg_database WHERE datname = '$2'") ||
		die "cannot connect to $(redact "$1")"
	if [ "$exists" != 1 ]; then
		log "creating database $2"
		# A concurrent pg.sh may win the race: only fail when it is still missing.
		"$psql" "$1" -XAtqc "CREATE DATABASE \"$2\"" >/dev/null 2>&1 ||
			[ "$("$psql" "$1" -XAtqc "SELECT 1 FROM pg_database WHERE datname = '$2'")" = 1 ] ||
			die "could not create database $2"
	fi
}

redact() { printf '%s\n' "$1" | sed -E 's#(://[^:/@]*):[^@]*@#\1:xxxxx@#'; }

if [ "$stop" -eq 1 ]; then
	stop_private_cluster
	exit 0
fi

default_url="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
if [ -n "${DATABASE_URL:-}" ]; then
	log "using DATABASE_URL ($(redact "$DATABASE_URL"))"
	url=$DATABASE_URL
elif [ "${BESTCHAT_PG_FORCE_PRIVATE:-0}" != 1 ] && answers 127.0.0.1 5432 && can_login "$default_url"; then
	log "using the server on 127.0.0.1:5432"
	url=$default_url
else
	if [ "${BESTCHAT_PG_FORCE_PRIVATE:-0}" != 1 ] && answers 127.0.0.1 5432; then
		log "127.0.0.1:5432 answers but rejects user postgres without a password; using a private cluster (or set DATABASE_URL)"
	fi
	url=$(private_cluster)
fi

if [ -n "$db_name" ]; then
	ensure_db "$url" "$db_name"
	url=$(with_db "$url" "$db_name")
fi
printf '%s\n' "$url"
