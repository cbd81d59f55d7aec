#!/usr/bin/env bash
# Shared by the bench scripts that start the platform (source it): one definition of "the ports are free", "every
# service and the gateway are healthy" and "stop the AppHost and wait for its ports".

# The AppHost's fixed ports: gateway, services, PostgreSQL, RabbitMQ (AMQP, distribution), Redis.
APPHOST_PORTS=':(8080|15432|5673|25673|16379|510[0-5])\b'

apphost_ports_free() { ! ss -ltn | grep -qE "$APPHOST_PORTS"; }

# apphost_wait_healthy <apphost pid> <log> [timeout seconds=600]: every service's and the gateway's /health answers 200.
apphost_wait_healthy() {
  local pid=$1 log=$2 limit=${3:-600} started port
  started=$(date +%s)
  for port in 5100 5101 5102 5103 5104 5105 8080; do
    until curl -s -o /dev/null -w '%{http_code}' -m 3 "http://127.0.0.1:$port/health" | grep -q 200; do
      if ! kill -0 "$pid" 2> /dev/null; then echo "the AppHost ended:" >&2; tail -20 "$log" >&2; return 70; fi
      if (($(date +%s) - started > limit)); then echo "the AppHost was not healthy within $limit s" >&2; return 70; fi
      sleep 1
    done
  done
}

# apphost_stop <apphost pid>: SIGTERM, then wait (up to 90 s) for it to end and (up to 60 s) for its ports.
apphost_stop() {
  local pid=$1
  kill -TERM "$pid" 2> /dev/null || true
  for _ in $(seq 1 90); do kill -0 "$pid" 2> /dev/null || break; sleep 1; done
  for _ in $(seq 1 60); do apphost_ports_free && break; sleep 1; done
  if ! apphost_ports_free; then echo "!! ports still taken after the stop:" >&2; ss -ltnp | grep -E "$APPHOST_PORTS" >&2; fi
}
