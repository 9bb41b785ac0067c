//! The MQTT session: mqtt-protocol-core driven by plain inputs (opened, bytes, timer, closed) that returns actions.
//! No I/O and no clock here, so every scenario is a native test with byte fixtures.

use super::boundary::PublishRequest;
use super::reason::{Reason, Why};
use mqtt_protocol_core::mqtt::packet::GenericPacketTrait;
use mqtt_protocol_core::mqtt::{
    self,
    common::Cursor,
    connection::{ConnectionOptions, Event, TimerKind},
    packet::{Packet, Qos, SubEntry, SubOpts},
    result_code::{ConnectReasonCode, ConnectReturnCode},
};
use std::collections::HashMap;

/// The largest packet an MQTT 5 board accepts: well above the 64 KiB order limit, so oversized orders still
/// arrive and are rejected with a reason, and well below the ~1 MB at which Mosquitto 2.0.11's WebSocket
/// listener stops delivering to a client.
pub const MAX_PACKET_BYTES: u32 = 512 * 1024;

/// At most this many QoS 1/2 publishes of ours wait for their acknowledgement at a time, whatever the broker
/// grants: enough to keep a fast link busy, small enough that a reconnect resends a bounded batch.
pub const OWN_SEND_WINDOW: usize = 256;

/// How long the broker keeps a persistent MQTT 5 session after the board goes away: a day covers a
/// closed laptop overnight without leaving sessions of boards that never come back forever.
pub const SESSION_EXPIRY_SECS: u32 = 24 * 60 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolVersion {
    V3_1_1,
    V5,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QosLevel {
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}

impl QosLevel {
    /// The QoS a setting names: 0, 1 or 2; anything else is 1, the board's default.
    pub fn from_number(n: u8) -> QosLevel {
        match n {
            0 => QosLevel::AtMostOnce,
            2 => QosLevel::ExactlyOnce,
            _ => QosLevel::AtLeastOnce,
        }
    }

    fn to_mqtt(self) -> Qos {
        match self {
            QosLevel::AtMostOnce => Qos::AtMostOnce,
            QosLevel::AtLeastOnce => Qos::AtLeastOnce,
            QosLevel::ExactlyOnce => Qos::ExactlyOnce,
        }
    }
}

/// A retained presence message: `online` sent after every CONNACK, `offline` left with the broker as the
/// last will, so other systems see when a board drops off without saying goodbye.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    pub topic: String,
    pub online: Vec<u8>,
    pub offline: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSettings {
    pub client_id: String,
    pub presence: Option<Presence>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub keepalive_secs: u16,
    pub clean_session: bool,
    pub version: ProtocolVersion,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            client_id: String::new(),
            presence: None,
            username: None,
            password: None,
            keepalive_secs: 30,
            clean_session: true,
            version: ProtocolVersion::V3_1_1,
        }
    }
}

/// What happened to one publish the application asked for, identified by its caller-chosen tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Waiting in the outbox: not connected yet, or the socket is still busy with earlier messages.
    Queued,
    /// Written to the socket; QoS 0 ends here.
    Sent,
    /// The broker acknowledged it (PUBACK for QoS 1, PUBCOMP for QoS 2).
    Acknowledged,
    Failed(Reason),
}

/// What the transport must do, or what the application should learn, after an input. `T` is the caller's
/// tag for a publish (the transport uses the publish's typed origin; tests use numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action<T = u64> {
    Send(Vec<u8>),
    StartTimer {
        kind: TimerKind,
        ms: u64,
    },
    CancelTimer(TimerKind),
    /// Close the socket; the transport will call [`Session::closed`] when it is.
    Close {
        reason: Reason,
    },
    Connected {
        session_present: bool,
    },
    Refused {
        reason: Reason,
    },
    Subscribed {
        filter: String,
    },
    SubscriptionRefused {
        filter: String,
        reason: Reason,
    },
    Message {
        topic: String,
        payload: Vec<u8>,
    },
    Delivery {
        tag: T,
        outcome: Delivery,
    },
    /// A publish the caller should publish again: the broker never acknowledged it on a connection now gone
    /// and the session will not resend it itself (clean session, or no session on the broker), or it did not
    /// fit the broker's window and must wait for an acknowledgement.
    Interrupted {
        tag: T,
    },
}

