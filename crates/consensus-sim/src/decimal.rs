//! Decimal text for the few fractional numbers the lab reads and writes: probabilities, speeds,
//! coordinates and times.
//!
//! The standard library's float formatting and parsing are exact for every `f64`, and their tables
//! and big-number code cost the web page about 30 KB of WebAssembly. These numbers never need more
//! than nine decimal places, so integer arithmetic does the job: same text natively and in the
//! browser, which the determinism contract relies on when a scenario travels in a permalink.

/// `x` held within `lo..=hi` (`lo` when `x` is not a number). `f64::clamp` would do the same, but its
/// check that `lo <= hi` formats both bounds when it fails, which links all of the float formatting.
#[allow(clippy::manual_clamp)]
pub fn limit(x: f64, lo: f64, hi: f64) -> f64 {
    x.max(lo).min(hi)
}

/// The most places `fixed` writes; 10^9 times any coordinate or time shown still fits in a `u64`.
const MAX_PLACES: usize = 9;

/// `x` with exactly `places` decimals (at most nine), rounded half away from zero: `fixed(1.25, 1)`
/// is "1.3". Not-a-number is written as 0, and magnitudes beyond 10^10 are clamped.
pub fn fixed(x: f64, places: usize) -> String {
    let places = places.min(MAX_PLACES);
    let scale = 10u64.pow(places as u32) as f64;
    let magnitude = if x.is_nan() { 0.0 } else { x.abs().min(1e10) };
    // Adding one half and truncating rounds half away from zero; the cast saturates, never wraps.
    let scaled = (magnitude * scale + 0.5) as u64;
    // Drawing calls this for every coordinate of every frame: one allocation for the digits, one for the text.
    let digits = scaled.to_string();
    let mut out = String::with_capacity(digits.len() + places + 3);
    if x < 0.0 && scaled != 0 {
        out.push('-');
    }
    // Zeros in front, so there is at least one digit before the point.
    out.extend(std::iter::repeat_n('0', (places + 1).saturating_sub(digits.len())));
    out.push_str(&digits);
    if places > 0 {
        out.insert(out.len() - places, '.');
    }
    out
}

/// `x` with up to `places` decimals and no trailing zeros: `short(0.25, 6)` is "0.25", `short(2.0, 3)`
/// is "2".
pub fn short(x: f64, places: usize) -> String {
    let mut text = fixed(x, places);
    if text.contains('.') {
        let kept = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(kept);
    }
    text
}

/// A decimal number (`-12`, `0.375`, `1e-3`, `2.5E+2`, and the looser `+1`, `.5` and `5.` an address
/// may carry), or None for anything else, including a value too large for an `f64` to hold. Mantissas
/// up to 19 significant digits and exponents up to 22 are converted with one correctly rounded
/// multiplication or division; longer inputs are read to the precision of a `u64` first.
pub fn parse(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let negative = bytes.first() == Some(&b'-');
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        at += 1;
    }
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = 0;
    let mut digits = 0;
    let mut add_digit = |d: u8, after_point: bool, exponent: &mut i64| {
        if mantissa < 1_000_000_000_000_000_000 {
            mantissa = mantissa * 10 + u64::from(d - b'0');
            if after_point {
                *exponent -= 1;
            }
        } else if !after_point {
            // Beyond a u64's precision: keep the magnitude, drop the digit.
            *exponent += 1;
        }
    };
    while let Some(&d) = bytes.get(at).filter(|d| d.is_ascii_digit()) {
        add_digit(d, false, &mut exponent);
        digits += 1;
        at += 1;
    }
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        while let Some(&d) = bytes.get(at).filter(|d| d.is_ascii_digit()) {
            add_digit(d, true, &mut exponent);
            digits += 1;
            at += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        let sign = match bytes.get(at) {
            Some(b'-') => {
                at += 1;
                -1
            }
            Some(b'+') => {
                at += 1;
                1
            }
            _ => 1,
        };
        let start = at;
        let mut written: i64 = 0;
        while let Some(&d) = bytes.get(at).filter(|d| d.is_ascii_digit()) {
            written = (written * 10 + i64::from(d - b'0')).min(100_000);
            at += 1;
        }
        if at == start {
            return None;
        }
        exponent += sign * written;
    }
    if at != bytes.len() {
        return None;
    }
    let value = scale(mantissa as f64, exponent);
    if !value.is_finite() {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// `m × 10^e`. Powers of ten up to 10^22 are exact in an `f64`, so within that range the result is
/// the one correctly rounded operation.
fn scale(m: f64, e: i64) -> f64 {
    if m == 0.0 {
        return 0.0;
    }
    let mut value = m;
    let mut left = e;
    while left > 0 {
        let step = left.min(22);
        value *= 10f64.powi(step as i32);
        left -= step;
    }
    while left < 0 {
        let step = (-left).min(22);
        value /= 10f64.powi(step as i32);
        left += step;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_rounds_half_away_from_zero_and_pads() {
        assert_eq!(fixed(1.25, 1), "1.3");
        assert_eq!(fixed(-1.25, 1), "-1.3");
        assert_eq!(fixed(0.04, 1), "0.0");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(0.001234, 3), "0.001");
        assert_eq!(fixed(12.0, 0), "12");
        assert_eq!(fixed(99.96, 1), "100.0");
        assert_eq!(fixed(f64::NAN, 2), "0.00");
        assert_eq!(fixed(1.0 / 3.0, 12), "0.333333333");
    }

    #[test]
    fn short_drops_trailing_zeros() {
        assert_eq!(short(0.25, 6), "0.25");
        assert_eq!(short(2.0, 3), "2");
        assert_eq!(short(0.0, 3), "0");
        assert_eq!(short(-0.0000001, 3), "0");
        assert_eq!(short(0.02, 6), "0.02");
    }

    #[test]
    fn parse_reads_json_numbers() {
        assert_eq!(parse("0"), Some(0.0));
        assert_eq!(parse("-12"), Some(-12.0));
        assert_eq!(parse("0.375"), Some(0.375));
        assert_eq!(parse("1e-3"), Some(0.001));
        assert_eq!(parse("2.5E+2"), Some(250.0));
        assert_eq!(parse("0.1"), Some(0.1));
        // Past a u64's precision the value is close, not correctly rounded.
        let long = parse("123456789012345678901234").unwrap();
        assert!((long / 1.2345678901234568e23 - 1.0).abs() < 1e-15);
        assert_eq!(parse("+0.5"), Some(0.5));
        assert_eq!(parse(".5"), Some(0.5));
        assert_eq!(parse("5."), Some(5.0));
        for bad in [
            "", "-", ".", "+-1", "1e", "1e+", "0x10", "1.2.3", " 1", "1 ", "inf", "NaN", "1e400",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn short_and_parse_round_trip_every_probability_in_parts_per_million() {
        for ppm in (0..=1_000_000).step_by(7) {
            let p = ppm as f64 / 1e6;
            assert_eq!(parse(&short(p, 6)), Some(p), "{ppm}");
        }
    }

    #[test]
    fn parse_agrees_with_the_standard_library_on_short_decimals() {
        for text in [
            "0.02", "0.5", "1", "3.14159", "0.000001", "0.999999", "42.125", "1e2", "7.5e-1",
        ] {
            assert_eq!(parse(text), text.parse::<f64>().ok(), "{text}");
        }
    }
}
