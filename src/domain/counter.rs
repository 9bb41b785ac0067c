//! Short order numbers a customer can say ("A47"): a letter per counter device and a sequence per local
//! day. MQTT has no compare-and-set, so no broker hands numbers out: each counter device keeps a letter
//! that no other device claims (claims are retained, one topic per device, so every board and every late
//! counter hears all of them) and counts its own orders. Two devices that claim one letter at the same
//! moment settle it the same way on both: the earlier claim (then the smaller device id) keeps it, the
//! other takes the next free letter before it hands out a number.

use super::time::{to_iso8601, UnixMillis};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Letters no customer mistakes for digits (no I, no O); after them two letters ("AA").
const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

/// The `n`th letter a counter can take: "A".."Z" without I and O, then "AA", "AB", …
pub fn letter(n: usize) -> String {
    let k = LETTERS.len();
    if n < k {
        return (LETTERS[n] as char).to_string();
    }
    let n = (n - k) % (k * k);
    [LETTERS[n / k] as char, LETTERS[n % k] as char]
        .iter()
        .collect()
}

/// What a counter device announces, retained under its own topic: the letter it uses since `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub letter: String,
    pub at: UnixMillis,
}

impl Claim {
    /// Reads a claim; anything else (not JSON, a blank or long letter) is not one.
    pub fn decode(payload: &[u8]) -> Option<Claim> {
        let claim: Claim = serde_json::from_slice(payload).ok()?;
        let plain = claim.letter.chars().all(|c| c.is_ascii_uppercase());
        (plain && (1..=2).contains(&claim.letter.len())).then_some(claim)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// This device's letter, as kept on the device: the claim and the device id it was made under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterLetter {
    pub device: String,
    pub claim: Claim,
}

/// Every counter device's claim heard so far, by device id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims(BTreeMap<String, Claim>);

impl Claims {
    pub fn hear(&mut self, device: String, claim: Claim) {
        self.0.insert(device, claim);
    }

    /// A device that is gone (its retained claim deleted).
    pub fn forget(&mut self, device: &str) {
        self.0.remove(device);
    }

    /// What `device` claims, as heard.
    pub fn of(&self, device: &str) -> Option<&Claim> {
        self.0.get(device)
    }

    /// Whether another device's claim of the same letter comes first (earlier, then smaller id): the
    /// same answer on both devices, so exactly one of them keeps the letter.
    fn beaten(&self, mine: &CounterLetter) -> bool {
        self.0.iter().any(|(device, claim)| {
            device != &mine.device
                && claim.letter == mine.claim.letter
                && (claim.at, device) < (mine.claim.at, &mine.device)
        })
    }

    /// The first letter no other device claims.
    fn free_letter(&self, device: &str) -> String {
        (0..)
            .map(letter)
            .find(|l| !self.0.iter().any(|(d, c)| d != device && &c.letter == l))
            .unwrap_or_default()
    }

    /// The letter this device must take now, if it has none yet or another device keeps its letter;
    /// `None` keeps the one it has.
    pub fn settle(
        &self,
        mine: Option<&CounterLetter>,
        device: &str,
        now: UnixMillis,
    ) -> Option<CounterLetter> {
        if mine.is_some_and(|m| !self.beaten(m)) {
            return None;
        }
        let device = mine.map_or(device, |m| &m.device).to_owned();
        let letter = self.free_letter(&device);
        Some(CounterLetter {
            claim: Claim { letter, at: now },
            device,
        })
    }
}

/// The day's count of orders placed on this device; it starts again at 1 on a new local day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub day: String,
    pub last: u32,
}

impl Sequence {
    /// The next number of `today` (a local date, see [`local_day`]).
    pub fn next(&mut self, today: &str) -> u32 {
        if self.day != today {
            self.day = today.to_owned();
            self.last = 0;
        }
        self.last += 1;
        self.last
    }
}

