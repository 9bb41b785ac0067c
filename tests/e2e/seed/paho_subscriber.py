#!/usr/bin/python3
"""Like the seed's Python subscriber: prints each order it hears on TOPIC as the seed does, with what it
checks — the total against the sum of price × quantity of the fields it knows. One JSON line per order:
{"order_id", "customer_name", "items", "total", "sum"}. Prints "ready" once subscribed.
Usage: paho_subscriber.py PORT TOPIC"""
import json
import sys

import paho.mqtt.client as mqtt

port, topic = int(sys.argv[1]), sys.argv[2]


def on_connect(client, userdata, flags, rc):
    client.subscribe(topic, qos=1)


def on_subscribe(client, userdata, mid, granted_qos):
    print("ready", flush=True)


def on_message(client, userdata, msg):
    order = json.loads(msg.payload.decode("utf-8"))
    # The seed's reader knows these fields only.
    items = [(i["name"], i["quantity"], i["price"]) for i in order["items"]]
    print(json.dumps({
        "order_id": order["order_id"],
        "customer_name": order["customer_name"],
        "items": items,
        "total": order["total_amount"],
        "sum": round(sum(q * p for _, q, p in items), 2),
    }), flush=True)


client = mqtt.Client(client_id="seed-style-subscriber")
client.on_connect = on_connect
client.on_subscribe = on_subscribe
client.on_message = on_message
client.connect("127.0.0.1", port, 60)
client.loop_forever()
