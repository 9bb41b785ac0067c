//! What the page says about the typed values the engine sends: the connection's state and why a connection,
//! a publish or a subscription did not work. One place, so a language is one catalogue, not a hunt.

use crate::domain::ageing::AgeFrom;
use crate::domain::allergens::{Allergen, AllergenWords};
use crate::domain::details::{
    LineError, OrderType, Warning, MAX_GUESTS, MAX_MODIFIERS, MAX_MODIFIER_CHARS, MAX_NOTE_CHARS,
    MAX_TABLE_CHARS,
};
use crate::domain::draft::DraftProblem;
use crate::domain::inbound::RejectReason;
use crate::domain::menu::{MenuError, MAX_MENU_ITEMS, MAX_MENU_TEXT, MAX_PREP_MINUTES};
use crate::domain::modifiers::{GroupProblem, MAX_OPTIONS};
use crate::domain::money::MoneyError;
use crate::domain::order::{
    Field, OrderError, MAX_INSTRUCTIONS_CHARS, MAX_ITEMS, MAX_NAME_CHARS, MAX_PAYLOAD_BYTES,
    MAX_QUANTITY,
};
use crate::domain::parts::{PartError, PartState};
use crate::domain::restaurant::{our_languages, MenuSource, SetupError, SetupProblem};
use crate::domain::rules::LastChange;
use crate::domain::ticket::Status;
use crate::domain::ticket::StatusError;
use crate::domain::time::UnixMillis;
use crate::i18n::{td_string, Locale};
use crate::mqtt::reason::{Reason, Why};
use crate::mqtt::{ConnState, Delivery};
use crate::restaurant::{MenuRefused, MoneyRefused};
use crate::shell::Unavailable;
use crate::storage::Problem;

/// A catalogue's words as a `String`: `say!(locale, key)` or `say!(locale, key, var = value, …)`.
macro_rules! say {
    ($locale:expr, $key:ident) => { td_string!($locale, $key).to_string() };
    ($locale:expr, $key:ident, $($arg:ident = $value:expr),+) => {
        td_string!($locale, $key, $($arg = $value),+).to_string()
    };
}

/// The connection's state `elapsed_ms` after it began, in `locale`: a wait counts down to the next attempt.
pub fn connection(locale: Locale, state: &ConnState, elapsed_ms: u64) -> String {
    // Whole seconds, rounded up, in integers: float formatting would cost the page ~5 KB.
    let left = |delay_ms: &u64| delay_ms.saturating_sub(elapsed_ms).div_ceil(1000);
    match state {
        ConnState::Offline => td_string!(locale, conn_offline).to_string(),
        ConnState::Connecting { attempt: 0 | 1 } => td_string!(locale, conn_connecting).to_string(),
        ConnState::Connecting { attempt } => {
            td_string!(locale, conn_connecting_attempt, attempt = attempt).to_string()
        }
        ConnState::Connected { to, nodes: 1, .. } => {
            td_string!(locale, conn_connected, broker = to).to_string()
        }
        ConnState::Connected { to, node, nodes } => td_string!(
            locale,
            conn_connected_node,
            broker = to,
            node = node,
            nodes = nodes
        )
        .to_string(),
        ConnState::Reconnecting {
            attempt,
            delay_ms,
            reason: why,
        } if left(delay_ms) == 0 => td_string!(
            locale,
            conn_reconnecting_now,
            reason = reason(locale, why),
            attempt = attempt + 1
        )
        .to_string(),
        ConnState::Reconnecting {
            attempt,
            delay_ms,
            reason: why,
        } => td_string!(
            locale,
            conn_reconnecting,
            reason = reason(locale, why),
            seconds = left(delay_ms),
            attempt = attempt + 1
        )
        .to_string(),
        ConnState::Refused {
            reason: why,
            delay_ms,
        } if left(delay_ms) == 0 => {
            td_string!(locale, conn_refused_now, reason = reason(locale, why)).to_string()
        }
        ConnState::Refused {
            reason: why,
            delay_ms,
        } => td_string!(
            locale,
            conn_refused,
            reason = reason(locale, why),
            seconds = left(delay_ms)
        )
        .to_string(),
        ConnState::Failed { reason: why } => {
            td_string!(locale, conn_failed, reason = reason(locale, why)).to_string()
        }
    }
}

