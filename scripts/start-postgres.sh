#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the test suite.
#
#   URL="$(bash scripts/start-postgres.sh)"
#   export COUNTERTRIAL_TEST_PG_URL="$URL"
#   ...
#   bash scripts/stop-postgres.sh
#
# - Installs Debian's `postgresql` package if no server binaries are found
#   (needs root; `apt-get update` runs once, unless COUNTERTRIAL_APT_UPDATED=1
#   says the caller already did it).
# - initdb's a fresh cluster (trust auth, superuser `postgres`) in a new
#   /tmp/countertrial-pg-XXXXXX directory, owned by the `postgres` user when run
#   as root (by the current user otherwise).
# - Listens on 127.0.0.1 only, on the first free port from 55432 up
#   (COUNTERTRIAL_PG_PORT overrides the starting point); the unix socket lives
#   in the temporary directory, never in /var/run/postgresql.
# - Creates the database `countertrial_test`.
# - Prints exactly one line on stdout: the SQLAlchemy URL. Everything else goes
#   to stderr.
# - State (dir, port, pid, binaries) goes to $COUNTERTRIAL_PG_STATE
#   (default /tmp/countertrial-pg.env), read by stop-postgres.sh. If that file
#   names a server that is still running, it is reused and its URL printed again.
set -euo pipefail

# Keep stdout for the URL alone.
exec 3>&1 1>&2

STATE_FILE="${COUNTERTRIAL_PG_STATE:-/tmp/countertrial-pg.env}"
DB_NAME="countertrial_test"
FIRST_PORT="${COUNTERTRIAL_PG_PORT:-55432}"
READY_TIMEOUT="${COUNTERTRIAL_PG_TIMEOUT:-60}"   # seconds

log() { printf 'start-postgres: %s\n' "$*" >&2; }
die() { printf 'start-postgres: ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- binaries ---
find_pg_bin() {
    # Newest /usr/lib/postgresql/<ver>/bin that has initdb + pg_ctl + postgres.
    local d best="" bestver=-1 ver
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]] || continue
        ver="${d#/usr/lib/postgresql/}"; ver="${ver%%/*}"; ver="${ver%%.*}"
        [[ "$ver" =~ ^[0-9]+$ ]] || continue
        if (( ver > bestver )); then bestver=$ver; best=$d; fi
    done
    if [[ -z "$best" ]]; then
        # Not a Debian layout: fall back to whatever is on PATH.
        local initdb pg_ctl
        initdb="$(command -v initdb 2>/dev/null || true)"
        pg_ctl="$(command -v pg_ctl 2>/dev/null || true)"
        if [[ -n "$initdb" && -n "$pg_ctl" ]]; then
            best="$(dirname "$(readlink -f "$pg_ctl")")"
            [[ -x "$best/initdb" && -x "$best/postgres" ]] || best=""
        fi
    fi
    printf '%s' "$best"
}

as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
    else die "need root to run: $*"; fi
}

install_postgresql() {
    export DEBIAN_FRONTEND=noninteractive
    local apt_opts=(-qq -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)
    local t0=$SECONDS
    if [[ "${COUNTERTRIAL_APT_UPDATED:-0}" != 1 ]]; then
        log "apt-get update"
        as_root apt-get "${apt_opts[@]}" update </dev/null \
            || die "apt-get update failed"
        export COUNTERTRIAL_APT_UPDATED=1
    fi
    log "apt-get install postgresql"
    as_root apt-get "${apt_opts[@]}" install -y --no-install-recommends postgresql </dev/null \
        || die "apt-get install postgresql failed"
    log "installed postgresql in $((SECONDS - t0))s"
}

PGBIN="$(find_pg_bin)"
if [[ -z "$PGBIN" ]]; then
    log "no PostgreSQL server binaries found; installing Debian's postgresql"
    install_postgresql
    PGBIN="$(find_pg_bin)"
    [[ -n "$PGBIN" ]] || die "postgresql installed but no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
fi
PSQL="$PGBIN/psql"; PG_ISREADY="$PGBIN/pg_isready"; PG_CTL="$PGBIN/pg_ctl"
[[ -x "$PSQL" && -x "$PG_ISREADY" ]] || die "psql/pg_isready missing in $PGBIN (install postgresql-client)"

# --------------------------------------------------------------- run as ... ---
if [[ $EUID -eq 0 ]]; then
    id -u postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user (install postgresql-common)"
    PG_OWNER=postgres
    as_owner() { runuser -u postgres -- "$@"; }
else
    PG_OWNER="$(id -un)"
    as_owner() { "$@"; }
fi

url_for() { printf 'postgresql+psycopg://postgres@127.0.0.1:%s/%s' "$1" "$DB_NAME"; }

ensure_db() {  # $1 = port
    local exists
    exists="$("$PSQL" -X -q -h 127.0.0.1 -p "$1" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" \
        || die "cannot query the server on port $1"
    if [[ "$exists" != 1 ]]; then
        "$PSQL" -X -q -h 127.0.0.1 -p "$1" -U postgres -d postgres -v ON_ERROR_STOP=1 \
            -c "CREATE DATABASE $DB_NAME" >&2 || die "CREATE DATABASE $DB_NAME failed"
    fi
}

