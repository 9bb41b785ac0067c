#!/usr/bin/python3
"""Like the seed's Python publisher (paho-mqtt), with every detail of issue 26: publishes one order and
waits for the broker's acknowledgement. Usage: paho_order.py PORT TOPIC ORDER_JSON"""
import json
import sys

import paho.mqtt.client as mqtt

port, topic, order = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
client = mqtt.Client(client_id=f"seed-style-{order['order_id']}")
client.connect("127.0.0.1", port, 60)
client.loop_start()
info = client.publish(topic, json.dumps(order, indent=2), qos=1)
info.wait_for_publish(timeout=10)
client.loop_stop()
client.disconnect()
sys.exit(0 if info.is_published() else 1)