/// Why something did not happen, as a short clause ("bad user name or password"), in `locale`.
pub fn reason(locale: Locale, reason: &Reason) -> String {
    let Reason {
        why,
        subject: s,
        detail: d,
    } = reason;
    match why {
        Why::NoBrokerUrl => say!(locale, why_no_broker_url),
        Why::NotWebSocketUrl => say!(locale, why_not_websocket_url, url = s),
        Why::UnclosedBracket => say!(locale, why_unclosed_bracket, url = s),
        Why::NoHost => say!(locale, why_no_host, url = s),
        Why::BadPort => say!(locale, why_bad_port, url = s, port = d),
        Why::SocketNotOpened if d.is_empty() => say!(locale, why_socket_not_opened),
        Why::SocketNotOpened => d.clone(),
        Why::Unreachable => say!(locale, why_unreachable, url = s),
        Why::Lost => say!(locale, why_lost, code = s),
        Why::SocketRefusedToSend => say!(locale, why_socket_refused_to_send),
        Why::SessionClosed => say!(locale, why_session_closed),
        Why::ProtocolError => say!(locale, why_protocol_error, detail = d),
        Why::BrokerDisconnected => say!(locale, why_broker_disconnected, code = s),
        Why::NoMqtt5 => say!(locale, why_no_mqtt5),
        Why::CannotBuild => say!(locale, why_cannot_build, what = s, detail = d),
        Why::NotConnected => say!(locale, why_not_connected),
        Why::ReadOnly => say!(locale, why_read_only),
        Why::NoPacketId => say!(locale, why_no_packet_id, detail = d),
        Why::BadTopicName => say!(locale, why_bad_topic_name, topic = s),
        Why::SessionRefusedToSend => say!(locale, why_session_refused_to_send),
        Why::PublishRefused => say!(locale, why_publish_refused, code = s),
        Why::BadFilter => say!(locale, why_bad_filter, filter = s),
        Why::SubscriptionRefused if s.is_empty() => say!(locale, why_subscription_refused),
        Why::SubscriptionRefused => say!(locale, why_subscription_refused_code, code = s),
        Why::UnsupportedVersion => say!(locale, why_unsupported_version),
        Why::ClientIdRejected => say!(locale, why_client_id_rejected),
        Why::ServiceUnavailable => say!(locale, why_service_unavailable),
        Why::BadCredentials => say!(locale, why_bad_credentials),
        Why::NotAuthorised => say!(locale, why_not_authorised),
        Why::ServerBusy => say!(locale, why_server_busy),
        Why::Banned => say!(locale, why_banned),
        Why::BadAuthMethod => say!(locale, why_bad_auth_method),
        Why::QuotaExceeded => say!(locale, why_quota_exceeded),
        Why::ConnectingTooOften => say!(locale, why_connecting_too_often),
        Why::RefusedOther => say!(locale, why_refused_other, code = s),
    }
}

/// A ticket's status as the card and the lists say it.
pub fn status(locale: Locale, status: Status) -> &'static str {
    match status {
        Status::New => td_string!(locale, status_new),
        Status::Preparing => td_string!(locale, status_preparing),
        Status::Ready => td_string!(locale, status_ready),
        Status::Served => td_string!(locale, status_served),
        Status::Cancelled => td_string!(locale, status_cancelled),
    }
}

/// The bump button's word: what the bump makes the ticket ("Start", "Ready", "Served").
pub fn bump(locale: Locale, to: Option<Status>) -> &'static str {
    match to {
        Some(Status::Preparing) => td_string!(locale, bump_start),
        Some(Status::Ready) => td_string!(locale, bump_ready),
        Some(Status::Served) => td_string!(locale, bump_served),
        _ => "",
    }
}

/// What a station's bump makes its part: "Start", "Done".
pub fn part_bump(locale: Locale, to: PartState) -> &'static str {
    match to {
        PartState::Preparing => td_string!(locale, bump_start),
        _ => td_string!(locale, bump_done),
    }
}

/// How far a station is with its part, in a word.
pub fn part_state(locale: Locale, state: PartState) -> &'static str {
    match state {
        PartState::New => td_string!(locale, status_new),
        PartState::Preparing => td_string!(locale, status_preparing),
        PartState::Done => td_string!(locale, part_done),
    }
}

/// Where the food goes; another system's word as it wrote it.
pub fn order_type(locale: Locale, kind: &OrderType) -> String {
    match kind {
        OrderType::DineIn => say!(locale, order_type_dine_in),
        OrderType::Takeout => say!(locale, order_type_takeout),
        OrderType::Delivery => say!(locale, order_type_delivery),
        OrderType::Other(text) => text.clone(),
    }
}

/// A detail an order carried that the board left out, and what it did instead.
pub fn detail_warning(locale: Locale, warning: &Warning) -> String {
    match warning {
        Warning::OrderType(v) => say!(locale, warn_order_type, value = v),
        Warning::Table(v) => say!(locale, warn_table, value = v, max = MAX_TABLE_CHARS),
        Warning::Guests(v) => say!(locale, warn_guests, value = v, max = MAX_GUESTS),
        Warning::Priority(v) => say!(locale, warn_priority, value = v),
        Warning::DueAt(v) => say!(locale, warn_due_at, value = v),
        Warning::DueTooFar(v) => say!(locale, warn_due_too_far, value = v),
    }
}