# ------------------------------------------------- reuse a running server? ---
if [[ -f "$STATE_FILE" ]]; then
    # shellcheck disable=SC1090
    PG_DIR="" PG_DATA="" PG_PORT=""
    source "$STATE_FILE" || true
    if [[ -n "$PG_DATA" && -n "$PG_PORT" && -d "$PG_DATA" ]] \
        && (cd / && as_owner "$PG_CTL" -D "$PG_DATA" status >/dev/null 2>&1) \
        && "$PG_ISREADY" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres; then
        log "reusing running server in $PG_DIR on port $PG_PORT"
        ensure_db "$PG_PORT"
        url_for "$PG_PORT" >&3; printf '\n' >&3
        exit 0
    fi
    log "stale state file $STATE_FILE; cleaning it up"
    bash "$(dirname "${BASH_SOURCE[0]}")/stop-postgres.sh" || true
fi

# --------------------------------------------------------------- free port ---
port_in_use() {
    # Something accepting on 127.0.0.1:$1 (or a wildcard bind) => in use.
    (exec 4<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
next_free_port() {  # $1 = first port to try
    local p
    for ((p = $1; p < FIRST_PORT + 100; p++)); do
        if ! port_in_use "$p"; then printf '%s' "$p"; return 0; fi
    done
    return 1
}

# Is the postmaster of $PG_DATA alive? (A dead one may linger as a zombie
# until PID 1 reaps it, so look at its state, not just kill -0.)
postmaster_alive() {
    local pid state
    pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null)" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" || return 1
    [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

# ----------------------------------------------------------- make a cluster ---
PG_DIR="$(mktemp -d /tmp/countertrial-pg-XXXXXX)"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/server.log"
started=0
cleanup_on_failure() {
    local rc=$?
    if [[ $rc -ne 0 ]]; then
        if [[ -f "$PG_LOG" ]]; then
            log "---- last lines of $PG_LOG ----"; tail -n 30 "$PG_LOG" >&2 || true
        fi
        if [[ $started == 1 ]]; then
            as_owner "$PG_CTL" -D "$PG_DATA" stop -m immediate -w -t 10 >/dev/null 2>&1 || true
        fi
        rm -rf -- "$PG_DIR"
        rm -f -- "$STATE_FILE"
    fi
}
trap cleanup_on_failure EXIT

chmod 700 "$PG_DIR"
if [[ $EUID -eq 0 ]]; then chown "$PG_OWNER:" "$PG_DIR"; fi
cd "$PG_DIR"   # the owner must be able to read its cwd

log "initdb ($PGBIN) in $PG_DATA as $PG_OWNER"
as_owner "$PGBIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C \
    --no-sync --no-instructions >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }

# Start on $1; return 0 when it accepts connections, 2 if the port was taken
# meanwhile (caller tries the next one), die on anything else.
start_on_port() {
    local port=$1 deadline opts
    # Throwaway server: no durability, loopback only, socket in our own dir.
    opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_DIR"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    : >"$PG_LOG"; if [[ $EUID -eq 0 ]]; then chown "$PG_OWNER:" "$PG_LOG"; fi
    log "starting server on 127.0.0.1:$port"
    started=1
    # 3>&- : the postmaster must not inherit our stdout pipe, or a caller doing
    # URL="$(start-postgres.sh)" would wait for it forever.
    as_owner "$PG_CTL" -D "$PG_DATA" -l "$PG_LOG" -o "$opts" -W start >/dev/null 3>&- \
        || die "pg_ctl start failed"
    deadline=$((SECONDS + READY_TIMEOUT))
    while ! "$PG_ISREADY" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; do
        if grep -qE 'could not bind|could not create any TCP/IP sockets' "$PG_LOG" 2>/dev/null; then
            log "port $port was taken meanwhile"
            for _ in $(seq 1 50); do postmaster_alive || break; sleep 0.1; done
            started=0
            return 2
        fi
        if grep -qE 'PANIC|database system is shut down' "$PG_LOG" 2>/dev/null; then
            die "server failed to start (see log below)"
        fi
        if (( SECONDS >= deadline )); then
            die "server did not accept connections on 127.0.0.1:$port within ${READY_TIMEOUT}s"
        fi
        sleep 0.2
    done
    return 0
}

PG_PORT=""
port=$FIRST_PORT
for attempt in 1 2 3 4 5; do
    port="$(next_free_port "$port")" || die "no free port in $FIRST_PORT..$((FIRST_PORT + 99))"
    rc=0; start_on_port "$port" || rc=$?
    if [[ $rc == 0 ]]; then PG_PORT=$port; break; fi
    port=$((port + 1))
done
[[ -n "$PG_PORT" ]] || die "could not bind a port after 5 attempts"

PG_PID="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
{
    printf '# written by scripts/start-postgres.sh; read by scripts/stop-postgres.sh\n'
    printf 'PG_DIR=%q\n'  "$PG_DIR"
    printf 'PG_DATA=%q\n' "$PG_DATA"
    printf 'PG_PORT=%q\n' "$PG_PORT"
    printf 'PG_PID=%q\n'  "$PG_PID"
    printf 'PG_BIN=%q\n'  "$PGBIN"
    printf 'PG_OWNER=%q\n' "$PG_OWNER"
    printf 'PG_URL=%q\n'  "$(url_for "$PG_PORT")"
} >"$STATE_FILE"

ensure_db "$PG_PORT"

log "ready: pid $PG_PID, data $PG_DATA, log $PG_LOG, state $STATE_FILE"
trap - EXIT
url_for "$PG_PORT" >&3; printf '\n' >&3
