#!/usr/bin/env bash
# Stop the throwaway PostgreSQL server started by scripts/start-postgres.sh and
# remove its temporary directory. Does nothing (and succeeds) if none is running.
set -uo pipefail

STATE_FILE="${COUNTERTRIAL_PG_STATE:-/tmp/countertrial-pg.env}"

log() { printf 'stop-postgres: %s\n' "$*" >&2; }

if [[ ! -f "$STATE_FILE" ]]; then
    log "no state file $STATE_FILE; nothing to stop"
    exit 0
fi

PG_DIR="" PG_DATA="" PG_PID="" PG_BIN="" PG_OWNER=""
# shellcheck disable=SC1090
source "$STATE_FILE" || { log "unreadable state file $STATE_FILE; removing it"; rm -f -- "$STATE_FILE"; exit 0; }

# Only ever touch directories this script family created.
case "$PG_DIR" in
    /tmp/countertrial-pg-?*) ;;
    *) log "state file names unexpected dir '$PG_DIR'; not touching it"; rm -f -- "$STATE_FILE"; exit 0 ;;
esac

# Alive = exists and is not a zombie (a dead postmaster can linger as one until
# PID 1 reaps it, and pg_ctl would then wait for it in vain).
alive() {
    local state
    [[ "$1" =~ ^[0-9]+$ ]] || return 1
    state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
    [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
pid="${pid:-$PG_PID}"
if [[ -n "$PG_DATA" ]] && alive "$pid"; then
    pg_ctl="$PG_BIN/pg_ctl"
    if [[ -x "$pg_ctl" && -f "$PG_DATA/postmaster.pid" ]]; then
        log "stopping server in $PG_DATA (pid $pid)"
        if [[ $EUID -eq 0 && -n "$PG_OWNER" && "$PG_OWNER" != root ]]; then
            (cd / && runuser -u "$PG_OWNER" -- "$pg_ctl" -D "$PG_DATA" stop -m fast -w -t 30) >&2 \
                || log "pg_ctl stop failed"
        else
            (cd / && "$pg_ctl" -D "$PG_DATA" stop -m fast -w -t 30) >&2 || log "pg_ctl stop failed"
        fi
    fi
    # Belt and braces: if that postmaster is still there, kill it.
    if alive "$pid" && grep -qs -- "$PG_DATA" "/proc/$pid/cmdline"; then
        log "postmaster $pid still running; sending SIGQUIT, then SIGKILL"
        kill -QUIT "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
        alive "$pid" && kill -KILL "$pid" 2>/dev/null
    fi
else
    log "server not running"
fi

rm -rf -- "$PG_DIR"
rm -f -- "$STATE_FILE"
log "removed $PG_DIR"
exit 0