/// The allergen words of `locale` with the English ones (orders come in either), for marking instructions.
pub fn allergen_words(locale: Locale) -> AllergenWords {
    let mut words = AllergenWords::english();
    if locale != Locale::en {
        let lists = Allergen::ALL.map(|a| (a, allergen_list(locale, a)));
        words.merge(AllergenWords::from_lists(
            lists,
            td_string!(locale, allergen_words_general),
        ));
    }
    words
}

fn allergen_list(locale: Locale, allergen: Allergen) -> &'static str {
    match allergen {
        Allergen::Gluten => td_string!(locale, allergen_words_gluten),
        Allergen::Crustaceans => td_string!(locale, allergen_words_crustaceans),
        Allergen::Molluscs => td_string!(locale, allergen_words_molluscs),
        Allergen::Egg => td_string!(locale, allergen_words_egg),
        Allergen::Fish => td_string!(locale, allergen_words_fish),
        Allergen::Peanut => td_string!(locale, allergen_words_peanut),
        Allergen::TreeNuts => td_string!(locale, allergen_words_tree_nuts),
        Allergen::Soy => td_string!(locale, allergen_words_soy),
        Allergen::Milk => td_string!(locale, allergen_words_milk),
        Allergen::Celery => td_string!(locale, allergen_words_celery),
        Allergen::Mustard => td_string!(locale, allergen_words_mustard),
        Allergen::Sesame => td_string!(locale, allergen_words_sesame),
        Allergen::Lupin => td_string!(locale, allergen_words_lupin),
        Allergen::Sulphites => td_string!(locale, allergen_words_sulphites),
    }
}

/// An allergen's name in `locale` ("gluten", "Schalenfrüchte").
pub fn allergen_name(locale: Locale, allergen: Allergen) -> &'static str {
    match allergen {
        Allergen::Gluten => td_string!(locale, allergen_gluten),
        Allergen::Crustaceans => td_string!(locale, allergen_crustaceans),
        Allergen::Molluscs => td_string!(locale, allergen_molluscs),
        Allergen::Egg => td_string!(locale, allergen_egg),
        Allergen::Fish => td_string!(locale, allergen_fish),
        Allergen::Peanut => td_string!(locale, allergen_peanut),
        Allergen::TreeNuts => td_string!(locale, allergen_tree_nuts),
        Allergen::Soy => td_string!(locale, allergen_soy),
        Allergen::Milk => td_string!(locale, allergen_milk),
        Allergen::Celery => td_string!(locale, allergen_celery),
        Allergen::Mustard => td_string!(locale, allergen_mustard),
        Allergen::Sesame => td_string!(locale, allergen_sesame),
        Allergen::Lupin => td_string!(locale, allergen_lupin),
        Allergen::Sulphites => td_string!(locale, allergen_sulphites),
    }
}

/// Which clock a ticket's age runs from ("placed 12:03", "received 12:04").
pub fn age_from(locale: Locale, from: AgeFrom) -> &'static str {
    match from {
        AgeFrom::Placed(_) => td_string!(locale, age_placed),
        AgeFrom::Received(_) => td_string!(locale, age_received),
        AgeFrom::Scheduled(_) => td_string!(locale, age_scheduled),
    }
}

/// What the Undo button says it takes back.
pub fn undo(locale: Locale, change: &LastChange) -> String {
    let customer = &change.customer;
    if let Some((_, set)) = &change.part {
        return td_string!(
            locale,
            undo_part,
            customer = customer,
            station = set.station.as_str(),
            state = part_state(locale, set.state)
        )
        .to_string();
    }
    match change.status {
        Status::Cancelled => td_string!(locale, undo_cancel, customer = customer).to_string(),
        to => td_string!(
            locale,
            undo_bump,
            customer = customer,
            status = status(locale, to)
        )
        .to_string(),
    }
}

/// Why a message is under "Rejected messages", in `locale`. Order data in it (ids, names, the bytes'
/// technical detail) is said as it came.
pub fn rejection(locale: Locale, reason: &RejectReason) -> String {
    match reason {
        RejectReason::Order(error) => order_rejection(locale, error),
        RejectReason::Part(error) => match error {
            PartError::NotValid(detail) => say!(locale, rej_part_not_valid, detail = detail),
            PartError::NotAPart => say!(locale, rej_not_a_part),
        },
        RejectReason::Status(error) => match error {
            StatusError::NotValid(detail) => say!(locale, rej_status_not_valid, detail = detail),
            StatusError::EmptyOrderId => say!(locale, rej_status_empty_id),
            StatusError::BadTime(at) => say!(locale, rej_status_bad_time, at = at),
        },
        RejectReason::MenuNotText => say!(locale, rej_menu_not_text),
        RejectReason::NotACounterLetter => say!(locale, rej_not_counter_letter),
        RejectReason::NotADayClose => say!(locale, reject_not_a_day_close),
        RejectReason::ReusedId {
            order_id,
            kept_for,
            this_for,
        } => say!(
            locale,
            rej_reused_id,
            order_id = order_id,
            kept_for = kept_for,
            this_for = this_for
        ),
    }
}

