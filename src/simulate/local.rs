//! The CPU-bound sinks: aggregate locally, or write events as ndjson. Both split each range of
//! the schedule across all cores; the output order never depends on the thread count.

use std::io::{self, Write};
use std::ops::Range;
use std::sync::mpsc;

use indicatif::ProgressBar;

use super::aggregate::Totals;
use super::events::{Clock, Generator};
use super::schedule::Schedule;

/// Ranges smaller than this are not worth a thread.
const PARALLEL_MIN: u64 = 1 << 16;
/// Events formatted per buffer handed to the writer.
const CHUNK: u64 = 1 << 13;

pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Aggregates every scheduled event; memory is one accumulator per entity per thread.
pub fn aggregate(generator: &Generator, schedule: &mut Schedule, progress: &ProgressBar) -> Totals {
    let mut totals = Totals::new(generator.entity_count());
    while let Some(range) = schedule.next_blocking() {
        let len = range.end - range.start;
        totals.merge(&aggregate_range(generator, range));
        progress.inc(len);
    }
    totals
}

fn aggregate_range(generator: &Generator, range: Range<u64>) -> Totals {
    let threads = threads() as u64;
    if threads == 1 || range.end - range.start < PARALLEL_MIN {
        let mut totals = Totals::new(generator.entity_count());
        totals.add_range(generator, range);
        return totals;
    }
    let step = (range.end - range.start).div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let start = (range.start + t * step).min(range.end);
                let end = (start + step).min(range.end);
                scope.spawn(move || {
                    let mut totals = Totals::new(generator.entity_count());
                    totals.add_range(generator, start..end);
                    totals
                })
            })
            .collect();
        let mut totals = Totals::new(generator.entity_count());
        for worker in workers {
            totals.merge(&worker.join().expect("aggregation worker panicked"));
        }
        totals
    })
}

/// Writes every scheduled event as one JSON object per line.
pub fn write_ndjson<W: Write + Send>(
    generator: &Generator,
    schedule: &mut Schedule,
    out: &mut W,
    progress: &ProgressBar,
) -> io::Result<()> {
    while let Some(range) = schedule.next_blocking() {
        let len = range.end - range.start;
        if range.end - range.start < PARALLEL_MIN || threads() == 1 {
            let mut buffer = Vec::new();
            format_chunk(generator, range, &mut Clock::default(), &mut buffer);
            out.write_all(&buffer)?;
        } else {
            write_parallel(generator, range, out)?;
        }
        // A paced or open-ended run feeds a live consumer: each batch goes out when due.
        if schedule.paced() {
            out.flush()?;
        }
        progress.inc(len);
    }
    out.flush()
}

fn format_chunk(generator: &Generator, range: Range<u64>, clock: &mut Clock, buffer: &mut Vec<u8>) {
    for index in range {
        generator.write_json(&generator.event(index), clock, buffer);
        buffer.push(b'\n');
    }
}

/// Worker `w` formats chunks w, w+T, w+2T, …; the writer takes them round-robin, so lines come
/// out in index order. Each worker has two buffers in flight, recycled by the writer.
fn write_parallel<W: Write>(
    generator: &Generator,
    range: Range<u64>,
    out: &mut W,
) -> io::Result<()> {
    let workers = threads();
    let chunks = (range.end - range.start).div_ceil(CHUNK);
    std::thread::scope(|scope| {
        let mut filled = Vec::with_capacity(workers);
        let mut recycle = Vec::with_capacity(workers);
        for worker in 0..workers {
            let (full_tx, full_rx) = mpsc::sync_channel::<Vec<u8>>(2);
            let (empty_tx, empty_rx) = mpsc::channel::<Vec<u8>>();
            filled.push(full_rx);
            recycle.push(empty_tx);
            let range = range.clone();
            scope.spawn(move || {
                let mut clock = Clock::default();
                for chunk in (worker as u64..chunks).step_by(workers) {
                    let start = range.start + chunk * CHUNK;
                    let mut buffer = empty_rx.try_recv().unwrap_or_default();
                    buffer.clear();
                    format_chunk(
                        generator,
                        start..(start + CHUNK).min(range.end),
                        &mut clock,
                        &mut buffer,
                    );
                    if full_tx.send(buffer).is_err() {
                        return; // the writer stopped (broken pipe)
                    }
                }
            });
        }
        for chunk in 0..chunks {
            let worker = (chunk % workers as u64) as usize;
            let buffer = filled[worker]
                .recv()
                .expect("formatting worker ended early");
            out.write_all(&buffer)?;
            let _ = recycle[worker].send(buffer);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::super::events::{EventType, Plan};
    use super::*;

    fn generator(streams: u32) -> Generator {
        Generator::new(&Plan {
            seed: 42,
            streams,
            types: EventType::ALL.to_vec(),
            start: UNIX_EPOCH + Duration::from_secs(1_767_225_600),
            spacing: Duration::from_millis(1),
        })
    }

    #[test]
    fn parallel_aggregation_equals_sequential() {
        let generator = generator(37);
        let total = 3 * PARALLEL_MIN + 11;
        let mut sequential = Totals::new(37);
        sequential.add_range(&generator, 0..total);
        let parallel = aggregate_range(&generator, 0..total);
        assert_eq!(parallel, sequential);
    }

    #[test]
    fn parallel_ndjson_equals_sequential_byte_for_byte() {
        let generator = generator(5);
        let range = 0..(5 * CHUNK + 17);
        let mut sequential = Vec::new();
        format_chunk(
            &generator,
            range.clone(),
            &mut Clock::default(),
            &mut sequential,
        );
        let mut parallel = Vec::new();
        write_parallel(&generator, range, &mut parallel).unwrap();
        assert_eq!(parallel.len(), sequential.len());
        assert!(parallel == sequential);
    }

    #[test]
    fn a_closed_writer_stops_the_workers() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::from(io::ErrorKind::BrokenPipe))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let err = write_parallel(&generator(5), 0..(20 * CHUNK), &mut Closed).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
    }
}
