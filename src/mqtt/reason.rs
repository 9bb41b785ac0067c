//! Why the link did not do something — could not connect, lost the broker, did not send a publish, was refused
//! a subscription — as values: the worker sends them across the boundary and the page words them
//! (`crate::words`), in the page's language.

/// One reason; details that only a technician reads (the library's or the browser's text) are carried as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    // The settings cannot work: nothing is retried until they change.
    NoBrokerUrl,
    NotWebSocketUrl {
        url: String,
    },
    UnclosedBracket {
        url: String,
    },
    NoHost {
        url: String,
    },
    BadPort {
        url: String,
        port: String,
    },
    /// The browser would not open a WebSocket to the URL; `detail` is its message.
    SocketNotOpened {
        detail: String,
    },
    // The connection.
    /// The socket closed before the broker answered.
    Unreachable {
        url: String,
    },
    /// An open connection closed (WebSocket close `code`).
    Lost {
        code: u16,
    },
    SocketRefusedToSend,
    SessionClosed,
    /// A packet that breaks the protocol, or a library error; `detail` is technical.
    ProtocolError {
        detail: String,
    },
    /// The broker sent DISCONNECT with this reason code (its name).
    BrokerDisconnected {
        code: String,
    },
    /// A broker that closes an MQTT 5 CONNECT without a CONNACK, or says it does not speak 5.
    NoMqtt5,
    Refused {
        refusal: Refusal,
    },
    /// The library would not build a packet; `what` names the part, `detail` is technical.
    CannotBuild {
        what: String,
        detail: String,
    },
    // Publishes.
    NotConnected,
    /// A screen that only shows orders sends nothing.
    ReadOnly,
    NoPacketId {
        detail: String,
    },
    BadTopicName {
        topic: String,
    },
    SessionRefusedToSend,
    /// The broker answered PUBACK/PUBREC with a failure code (its name).
    PublishRefused {
        code: String,
    },
    // Subscriptions.
    BadFilter {
        filter: String,
    },
    /// SUBACK failed: MQTT 5 names the code, 3.1.1 does not.
    SubscriptionRefused {
        code: Option<String>,
    },
}

/// Why the broker said no to CONNECT (the CONNACK's code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    UnsupportedVersion,
    ClientIdRejected,
    ServiceUnavailable,
    BadCredentials,
    NotAuthorised,
    ServerBusy,
    Banned,
    BadAuthMethod,
    QuotaExceeded,
    ConnectingTooOften,
    /// Any other MQTT 5 code, by name.
    Other {
        code: String,
    },
}