/// Why a message on the orders topic is not an order, in `locale`.
fn order_rejection(locale: Locale, error: &OrderError) -> String {
    let money = |problem: &MoneyError| money_problem(locale, problem);
    let field = |field: Field| match field {
        Field::CustomerName => td_string!(locale, field_customer_name),
        Field::ItemName => td_string!(locale, field_item_name),
        Field::SpecialInstructions => td_string!(locale, field_special_instructions),
        other => other.wire_name(),
    };
    match error {
        OrderError::TooLarge { bytes } => {
            say!(
                locale,
                rej_too_large,
                bytes = bytes,
                limit = MAX_PAYLOAD_BYTES
            )
        }
        OrderError::NotUtf8 { valid_up_to } => say!(locale, rej_not_utf8, offset = valid_up_to),
        OrderError::NotJson(detail) => say!(locale, rej_not_json, detail = detail),
        OrderError::WrongShape(detail) => say!(locale, rej_wrong_shape, detail = detail),
        OrderError::MissingField(f) => say!(locale, rej_missing_field, field = f.wire_name()),
        OrderError::BlankOrderId => say!(locale, rej_blank_order_id),
        OrderError::BlankCustomer => say!(locale, rej_blank_customer),
        OrderError::FieldTooLong {
            field: f,
            max_chars,
        } => {
            say!(
                locale,
                rej_field_too_long,
                field = field(*f),
                max = max_chars
            )
        }
        OrderError::NoItems => say!(locale, rej_no_items),
        OrderError::TooManyItems { count } => {
            say!(locale, rej_too_many_items, items = count, max = MAX_ITEMS)
        }
        OrderError::BlankItemName { position } => {
            say!(locale, rej_blank_item_name, position = position)
        }
        OrderError::BadQuantity { item, quantity } => say!(
            locale,
            rej_bad_quantity,
            item = item,
            quantity = quantity,
            max = MAX_QUANTITY
        ),
        OrderError::BadPrice { item, problem } => {
            say!(locale, rej_bad_price, item = item, problem = money(problem))
        }
        OrderError::BadTotal(problem) => say!(locale, rej_bad_total, problem = money(problem)),
        OrderError::TotalMismatch { stated, computed } => {
            say!(
                locale,
                rej_total_mismatch,
                stated = stated,
                computed = computed
            )
        }
        OrderError::BadTimestamp(text) => say!(locale, rej_bad_timestamp, text = text),
        OrderError::BadLine { item, problem } => {
            say!(
                locale,
                rej_bad_line,
                item = item,
                problem = line_problem(locale, problem)
            )
        }
    }
}

/// What is wrong with a line's modifiers or note, to follow the dish's name.
fn line_problem(locale: Locale, problem: &LineError) -> String {
    match problem {
        LineError::NotAList => td_string!(locale, line_modifiers_not_list).to_owned(),
        LineError::TooMany { count } => {
            say!(
                locale,
                line_too_many_modifiers,
                count = count,
                max = MAX_MODIFIERS
            )
        }
        LineError::Unnamed { position } => say!(locale, line_modifier_unnamed, position = position),
        LineError::BadPrice { position } => {
            say!(locale, line_modifier_bad_price, position = position)
        }
        LineError::TooLong => say!(locale, line_modifier_too_long, max = MAX_MODIFIER_CHARS),
        LineError::NoteTooLong => say!(locale, line_note_too_long, max = MAX_NOTE_CHARS),
        LineError::NoteNotText => td_string!(locale, line_note_not_text).to_owned(),
    }
}

/// What is wrong with an amount ("is negative"), to follow "the price of …".
fn money_problem(locale: Locale, problem: &MoneyError) -> &'static str {
    match problem {
        MoneyError::Negative => td_string!(locale, money_negative),
        MoneyError::NotFinite => td_string!(locale, money_not_finite),
        MoneyError::TooLarge => td_string!(locale, money_too_large),
    }
}

/// How long ago, short, for a card ("just now", "3 min ago").
pub fn age(locale: Locale, from: UnixMillis, now: UnixMillis) -> String {
    let secs = (now - from).max(0) / 1000;
    match secs {
        0..=9 => td_string!(locale, ago_just_now).to_string(),
        10..=59 => td_string!(locale, ago_seconds, n = secs).to_string(),
        60..=3599 => td_string!(locale, ago_minutes, n = secs / 60).to_string(),
        _ => td_string!(locale, ago_hours, n = secs / 3600).to_string(),
    }
}

