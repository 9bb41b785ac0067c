#!/usr/bin/env bash
# Runs the product locally: a Mosquitto from config/mosquitto.conf and the board served by `trunk serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
"$mosquitto_bin" -c config/mosquitto.conf &
broker_pid=$!
trap 'kill "$broker_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/9001) 2>/dev/null && break
  kill -0 "$broker_pid" 2>/dev/null || { echo "mosquitto failed to start (is port 9001 or 18830 taken?)" >&2; exit 1; }
  sleep 0.1
done

cat <<MSG

  Order board:  http://127.0.0.1:8080/?broker=ws://127.0.0.1:9001&topic=restaurant/orders
  Broker:       MQTT on 127.0.0.1:18830, WebSocket on :9001
  Try:          mosquitto_pub -p 18830 -t restaurant/orders -m '{"order_id":"ORD-001","customer_name":"John Doe","items":[{"name":"Margherita Pizza","quantity":1,"price":12.99}],"total_amount":12.99,"timestamp":"2025-01-14T16:30:00Z"}'
  Watch:        mosquitto_sub -p 18830 -t restaurant/orders

MSG
trunk serve "$@"