/// A QoS 1/2 publish awaiting its acknowledgement: the caller's tag (none for presence), and its place in
/// the order publishes were made, so what is handed back goes back oldest first.
#[derive(Debug, Clone, Copy)]
struct Unacknowledged<T> {
    seq: u64,
    tag: Option<T>,
}

pub struct Session<T = u64> {
    conn: mqtt::Connection<mqtt::role::Client>,
    settings: SessionSettings,
    /// Filters to (re)subscribe after every CONNACK.
    subscriptions: Vec<(String, QosLevel)>,
    /// Filters to unsubscribe once connected: what a persistent session still holds from earlier settings.
    forget: Vec<String>,
    /// SUBSCRIBE packet id -> filter, to name the filter a SUBACK refuses.
    pending_subscribe: HashMap<u16, String>,
    /// PUBLISH packet id -> the publish, until the broker acknowledges it.
    inflight: HashMap<u16, Unacknowledged<T>>,
    published: u64,
    /// QoS 1/2 publishes the broker takes unacknowledged at a time (MQTT 5 Receive Maximum; 65,535 when
    /// it names none), capped by our own window.
    send_window: usize,
    /// The library refused a publish as over the window: nothing more until an acknowledgement frees a slot.
    window_blocked: bool,
    connected: bool,
}

impl<T: Copy> Session<T> {
    pub fn new(settings: SessionSettings) -> Self {
        let version = match settings.version {
            ProtocolVersion::V3_1_1 => mqtt::Version::V3_1_1,
            ProtocolVersion::V5 => mqtt::Version::V5_0,
        };
        // MQTT 5 lets the board tell the broker the largest packet it takes; larger ones the broker drops
        // instead of sending. It keeps a huge message from reaching (and, on Mosquitto 2.0's WebSocket
        // listener, stalling) the board. 3.1.1 has no such field, so there the decoder's limit decides.
        let options = match settings.version {
            ProtocolVersion::V5 => {
                ConnectionOptions::new().maximum_packet_size_recv(MAX_PACKET_BYTES)
            }
            ProtocolVersion::V3_1_1 => ConnectionOptions::new(),
        };
        let mut conn = mqtt::Connection::<mqtt::role::Client>::with_options(version, options);
        conn.set_auto_pub_response(true);
        conn.set_auto_ping_response(true);
        // No PINGRESP within half a keepalive after PINGREQ: the link is dead (1.5x keepalive in all).
        conn.set_pingresp_recv_timeout(u64::from(settings.keepalive_secs) * 500);
        Session {
            conn,
            settings,
            subscriptions: Vec::new(),
            forget: Vec::new(),
            pending_subscribe: HashMap::new(),
            inflight: HashMap::new(),
            published: 0,
            send_window: OWN_SEND_WINDOW,
            window_blocked: false,
            connected: false,
        }
    }

    pub fn settings(&self) -> &SessionSettings {
        &self.settings
    }

    pub fn is_connected(&self) -> bool {
        self.connected
    }

    /// Whether a publish at `qos` may go now without more unacknowledged than the broker granted (MQTT 5
    /// Receive Maximum) or our own window; a `false` means "wait for an acknowledgement", never an error.
    pub fn can_send(&self, qos: QosLevel) -> bool {
        qos == QosLevel::AtMostOnce
            || (!self.window_blocked && self.inflight.len() < self.send_window)
    }

    /// How many QoS 1/2 publishes may be unacknowledged at once on this connection.
    pub fn send_window(&self) -> usize {
        self.send_window
    }

    /// Remembers a subscription; sent now if connected, and again after every reconnect.
    pub fn subscribe(&mut self, filter: &str, qos: QosLevel) -> Vec<Action<T>> {
        self.subscriptions.retain(|(f, _)| f != filter);
        self.subscriptions.push((filter.to_owned(), qos));
        let mut actions = Vec::new();
        if self.connected {
            self.send_subscribe(filter, qos, &mut actions);
        }
        actions
    }

    /// Filters to drop from the broker's session after the next CONNACK (once).
    pub fn unsubscribe_after_connect(&mut self, filters: Vec<String>) {
        self.forget = filters;
    }