/// The stale-data banner after `secs` without the broker.
pub fn stale(locale: Locale, secs: i64) -> String {
    td_string!(locale, stale_banner, secs = secs).to_string()
}

/// What the history limit took off the board, open tickets first in the sentence: they still need cooking.
pub fn dropped(locale: Locale, dropped: u64, open: u64, keep: usize) -> String {
    match open {
        0 => td_string!(locale, dropped_finished, count = dropped, keep = keep).to_string(),
        _ => td_string!(
            locale,
            dropped_open,
            count = open,
            keep = keep,
            all = dropped
        )
        .to_string(),
    }
}

/// How many repeated deliveries the board ignored, for the header (nothing when none).
pub fn repeats(locale: Locale, duplicates: u64) -> Option<String> {
    (duplicates > 0).then(|| td_string!(locale, repeats_ignored, count = duplicates).to_string())
}

/// Where the menu in use came from.
pub fn menu_source(locale: Locale, source: MenuSource) -> &'static str {
    match source {
        MenuSource::Config => td_string!(locale, menu_source_config),
        MenuSource::MenuFile => td_string!(locale, menu_source_file),
        MenuSource::Retained => td_string!(locale, menu_source_topic),
        MenuSource::Demo => td_string!(locale, menu_source_demo),
    }
}

/// A menu offered and not used, and which one stays. (The reason is the menu checker's, in English.)
pub fn menu_refused(locale: Locale, refused: &MenuRefused) -> String {
    let from = match refused.source {
        MenuSource::Config | MenuSource::Demo => td_string!(locale, menu_from_config).to_string(),
        MenuSource::MenuFile => {
            td_string!(locale, menu_from_file, place = &refused.place).to_string()
        }
        MenuSource::Retained => {
            td_string!(locale, menu_from_topic, place = &refused.place).to_string()
        }
    };
    td_string!(
        locale,
        menu_refused,
        from = from,
        reason = menu_error(locale, &refused.reason),
        kept = menu_source(locale, refused.kept)
    )
    .to_string()
}

/// What to fix in a field of the order form.
pub fn draft_problem(locale: Locale, problem: DraftProblem) -> String {
    match problem {
        DraftProblem::NoName => say!(locale, draft_no_name),
        DraftProblem::NameTooLong { has } => {
            say!(locale, draft_name_too_long, max = MAX_NAME_CHARS, has = has)
        }
        DraftProblem::NoItems => say!(locale, draft_no_items),
        DraftProblem::InstructionsTooLong { has } => say!(
            locale,
            draft_instructions_too_long,
            max = MAX_INSTRUCTIONS_CHARS,
            has = has
        ),
        DraftProblem::TableTooLong => say!(locale, draft_table_too_long),
        DraftProblem::BadGuests => say!(locale, draft_bad_guests),
        DraftProblem::BadTime => say!(locale, draft_bad_time),
    }
}

/// Why a menu cannot be used, naming the item.
pub fn menu_error(locale: Locale, error: &MenuError) -> String {
    match error {
        MenuError::NotJson(detail) => say!(locale, menu_not_json, detail = detail),
        MenuError::NotAList => say!(locale, menu_not_list),
        MenuError::Empty => say!(locale, menu_empty),
        MenuError::TooMany { count } => {
            say!(locale, menu_over_limit, items = count, max = MAX_MENU_ITEMS)
        }
        MenuError::NoText { item, field } => say!(locale, menu_no_text, item = item, field = field),
        MenuError::TextTooLong { item, field } => {
            say!(
                locale,
                menu_text_too_long,
                item = item,
                field = field,
                max = MAX_MENU_TEXT
            )
        }
        MenuError::NoPrice { item, name } => say!(locale, menu_no_price, item = item, name = name),
        MenuError::BadPrice {
            item,
            name,
            problem,
        } => say!(
            locale,
            menu_bad_price,
            item = item,
            name = name,
            problem = money_problem(locale, problem)
        ),
        MenuError::Twice { name } => say!(locale, menu_twice, name = name),
        MenuError::StationCategory { station, category } => {
            say!(
                locale,
                menu_station_category,
                station = station,
                category = category
            )
        }
        MenuError::Modifiers { group, problem } => {
            let problem = match problem {
                GroupProblem::NotAList => say!(locale, group_not_list),
                GroupProblem::NoName => say!(locale, group_no_name),
                GroupProblem::NoOptions => say!(locale, group_no_options, max = MAX_OPTIONS),
                GroupProblem::UnknownTarget(name) => {
                    say!(locale, group_unknown_target, name = name)
                }
                GroupProblem::BadOption(option) => say!(locale, group_bad_option, option = option),
                GroupProblem::BadPick => say!(locale, group_bad_pick),
            };
            say!(locale, menu_modifiers, group = group, problem = problem)
        }
        MenuError::BadAllergen {
            item,
            name,
            allergen,
        } => say!(
            locale,
            menu_bad_allergen,
            item = item,
            name = name,
            allergen = allergen
        ),
        MenuError::BadPrep { item, name } => {
            say!(
                locale,
                menu_bad_prep,
                item = item,
                name = name,
                max = MAX_PREP_MINUTES
            )
        }
        MenuError::NotOnServer { url } => say!(locale, menu_not_on_server, url = url),
        MenuError::NotFetched { url, detail } => {
            say!(locale, menu_not_fetched, url = url, detail = detail)
        }
    }
}

