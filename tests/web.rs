//! Browser tests (headless Chromium via wasm-bindgen-test): components mounted into a real DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use order_board::components::card::OrderCard;
use order_board::domain::money::Cents;
use order_board::domain::order::{Order, OrderItem};
use order_board::domain::ticket::Status;
use order_board::domain::ticket::Ticket;
use order_board::i18n::I18nContextProvider;
use order_board::state::Clock;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PLACED_AT: i64 = 1_736_872_200_000;

fn ticket(customer: &str, instructions: Option<&str>) -> Ticket {
    Ticket {
        seq: 1,
        received_at: PLACED_AT,
        status: Status::New,
        status_at: None,
        level: Status::New,
        parts: Vec::new(),
        previous: None,
        ready_at: None,
        started_at: None,
        fire_at: None,
        waiting: false,
        order: Order::new(
            "ORD-1a2b3c4d".into(),
            customer.into(),
            vec![
                OrderItem::plain("Onion Rings".into(), 3, Cents(435)),
                OrderItem::plain("Iced Tea".into(), 1, Cents(299)),
            ],
            PLACED_AT,
            instructions.map(str::to_owned),
        ),
    }
}

/// Mounts a card in a fresh container and returns that container.
fn mount_card(ticket: impl Into<Signal<Ticket>>, now: i64) -> web_sys::HtmlElement {
    let ticket = ticket.into();
    let document = document();
    let container = document
        .create_element("div")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        provide_context(Clock(Signal::stored(now)));
        view! { <I18nContextProvider><OrderCard ticket/></I18nContextProvider> }
    });
    handle.forget();
    container
}

fn text_of(container: &web_sys::HtmlElement, selector: &str) -> String {
    container
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} not rendered"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn a_card_shows_customer_lines_total_and_age() {
    let card = mount_card(ticket("Maya Rodriguez", None), PLACED_AT + 180_000);
    assert_eq!(text_of(&card, "[data-testid=customer]"), "Maya Rodriguez");
    assert_eq!(text_of(&card, "[data-testid=total]"), "$16.04");
    let lines = text_of(&card, ".items");
    assert!(lines.contains("3 × Onion Rings$13.05"), "{lines}");
    assert_eq!(text_of(&card, "[data-testid=age]"), "3 min ago");
    // A card keeps its place for the next ticket, so an empty note is hidden rather than absent.
    let note = card.query_selector("[data-testid=instructions]").unwrap();
    assert!(
        note.is_none_or(|n| n.has_attribute("hidden")),
        "a card without instructions shows none"
    );
}

#[wasm_bindgen_test]
fn allergy_instructions_are_marked_as_a_warning() {
    let card = mount_card(ticket("Liam", Some("Food allergy: nuts")), PLACED_AT);
    let note = card
        .query_selector("[data-testid=instructions]")
        .unwrap()
        .unwrap();
    assert!(note.class_list().contains("allergy"));
    assert!(!note.has_attribute("hidden"));
    assert!(note.text_content().unwrap().contains("Food allergy: nuts"));

    let card = mount_card(ticket("Liam", Some("Extra spicy")), PLACED_AT);
    let note = card
        .query_selector("[data-testid=instructions]")
        .unwrap()
        .unwrap();
    assert!(!note.class_list().contains("allergy"));
}

#[wasm_bindgen_test]
fn markup_in_a_customer_name_is_shown_as_text_never_parsed() {
    let hostile = "<img src=x onerror=alert(1)>";
    let card = mount_card(
        ticket(hostile, Some("<script>alert(2)</script>")),
        PLACED_AT,
    );
    assert_eq!(text_of(&card, "[data-testid=customer]"), hostile);
    // Inside the ticket: the i18n provider around it may add a script of its own beside it.
    assert!(card.query_selector("article img").unwrap().is_none());
    assert!(card.query_selector("article script").unwrap().is_none());
}

#[wasm_bindgen_test]
fn a_ticket_turns_yellow_after_five_minutes_and_red_after_eight() {
    let class_at = |minutes: i64| {
        let card = mount_card(ticket("Ageing", None), PLACED_AT + minutes * 60_000);
        let article = card
            .query_selector("[data-testid=order-card]")
            .unwrap()
            .unwrap();
        let timer = text_of(&card, "[data-testid=timer]");
        (article.class_name(), timer)
    };
    let base = "card status-card-new";
    assert_eq!(class_at(4), (base.to_owned(), "4:00".to_owned()));
    assert_eq!(
        class_at(6),
        (format!("{base} age-warning"), "6:00".to_owned())
    );
    assert_eq!(class_at(9), (format!("{base} age-late"), "9:00".to_owned()));
}

#[wasm_bindgen_test]
fn an_order_placed_before_it_reached_the_board_ages_from_its_own_time_and_says_so() {
    let mut queued = ticket("Queued at the counter", None);
    // Reached the board six minutes after it was placed (a Wi-Fi drop at the counter).
    queued.received_at = PLACED_AT + 6 * 60_000;
    let card = mount_card(queued, PLACED_AT + 6 * 60_000);
    let article = card
        .query_selector("[data-testid=order-card]")
        .unwrap()
        .unwrap();
    assert_eq!(
        article.get_attribute("data-age-from").as_deref(),
        Some("placed")
    );
    assert!(
        article.class_name().contains("age-warning"),
        "{}",
        article.class_name()
    );
    assert_eq!(text_of(&card, "[data-testid=timer]"), "6:00");
}

#[wasm_bindgen_test]
async fn a_card_given_the_next_ticket_changes_in_place_and_shows_only_that_ticket() {
    let shown = RwSignal::new(ticket("Maya", Some("Food allergy: nuts")));
    let container = mount_card(shown, PLACED_AT);
    let article = container
        .query_selector("[data-testid=order-card]")
        .unwrap()
        .unwrap();

    let mut next = ticket("Liam", None);
    next.order.order_id = "ORD-99".into();
    next.order.items.truncate(1);
    next.status = Status::Preparing;
    shown.set(next);
    // The card's text follows in the reactive system's next turn.
    gloo_timers::future::TimeoutFuture::new(0).await;

    let now = container
        .query_selector("[data-testid=order-card]")
        .unwrap()
        .unwrap();
    assert!(now.is_same_node(Some(&article)), "the card was made again");
    assert_eq!(
        now.get_attribute("data-order-id").as_deref(),
        Some("ORD-99")
    );
    assert_eq!(text_of(&container, "[data-testid=customer]"), "Liam");
    assert_eq!(text_of(&container, "[data-testid=status]"), "preparing");
    assert_eq!(
        container.query_selector_all(".items li").unwrap().length(),
        1
    );
    let note = container
        .query_selector("[data-testid=instructions]")
        .unwrap()
        .unwrap();
    assert!(
        note.has_attribute("hidden"),
        "the last ticket's allergy note stayed"
    );
}