    /// The WebSocket is open: say CONNECT.
    pub fn opened(&mut self) -> Vec<Action<T>> {
        let mut actions = Vec::new();
        match self.build_connect() {
            Ok(packet) => {
                let events = self.conn.send(packet);
                self.handle(events, &mut actions);
            }
            Err(reason) => actions.push(Action::Close { reason }),
        }
        actions
    }

    fn build_connect(&self) -> Result<Packet, Reason> {
        let s = &self.settings;
        // The 3.1.1 and 5 builders share these calls but are different types.
        macro_rules! connect {
            ($version:ident, |$b:ident| $extra:block) => {{
                let $b = mqtt::packet::$version::Connect::builder()
                    .client_id(s.client_id.as_str())
                    .map_err(err("CONNECT (client id)"))?
                    .clean_start(s.clean_session)
                    .keep_alive(s.keepalive_secs);
                let mut b = $extra;
                if let Some(p) = &s.presence {
                    b = b
                        .will_message(p.topic.as_str(), p.offline.clone(), Qos::AtLeastOnce, true)
                        .map_err(err("CONNECT (last will)"))?;
                }
                if let Some(user) = &s.username {
                    b = b
                        .user_name(user.as_str())
                        .map_err(err("CONNECT (user name)"))?;
                }
                if let Some(pass) = &s.password {
                    b = b
                        .password(pass.as_str())
                        .map_err(err("CONNECT (password)"))?;
                }
                b.build().map_err(err("CONNECT"))?.into()
            }};
        }
        Ok(match s.version {
            ProtocolVersion::V3_1_1 => connect!(v3_1_1, |b| { b }),
            ProtocolVersion::V5 => connect!(v5_0, |b| {
                if s.clean_session {
                    b
                } else {
                    // MQTT 5 ends a session at disconnect unless an expiry is asked for.
                    let expiry = mqtt::packet::SessionExpiryInterval::new(SESSION_EXPIRY_SECS)
                        .map_err(err("CONNECT (session expiry)"))?;
                    b.props(vec![expiry.into()])
                }
            }),
        })
    }

    /// Bytes from one WebSocket message: may hold several packets, or part of one.
    pub fn received(&mut self, bytes: &[u8]) -> Vec<Action<T>> {
        let mut actions = Vec::new();
        let mut cursor = Cursor::new(bytes);
        // recv() takes at most one packet per call: loop until the message is drained.
        while (cursor.position() as usize) < bytes.len() {
            let before = cursor.position();
            let events = self.conn.recv(&mut cursor);
            let closing = events.iter().any(|e| matches!(e, Event::RequestClose));
            self.handle(events, &mut actions);
            if closing || cursor.position() == before {
                break;
            }
        }
        actions
    }

    pub fn timer_fired(&mut self, kind: TimerKind) -> Vec<Action<T>> {
        let events = self.conn.notify_timer_fired(kind);
        let mut actions = Vec::new();
        self.handle(events, &mut actions);
        actions
    }

    /// The socket is gone (either side closed it). With a clean session, unacknowledged publishes come back
    /// as [`Action::Interrupted`] to be sent again; a persistent session stores and resends them itself.
    pub fn closed(&mut self) -> Vec<Action<T>> {
        self.connected = false;
        self.pending_subscribe.clear();
        let events = self.conn.notify_closed();
        let mut actions = Vec::new();
        self.handle(events, &mut actions);
        if self.settings.clean_session {
            let mut lost: Vec<(u16, Unacknowledged<T>)> = self.inflight.drain().collect();
            lost.sort_unstable_by_key(|(_, u)| u.seq);
            for (pid, u) in lost {
                let _ = self.conn.release_packet_id(pid);
                actions.extend(u.tag.map(|tag| Action::Interrupted { tag }));
            }
        }
        actions
    }

    /// Publishes awaiting an acknowledgement.
    pub fn in_flight(&self) -> usize {
        self.inflight.len()
    }

    /// Publishes a payload; its fate comes back as [`Action::Delivery`] with `tag`.
    pub fn publish(
        &mut self,
        topic: &str,
        payload: Vec<u8>,
        qos: QosLevel,
        tag: T,
    ) -> Vec<Action<T>> {
        self.publish_request(PublishRequest {
            topic: topic.to_owned(),
            payload,
            qos,
            retain: false,
            origin: tag,
        })
    }

