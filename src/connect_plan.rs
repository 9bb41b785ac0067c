//! Settings → what the engine connects with: broker URLs, the subscriptions, the filters an earlier
//! session of the same client id subscribed to and no longer wants, presence and the session settings.
//! A pure function, tested natively; `state::ConnectionControl` reads storage, calls it, and sends it.

use crate::domain::settings::{broker_urls, BoardSettings, MqttVersionSetting};
use crate::domain::topics::Topics;
use crate::mqtt::boundary::ConnectConfig;
use crate::mqtt::session::{Presence, ProtocolVersion, SessionSettings};
use std::collections::HashMap;

/// What a Connect does: the engine's configuration, and the filters to remember for `client_id`.
#[derive(Debug)]
pub struct ConnectPlan {
    pub config: ConnectConfig,
    pub client_id: String,
    /// What this client id subscribes to now (remembered, so the next connect can forget what it drops).
    pub filters: Vec<String>,
}

/// Everything a connect depends on besides the settings, read by the caller from the page and storage.
pub struct ConnectContext<'a> {
    /// The id this tab connects with unless the settings name one.
    pub tab_client_id: &'a str,
    /// What the chosen client id last subscribed to from this browser (its persistent session may keep it).
    pub previous_filters: &'a [String],
    /// The version each broker URL spoke before ("auto" remembers a 3.1.1-only broker).
    pub known_versions: HashMap<String, ProtocolVersion>,
    /// The pickup screen: every publish refused, presence included.
    pub read_only: bool,
}

/// The client id a connect uses: the one the settings name, else the tab's own.
pub fn client_id_for(s: &BoardSettings, tab_client_id: &str) -> String {
    s.client_id
        .clone()
        .unwrap_or_else(|| tab_client_id.to_owned())
}

pub fn connect_plan(s: &BoardSettings, cx: ConnectContext) -> ConnectPlan {
    let topics = Topics::new(&s.topic);
    let client_id = client_id_for(s, cx.tab_client_id);
    let filters = topics.subscriptions();
    // A persistent session would keep delivering filters subscribed to before (another topic, here or
    // on a previous page load): those not wanted now are unsubscribed.
    let forget = cx
        .previous_filters
        .iter()
        .filter(|f| !filters.contains(f))
        .cloned()
        .collect();
    let presence = s.announce_presence.then(|| {
        let status = |state: &str| {
            serde_json::json!({ "client_id": client_id, "status": state })
                .to_string()
                .into_bytes()
        };
        Presence {
            topic: topics.presence(&client_id),
            online: status("online"),
            offline: status("offline"),
        }
    });
    let config = ConnectConfig {
        urls: broker_urls(&s.broker),
        orders_topic: topics.orders().to_owned(),
        filters: filters.clone(),
        forget,
        auto_version: s.mqtt_version == MqttVersionSetting::Auto,
        known_versions: cx.known_versions,
        settings: SessionSettings {
            client_id: client_id.clone(),
            presence,
            username: s.username.clone(),
            password: s.password.clone(),
            version: match s.mqtt_version {
                MqttVersionSetting::V3_1_1 => ProtocolVersion::V3_1_1,
                MqttVersionSetting::V5 | MqttVersionSetting::Auto => ProtocolVersion::V5,
            },
            clean_session: !s.persistent_session,
            keepalive_secs: s.keepalive_secs,
        },
        read_only: cx.read_only,
    };
    ConnectPlan {
        config,
        client_id,
        filters,
    }
}

/// The MQTT version each broker URL spoke, as stored ("3.1.1" or "5"); other values are left out.
pub fn versions_from_stored(
    stored: std::collections::BTreeMap<String, String>,
) -> HashMap<String, ProtocolVersion> {
    stored
        .into_iter()
        .filter_map(|(url, v)| Some((url, version_from_name(&v)?)))
        .collect()
}

pub fn version_from_name(name: &str) -> Option<ProtocolVersion> {
    match name {
        "3.1.1" => Some(ProtocolVersion::V3_1_1),
        "5" => Some(ProtocolVersion::V5),
        _ => None,
    }
}

