//! Numbers as the page shows them and writes them into the canvas: a fixed count of decimals, or up to a
//! count with trailing zeros dropped. A value that is not a finite number is shown as 0, so no drawing
//! ever carries "NaN".

/// `x` with exactly `places` decimals: `fixed(1.25, 2)` is "1.25".
pub fn fixed(x: f64, places: usize) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let text = format!("{x:.places$}");
    // "-0.0" says nothing "0.0" does not.
    match text.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => text,
    }
}

/// `x` with up to `places` decimals and no trailing zeros: `short(0.25, 6)` is "0.25", `short(2.0, 3)` is "2".
pub fn short(x: f64, places: usize) -> String {
    let mut text = fixed(x, places);
    if text.contains('.') {
        let kept = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(kept);
    }
    text
}

/// A span of simulated time in milliseconds, to a tenth: "183.4 ms".
pub fn ms(us: u64) -> String {
    format!("{} ms", short(us as f64 / 1000.0, 1))
}

/// A decimal number typed by a person or given in an address, if it is a finite one.
pub fn parse(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

#[cfg(test)]
mod tests {
    // Compiled for the browser's target, where only wasm-bindgen-test's runner runs tests.
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn shows_numbers_plainly() {
        assert_eq!(fixed(1.25, 2), "1.25");
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(f64::NAN, 1), "0.0");
        assert_eq!(short(2.0, 3), "2");
        assert_eq!(short(0.25, 6), "0.25");
        assert_eq!(parse(" 0.04"), Some(0.04));
        assert_eq!(parse("NaN"), None);
        assert_eq!(parse("1e"), None);
    }
}