    /// Publishes what `request` asks for; its fate comes back as [`Action::Delivery`] tagged with its
    /// origin. A retained message the broker keeps for every later subscriber (order statuses), and an
    /// empty retained message deletes it.
    pub fn publish_request(&mut self, request: PublishRequest<T>) -> Vec<Action<T>> {
        let mut actions = Vec::new();
        if !self.connected {
            actions.push(Action::Delivery {
                tag: request.origin,
                outcome: Delivery::Failed(Reason::new(Why::NotConnected)),
            });
            return actions;
        }
        self.send_publish(request.map_origin(Some), &mut actions);
        actions
    }

    /// Sends one PUBLISH. With a tag its outcome is reported; without (presence), it is fire and forget.
    fn send_publish(&mut self, request: PublishRequest<Option<T>>, actions: &mut Vec<Action<T>>) {
        let tag = request.origin;
        let pid = match self.packet_id_for(request.qos) {
            Ok(pid) => pid,
            Err(reason) => return report(actions, tag, Delivery::Failed(reason)),
        };
        let packet = match self.publish_packet(request, pid) {
            Ok(packet) => packet,
            Err(reason) => {
                if let Some(pid) = pid {
                    let _ = self.conn.release_packet_id(pid);
                }
                return report(actions, tag, Delivery::Failed(reason));
            }
        };
        if let Some(pid) = pid {
            self.published += 1;
            let seq = self.published;
            self.inflight.insert(pid, Unacknowledged { seq, tag });
        }
        self.hand_over_publish(packet, pid, tag, actions);
    }

    /// A packet id for a QoS 1/2 publish; QoS 0 needs none.
    fn packet_id_for(&mut self, qos: QosLevel) -> Result<Option<u16>, Reason> {
        if qos == QosLevel::AtMostOnce {
            return Ok(None);
        }
        match self.conn.acquire_packet_id() {
            Ok(pid) => Ok(Some(pid)),
            Err(e) => Err(Reason::new(Why::NoPacketId).detail(format!("{e:?}"))),
        }
    }

    fn publish_packet(
        &self,
        request: PublishRequest<Option<T>>,
        pid: Option<u16>,
    ) -> Result<Packet, Reason> {
        let PublishRequest {
            topic,
            payload,
            qos,
            retain,
            ..
        } = request;
        // The 3.1.1 and 5 builders share these calls but are different types.
        macro_rules! publish {
            ($version:ident) => {
                mqtt::packet::$version::Publish::builder()
                    .topic_name(topic.as_str())
                    .map_err(|_| Reason::about(Why::BadTopicName, topic.as_str()))
                    .and_then(|b| {
                        let b = b.qos(qos.to_mqtt()).retain(retain).payload(payload);
                        match pid {
                            Some(pid) => b.packet_id(pid).build(),
                            None => b.build(),
                        }
                        .map(Into::into)
                        .map_err(err("PUBLISH"))
                    })
            };
        }
        match self.settings.version {
            ProtocolVersion::V3_1_1 => publish!(v3_1_1),
            ProtocolVersion::V5 => publish!(v5_0),
        }
    }

    /// Gives a built PUBLISH (already in flight when it has a packet id) to the library and reports what
    /// became of it.
    fn hand_over_publish(
        &mut self,
        packet: Packet,
        pid: Option<u16>,
        tag: Option<T>,
        actions: &mut Vec<Action<T>>,
    ) {
        let mut events = self.conn.send(packet);
        // The library refuses a publish beyond the broker's Receive Maximum. `can_send` keeps us below it;
        // should it refuse anyway, the publish waits for the next acknowledgement instead of ending the link.
        let over_window = events.iter().any(|e| {
            matches!(
                e,
                Event::NotifyError(mqtt::result_code::MqttError::ReceiveMaximumExceeded)
            )
        });
        if over_window {
            events.retain(|e| !matches!(e, Event::NotifyError(_)));
            if let Some(pid) = pid {
                self.inflight.remove(&pid);
            }
            self.window_blocked = true;
            self.handle(events, actions);
            actions.extend(tag.map(|tag| Action::Interrupted { tag }));
            return;
        }
        let sent = events
            .iter()
            .any(|e| matches!(e, Event::RequestSendPacket { .. }));
        self.handle(events, actions);
        if sent {
            report(actions, tag, Delivery::Sent);
        } else if let Some(pid) = pid {
            if self.inflight.remove(&pid).and_then(|u| u.tag).is_some() {
                let _ = self.conn.release_packet_id(pid);
                report(
                    actions,
                    tag,
                    Delivery::Failed(Reason::new(Why::SessionRefusedToSend)),
                );
            }
        }
    }

