// The worker floor's socket (see floor-worker.html): floor.html's subscribe-and-acknowledge bytes, with what
// arrived sent to the page at most once per frame (16 ms), as the board's engine batches its events.
const params = new URLSearchParams(location.search);
const qos = Number(params.get('qos') ?? 1);
const topic = new TextEncoder().encode(params.get('topic'));
const ws = new WebSocket(params.get('broker'), 'mqtt');
ws.binaryType = 'arraybuffer';
ws.onopen = () => {
  // CONNECT: MQTT 3.1.1, clean session, keepalive 60 s, client id "floorw".
  ws.send(new Uint8Array([0x10, 18, 0, 4, 77, 81, 84, 84, 4, 2, 0, 60, 0, 6, 102, 108, 111, 111, 114, 119]));
  // SUBSCRIBE packet id 1: the topic at the requested QoS.
  ws.send(new Uint8Array([0x82, 5 + topic.length, 0, 1, topic.length >> 8, topic.length & 255, ...topic, qos]));
};
const decoder = new TextDecoder();
let acks = [];
let arrived = [];
let lastPost = 0;
let armed = false;
const flushAcks = () => {
  const out = new Uint8Array(acks.length * 4);
  acks.forEach((pid, i) => out.set([0x40, 2, pid >> 8, pid & 255], i * 4));
  acks = [];
  ws.send(out);
};
const post = () => { armed = false; lastPost = Date.now(); postMessage(arrived); arrived = []; };
ws.onmessage = (e) => {
  const b = new Uint8Array(e.data);
  if (b[0] === 0x90) { postMessage('subscribed'); return; }
  if ((b[0] & 0xf0) !== 0x30) return;
  let i = 1;
  while (b[i] & 0x80) i += 1;
  i += 1;
  const topicLength = (b[i] << 8) | b[i + 1];
  let p = i + 2 + topicLength;
  if (b[0] & 0x06) {
    if (!acks.length) setTimeout(flushAcks, 0);
    acks.push((b[p] << 8) | b[p + 1]);
    p += 2;
  }
  const id = /"order_id":\s*"([^"]+)"/.exec(decoder.decode(b.subarray(p)))?.[1];
  arrived.push([id, Date.now()]);
  if (!armed) { armed = true; setTimeout(post, Math.max(0, 16 - (Date.now() - lastPost))); }
};
