//! Why the link did not do something — could not connect, lost the broker, did not send a publish, was refused
//! a subscription — as values: the worker sends them across the boundary and the page words them
//! (`crate::words`), in the page's language.

/// One reason: what kind (`why`), what it was about (`subject`: a URL, topic, filter, the broker's code name,
/// a WebSocket close code) and what the browser or the library said (`detail`, technical), each empty when
/// the kind has none. One flat shape, not an enum of shapes: it crosses the boundary and is cloned and
/// worded with a fraction of the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub why: Why,
    pub subject: String,
    pub detail: String,
}

impl Reason {
    pub fn new(why: Why) -> Reason {
        Reason::about(why, String::new())
    }

    pub fn about(why: Why, subject: impl Into<String>) -> Reason {
        Reason {
            why,
            subject: subject.into(),
            detail: String::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Reason {
        self.detail = detail.into();
        self
    }
}

macro_rules! kinds {
    ($($(#[$doc:meta])* $kind:ident,)*) => {
        /// The kinds of reason; the comment says what `subject` and `detail` hold.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Why {
            $($(#[$doc])* $kind,)*
        }

        impl Why {
            /// Every kind, in declaration order: the boundary sends a kind as its index here.
            pub const ALL: &'static [Why] = &[$(Why::$kind,)*];
        }
    };
}

kinds! {
    // The settings cannot work: nothing is retried until they change. Subject: the URL.
    NoBrokerUrl,
    NotWebSocketUrl,
    UnclosedBracket,
    NoHost,
    /// Detail: the port as typed.
    BadPort,
    /// The browser would not open a WebSocket to the URL; detail: its message, if any.
    SocketNotOpened,
    /// The socket closed before the broker answered; subject: the URL.
    Unreachable,
    /// An open connection closed; subject: the WebSocket close code.
    Lost,
    SocketRefusedToSend,
    SessionClosed,
    /// A packet that breaks the protocol, or a library error; detail: technical.
    ProtocolError,
    /// The broker sent DISCONNECT; subject: its reason code's name.
    BrokerDisconnected,
    /// A broker that closes an MQTT 5 CONNECT without a CONNACK, or says it does not speak 5.
    NoMqtt5,
    /// The library would not build a packet; subject: which (and which part), detail: technical.
    CannotBuild,
    NotConnected,
    /// A screen that only shows orders sends nothing.
    ReadOnly,
    /// Detail: technical.
    NoPacketId,
    /// Subject: the topic.
    BadTopicName,
    SessionRefusedToSend,
    /// The broker answered PUBACK/PUBREC with a failure; subject: its code's name.
    PublishRefused,
    /// Subject: the filter.
    BadFilter,
    /// SUBACK failed; subject: the code's name (MQTT 5), empty for 3.1.1.
    SubscriptionRefused,
    // The broker said no to CONNECT (the CONNACK's code).
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
    /// Any other MQTT 5 refusal; subject: the code's name.
    RefusedOther,
}

impl Why {
    /// A CONNACK refusal: the link retries with backoff and says "refused".
    pub fn is_refusal(self) -> bool {
        Why::ALL[Why::UnsupportedVersion as usize..].contains(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_sits_at_its_own_index_so_it_crosses_the_boundary_as_itself() {
        for (i, why) in Why::ALL.iter().enumerate() {
            assert_eq!(*why as usize, i, "{why:?}");
        }
    }

    #[test]
    fn only_the_broker_s_answers_to_connect_are_refusals() {
        assert!(Why::BadCredentials.is_refusal());
        assert!(Why::RefusedOther.is_refusal());
        assert!(!Why::Unreachable.is_refusal());
        assert!(!Why::SubscriptionRefused.is_refusal());
    }
}