    fn send_subscribe(&mut self, filter: &str, qos: QosLevel, actions: &mut Vec<Action<T>>) {
        let pid = match self.conn.acquire_packet_id() {
            Ok(pid) => pid,
            Err(e) => {
                actions.push(Action::SubscriptionRefused {
                    filter: filter.to_owned(),
                    reason: Reason::new(Why::NoPacketId).detail(format!("{e:?}")),
                });
                return;
            }
        };
        let entry = SubOpts::new()
            .set_qos(qos.to_mqtt())
            .pipe(|opts| SubEntry::new(filter, opts));
        let packet: Result<Packet, Reason> = entry
            .map_err(|_| Reason::about(Why::BadFilter, filter))
            .and_then(|entry| match self.settings.version {
                ProtocolVersion::V3_1_1 => mqtt::packet::v3_1_1::Subscribe::builder()
                    .entries(vec![entry])
                    .packet_id(pid)
                    .build()
                    .map(Into::into)
                    .map_err(err("SUBSCRIBE")),
                ProtocolVersion::V5 => mqtt::packet::v5_0::Subscribe::builder()
                    .entries(vec![entry])
                    .packet_id(pid)
                    .build()
                    .map(Into::into)
                    .map_err(err("SUBSCRIBE")),
            });
        match packet {
            Ok(packet) => {
                self.pending_subscribe.insert(pid, filter.to_owned());
                let events = self.conn.send(packet);
                self.handle(events, actions);
            }
            Err(reason) => {
                let _ = self.conn.release_packet_id(pid);
                actions.push(Action::SubscriptionRefused {
                    filter: filter.to_owned(),
                    reason,
                });
            }
        }
    }

    /// One UNSUBSCRIBE for every filter given; the UNSUBACK needs no answer (the library frees its id).
    fn send_unsubscribe(&mut self, filters: Vec<String>, actions: &mut Vec<Action<T>>) {
        let Ok(pid) = self.conn.acquire_packet_id() else {
            return; // no id free: the old filters stay; nothing the user can act on
        };
        let packet: Result<Packet, _> = match self.settings.version {
            ProtocolVersion::V3_1_1 => mqtt::packet::v3_1_1::Unsubscribe::builder()
                .entries(filters.iter().map(String::as_str))
                .map(|b| b.packet_id(pid))
                .and_then(|b| b.build())
                .map(Into::into),
            ProtocolVersion::V5 => mqtt::packet::v5_0::Unsubscribe::builder()
                .entries(filters.iter().map(String::as_str))
                .map(|b| b.packet_id(pid))
                .and_then(|b| b.build())
                .map(Into::into),
        };
        match packet {
            Ok(packet) => {
                let events = self.conn.send(packet);
                self.handle(events, actions);
            }
            Err(_) => {
                let _ = self.conn.release_packet_id(pid);
            }
        }
    }

    fn handle(&mut self, events: Vec<Event>, actions: &mut Vec<Action<T>>) {
        let start = actions.len();
        for event in events {
            match event {
                Event::RequestSendPacket { packet, .. } => {
                    actions.push(Action::Send(packet.to_continuous_buffer()))
                }
                Event::RequestTimerReset { kind, duration_ms } => {
                    actions.push(Action::StartTimer {
                        kind,
                        ms: duration_ms,
                    })
                }
                Event::RequestTimerCancel(kind) => actions.push(Action::CancelTimer(kind)),
                Event::RequestClose => actions.push(Action::Close {
                    reason: Reason::new(Why::SessionClosed),
                }),
                Event::NotifyError(e) => actions.push(Action::Close {
                    reason: Reason::new(Why::ProtocolError).detail(format!("{e:?}")),
                }),
                Event::NotifyPacketIdReleased(_) => {}
                Event::NotifyPacketReceived(packet) => self.on_packet(packet, actions),
            }
        }
        // A protocol error is reported once as a Close; drop the duplicate the library may add. Only this
        // call's actions are looked at: `received` calls this per packet, so scanning all would be quadratic.
        let mut seen_close = false;
        let added = actions.split_off(start);
        actions.extend(added.into_iter().filter(|a| {
            !matches!(a, Action::Close { .. }) || !std::mem::replace(&mut seen_close, true)
        }));
    }

