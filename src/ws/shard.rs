//! `--shard K/N`: one of N processes running its exact share of one load plan. Shard K owns
//! every N-th arrival of the single plan from the (K-1)-th — so the N shards open connections
//! at the same time, each at 1/N of the rate, and their arrivals together are the plan's, none
//! lost, none doubled (k6's execution segments stripe a plan the same way). Connection numbers
//! (`{conn}`) are the plan's, in blocks: shard 2 of 3 of 90 connections numbers its 30 c30…c59.

use serde::{Deserialize, Serialize};

/// Shards of one plan at most: more processes than that is a misprint.
pub const MAX_SHARDS: u64 = 10_000;

/// The environment variables an engine gives each copy its 0-based index in: a Kubernetes
/// Indexed Job, an AWS Batch array job.
pub const INDEX_VARIABLES: [&str; 2] = ["JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based, as written (`--shard 2/3`).
    pub index: u64,
    pub count: u64,
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

fn bad_count(count: u64) -> Option<String> {
    (count == 0 || count > MAX_SHARDS)
        .then(|| format!("the number of shards is 1 to {MAX_SHARDS}, not {count}"))
}

impl Shard {
    /// `K/N`, 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad =
            || format!("--shard '{text}': write K/N, this process's shard K of N (1/3, 2/3, 3/3)");
        let (index, count) = text.trim().split_once('/').ok_or_else(bad)?;
        let number = |text: &str| -> Result<u64, String> {
            let text = text.trim();
            if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
                // All digits, yet no u64: too big for any split.
                text.parse()
                    .map_err(|_| format!("--shard '{text}': at most {MAX_SHARDS} shards"))
            } else {
                Err(bad())
            }
        };
        let index = number(index)?;
        let count = number(count)?;
        if let Some(why) = bad_count(count) {
            return Err(format!("--shard '{text}': {why}"));
        }
        if index == 0 || index > count {
            return Err(format!("--shard '{text}': K is 1 to {count}"));
        }
        Ok(Shard { index, count })
    }

    /// `--shards N`: this copy's index from the engine's environment (0-based there).
    pub fn from_env(count: u64, var: impl Fn(&str) -> Option<String>) -> Result<Shard, String> {
        if let Some(why) = bad_count(count) {
            return Err(format!("--shards {count}: {why}"));
        }
        let set: Vec<(&str, String)> = INDEX_VARIABLES
            .iter()
            .filter_map(|name| var(name).map(|value| (*name, value)))
            .collect();
        if let [(first, a), (second, b)] = set.as_slice()
            && a.trim() != b.trim()
        {
            return Err(format!(
                "{first}={a:?} and {second}={b:?} disagree: which shard this copy is cannot be told; unset one"
            ));
        }
        let Some((name, value)) = set.into_iter().next() else {
            return Err(format!(
                "--shards {count} takes this copy's index from {} (a Kubernetes Indexed Job, an AWS Batch array job), and neither is set; on one machine, use --shard K/{count}",
                INDEX_VARIABLES.join(" or ")
            ));
        };
        let index: u64 = value
            .trim()
            .parse()
            .map_err(|_| format!("{name}={value:?} is not an index (0 to {})", count - 1))?;
        if index >= count {
            return Err(format!(
                "{name}={index} is out of range for --shards {count} (0 to {})",
                count - 1
            ));
        }
        Ok(Shard {
            index: index + 1,
            count,
        })
    }

    fn offset(&self) -> u64 {
        self.index - 1
    }

    /// Every shard of a plan of `total` connections opens at least one: a shard with none
    /// would run nothing and say so with an error, and its job's copy would fail.
    pub fn fits(count: u64, total: u64) -> Result<(), String> {
        if count > total {
            let plural = if total == 1 { "" } else { "s" };
            let idle = if count == total + 1 {
                format!("shard {count}")
            } else {
                format!("shards {} to {count}", total + 1)
            };
            return Err(format!(
                "{count} shards of {total} connection{plural}: {idle} would open none; use at most {total} shard{plural}"
            ));
        }
        Ok(())
    }

    /// How many of a plan's `total` arrivals this shard owns (also its share of any whole
    /// amount split alike, such as `--concurrency`).
    pub fn owned(&self, total: u64) -> u64 {
        total.saturating_sub(self.offset()).div_ceil(self.count)
    }

    /// The plan's index of this shard's `nth` arrival (0-based): when it is due.
    pub fn arrival(&self, nth: u64) -> u64 {
        self.offset() + nth * self.count
    }

    /// The connection number of this shard's first arrival: the shards before it own the
    /// numbers below.
    pub fn first_number(&self, total: u64) -> u64 {
        (1..self.index)
            .map(|index| {
                Shard {
                    index,
                    count: self.count,
                }
                .owned(total)
            })
            .sum()
    }
}