/// What is wrong with config.json, a file it names, or a setting in it or in the address.
pub fn setup(locale: Locale, problem: &SetupProblem) -> String {
    let what = match &problem.error {
        SetupError::ConfigEmpty => say!(locale, config_empty),
        SetupError::ConfigHtml => say!(locale, config_html),
        SetupError::ConfigNotObject => say!(locale, config_not_object),
        SetupError::ConfigInvalid(detail) => say!(locale, config_invalid, detail = detail),
        SetupError::ConfigField(detail) => say!(locale, config_field, detail = detail),
        SetupError::FetchFailed { file } => say!(locale, file_not_fetched, file = file),
        SetupError::Http { file, status } => say!(locale, file_http, file = file, status = status),
        SetupError::Unreadable { file } => say!(locale, file_unreadable, file = file),
        SetupError::Currency(code) => say!(locale, bad_currency, code = code),
        SetupError::Locale(tag) => say!(locale, bad_locale, tag = tag),
        SetupError::CancelMinutes(text) => say!(locale, bad_cancel_minutes, text = text),
        SetupError::StaffPin => say!(locale, bad_staff_pin),
        SetupError::HistoryMax(text) => say!(locale, bad_history_max, text = text),
        SetupError::CloseDayAt(text) => say!(locale, bad_close_day_at, text = text),
        SetupError::CloseDayOpen(text) => say!(locale, bad_close_day_open, text = text),
        SetupError::Language(tag) => say!(locale, bad_language, tag = tag, ours = our_languages()),
        SetupError::Menu(error) => menu_error(locale, error),
    };
    match problem.in_config {
        true => say!(locale, in_config_json, problem = what),
        false => what,
    }
}

/// A currency or locale the browser does not know.
pub fn money_refused(locale: Locale, refused: &MoneyRefused) -> String {
    match &refused.locale {
        None => td_string!(locale, money_refused, currency = &refused.currency).to_string(),
        Some(tag) => td_string!(
            locale,
            money_refused_locale,
            currency = &refused.currency,
            tag = tag
        )
        .to_string(),
    }
}

/// Where an order placed from this page stands, as the outbox list says it.
pub fn delivery(locale: Locale, state: &Delivery) -> String {
    match state {
        Delivery::Queued => td_string!(locale, delivery_queued).to_string(),
        Delivery::Sent => td_string!(locale, delivery_sent).to_string(),
        Delivery::Acknowledged => td_string!(locale, delivery_acknowledged).to_string(),
        Delivery::Failed(why) => {
            td_string!(locale, delivery_failed, reason = reason(locale, why)).to_string()
        }
    }
}

/// Why this board cannot be kept for offline use.
pub fn shell_unavailable(locale: Locale, why: &Unavailable) -> String {
    match why {
        Unavailable::PlainHttp => td_string!(locale, shell_plain_http).to_string(),
        Unavailable::NotKept(why) => td_string!(locale, shell_not_kept, why = why).to_string(),
    }
}