pub fn version_name(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::V3_1_1 => "3.1.1",
        ProtocolVersion::V5 => "5",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> BoardSettings {
        BoardSettings {
            broker: "ws://127.0.0.1:9001".into(),
            topic: " restaurant/orders ".into(),
            ..Default::default()
        }
    }

    fn plan_with(s: &BoardSettings, previous: &[String], read_only: bool) -> ConnectPlan {
        connect_plan(
            s,
            ConnectContext {
                tab_client_id: "board-tab",
                previous_filters: previous,
                known_versions: HashMap::new(),
                read_only,
            },
        )
    }

    #[test]
    fn a_connect_subscribes_to_orders_statuses_parts_the_menu_the_day_and_the_counters_of_the_trimmed_topic(
    ) {
        let plan = plan_with(&settings(), &[], false);
        assert_eq!(plan.config.orders_topic, "restaurant/orders");
        assert_eq!(
            plan.config.filters,
            [
                "restaurant/orders",
                "restaurant/orders/+/status",
                "restaurant/orders/+/parts/+",
                "restaurant/menu",
                "restaurant/day",
                "restaurant/counters/+"
            ]
        );
        assert_eq!(
            plan.filters, plan.config.filters,
            "remembered as subscribed"
        );
    }

    #[test]
    fn filters_the_same_client_subscribed_to_before_and_no_longer_wants_are_forgotten() {
        let previous = vec![
            "old/orders".to_owned(),
            "restaurant/orders".to_owned(),
            "old/orders/+/status".to_owned(),
        ];
        let plan = plan_with(&settings(), &previous, false);
        assert_eq!(plan.config.forget, ["old/orders", "old/orders/+/status"]);
    }

    #[test]
    fn the_tab_s_own_id_is_used_unless_the_settings_name_one() {
        assert_eq!(plan_with(&settings(), &[], false).client_id, "board-tab");
        let mut named = settings();
        named.client_id = Some("kitchen-1".into());
        let plan = plan_with(&named, &[], false);
        assert_eq!(plan.client_id, "kitchen-1");
        assert_eq!(plan.config.settings.client_id, "kitchen-1");
    }

    #[test]
    fn presence_is_announced_beside_the_orders_topic_only_when_asked_for() {
        assert_eq!(
            plan_with(&settings(), &[], false).config.settings.presence,
            None
        );
        let mut s = settings();
        s.announce_presence = true;
        let presence = plan_with(&s, &[], false).config.settings.presence.unwrap();
        assert_eq!(presence.topic, "restaurant/boards/board-tab");
        assert_eq!(
            String::from_utf8(presence.offline).unwrap(),
            r#"{"client_id":"board-tab","status":"offline"}"#
        );
    }

    #[test]
    fn auto_version_starts_with_5_and_a_chosen_version_is_used_as_chosen() {
        let mut s = settings();
        s.mqtt_version = MqttVersionSetting::Auto;
        let plan = plan_with(&s, &[], false);
        assert!(plan.config.auto_version);
        assert_eq!(plan.config.settings.version, ProtocolVersion::V5);
        s.mqtt_version = MqttVersionSetting::V3_1_1;
        let plan = plan_with(&s, &[], false);
        assert!(!plan.config.auto_version);
        assert_eq!(plan.config.settings.version, ProtocolVersion::V3_1_1);
    }

    #[test]
    fn a_persistent_session_is_asked_for_with_clean_session_off() {
        let mut s = settings();
        s.persistent_session = true;
        assert!(!plan_with(&s, &[], false).config.settings.clean_session);
        s.persistent_session = false;
        assert!(plan_with(&s, &[], false).config.settings.clean_session);
    }

    #[test]
    fn the_pickup_screen_connects_read_only() {
        assert!(plan_with(&settings(), &[], true).config.read_only);
        assert!(!plan_with(&settings(), &[], false).config.read_only);
    }

    #[test]
    fn stored_broker_versions_read_back_and_unknown_ones_are_left_out() {
        let stored = [("ws://a", "3.1.1"), ("ws://b", "5"), ("ws://c", "6")]
            .into_iter()
            .map(|(u, v)| (u.to_owned(), v.to_owned()))
            .collect();
        let known = versions_from_stored(stored);
        assert_eq!(known.len(), 2);
        assert_eq!(known["ws://a"], ProtocolVersion::V3_1_1);
        assert_eq!(
            version_from_name(version_name(ProtocolVersion::V5)),
            Some(ProtocolVersion::V5)
        );
    }
}
