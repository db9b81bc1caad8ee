//! What a command that changes or removes something acts on: exactly one resource — partition,
//! region, account and name, as its ARN says — resolved before any change.
//!
//! The destructive paths (`queue purge`, `queue redrive --yes`, `queue stale --delete --yes`,
//! `connections prune --yes`, `deploy activate-stage` / `rollback`, `ws send --all`) take a
//! [`One`], and a `One` is only made by [`One::exactly_one`]: a glob or prefix that matched
//! several resources is refused (exit 2, naming them), so "the first match" cannot reach a
//! change; and the resources themselves are built from the ARN the user gave (its own region and
//! account), so "the configured region" cannot silently replace it.

use std::fmt;
use std::ops::Deref;

use crate::error::{Error, Result};
use crate::output::Output;

/// A resource named by an ARN.
pub trait Resource {
    /// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
    fn arn(&self) -> &str;
}

/// Exactly one resource: what a change may act on.
#[derive(Debug, Clone)]
pub struct One<T>(T);

impl<T: Resource> One<T> {
    /// The one resource `named` matched; none is a failure (exit 1), several a usage error
    /// (exit 2) listing each by its ARN.
    pub fn exactly_one(named: &str, mut found: Vec<T>) -> Result<One<T>> {
        match found.len() {
            1 => Ok(One(found.remove(0))),
            0 => Err(Error::Failed(format!("nothing matches '{named}'"))),
            n => Err(Error::usage(format!(
                "'{named}' matches {n} resources, and a command that changes something acts on exactly one: name one of\n{}",
                found
                    .iter()
                    .map(|r| format!("  {}", r.arn()))
                    .collect::<Vec<_>>()
                    .join("\n")
            ))),
        }
    }

    /// The resource's ARN split into its parts.
    pub fn parts(&self) -> ArnParts<'_> {
        ArnParts::of(self.0.arn())
    }

    /// One stderr line, before the change (or the dry run): what it acts on, in full.
    pub fn announce(&self, out: &Output, doing: &str) {
        out.status(format!("iops: {doing} {}", self.parts()));
    }
}

impl<T> Deref for One<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// The parts of an ARN that say where a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArnParts<'a> {
    pub arn: &'a str,
    pub region: &'a str,
    pub account: &'a str,
}

impl<'a> ArnParts<'a> {
    pub fn of(arn: &'a str) -> ArnParts<'a> {
        let mut parts = arn.splitn(6, ':').skip(3);
        ArnParts {
            arn,
            region: parts.next().unwrap_or_default(),
            account: parts.next().unwrap_or_default(),
        }
    }
}

impl fmt::Display for ArnParts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.arn)?;
        match (self.account.is_empty(), self.region.is_empty()) {
            (false, false) => write!(f, " (account {}, region {})", self.account, self.region),
            (true, false) => write!(f, " (region {})", self.region),
            (false, true) => write!(f, " (account {})", self.account),
            (true, true) => Ok(()),
        }
    }
}

/// A resource known by its ARN (a DynamoDB table, an API Gateway stage).
#[derive(Debug, Clone)]
pub struct Named {
    pub arn: String,
}

impl Resource for Named {
    fn arn(&self) -> &str {
        &self.arn
    }
}

/// A DynamoDB table by the ARN DescribeTable gave for its exact name: one table, by nature.
pub fn described_table(arn: &str) -> One<Named> {
    One(Named {
        arn: arn.to_string(),
    })
}

/// An API Gateway stage: `arn:aws:apigateway:REGION::/apis/API/stages/STAGE`.
pub fn stage(region: &str, api_id: &str, stage: &str) -> One<Named> {
    One(Named {
        arn: format!(
            "arn:{}:apigateway:{region}::/apis/{api_id}/stages/{stage}",
            partition(region)
        ),
    })
}

/// The partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else {
        "aws"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Queue(&'static str);

    impl Resource for Queue {
        fn arn(&self) -> &str {
            self.0
        }
    }

    #[test]
    fn several_matches_are_refused_naming_each() {
        let err = One::exactly_one(
            "r1-*",
            vec![
                Queue("arn:aws:sqs:us-east-1:1:r1-a"),
                Queue("arn:aws:sqs:us-east-1:1:r1-b"),
            ],
        )
        .unwrap_err();
        assert!(matches!(err, Error::Usage(_)));
        let text = err.to_string();
        assert!(text.contains("arn:aws:sqs:us-east-1:1:r1-a"), "{text}");
        assert!(text.contains("arn:aws:sqs:us-east-1:1:r1-b"), "{text}");
        assert!(matches!(
            One::<Queue>::exactly_one("x", vec![]).unwrap_err(),
            Error::Failed(_)
        ));
        let one = One::exactly_one("r1-a", vec![Queue("arn:aws:sqs:eu-west-1:123:r1-a")]).unwrap();
        assert_eq!(one.arn(), "arn:aws:sqs:eu-west-1:123:r1-a");
        assert_eq!(
            one.parts().to_string(),
            "arn:aws:sqs:eu-west-1:123:r1-a (account 123, region eu-west-1)"
        );
    }

    #[test]
    fn arn_parts_and_partitions() {
        let parts = ArnParts::of("arn:aws:apigateway:eu-west-1::/apis/abc/stages/prod");
        assert_eq!((parts.region, parts.account), ("eu-west-1", ""));
        assert_eq!(
            parts.to_string(),
            "arn:aws:apigateway:eu-west-1::/apis/abc/stages/prod (region eu-west-1)"
        );
        assert_eq!(partition("cn-north-1"), "aws-cn");
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition("eu-west-1"), "aws");
    }
}