    fn on_packet(&mut self, packet: Packet, actions: &mut Vec<Action<T>>) {
        match packet {
            Packet::V3_1_1Connack(ack) => {
                let code = ack.return_code();
                if code == ConnectReturnCode::Accepted {
                    self.send_window = OWN_SEND_WINDOW;
                    self.on_connected(ack.session_present(), actions);
                } else {
                    self.refused(return_code_refusal(code), actions);
                }
            }
            Packet::V5_0Connack(ack) => {
                let code = ack.reason_code();
                if code == ConnectReasonCode::Success {
                    let granted = ack.props().iter().find_map(|p| match p {
                        mqtt::packet::Property::ReceiveMaximum(max) => Some(usize::from(max.val())),
                        _ => None,
                    });
                    self.send_window = granted.unwrap_or(65_535).clamp(1, OWN_SEND_WINDOW);
                    self.on_connected(ack.session_present(), actions);
                } else {
                    self.refused(reason_code_refusal(code), actions);
                }
            }
            Packet::V3_1_1Suback(ack) => {
                let filter = self.pending_subscribe.remove(&ack.packet_id());
                let refused = ack.return_codes().iter().any(|c| c.is_failure());
                self.on_suback(
                    filter,
                    refused.then(|| Reason::new(Why::SubscriptionRefused)),
                    actions,
                );
            }
            Packet::V5_0Suback(ack) => {
                let filter = self.pending_subscribe.remove(&ack.packet_id());
                let refusal = ack
                    .reason_codes()
                    .into_iter()
                    .find(|c| (*c as u8) >= 0x80)
                    .map(|c| Reason::about(Why::SubscriptionRefused, format!("{c:?}")));
                self.on_suback(filter, refusal, actions);
            }
            Packet::V3_1_1Publish(p) => actions.push(Action::Message {
                topic: p.topic_name().to_owned(),
                payload: p.payload().as_slice().to_vec(),
            }),
            Packet::V5_0Publish(p) => actions.push(Action::Message {
                topic: p.topic_name().to_owned(),
                payload: p.payload().as_slice().to_vec(),
            }),
            Packet::V3_1_1Puback(ack) => self.acknowledged(ack.packet_id(), None, actions),
            Packet::V3_1_1Pubcomp(ack) => self.acknowledged(ack.packet_id(), None, actions),
            Packet::V5_0Puback(ack) => {
                let failure = ack
                    .reason_code()
                    .filter(|c| (*c as u8) >= 0x80)
                    .map(|c| Reason::about(Why::PublishRefused, format!("{c:?}")));
                self.acknowledged(ack.packet_id(), failure, actions)
            }
            Packet::V5_0Pubrec(rec) => {
                let failure = rec
                    .reason_code()
                    .filter(|c| (*c as u8) >= 0x80)
                    .map(|c| Reason::about(Why::PublishRefused, format!("{c:?}")));
                if failure.is_some() {
                    self.acknowledged(rec.packet_id(), failure, actions)
                }
            }
            Packet::V5_0Pubcomp(ack) => self.acknowledged(ack.packet_id(), None, actions),
            Packet::V5_0Disconnect(d) => actions.push(Action::Close {
                reason: Reason::about(Why::BrokerDisconnected, format!("{:?}", d.reason_code())),
            }),
            _ => {}
        }
    }

