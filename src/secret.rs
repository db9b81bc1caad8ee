//! Credentials the user hands iops (tokens, header values, URL passwords): printed as `****` by
//! `Debug` and `Display`, so no report, log line or `-vvv` dump can show them by accident.

use std::fmt;

#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;

    fn from_str(text: &str) -> Result<Secret, String> {
        if text.is_empty() {
            return Err("the value is empty".into());
        }
        Ok(Secret::new(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neither_debug_nor_display_shows_the_value() {
        let secret: Secret = "hunter2".parse().unwrap();
        assert_eq!(format!("{secret} {secret:?}"), "**** Secret(****)");
        assert_eq!(secret.expose(), "hunter2");
        assert!("".parse::<Secret>().is_err());
    }
}