/// What the browser's storage could not keep, and what that means for the person at the screen.
pub fn storage(locale: Locale, problem: &Problem) -> String {
    match problem {
        Problem::Full { precious: true } => td_string!(locale, storage_full_precious).to_string(),
        Problem::Full { precious: false } => td_string!(locale, storage_full).to_string(),
        Problem::Unavailable => td_string!(locale, storage_unavailable).to_string(),
        Problem::Unsaved => td_string!(locale, storage_full_settings).to_string(),
        Problem::Shrunk { kept } => td_string!(locale, storage_shrunk, kept = kept).to_string(),
        Problem::History { waiting } => {
            td_string!(locale, storage_history, waiting = waiting).to_string()
        }
        Problem::Blocked => td_string!(locale, storage_blocked).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::setup as setup_words;
    use super::*;

    #[test]
    fn connection_states_read_as_words() {
        let one = ConnState::Connected {
            to: "127.0.0.1:9001".into(),
            node: 1,
            nodes: 1,
        };
        assert_eq!(
            connection(Locale::en, &one, 0),
            "connected to 127.0.0.1:9001"
        );
        let second = ConnState::Connected {
            to: "b:9001".into(),
            node: 2,
            nodes: 3,
        };
        assert_eq!(
            connection(Locale::en, &second, 0),
            "connected to b:9001 (2 of 3)"
        );
        let state = ConnState::Refused {
            reason: Reason::new(Why::BadCredentials),
            delay_ms: 1500,
        };
        assert_eq!(
            connection(Locale::en, &state, 0),
            "refused: bad user name or password — retrying in 2 s"
        );
    }

    #[test]
    fn a_wait_counts_down_to_the_next_attempt_and_the_first_attempt_is_attempt_1() {
        let state = ConnState::Reconnecting {
            attempt: 0,
            delay_ms: 3_000,
            reason: Reason::about(Why::Lost, "1006"),
        };
        assert_eq!(
            connection(Locale::en, &state, 0),
            "connection lost (WebSocket code 1006) — reconnecting in 3 s (attempt 1)"
        );
        assert_eq!(
            connection(Locale::en, &state, 2_100),
            "connection lost (WebSocket code 1006) — reconnecting in 1 s (attempt 1)"
        );
        assert_eq!(
            connection(Locale::en, &state, 3_500),
            "connection lost (WebSocket code 1006) — reconnecting now (attempt 1)"
        );
    }

    #[test]
    fn a_bad_setting_is_said_with_the_url_the_cook_typed() {
        let failed = ConnState::Failed {
            reason: Reason::about(Why::BadPort, "ws://host:99999").detail("99999"),
        };
        assert_eq!(
            connection(Locale::en, &failed, 0),
            "cannot connect: \"ws://host:99999\" has an invalid port \"99999\""
        );
        let browser = Reason::new(Why::SocketNotOpened);
        assert_eq!(reason(Locale::en, &browser), "the browser refused the URL");
    }

    #[test]
    fn a_refused_subscription_says_the_code_when_the_broker_gave_one() {
        assert_eq!(
            reason(Locale::en, &Reason::new(Why::SubscriptionRefused)),
            "refused by the broker (not authorised?)"
        );
        assert_eq!(
            reason(
                Locale::en,
                &Reason::about(Why::SubscriptionRefused, "NotAuthorized")
            ),
            "refused by the broker: NotAuthorized"
        );
    }

    #[test]
    fn the_same_state_reads_in_spanish_with_its_numbers_and_the_broker_as_published() {
        crate::i18n::load_every_catalogue();
        let state = ConnState::Refused {
            reason: Reason::new(Why::BadCredentials),
            delay_ms: 1500,
        };
        assert_eq!(
            connection(Locale::es, &state, 0),
            "rechazado: usuario o contraseña incorrectos — otro intento en 2 s"
        );
        let one = ConnState::Connected {
            to: "127.0.0.1:9001".into(),
            node: 1,
            nodes: 1,
        };
        assert_eq!(
            connection(Locale::es, &one, 0),
            "conectado a 127.0.0.1:9001"
        );
    }

    #[test]
    fn every_reason_has_words_in_every_language() {
        crate::i18n::load_every_catalogue();
        for locale in &Locale::ALL {
            for why in Why::ALL {
                let words = reason(*locale, &Reason::about(*why, "x").detail("y"));
                assert!(!words.trim().is_empty(), "{locale:?} {why:?}");
            }
        }
    }

    #[test]
    fn the_undo_button_names_the_customer_and_what_it_takes_back() {
        crate::i18n::load_every_catalogue();
        let change = |status| LastChange {
            order_id: "A".into(),
            customer: "Bo".into(),
            status,
            at: 0,
            part: None,
        };
        assert_eq!(
            undo(Locale::en, &change(Status::Preparing)),
            "Undo Bo → preparing"
        );
        assert_eq!(
            undo(Locale::en, &change(Status::Cancelled)),
            "Undo cancel of Bo"
        );
        assert_eq!(
            undo(Locale::es, &change(Status::Ready)),
            "Deshacer Bo → listo"
        );
    }

    #[test]
    fn dropped_open_tickets_are_said_first_with_what_to_do() {
        assert_eq!(
            dropped(Locale::en, 5, 2, 100),
            "2 open orders were dropped to stay within 100 — raise \"Keep\" or finish tickets (5 dropped in all)."
        );
        assert_eq!(
            dropped(Locale::en, 1, 1, 1),
            "1 open order was dropped to stay within 1 — raise \"Keep\" or finish tickets (1 dropped in all)."
        );
        assert_eq!(
            dropped(Locale::en, 3, 0, 50),
            "3 finished orders were dropped from view (history keeps 50)."
        );
    }

    #[test]
    fn repeats_are_counted_in_the_singular_for_one_and_not_at_all_for_none() {
        assert_eq!(repeats(Locale::en, 0), None);
        assert_eq!(
            repeats(Locale::en, 1).as_deref(),
            Some(" · 1 repeat ignored")
        );
        assert_eq!(
            repeats(Locale::en, 4).as_deref(),
            Some(" · 4 repeats ignored")
        );
        assert_eq!(
            stale(Locale::en, 12),
            "Not connected for 12 s — new orders and status changes may be missing."
        );
    }

    #[test]
    fn a_full_storage_is_said_as_what_it_means_for_unsent_orders() {
        let words = storage(Locale::en, &Problem::Full { precious: true });
        assert!(
            words.contains("not yet sent") && words.contains("Do not reload"),
            "{words}"
        );
        assert!(storage(Locale::en, &Problem::Shrunk { kept: 3 }).contains("newest 3 tickets"));
        assert!(storage(Locale::en, &Problem::Unavailable).contains("private window"));
    }

    fn every_menu_error() -> Vec<MenuError> {
        use crate::domain::money::MoneyError;
        vec![
            MenuError::NotJson("a ':' is missing".into()),
            MenuError::NotAList,
            MenuError::Empty,
            MenuError::TooMany { count: 501 },
            MenuError::NoText {
                item: 2,
                field: "category",
            },
            MenuError::TextTooLong {
                item: 3,
                field: "name",
            },
            MenuError::NoPrice {
                item: 1,
                name: "Pho".into(),
            },
            MenuError::BadPrice {
                item: 1,
                name: "Pho".into(),
                problem: MoneyError::Negative,
            },
            MenuError::Twice { name: "Pho".into() },
            MenuError::StationCategory {
                station: "Grill".into(),
                category: "Soup".into(),
            },
            MenuError::Modifiers {
                group: "Size".into(),
                problem: GroupProblem::UnknownTarget("Soup".into()),
            },
            MenuError::Modifiers {
                group: "?".into(),
                problem: GroupProblem::NotAList,
            },
            MenuError::Modifiers {
                group: "Size".into(),
                problem: GroupProblem::NoName,
            },
            MenuError::Modifiers {
                group: "Size".into(),
                problem: GroupProblem::NoOptions,
            },
            MenuError::Modifiers {
                group: "Size".into(),
                problem: GroupProblem::BadOption("L".into()),
            },
            MenuError::Modifiers {
                group: "Size".into(),
                problem: GroupProblem::BadPick,
            },
            MenuError::BadPrep {
                item: 4,
                name: "Pho".into(),
            },
            MenuError::BadAllergen {
                item: 4,
                name: "Pho".into(),
                allergen: "bacon".into(),
            },
            MenuError::NotOnServer {
                url: "gone.json".into(),
            },
            MenuError::NotFetched {
                url: "m.json".into(),
                detail: "HTTP 500".into(),
            },
        ]
    }

    #[test]
    fn setup_and_menu_problems_read_in_english_as_the_domain_says_them() {
        crate::i18n::load_every_catalogue();
        let menu = every_menu_error();
        let setup = [
            SetupError::ConfigEmpty,
            SetupError::ConfigHtml,
            SetupError::ConfigNotObject,
            SetupError::ConfigInvalid("trailing characters".into()),
            SetupError::ConfigField("duplicate field".into()),
            SetupError::FetchFailed {
                file: "config.json".into(),
            },
            SetupError::Http {
                file: "config.json".into(),
                status: 500,
            },
            SetupError::Unreadable {
                file: "config.json".into(),
            },
            SetupError::Currency("EURO".into()),
            SetupError::Locale("de_DE!".into()),
            SetupError::Language("tlh".into()),
            SetupError::CancelMinutes("-1".into()),
            SetupError::StaffPin,
            SetupError::HistoryMax("0".into()),
            SetupError::CloseDayAt("4pm".into()),
            SetupError::CloseDayOpen("maybe".into()),
        ];
        for error in menu.into_iter().map(SetupError::Menu).chain(setup) {
            for in_config in [false, true] {
                let problem = SetupProblem {
                    in_config,
                    error: error.clone(),
                };
                assert_eq!(setup_words(Locale::en, &problem), problem.to_string());
                assert!(!setup_words(Locale::es, &problem).is_empty());
            }
        }
    }

    #[test]
    fn kitchen_words_are_the_kitchen_s_in_spanish() {
        crate::i18n::load_every_catalogue();
        assert_eq!(bump(Locale::es, Some(Status::Preparing)), "Empezar");
        assert_eq!(bump(Locale::es, Some(Status::Ready)), "Listo");
        assert_eq!(bump(Locale::es, Some(Status::Served)), "Entregado");
        assert_eq!(bump(Locale::en, Some(Status::Preparing)), "Start");
        assert_eq!(status(Locale::en, Status::Preparing), "preparing");
    }
}