/// A short, stable name of some text (FNV-1a, 32 bits shown): the same in every copy of the same
/// binary, unlike the standard library's hasher, which promises no stability.
pub fn digest<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{:08x}", (hash ^ (hash >> 32)) as u32)
}

/// What a shard's report says of itself, for `ws merge` to check that one plan's shards are all
/// there, once each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardTag {
    pub index: u64,
    pub count: u64,
    /// The plan every shard ran a share of (URL, connections, pace, hold): shards of different
    /// plans are not one run.
    pub plan: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shard_2_of_3_of_90_numbers_c30_to_c59_and_opens_every_third() {
        let shard = Shard::parse("2/3").unwrap();
        assert_eq!(shard.owned(90), 30);
        assert_eq!(shard.first_number(90), 30);
        assert_eq!(
            (shard.arrival(0), shard.arrival(1), shard.arrival(29)),
            (1, 4, 88)
        );
        // Ten over three: 4, 3, 3.
        let owned: Vec<u64> = (1..=3)
            .map(|k| Shard { index: k, count: 3 }.owned(10))
            .collect();
        assert_eq!(owned, vec![4, 3, 3]);
        assert_eq!(Shard { index: 3, count: 3 }.first_number(10), 7);
    }

    #[test]
    fn bad_shards_say_what_is_wanted() {
        for bad in ["", "2", "0/3", "4/3", "a/b", "1/0", "1/20000"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Shard::from_env(3, env(&[("JOB_COMPLETION_INDEX", "0")])),
            Ok(Shard { index: 1, count: 3 })
        );
        assert_eq!(
            Shard::from_env(3, env(&[("AWS_BATCH_JOB_ARRAY_INDEX", "2")])),
            Ok(Shard { index: 3, count: 3 })
        );
        assert!(
            Shard::from_env(3, env(&[("JOB_COMPLETION_INDEX", "3")]))
                .unwrap_err()
                .contains("out of range")
        );
        assert!(
            Shard::from_env(3, env(&[("JOB_COMPLETION_INDEX", "x")]))
                .unwrap_err()
                .contains("not an index")
        );
        // Both set and disagreeing: which shard is this?
        assert!(
            Shard::from_env(
                3,
                env(&[
                    ("JOB_COMPLETION_INDEX", "1"),
                    ("AWS_BATCH_JOB_ARRAY_INDEX", "2")
                ])
            )
            .unwrap_err()
            .contains("disagree")
        );
        assert_eq!(
            Shard::from_env(
                3,
                env(&[
                    ("JOB_COMPLETION_INDEX", "1"),
                    ("AWS_BATCH_JOB_ARRAY_INDEX", "1")
                ])
            ),
            Ok(Shard { index: 2, count: 3 })
        );
        assert!(Shard::fits(5, 5).is_ok());
        assert!(
            Shard::fits(7, 5)
                .unwrap_err()
                .contains("shards 6 to 7 would open none")
        );
        assert_eq!(digest(["a", "b"]), digest(["a", "b"]));
        assert_ne!(digest(["ab"]), digest(["a", "b"]));
        assert!(
            Shard::from_env(3, env(&[]))
                .unwrap_err()
                .contains("--shard K/3")
        );
    }

    proptest! {
        /// The shards partition the plan: every arrival owned once, numbers a permutation of
        /// 0..total, each shard's arrivals in the plan's order.
        #[test]
        fn the_shards_partition_the_plan(total in 0u64..3000, count in 1u64..40) {
            let mut arrivals = vec![0u32; total as usize];
            let mut numbers = vec![0u32; total as usize];
            for index in 1..=count {
                let shard = Shard { index, count };
                let first = shard.first_number(total);
                let mut previous = None;
                for nth in 0..shard.owned(total) {
                    let arrival = shard.arrival(nth);
                    prop_assert!(arrival < total);
                    prop_assert!(previous.is_none_or(|p| p < arrival));
                    previous = Some(arrival);
                    arrivals[arrival as usize] += 1;
                    numbers[(first + nth) as usize] += 1;
                }
            }
            prop_assert!(arrivals.iter().all(|n| *n == 1));
            prop_assert!(numbers.iter().all(|n| *n == 1));
        }
    }
}
