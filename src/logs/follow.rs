//! `logs tail --follow`: live through Live Tail, else by polling FilterLogEvents — one record of
//! what was printed carried from the one to the other, so nothing is printed twice.

use super::fetch::{Fetcher, LogEvent, Query};
use super::seen::Seen;
use super::{TailArgs, live};
use crate::context::Context;
use crate::error::Result;
use crate::timespec;

/// `--follow`: live through Live Tail unless `--poll`, else polling — also when Live Tail turns
/// out not to be usable, said on stderr once. `printed`: what `-n` printed already.
pub async fn follow(
    ctx: &Context,
    fetcher: &Fetcher,
    args: &TailArgs,
    query: &Query,
    printed: Seen,
    write: &mut impl FnMut(LogEvent) -> Result<bool>,
) -> Result<()> {
    let printed = if args.poll {
        printed
    } else {
        let options = live::LiveOptions {
            overlap: args.overlap,
            lossless: args.lossless,
        };
        match live::follow(fetcher, query, options, printed, &mut *write).await? {
            live::LiveEnd::Stopped => return Ok(()),
            live::LiveEnd::Fallback { reason, printed } => {
                ctx.out.status(format!(
                    "iops: following by polling FilterLogEvents every {}: {reason}",
                    timespec::format_duration(args.interval)
                ));
                printed
            }
        }
    };
    let overlap_ms = args.overlap.as_millis() as i64;
    let from = Query {
        start_ms: printed.newest.map_or(query.start_ms, |newest| {
            (newest - overlap_ms).max(query.start_ms)
        }),
        ..query.clone()
    };
    fetcher
        .follow(&from, printed, args.overlap, args.interval, write)
        .await
}