/// The local date of `at` ("2026-12-03"), `offset_minutes` east of UTC: the day starts at local midnight.
pub fn local_day(at: UnixMillis, offset_minutes: i64) -> String {
    to_iso8601(at + offset_minutes * 60_000)[..10].to_owned()
}

/// The number said to the customer: the counter's letter and the day's sequence.
pub fn order_number(letter: &str, n: u32) -> String {
    format!("{letter}{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(letter: &str, at: i64) -> Claim {
        Claim {
            letter: letter.into(),
            at,
        }
    }

    #[test]
    fn letters_skip_i_and_o_and_go_on_with_two_letters() {
        let first: String = (0..24).map(letter).collect();
        assert_eq!(first, "ABCDEFGHJKLMNPQRSTUVWXYZ");
        assert_eq!(letter(24), "AA");
        assert_eq!(letter(25), "AB");
    }

    #[test]
    fn a_new_counter_takes_the_first_letter_nobody_claims() {
        let mut claims = Claims::default();
        claims.hear("board-1".into(), claim("A", 10));
        claims.hear("board-2".into(), claim("C", 20));
        let mine = claims.settle(None, "board-3", 30).unwrap();
        assert_eq!(mine.claim, claim("B", 30));
        assert_eq!(mine.device, "board-3");
    }

    #[test]
    fn two_counters_that_claim_one_letter_at_once_end_with_two_letters() {
        let a = CounterLetter {
            device: "board-a".into(),
            claim: claim("A", 100),
        };
        let b = CounterLetter {
            device: "board-b".into(),
            claim: claim("A", 100),
        };
        let mut heard = Claims::default();
        heard.hear(a.device.clone(), a.claim.clone());
        heard.hear(b.device.clone(), b.claim.clone());
        // Same time: the smaller id keeps it, on both devices.
        assert_eq!(heard.settle(Some(&a), "board-a", 200), None);
        let moved = heard.settle(Some(&b), "board-b", 200).unwrap();
        assert_eq!(moved.claim, claim("B", 200));
        // An earlier claim wins whatever the ids.
        let mut heard = Claims::default();
        heard.hear("board-z".into(), claim("A", 50));
        assert!(heard.settle(Some(&a), "board-a", 200).is_some());
    }

    #[test]
    fn a_counter_keeps_its_letter_when_only_its_own_claim_names_it() {
        let mine = CounterLetter {
            device: "board-a".into(),
            claim: claim("D", 100),
        };
        let mut heard = Claims::default();
        heard.hear("board-a".into(), claim("D", 100));
        heard.hear("board-b".into(), claim("A", 10));
        assert_eq!(heard.settle(Some(&mine), "board-a", 300), None);
    }

    #[test]
    fn the_sequence_counts_the_day_and_starts_again_the_next_day() {
        let mut seq = Sequence::default();
        assert_eq!(seq.next("2026-12-03"), 1);
        assert_eq!(seq.next("2026-12-03"), 2);
        assert_eq!(seq.next("2026-12-04"), 1);
        assert_eq!(order_number("B", 47), "B47");
    }

    #[test]
    fn the_day_starts_at_local_midnight() {
        // 2026-12-03T23:30:00Z
        let late = 1_796_340_600_000;
        assert_eq!(local_day(late, 0), "2026-12-03");
        assert_eq!(local_day(late, 60), "2026-12-04");
        assert_eq!(local_day(late, -300), "2026-12-03");
    }

    #[test]
    fn only_a_short_upper_case_letter_is_a_claim() {
        assert_eq!(
            Claim::decode(br#"{"letter":"B","at":5}"#),
            Some(claim("B", 5))
        );
        for bad in [
            &br#"{"letter":"","at":5}"#[..],
            br#"{"letter":"abc","at":5}"#,
            br#"{"letter":"ABC","at":5}"#,
            b"nope",
        ] {
            assert_eq!(Claim::decode(bad), None);
        }
    }
}
