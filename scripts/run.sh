#!/usr/bin/env bash
# Runs the product locally: a Mosquitto from config/mosquitto.conf and the board served by `trunk serve`.
# Ports: MQTT_PORT (default 18830), WS_PORT (9001), WEB_PORT (8080). A default that is taken is replaced by the
# next free port; a port you chose that is taken stops the script with a sentence saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
source scripts/env.sh

taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# pick NAME DEFAULT: echoes the port to use for the variable NAME.
pick() {
  local name=$1 default=$2 chosen=${!1:-}
  if [ -n "$chosen" ]; then
    if taken "$chosen"; then
      echo "Port $chosen ($name) is already in use on this machine. Stop what uses it, or choose another: $name=<port> bash scripts/run.sh" >&2
      exit 1
    fi
    echo "$chosen"; return
  fi
  local port=$default
  while taken "$port"; do port=$((port + 1)); done
  [ "$port" = "$default" ] || echo "Port $default ($name) is in use; using $port instead (set $name=<port> to choose)." >&2
  echo "$port"
}
mqtt_port=$(pick MQTT_PORT 18830)
ws_port=$(pick WS_PORT 9001)
[ "$ws_port" != "$mqtt_port" ] || ws_port=$(WS_PORT='' pick WS_PORT $((mqtt_port + 1)))
web_port=$(pick WEB_PORT 8080)

mkdir -p .run
sed -e "s/^listener 18830 /listener $mqtt_port /" -e "s/^listener 9001$/listener $ws_port/" \
  -e "s|^persistence_location .*|persistence_location $PWD/.run/|" \
  config/mosquitto.conf >.run/mosquitto.conf

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
"$mosquitto_bin" -c .run/mosquitto.conf >.run/mosquitto.log 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  taken "$ws_port" && taken "$mqtt_port" && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "Mosquitto did not start; its log says:" >&2; cat .run/mosquitto.log >&2; exit 1; }
  sleep 0.1
done

echo "Building the board (the first build on a machine takes a few minutes) ..." >&2
trunk serve --port "$web_port" "$@" &
pids+=($!)
# The URL is printed once the page is really served, not while Trunk is still compiling: Trunk listens
# before its first build is done, so ask for the page and wait for the built one (it names the wasm).
served() {
  (exec 3<>"/dev/tcp/127.0.0.1/$web_port" && printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 &&
    grep -q 'order-board-[0-9a-f]*_bg\.wasm' <&3) 2>/dev/null
}
until served; do
  kill -0 "${pids[1]}" 2>/dev/null || { echo "trunk serve stopped; see its output above." >&2; exit 1; }
  sleep 0.5
done

cat <<MSG

  Order board:  http://127.0.0.1:$web_port/?broker=ws://127.0.0.1:$ws_port&topic=restaurant/orders
  Broker:       MQTT on 127.0.0.1:$mqtt_port, WebSocket on :$ws_port (log: .run/mosquitto.log)
  Try:          mosquitto_pub -p $mqtt_port -t restaurant/orders -m '{"order_id":"ORD-001","customer_name":"John Doe","items":[{"name":"Margherita Pizza","quantity":1,"price":12.99}],"total_amount":12.99,"timestamp":"2025-01-14T16:30:00Z"}'
  Watch:        mosquitto_sub -p $mqtt_port -t restaurant/orders
  Stop:         Ctrl+C

MSG
wait "${pids[1]}"
