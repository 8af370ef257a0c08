#!/usr/bin/env bash
# run.sh — `make run`: a dev server with a simulated model, on the first try.
#
# Finds or starts PostgreSQL (scripts/pg.sh), starts fakellm (the simulated
# model) and waits until it answers, starts `bestchatd serve --dev` and
# waits until it answers, then prints a dev token and calls to copy. Ctrl-C
# (or SIGTERM) stops both processes and exits 0.
#
# Environment (make passes them; defaults in brackets):
#   ADDR       bestchatd's address [$BESTCHAT_ADDR, else 127.0.0.1:8080]
#   FAKE_ADDR  fakellm's address [127.0.0.1:8089]
#   DATA_DIR   dev secret, logs, private PostgreSQL [.data]
#   BIN        where bestchatd and fakellm were built [bin]
# Everything else bestchatd reads (DATABASE_URL, OPENAI_API_KEY, BESTCHAT_*)
# passes through.
set -euo pipefail

addr=${ADDR:-${BESTCHAT_ADDR:-127.0.0.1:8080}}
fake_addr=${FAKE_ADDR:-127.0.0.1:8089}
data_dir=${DATA_DIR:-.data}
bin=${BIN:-bin}

log() { printf 'run: %s\n' "$*" >&2; }

mkdir -p "$data_dir"
[ -e "$data_dir/.gitignore" ] || printf '*\n' >"$data_dir/.gitignore"

# DATABASE_URL is used as it is; else scripts/pg.sh finds or starts a server
# and creates the database bestchat on it.
if [ -n "${DATABASE_URL:-}" ]; then
	url=$DATABASE_URL
else
	url=$(scripts/pg.sh --db bestchat)
fi

pids=()
stopping=0
stop() {
	stopping=1
	for p in "${pids[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
}
trap 'stop; exit 0' INT TERM
trap 'stop' EXIT

# wait_ready NAME PID URL LOG: poll URL until it answers, failing as soon as
# PID exits (a port in use, a bad flag) with the end of its log.
wait_ready() {
	local name=$1 pid=$2 url=$3 logfile=$4 i
	for ((i = 0; i < 300; i++)); do
		if ! kill -0 "$pid" 2>/dev/null; then
			log "$name exited before it was ready${logfile:+; the end of $logfile:}"
			[ -z "$logfile" ] || tail -n 20 "$logfile" >&2
			exit 1
		fi
		if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	log "$name did not answer on $url within 30 s; see $logfile"
	exit 1
}

"$bin/fakellm" --addr "$fake_addr" >"$data_dir/fakellm.log" 2>&1 &
pids+=($!)
wait_ready fakellm "${pids[-1]}" "http://$fake_addr/healthz" "$data_dir/fakellm.log"

port=${addr##*:}
origins="http://127.0.0.1:$port,http://localhost:$port${BESTCHAT_CORS_ORIGINS:+,$BESTCHAT_CORS_ORIGINS}"
# On a terminal bestchatd becomes the foreground job (job control, below):
# Ctrl-C then reaches it alone, it drains and exits 0, and so do this
# script and make (which would otherwise be interrupted with it).
interactive=0
if [ -t 0 ] && [ -t 1 ]; then
	interactive=1
	set -m
fi
# The server logs to the terminal (as text there, as JSON when redirected).
BESTCHAT_SIMULATED_URL="${BESTCHAT_SIMULATED_URL:-http://$fake_addr/v1}" \
	GODEBUG="${GODEBUG:-adaptivestackstart=0}" \
	BESTCHAT_ALLOW_UPSTREAMS="${BESTCHAT_ALLOW_UPSTREAMS:-127.0.0.0/8,::1,localhost}" \
	"$bin/bestchatd" serve --dev --data-dir "$data_dir" --addr "$addr" --database-url "$url" \
	--web --cors-origins "$origins" --shutdown-timeout "${BESTCHAT_SHUTDOWN_TIMEOUT:-5s}" &
pids+=($!)
wait_ready bestchatd "${pids[-1]}" "http://$addr/healthz" ""

token=$("$bin/bestchatd" token --data-dir "$data_dir" --user alice)
conv=$(curl -fsS -H "authorization: Bearer $token" -H 'content-type: application/json' \
	-d '{"title":"Hello from make run"}' "http://$addr/bestchat.v1.ChatService/CreateConversation" |
	sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p')

cat <<MSG

bestchat dev server on http://$addr (database ${url%%\?*})
Simulated model (OpenAI wire format) on http://$fake_addr/v1; set OPENAI_API_KEY, ANTHROPIC_API_KEY, ... for real ones.
The simulated model's log: $data_dir/fakellm.log. Stop everything with Ctrl-C.

Chat in a browser (the link signs you in as alice):

  http://$addr/#token=$token

Dev token for user alice (mint more: $bin/bestchatd token --data-dir $data_dir --user bob):

  export TOKEN=$token

Try, from this directory (conversation $conv was created for you):

  curl -s -H "authorization: Bearer \$TOKEN" -H 'content-type: application/json' -d '{"pageSize":5}' http://$addr/bestchat.v1.ChatService/ListConversations

  go tool -modfile=tools/go.mod grpcurl -plaintext -H "authorization: Bearer \$TOKEN" -d '{"conversation_id":"$conv","content":[{"text":"Tell me about bestchat in 60 words"}]}' $addr bestchat.v1.ChatService/SendMessage

  $bin/bestchat --url http://$addr --token "\$TOKEN" chat "Hello there"

MSG

set +e
if [ "$interactive" -eq 1 ]; then
	# Hand the terminal to bestchatd and wait for it to end.
	fg %+ >/dev/null
	rc=$?
	[ "$rc" -eq 0 ] || log "bestchatd exited with status $rc"
	exit "$rc"
fi
# Without a terminal: wait for SIGINT/SIGTERM (the trap exits 0), or for a
# process to die on its own.
wait -n "${pids[@]}"
rc=$?
set -e
if [ "$stopping" -eq 0 ]; then
	log "a process stopped on its own (exit $rc); stopping the rest"
	exit 1
fi