    fn on_connected(&mut self, session_present: bool, actions: &mut Vec<Action<T>>) {
        self.connected = true;
        self.window_blocked = false;
        if !session_present {
            // The broker has no session for us (first connect, or it restarted without persistence): the
            // library dropped its stored publishes, so hand them back to be sent again, oldest first.
            let mut lost: Vec<Unacknowledged<T>> = self.inflight.drain().map(|(_, u)| u).collect();
            lost.sort_unstable_by_key(|u| u.seq);
            actions.extend(
                lost.into_iter()
                    .filter_map(|u| u.tag)
                    .map(|tag| Action::Interrupted { tag }),
            );
        }
        // SUBSCRIBE goes out before `Connected` lets the caller publish: the broker handles a connection's
        // packets in order, so the board also sees orders it publishes itself right after reconnecting.
        let subscriptions = self.subscriptions.clone();
        for (filter, qos) in subscriptions {
            self.send_subscribe(&filter, qos, actions);
        }
        let forget = std::mem::take(&mut self.forget);
        if !forget.is_empty() {
            self.send_unsubscribe(forget, actions);
        }
        if let Some(p) = self.settings.presence.clone() {
            let online = PublishRequest {
                topic: p.topic,
                payload: p.online,
                qos: QosLevel::AtLeastOnce,
                retain: true,
                origin: None,
            };
            self.send_publish(online, actions);
        }
        actions.push(Action::Connected { session_present });
    }

    fn refused(&mut self, reason: Reason, actions: &mut Vec<Action<T>>) {
        actions.push(Action::Refused {
            reason: reason.clone(),
        });
        actions.push(Action::Close { reason });
    }

    fn on_suback(
        &mut self,
        filter: Option<String>,
        refusal: Option<Reason>,
        actions: &mut Vec<Action<T>>,
    ) {
        let filter = filter.unwrap_or_default();
        actions.push(match refusal {
            None => Action::Subscribed { filter },
            Some(reason) => Action::SubscriptionRefused { filter, reason },
        });
    }

    fn acknowledged(&mut self, pid: u16, failure: Option<Reason>, actions: &mut Vec<Action<T>>) {
        if self.inflight.contains_key(&pid) {
            self.window_blocked = false;
        }
        if let Some(tag) = self.inflight.remove(&pid).and_then(|u| u.tag) {
            actions.push(Action::Delivery {
                tag,
                outcome: failure.map_or(Delivery::Acknowledged, Delivery::Failed),
            });
        }
    }
}

/// Tells the caller what became of a publish it tagged; an untagged one (presence) is fire and forget.
fn report<T>(actions: &mut Vec<Action<T>>, tag: Option<T>, outcome: Delivery) {
    if let Some(tag) = tag {
        actions.push(Action::Delivery { tag, outcome });
    }
}

/// A library error while building a packet, with the part (`what`) it was about.
fn err(what: &'static str) -> impl Fn(mqtt::result_code::MqttError) -> Reason {
    move |e| Reason::about(Why::CannotBuild, what).detail(format!("{e:?}"))
}

/// Small helper so builder chains read left to right.
trait Pipe: Sized {
    fn pipe<R>(self, f: impl FnOnce(Self) -> R) -> R {
        f(self)
    }
}
impl<T> Pipe for T {}

/// A 3.1.1 CONNACK's refusal.
pub fn return_code_refusal(code: ConnectReturnCode) -> Reason {
    Reason::new(match code {
        ConnectReturnCode::UnacceptableProtocolVersion => Why::UnsupportedVersion,
        ConnectReturnCode::IdentifierRejected => Why::ClientIdRejected,
        ConnectReturnCode::ServerUnavailable => Why::ServiceUnavailable,
        ConnectReturnCode::BadUserNameOrPassword => Why::BadCredentials,
        ConnectReturnCode::NotAuthorized => Why::NotAuthorised,
        other => return Reason::about(Why::RefusedOther, format!("{other:?}")),
    })
}

/// An MQTT 5 CONNACK's refusal.
pub fn reason_code_refusal(code: ConnectReasonCode) -> Reason {
    use ConnectReasonCode::*;
    Reason::new(match code {
        UnsupportedProtocolVersion => Why::UnsupportedVersion,
        ClientIdentifierNotValid => Why::ClientIdRejected,
        BadUserNameOrPassword => Why::BadCredentials,
        NotAuthorized => Why::NotAuthorised,
        ServerUnavailable => Why::ServiceUnavailable,
        ServerBusy => Why::ServerBusy,
        Banned => Why::Banned,
        BadAuthenticationMethod => Why::BadAuthMethod,
        QuotaExceeded => Why::QuotaExceeded,
        ConnectionRateExceeded => Why::ConnectingTooOften,
        other => return Reason::about(Why::RefusedOther, format!("{other:?}")),
    })
}
