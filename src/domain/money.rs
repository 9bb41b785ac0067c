//! Money as integer cents inside, two-decimal JSON numbers on the wire.

use serde::{Serialize, Serializer};
use std::fmt;

/// An amount in cents. Integer arithmetic keeps totals exact (4.35 * 3 is 13.05, not 13.049999999999999).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(pub i64);

/// Why a wire number cannot be an amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    Negative,
    NotFinite,
    TooLarge,
}

/// Largest amount accepted: ten million, far above any real order, small enough to stay exact in an f64.
pub const MAX_CENTS: i64 = 1_000_000_000;

impl Cents {
    /// Converts a wire number (dollars, possibly with float noise such as 12.990000000000002) to cents.
    pub fn from_wire(amount: f64) -> Result<Cents, MoneyError> {
        if !amount.is_finite() {
            return Err(MoneyError::NotFinite);
        }
        if amount < 0.0 {
            return Err(MoneyError::Negative);
        }
        let cents = (amount * 100.0).round();
        if cents > MAX_CENTS as f64 {
            return Err(MoneyError::TooLarge);
        }
        Ok(Cents(cents as i64))
    }

    /// Multiplies by a quantity, saturating rather than overflowing on absurd input.
    pub fn times(self, quantity: u32) -> Cents {
        Cents(self.0.saturating_mul(i64::from(quantity)))
    }

    /// The wire text: always two decimals, e.g. `12.99`, `10.00`.
    pub fn to_wire_text(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        Cents(iter.map(|c| c.0).fold(0i64, i64::saturating_add))
    }
}

impl fmt::Display for Cents {
    /// Shown to people as `$12.99`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "${}", self.to_wire_text())
    }
}

impl Serialize for Cents {
    /// Written as a raw JSON number with exactly two decimals, so no float noise reaches other systems.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(self.to_wire_text())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyError::Negative => "is negative",
            MoneyError::NotFinite => "is not a finite number",
            MoneyError::TooLarge => "is larger than 10,000,000.00",
        })
    }
}

/// A plain decimal number as people type it ("12", "-0.5", ".25"), without the float parser: `str::parse::<f64>`
/// costs the page ~2 KB and also accepts "inf", "NaN" and exponents, which no form here means.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let mut value = whole
        .bytes()
        .fold(0.0, |v, b| v * 10.0 + f64::from(b - b'0'));
    let mut scale = 1.0;
    for b in fraction.bytes() {
        scale *= 10.0;
        value += f64::from(b - b'0') / scale;
    }
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_noise_on_the_wire_rounds_to_the_nearest_cent() {
        assert_eq!(Cents::from_wire(12.990000000000002), Ok(Cents(1299)));
        assert_eq!(Cents::from_wire(13.049999999999999), Ok(Cents(1305)));
        assert_eq!(Cents::from_wire(0.0), Ok(Cents(0)));
    }

    #[test]
    fn negative_and_non_finite_amounts_are_refused() {
        assert_eq!(Cents::from_wire(-0.01), Err(MoneyError::Negative));
        assert_eq!(Cents::from_wire(f64::NAN), Err(MoneyError::NotFinite));
        assert_eq!(Cents::from_wire(f64::INFINITY), Err(MoneyError::NotFinite));
        assert_eq!(Cents::from_wire(1e300), Err(MoneyError::TooLarge));
    }

    #[test]
    fn line_totals_are_exact_where_floats_are_not() {
        assert_eq!(Cents(435).times(3), Cents(1305));
        assert_eq!(Cents(110).times(3), Cents(330));
        assert_eq!(
            [Cents(1299), Cents(1)].into_iter().sum::<Cents>(),
            Cents(1300)
        );
    }

    #[test]
    fn wire_text_always_has_two_decimals() {
        assert_eq!(Cents(1299).to_wire_text(), "12.99");
        assert_eq!(Cents(1000).to_wire_text(), "10.00");
        assert_eq!(Cents(5).to_wire_text(), "0.05");
        assert_eq!(Cents(1305).to_string(), "$13.05");
    }

    #[test]
    fn serialized_amounts_are_plain_json_numbers() {
        assert_eq!(serde_json::to_string(&Cents(1305)).unwrap(), "13.05");
        assert_eq!(serde_json::to_string(&vec![Cents(100)]).unwrap(), "[1.00]");
    }

    #[test]
    fn plain_decimals_are_read_and_anything_else_is_not() {
        assert_eq!(parse_decimal("12"), Some(12.0));
        assert_eq!(parse_decimal("0.5"), Some(0.5));
        assert_eq!(parse_decimal(".25"), Some(0.25));
        assert_eq!(parse_decimal("-1.5"), Some(-1.5));
        assert_eq!(parse_decimal("0.1"), Some(0.1));
        for not in ["", "-", ".", "1e5", "inf", "NaN", "1.2.3", "1,5", " 1"] {
            assert_eq!(parse_decimal(not), None, "{not}");
        }
    }
}
