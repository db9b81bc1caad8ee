//! DynamoDB numbers compared exactly. A number attribute holds up to 38 significant digits with
//! exponents from −130 to +125: more than an f64 (17 digits) or rust_decimal (28 digits, scale
//! 28) can hold, so `1E+30`, `1E-130` or a 38-digit count must not go through either — they
//! would come out rounded, or not at all. A [`Number`] keeps the sign, the significant digits and
//! the exponent, and orders by them.

use std::cmp::Ordering;

/// A decimal number as sign, significant digits and exponent: `0.d₁d₂… × 10^exponent`.
/// Normalized (no leading or trailing zeros; zero has no sign), so equal values are equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    negative: bool,
    /// Significant digits 0–9, first and last non-zero; empty for zero.
    digits: Vec<u8>,
    exponent: i64,
}

/// Exponents beyond this are clamped: far past DynamoDB's range, and no sum of one with a
/// text's length can overflow an i64.
const EXPONENT_LIMIT: i64 = 1 << 48;

impl Number {
    /// `12`, `-0.000`, `00012.50`, `.5`, `1E+30`, `1e-130`: the decimal forms DynamoDB and
    /// Python's `Decimal` read. None for anything else (no NaN, no infinity).
    pub fn parse(text: &str) -> Option<Number> {
        let text = text.trim();
        let (negative, unsigned) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
            None => (unsigned, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        let exponent = match exponent {
            None => 0,
            Some(text) => parse_exponent(text)?,
        };
        let mut digits: Vec<u8> = whole
            .bytes()
            .chain(fraction.bytes())
            .map(|b| b - b'0')
            .collect();
        let leading = digits.iter().take_while(|d| **d == 0).count();
        let trailing = digits.iter().rev().take_while(|d| **d == 0).count();
        if leading == digits.len() {
            return Some(Number {
                negative: false,
                digits: Vec::new(),
                exponent: 0,
            });
        }
        digits.truncate(digits.len() - trailing);
        digits.drain(..leading);
        Some(Number {
            negative,
            digits,
            exponent: whole.len() as i64 - leading as i64 + exponent,
        })
    }

    /// Whether DynamoDB can store it: at most 38 significant digits, and zero or a magnitude
    /// from 1E-130 up to (not including) 1E+126.
    pub fn fits_dynamodb(&self) -> bool {
        self.digits.is_empty() || (self.digits.len() <= 38 && (-129..=126).contains(&self.exponent))
    }

    fn sign(&self) -> i8 {
        match (self.digits.is_empty(), self.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        }
    }
}

/// `+30`, `-130`, `7`: clamped to ±[`EXPONENT_LIMIT`].
fn parse_exponent(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.bytes().fold(0i64, |n, b| {
        (n * 10 + i64::from(b - b'0')).min(EXPONENT_LIMIT)
    });
    Some(if negative { -magnitude } else { magnitude })
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        let by_sign = self.sign().cmp(&other.sign());
        if by_sign != Ordering::Equal || self.sign() == 0 {
            return by_sign;
        }
        // Same sign, both non-zero: the larger exponent is the larger magnitude (the first digit
        // is never zero), then the digits decide, a missing digit counting as a zero.
        let magnitude = self
            .exponent
            .cmp(&other.exponent)
            .then_with(|| self.digits.cmp(&other.digits));
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn number(text: &str) -> Number {
        Number::parse(text).unwrap_or_else(|| panic!("{text} is a number"))
    }

    #[test]
    fn forms_of_one_value_are_equal() {
        for same in [
            &[
                "12.5", "00012.50", "1.25E+1", "125e-1", "+12.500", "0.125E2",
            ][..],
            &["0", "-0.000", "0E+5", "00.0", ".0", "-0"],
            &["1E+30", "1000000000000000000000000000000", "1e30", "10E29"],
            &["-1E-130", "-0.1e-129", "-1.0000E-130"],
        ] {
            for text in same {
                assert_eq!(number(text), number(same[0]), "{text} = {}", same[0]);
            }
        }
    }

    #[test]
    fn orders_what_rust_decimal_cannot_hold() {
        let ascending = [
            "-1E+125",
            "-99999999999999999999999999999999999999",
            "-1E-130",
            "0",
            "1E-130",
            "2E-130",
            "0.5",
            "1E+30",
            "12345678901234567890123456789012345677",
            "12345678901234567890123456789012345678",
            "1.0000000000000000000000000000000000001E+125",
        ];
        for pair in ascending.windows(2) {
            assert!(
                number(pair[0]) < number(pair[1]),
                "{} < {}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn only_decimal_numbers_parse() {
        for bad in [
            "", " ", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1,5", "NaN", "Infinity", "0x10",
            "1 2", "--1", "1e5.5",
        ] {
            assert_eq!(Number::parse(bad), None, "{bad:?}");
        }
        assert!(Number::parse("1e99999999999999999999999").is_some());
        assert!(number("1E+125").fits_dynamodb() && number("-1E-130").fits_dynamodb());
        assert!(!number("1E+126").fits_dynamodb() && !number("1E-131").fits_dynamodb());
        assert!(!number("123456789012345678901234567890123456789").fits_dynamodb());
    }

    /// The reference: both numbers as integers `m × 10^e`, scaled to the smaller exponent and
    /// compared as digit strings (longer is larger, then the text) — no normalization shared
    /// with [`Number`].
    fn reference(a: &str, b: &str) -> Ordering {
        fn integer(text: &str) -> (bool, String, i64) {
            let (mantissa, exponent) = match text.find(['e', 'E']) {
                Some(at) => (&text[..at], text[at + 1..].parse::<i64>().unwrap()),
                None => (text, 0),
            };
            let negative = mantissa.starts_with('-');
            let mantissa = mantissa.trim_start_matches(['-', '+']);
            let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
            (
                negative,
                format!("{whole}{fraction}"),
                exponent - fraction.len() as i64,
            )
        }
        let ((neg_a, m_a, e_a), (neg_b, m_b, e_b)) = (integer(a), integer(b));
        let low = e_a.min(e_b);
        let scaled = |m: &str, e: i64| {
            let text = format!("{m}{}", "0".repeat((e - low) as usize));
            text.trim_start_matches('0').to_string()
        };
        let (s_a, s_b) = (scaled(&m_a, e_a), scaled(&m_b, e_b));
        let signed = |negative: bool, s: &str| match (s.is_empty(), negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        let (sign_a, sign_b) = (signed(neg_a, &s_a), signed(neg_b, &s_b));
        if sign_a != sign_b || sign_a == 0 {
            return sign_a.cmp(&sign_b);
        }
        let magnitude = s_a.len().cmp(&s_b.len()).then_with(|| s_a.cmp(&s_b));
        if sign_a < 0 {
            magnitude.reverse()
        } else {
            magnitude
        }
    }

    /// A DynamoDB number written one of the ways it can be: up to 38 significant digits,
    /// magnitude 1E-130 … 9.99…E+125 (or zero), plain with padding zeros or in E notation.
    fn dynamodb_number() -> impl Strategy<Value = String> {
        let digits = prop_oneof![
            "[1-9][0-9]{0,37}",
            // Few distinct values, so ties and near ties are common.
            "[1-2][09]{0,3}",
        ];
        let exponent = prop_oneof![-130i64..=125, -3i64..=3];
        (
            any::<bool>(),
            digits,
            exponent,
            0usize..4,
            0usize..3,
            any::<bool>(),
        )
            .prop_filter_map(
                "in DynamoDB's range",
                |(negative, digits, scientific, form, padding, zero)| {
                    let sign = if negative { "-" } else { "" };
                    if zero && padding == 0 {
                        return Some(["0", "-0.000", "0E+5", "00.0"][form % 4].to_string());
                    }
                    // digits × 10^(scientific − len + 1): the first digit at 10^scientific.
                    let e = scientific - digits.len() as i64 + 1;
                    if !(-130..=125).contains(&scientific) {
                        return None;
                    }
                    let zeros = "0".repeat(padding);
                    Some(match form {
                        0 => format!("{sign}{digits}E{e:+}"),
                        1 => format!("{sign}{}.{}e{scientific}", &digits[..1], &digits[1..])
                            .replace(".e", "e"),
                        2 if e >= 0 => format!("{sign}{zeros}{digits}{}", "0".repeat(e as usize)),
                        2 => {
                            let point = digits.len() as i64 + e;
                            if point > 0 {
                                let (whole, fraction) = digits.split_at(point as usize);
                                format!("{sign}{zeros}{whole}.{fraction}{zeros}")
                            } else {
                                let lead = "0".repeat((-point) as usize);
                                format!("{sign}{zeros}0.{lead}{digits}{zeros}")
                            }
                        }
                        _ => format!("{sign}{digits}{zeros}E{}", e - padding as i64),
                    })
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn order_agrees_with_exact_integer_scaling(a in dynamodb_number(), b in dynamodb_number()) {
            let (x, y) = (Number::parse(&a), Number::parse(&b));
            prop_assert!(x.is_some() && y.is_some(), "{} {}", a, b);
            let (x, y) = (x.unwrap(), y.unwrap());
            prop_assert!(x.fits_dynamodb(), "{}", a);
            prop_assert_eq!(x.cmp(&y), reference(&a, &b), "{} vs {}", a, b);
            prop_assert_eq!(x == y, reference(&a, &b) == Ordering::Equal, "{} vs {}", a, b);
        }

        #[test]
        fn sorting_many_agrees_with_the_reference(mut texts in proptest::collection::vec(dynamodb_number(), 0..40)) {
            texts.sort_by_cached_key(|t| Number::parse(t));
            for pair in texts.windows(2) {
                prop_assert_ne!(reference(&pair[0], &pair[1]), Ordering::Greater, "{:?}", pair);
            }
        }

        #[test]
        fn parsing_never_panics(text in "[-+0-9.eE ]{0,24}|\\PC{0,24}") {
            let _ = Number::parse(&text);
        }
    }
}
