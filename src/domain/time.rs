//! ISO-8601 timestamps on the wire and milliseconds since the Unix epoch inside; time is always an input.

/// Milliseconds since 1970-01-01T00:00:00Z. The domain never reads a clock; callers pass this in.
pub type UnixMillis = i64;

/// Formats as the wire format's ISO-8601 UTC form, e.g. `2025-01-14T16:30:00Z`.
pub fn to_iso8601(ms: UnixMillis) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The same with milliseconds (`2025-01-14T16:30:00.250Z`): two changes a cook makes within one second
/// (Ready, then Served) must keep their order when every board compares their times.
pub fn to_iso8601_millis(ms: UnixMillis) -> String {
    let seconds = to_iso8601(ms);
    format!(
        "{}.{:03}Z",
        &seconds[..seconds.len() - 1],
        ms.rem_euclid(1000)
    )
}

/// Parses the ISO-8601 forms other systems send: `Z`, `+hh:mm`/`+hhmm` offsets, fractional seconds,
/// a space instead of `T`, and no zone at all (Python's naive `isoformat()`, read as UTC).
pub fn parse_iso8601(text: &str) -> Option<UnixMillis> {
    let b = text.trim().as_bytes();
    let num = |s: &[u8]| -> Option<i64> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse().ok()
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    let (hour, minute, second) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix(b".") {
        let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        let mut scaled = frac[..digits.min(3)].to_vec();
        scaled.resize(3, b'0');
        millis = num(&scaled)?;
        rest = &frac[digits..];
    }
    let offset_minutes = match rest {
        [] | [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), hh @ ..] if matches!(hh.len(), 2 | 4 | 5) => {
            let (h, m) = match hh.len() {
                2 => (num(hh)?, 0),
                4 => (num(&hh[0..2])?, num(&hh[2..4])?),
                _ if hh[2] == b':' => (num(&hh[0..2])?, num(&hh[3..5])?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let total = h * 60 + m;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(secs * 1000 + millis)
}

/// Wall-clock "HH:MM:SS" of `ms` at a place `offset_minutes` ahead of UTC, as a kitchen reads clocks.
pub fn clock_text(ms: UnixMillis, offset_minutes: i64) -> String {
    let secs = (ms / 1000 + offset_minutes * 60).rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// "3 min ago" style age, for cards.
pub fn age_text(from: UnixMillis, now: UnixMillis) -> String {
    let secs = (now - from).max(0) / 1000;
    match secs {
        0..=9 => "just now".to_owned(),
        10..=59 => format!("{secs} s ago"),
        60..=3599 => format!("{} min ago", secs / 60),
        _ => format!("{} h ago", secs / 3600),
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days: exact proleptic Gregorian conversions.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2025-01-14T16:30:00Z, the seed document's example, as Unix milliseconds.
    const SEED_EXAMPLE_MS: i64 = 1_736_872_200_000;

    #[test]
    fn status_times_keep_their_milliseconds_and_read_back_exactly() {
        let ms = 1_736_872_200_250;
        assert_eq!(to_iso8601_millis(ms), "2025-01-14T16:30:00.250Z");
        assert_eq!(parse_iso8601(&to_iso8601_millis(ms)), Some(ms));
        assert_eq!(
            to_iso8601_millis(1_736_872_200_000),
            "2025-01-14T16:30:00.000Z"
        );
    }

    #[test]
    fn clock_text_is_local_wall_time_on_a_24_hour_clock() {
        // 2025-01-14T16:30:00Z seen from UTC, from UTC+2 and from UTC-8 (the day before there).
        assert_eq!(clock_text(SEED_EXAMPLE_MS + 5_000, 0), "16:30:05");
        assert_eq!(clock_text(SEED_EXAMPLE_MS, 120), "18:30:00");
        assert_eq!(clock_text(SEED_EXAMPLE_MS, -480), "08:30:00");
        assert_eq!(clock_text(SEED_EXAMPLE_MS, 8 * 60), "00:30:00");
    }

    #[test]
    fn the_seed_example_timestamp_round_trips() {
        assert_eq!(parse_iso8601("2025-01-14T16:30:00Z"), Some(SEED_EXAMPLE_MS));
        assert_eq!(to_iso8601(SEED_EXAMPLE_MS), "2025-01-14T16:30:00Z");
    }

    #[test]
    fn offsets_fractions_and_naive_python_timestamps_are_understood() {
        assert_eq!(
            parse_iso8601("2025-01-14T18:30:00+02:00"),
            Some(SEED_EXAMPLE_MS)
        );
        assert_eq!(
            parse_iso8601("2025-01-14T11:30:00-0500"),
            Some(SEED_EXAMPLE_MS)
        );
        assert_eq!(
            parse_iso8601("2025-01-14T16:30:00.250Z"),
            Some(SEED_EXAMPLE_MS + 250)
        );
        assert_eq!(
            parse_iso8601("2025-01-14T16:30:00.123456"),
            Some(SEED_EXAMPLE_MS + 123)
        );
        assert_eq!(parse_iso8601("2025-01-14 16:30:00"), Some(SEED_EXAMPLE_MS));
    }

    #[test]
    fn impossible_or_garbled_timestamps_do_not_parse() {
        for bad in [
            "",
            "yesterday",
            "2025-02-30T10:00:00Z",
            "2025-13-01T10:00:00Z",
            "2025-01-14T24:00:00Z",
            "2025-01-14T16:30:00+25:00",
            "2025-01-14T16:30:00.Z",
            "2025-01-14T16:30:00Zjunk",
            "2025-01-1４T16:30:00Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad:?} should not parse");
        }
    }

    #[test]
    fn leap_days_and_epoch_boundaries_format_correctly() {
        assert_eq!(to_iso8601(0), "1970-01-01T00:00:00Z");
        let leap = parse_iso8601("2024-02-29T23:59:59Z").unwrap();
        assert_eq!(to_iso8601(leap), "2024-02-29T23:59:59Z");
        assert_eq!(to_iso8601(leap + 1000), "2024-03-01T00:00:00Z");
    }

    #[test]
    fn ages_read_like_a_person_would_say_them() {
        assert_eq!(age_text(0, 3_000), "just now");
        assert_eq!(age_text(0, 42_000), "42 s ago");
        assert_eq!(age_text(0, 180_000), "3 min ago");
        assert_eq!(age_text(0, 7_300_000), "2 h ago");
        assert_eq!(age_text(5_000, 0), "just now");
    }
}
