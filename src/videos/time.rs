//! Times in a video, as authors write them and as pages show them.
//!
//! Authors write a start time as seconds (`95`), a clock (`1:35`, `1:02:03`) or units (`1m35s`,
//! `2h`, `95s`); all mean whole seconds from the start. Pages show `m:ss` (or `h:mm:ss`). Pure.

/// Parses `95`, `1:35`, `1:02:03`, `1m35s`, `1h2m3s` into seconds. The error says what is wrong.
pub fn parse_time(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let bad = || format!("`{t}` is not a time; write seconds (95), minutes:seconds (1:35) or 1m35s");
    if t.is_empty() {
        return Err(bad());
    }
    if t.contains(':') {
        let parts: Vec<&str> = t.split(':').collect();
        if parts.len() > 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(bad());
        }
        let mut total: u64 = 0;
        for (i, p) in parts.iter().enumerate() {
            let n: u64 = p.parse().map_err(|_| bad())?;
            if i > 0 && (p.len() != 2 || n > 59) {
                return Err(format!("`{t}`: minutes and seconds after a `:` are two digits from 00 to 59"));
            }
            // Checked: the first part may have any number of digits (an overflow panicked).
            total = total.checked_mul(60).and_then(|t| t.checked_add(n)).ok_or_else(bad)?;
        }
        return u32::try_from(total).map_err(|_| bad());
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().map_err(|_| bad());
    }
    // Units: h, m, s, each at most once and in that order.
    let mut total: u64 = 0;
    let mut digits = String::new();
    let mut last_unit = 0;
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let (rank, scale) = match c {
            'h' => (1, 3600),
            'm' => (2, 60),
            's' => (3, 1),
            _ => return Err(bad()),
        };
        if digits.is_empty() || rank <= last_unit {
            return Err(bad());
        }
        let n: u64 = digits.parse().map_err(|_| bad())?;
        total = total.checked_add(n.checked_mul(scale).ok_or_else(bad)?).ok_or_else(bad)?;
        digits.clear();
        last_unit = rank;
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    u32::try_from(total).map_err(|_| bad())
}

/// `95` -> `1:35`; `3723` -> `1:02:03`.
pub fn format_time(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// A duration for screen readers and lists: `2 min 3 s`.
pub fn spoken_duration(seconds: u32) -> String {
    let (m, s) = (seconds / 60, seconds % 60);
    match (m, s) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_formats_mean_the_same_time() {
        for t in ["95", "1:35", "01:35", "1m35s", "95s", "0:01:35", "0h1m35s"] {
            assert_eq!(parse_time(t), Ok(95), "{t}");
        }
        assert_eq!(parse_time("1:02:03"), Ok(3723));
        assert_eq!(parse_time("2m"), Ok(120));
        assert_eq!(parse_time("1h"), Ok(3600));
        assert_eq!(parse_time("0"), Ok(0));
    }

    #[test]
    fn malformed_times_are_errors() {
        for t in ["", "abc", "1:5", "1:60", "1::2", "1:2:3:4", "35s1m", "1m1m", "m", "1.5", "-3", "1m35", "99999999999"]
        {
            assert!(parse_time(t).is_err(), "{t} should be an error");
        }
    }

    #[test]
    fn a_clock_too_large_for_any_video_is_an_error_not_an_overflow() {
        // Found by AFL++ (tests/fuzz/crashes/sidecar/afl-overflow.toml).
        assert!(parse_time("0000011100000000000000000:00").is_err());
        assert!(parse_time("18446744073709551615:59:59").is_err());
    }

    #[test]
    fn times_format_as_clocks() {
        assert_eq!(format_time(0), "0:00");
        assert_eq!(format_time(95), "1:35");
        assert_eq!(format_time(3723), "1:02:03");
        assert_eq!(spoken_duration(123), "2 min 3 s");
        assert_eq!(spoken_duration(45), "45 s");
    }
}
