# shellcheck shell=bash
# The machine's Redis on 127.0.0.1:6379: started if absent, always noeviction (BullMQ loses
# jobs under any other policy). Sourced by scripts/stack.sh.

REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}

redis_ping() {
  [[ $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

ensure_redis() {
  local policy
  need_cmd redis-cli
  if redis_ping; then
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" config set maxmemory-policy noeviction >/dev/null \
      || warn "redis: could not set maxmemory-policy noeviction"
    policy=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" config get maxmemory-policy | tail -n 1)
    log "redis: running on $REDIS_HOST:$REDIS_PORT (maxmemory-policy $policy)"
    return 0
  fi
  need_cmd redis-server
  log "redis: not answering on $REDIS_HOST:$REDIS_PORT; starting redis-server"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" \
    --save "" --appendonly no --maxmemory-policy noeviction >/dev/null
  for _ in $(seq 1 50); do
    redis_ping && break
    sleep 0.1
  done
  redis_ping || die "redis-server did not answer on $REDIS_HOST:$REDIS_PORT"
  log "redis: started on $REDIS_HOST:$REDIS_PORT (maxmemory-policy noeviction, no persistence)"
}

print_redis_status() {
  if redis_ping; then
    log "redis: running on $REDIS_HOST:$REDIS_PORT (maxmemory-policy $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" config get maxmemory-policy | tail -n 1))"
  else
    log "redis: not answering on $REDIS_HOST:$REDIS_PORT"
  fi
}
