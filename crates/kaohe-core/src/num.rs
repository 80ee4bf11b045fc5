//! Exact decimal numbers (SCORING §1): read from their JSON text, checked arithmetic, rounding.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};


/// The private key under which serde_json (feature `arbitrary_precision`) hands over a number's text.
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A decimal number of the document, read exactly from its JSON text (SCORING §1: `15573.8` is exactly 15573.8).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Num(pub Decimal);

impl Num {
    /// The decimal value.
    pub fn get(self) -> Decimal {
        self.0
    }
}

impl fmt::Debug for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<Decimal> for Num {
    fn from(d: Decimal) -> Self {
        Num(d)
    }
}

/// Parses a number as JSON writes it (`-12.5`, `1e3`, `2.5E-2`) into an exact decimal.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.contains(['e', 'E']) {
        Decimal::from_scientific(t).ok()
    } else {
        Decimal::from_str(t).ok()
    }
}

struct NumVisitor;

impl<'de> Visitor<'de> for NumVisitor {
    type Value = Num;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
        Ok(Num(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
        Ok(Num(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Num, E> {
        // Never reached from JSON (numbers arrive as their text, see visit_map). Refused rather
        // than formatted: float formatting would cost the browser app's first load 5 KB.
        Err(E::custom("a binary floating-point number: numbers must be read from their decimal text"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Num, A::Error> {
        match map.next_key::<String>()? {
            Some(k) if k == NUMBER_TOKEN => {
                let text: String = map.next_value()?;
                parse_decimal(&text).map(Num).ok_or_else(|| {
                    de::Error::custom(format!(
                        "number out of range: {text} (at most 28 significant digits, magnitude below 7.9e28)"
                    ))
                })
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = serde_json::Number::from_str(&self.0.to_string()).map_err(serde::ser::Error::custom)?;
        n.serialize(s)
    }
}

/// SCORING §1 rounding mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Halves away from zero, as Excel's ROUND.
    #[default]
    HalfUp,
    /// Halves to the even neighbour (banker's rounding).
    HalfEven,
}

/// An arithmetic result too large for exact decimals (about 7.9 × 10^28).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

/// Checked decimal arithmetic: every operation on user numbers goes through these.
///
/// Native builds inline `add`, `sub`, `mul` and `div` into every caller: a `Calc` (20 bytes) is
/// returned through memory, written by the callee in pieces and read back by the caller in one
/// 16-byte load, which the processor cannot forward from the pieces and so waits for — measured
/// with `perf annotate` as the largest single cost of scoring (the demo's full evaluation
/// 70 → 63 µs with them inlined). The browser app keeps them out of line (its first load).
pub type Calc = Result<Decimal, Overflow>;

/// a + b, or Overflow.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn add(a: Decimal, b: Decimal) -> Calc {
    a.checked_add(b).ok_or(Overflow)
}
/// a − b, or Overflow.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn sub(a: Decimal, b: Decimal) -> Calc {
    a.checked_sub(b).ok_or(Overflow)
}
/// a × b, or Overflow.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn mul(a: Decimal, b: Decimal) -> Calc {
    a.checked_mul(b).ok_or(Overflow)
}
/// a / b (b ≠ 0 is the caller's duty; zero gives Overflow), rounded at 28 significant digits.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn div(a: Decimal, b: Decimal) -> Calc {
    a.checked_div(b).ok_or(Overflow)
}

/// Orders two decimals by value, as `Decimal::cmp` does. Native builds compare the integer
/// mantissas when the scales are equal or one can be brought to the other's exactly (nearly every
/// comparison scoring makes: against 0 and 1, a cap, a band's bound): a few instructions instead of
/// rust_decimal's rescaling compare. The browser app's first load keeps rust_decimal's.
#[inline]
pub fn cmp(a: Decimal, b: Decimal) -> Ordering {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let (ma, mb) = (a.mantissa(), b.mantissa());
        let (sa, sb) = (a.scale(), b.scale());
        if sa == sb {
            return ma.cmp(&mb);
        }
        if ma.signum() != mb.signum() {
            return ma.signum().cmp(&mb.signum());
        }
        let shifted = if sa < sb {
            POW10.get((sb - sa) as usize).and_then(|p| ma.checked_mul(*p)).map(|x| x.cmp(&mb))
        } else {
            POW10.get((sa - sb) as usize).and_then(|p| mb.checked_mul(*p)).map(|x| ma.cmp(&x))
        };
        if let Some(o) = shifted {
            return o;
        }
    }
    a.cmp(&b)
}

/// 10^k for k ≤ 28 (exact decimals' scales).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) const POW10: [i128; 29] = {
    let mut p = [1i128; 29];
    let mut k = 1;
    while k < 29 {
        p[k] = p[k - 1] * 10;
        k += 1;
    }
    p
};

/// The smaller of two decimals (the first when equal, as `Decimal::min`), by [`cmp`].
#[inline]
pub fn min(a: Decimal, b: Decimal) -> Decimal {
    if cmp(a, b) == Ordering::Greater { b } else { a }
}

/// The larger of two decimals (the first when equal, as `Decimal::max`), by [`cmp`].
#[inline]
pub fn max(a: Decimal, b: Decimal) -> Decimal {
    if cmp(a, b) == Ordering::Less { b } else { a }
}

/// clamp(v, lo, hi) for lo ≤ hi.
#[inline]
pub fn clamp(v: Decimal, lo: Decimal, hi: Decimal) -> Decimal {
    min(max(v, lo), hi)
}

/// SCORING §1: round to `dp` places, half away from zero (Excel's ROUND) or half to even.
pub fn round(v: Decimal, dp: u32, mode: RoundingMode) -> Decimal {
    // One integer division instead of rust_decimal's digit-by-digit rounding (a tenth of the time
    // of a 2,000 × 100 evaluation); identical results, a zero never negative (tested).
    // Native builds only (the CLI, the benchmarks): in the browser app the integer division's
    // code would cost the first load some 1.5 KB gzipped (issue 14's budget), and rust_decimal's
    // rounding below gives the same results.
    let scale = v.scale();
    if scale <= dp {
        return v;
    }
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(&d) = POW10.get((scale - dp) as usize) {
        let m = v.mantissa();
        let (q, r) = (m / d, (m % d).abs());
        let away = match mode {
            RoundingMode::HalfUp => 2 * r >= d,
            RoundingMode::HalfEven => 2 * r > d || (2 * r == d && q % 2 != 0),
        };
        let q = if away { q + m.signum() } else { q };
        let mut out = Decimal::from_i128_with_scale(q, dp);
        out.set_sign_negative(v.is_sign_negative() && q != 0);
        return out;
    }
    let strategy = match mode {
        RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
    };
    v.round_dp_with_strategy(dp, strategy)
}

/// Rounds half away from zero, whatever the scheme's mode (SCORING §9.11 for award ratios).
pub fn round_half_up(v: Decimal, dp: u32) -> Decimal {
    round(v, dp, RoundingMode::HalfUp)
}

/// A number as shown in explanations: at most 4 decimals, no trailing zeros (1.372599… → 1.3726).
pub fn show(v: Decimal) -> String {
    round_half_up(v, 4).normalize().to_string()
}

/// A score as shown: exactly `dp` decimals (10 → "10.00").
pub fn show_dp(v: Decimal, dp: u32) -> String {
    let mut r = v;
    r.rescale(dp);
    r.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn half_up_rounds_halves_away_from_zero_like_excel() {
        // SCORING §1: 2.675 → 2.68 and −2.675 → −2.68 (binary floats give 2.67).
        assert_eq!(round(d("2.675"), 2, RoundingMode::HalfUp), d("2.68"));
        assert_eq!(round(d("-2.675"), 2, RoundingMode::HalfUp), d("-2.68"));
        // half_even: 2.675 → 2.68 (8 is even), 2.665 → 2.66 (6 is even).
        assert_eq!(round(d("2.665"), 2, RoundingMode::HalfEven), d("2.66"));
        assert_eq!(round(d("2.665"), 2, RoundingMode::HalfUp), d("2.67"));
    }

    #[test]
    fn numbers_are_read_exactly_from_json_text() {
        let n: Num = serde_json::from_str("15573.8").unwrap();
        assert_eq!(n.0, d("15573.8"));
        let n: Num = serde_json::from_str("1e3").unwrap();
        assert_eq!(n.0, d("1000"));
        let n: Num = serde_json::from_str("0.1000000000000000000000000001").unwrap();
        assert_eq!(n.0, d("0.1000000000000000000000000001"));
        assert!(serde_json::from_str::<Num>("\"12\"").is_err());
        assert!(serde_json::from_str::<Num>("1e40").is_err());
    }

    #[test]
    fn checked_arithmetic_reports_overflow_instead_of_panicking() {
        assert_eq!(mul(Decimal::MAX, d("2")), Err(Overflow));
        assert_eq!(div(d("1"), Decimal::ZERO), Err(Overflow));
        assert_eq!(add(d("0.1"), d("0.2")), Ok(d("0.3")));
    }

    #[test]
    fn display_helpers() {
        assert_eq!(show(d("1.37259923175416133162612035851")), "1.3726");
        assert_eq!(show(d("1.20")), "1.2");
        assert_eq!(show_dp(d("10"), 2), "10.00");
        assert_eq!(show_dp(d("2.4"), 2), "2.40");
    }
}

#[cfg(test)]
mod round_tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(v: Decimal, dp: u32, mode: RoundingMode) -> Decimal {
        let strategy = match mode {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        };
        v.round_dp_with_strategy(dp, strategy)
    }

    #[test]
    fn halves_and_signs() {
        // 2.345 → 2.35 (half up) / 2.34 (half even); −2.345 → −2.35 / −2.34; −0.001 → 0.00.
        for (v, dp, up, even) in [("2.345", 2, "2.35", "2.34"), ("-2.345", 2, "-2.35", "-2.34"), ("-0.001", 2, "0.00", "0.00"), ("-0.005", 2, "-0.01", "0.00"),
            ("2.355", 2, "2.36", "2.36"), ("0.5", 0, "1", "0"), ("1.5", 0, "2", "2"), ("7", 2, "7", "7")] {
            let v: Decimal = v.parse().unwrap();
            assert_eq!(round(v, dp, RoundingMode::HalfUp).to_string(), reference(v, dp, RoundingMode::HalfUp).to_string());
            assert_eq!(round(v, dp, RoundingMode::HalfUp).to_string(), up);
            assert_eq!(round(v, dp, RoundingMode::HalfEven).to_string(), even);
        }
    }

    /// A decimal of any sign, scale and size: small mantissas (many equal values across scales,
    /// zeros of both signs) or any 96-bit one.
    fn any_decimal() -> impl Strategy<Value = Decimal> {
        (any::<u64>(), any::<u32>(), any::<bool>(), any::<bool>(), 0u32..=28).prop_map(|(lo, hi, small, neg, scale)| {
            let (lo, hi) = if small { (lo % 2_000, 0) } else { (lo, hi) };
            Decimal::from_parts(lo as u32, (lo >> 32) as u32, hi, neg, scale)
        })
    }

    #[test]
    fn comparisons_across_scales_and_signs() {
        let d = |t: &str| t.parse::<Decimal>().unwrap();
        // 1.50 = 1.5 (a different scale, the same value); −0 = 0; 0.1 < 0.10000000001.
        assert_eq!(cmp(d("1.50"), d("1.5")), Ordering::Equal);
        assert_eq!(cmp(-Decimal::ZERO, Decimal::ZERO), Ordering::Equal);
        assert_eq!(cmp(d("0.1"), d("0.10000000001")), Ordering::Less);
        assert_eq!(cmp(d("-2"), d("1.5")), Ordering::Less);
        // Equal values: min and max keep the first, as rust_decimal's `Decimal::min`/`max`.
        assert_eq!(min(d("1.50"), d("1.5")).to_string(), "1.50");
        assert_eq!(max(d("1.50"), d("1.5")).to_string(), "1.50");
        assert_eq!(clamp(d("1.20"), d("0"), d("1.2")).to_string(), "1.20");
        assert_eq!(clamp(d("-0.5"), d("0"), d("1")).to_string(), "0");
    }

    proptest! {
        /// The fast comparison orders as rust_decimal does; min, max and clamp return the same
        /// value in the same representation (scale, sign of zero) as rust_decimal's.
        #[test]
        fn comparisons_equal_rust_decimal(a in any_decimal(), b in any_decimal(), c in any_decimal(), same in any::<bool>()) {
            let b = if same { let mut x = a; x.rescale(b.scale()); x } else { b };
            prop_assert_eq!(cmp(a, b), a.cmp(&b));
            let (mn, mx) = (min(a, b), max(a, b));
            prop_assert_eq!((mn.to_string(), mn.is_sign_negative()), (a.min(b).to_string(), a.min(b).is_sign_negative()));
            prop_assert_eq!((mx.to_string(), mx.is_sign_negative()), (a.max(b).to_string(), a.max(b).is_sign_negative()));
            let (lo, hi) = if a <= c { (a, c) } else { (c, a) };
            let want = b.max(lo).min(hi);
            prop_assert_eq!(clamp(b, lo, hi).to_string(), want.to_string());
        }

        #[test]
        fn equals_rust_decimal(lo in any::<u64>(), hi in any::<u32>(), small in any::<bool>(), neg in any::<bool>(), scale in 0u32..=28, dp in 0u32..6, even in any::<bool>()) {
            // Small mantissas too, so that many round to zero or sit on a half.
            let (lo, hi) = if small { (lo % 20_000, 0) } else { (lo, hi) };
            let v = Decimal::from_parts(lo as u32, (lo >> 32) as u32, hi, neg, scale);
            let mode = if even { RoundingMode::HalfEven } else { RoundingMode::HalfUp };
            let (a, b) = (round(v, dp, mode), reference(v, dp, mode));
            prop_assert_eq!(a.to_string(), b.to_string());
            prop_assert_eq!(a.scale(), b.scale());
        }
    }
}
