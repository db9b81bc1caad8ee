//! Takes a Scan response's `Items` out of the body before the SDK parses it, for `table scan`.
//!
//! The SDK turns every item into a `HashMap<String, AttributeValue>` — an allocation per name,
//! per value and per map — which is most of a scan's CPU (perf: ~60 % on a 1M-item table). The
//! items are only written back out as JSON, so the tap keeps their text (one 1 MB page, shared,
//! not copied) and the SDK parses only what is left: Count, ScannedCount, LastEvaluatedKey and
//! ConsumedCapacity. It is an interceptor on one request that wraps the response body, so the
//! connection pool, timeouts, retries, signing and the error path are all unchanged; a body it
//! cannot split goes through untouched and the SDK reads it as before.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextMut;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use bytes::Bytes;
use http_body::{Body, Frame};
use serde_json::value::RawValue;

/// A Scan page is at most 1 MB of data; a larger Content-Length is not trusted up front.
const MAX_PRESIZE: u64 = 4 << 20;

/// Keeps the text of the last successful response's `Items` array.
#[derive(Debug, Clone, Default)]
pub struct ItemsTap {
    items: Arc<Mutex<Option<Bytes>>>,
}

impl ItemsTap {
    /// The `Items` text taken from the response (None: the body went to the SDK whole).
    pub fn take(&self) -> Option<Bytes> {
        self.slot().take()
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Bytes>> {
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Intercept for ItemsTap {
    fn name(&self) -> &'static str {
        "iops-items-tap"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response_mut();
        if response.status().is_success() {
            let body = std::mem::replace(response.body_mut(), SdkBody::taken());
            // Sized once from Content-Length: a page is read without regrowing (~1 MB at most).
            let length = body.content_length().unwrap_or(0).min(MAX_PRESIZE);
            *response.body_mut() = SdkBody::from_body_1_x(Splitting {
                body,
                read: Vec::with_capacity(length as usize),
                tap: self.clone(),
                done: false,
            });
        }
        Ok(())
    }
}

/// The response body, read to its end and then handed on as one frame without its `Items`.
struct Splitting {
    body: SdkBody,
    read: Vec<u8>,
    tap: ItemsTap,
    done: bool,
}

impl Body for Splitting {
    type Data = Bytes;
    type Error = aws_smithy_types::body::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        while !this.done {
            match ready!(Pin::new(&mut this.body).poll_frame(cx)) {
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        this.read.extend_from_slice(data);
                    }
                }
                Some(Err(err)) => return Poll::Ready(Some(Err(err))),
                None => {
                    this.done = true;
                    let body = Bytes::from(std::mem::take(&mut this.read));
                    let rest = match split_items(&body) {
                        Some((rest, items)) => {
                            *this.tap.slot() = Some(items);
                            Bytes::from(rest)
                        }
                        None => body,
                    };
                    return Poll::Ready(Some(Ok(Frame::data(rest))));
                }
            }
        }
        Poll::Ready(None)
    }
}

/// `{"Items":[…],"Count":2,…}` → (`{"Count":2,…}`, the `[…]` text), or None when the body is not
/// a JSON object with an `Items` array.
fn split_items(body: &Bytes) -> Option<(Vec<u8>, Bytes)> {
    // One UTF-8 check of the whole page: parsing a `str` then checks no string on its own.
    let text = std::str::from_utf8(body).ok()?;
    let mut fields: std::collections::BTreeMap<&str, &RawValue> =
        serde_json::from_str(text).ok()?;
    let items = fields.remove("Items")?;
    if !items.get().starts_with('[') {
        return None;
    }
    let start = items.get().as_ptr() as usize - body.as_ptr() as usize;
    let rest = serde_json::to_vec(&fields).ok()?;
    Some((rest, body.slice(start..start + items.get().len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_leave_and_the_rest_stays() {
        let body = Bytes::from_static(
            br#"{"Count":2,"Items":[{"a":{"S":"x"}}, {"a":{"N":"1"}}],"LastEvaluatedKey":{"a":{"N":"1"}},"ScannedCount":3}"#,
        );
        let (rest, items) = split_items(&body).unwrap();
        assert_eq!(&items[..], br#"[{"a":{"S":"x"}}, {"a":{"N":"1"}}]"#);
        let rest: serde_json::Value = serde_json::from_slice(&rest).unwrap();
        assert_eq!(
            rest,
            serde_json::json!({"Count":2,"LastEvaluatedKey":{"a":{"N":"1"}},"ScannedCount":3})
        );
    }

    #[test]
    fn anything_else_goes_through_whole() {
        for body in [
            &br#"{"Count":0}"#[..],
            br#"{"Items":null}"#,
            br#"{"Items":[1,2"#,
            b"not json",
            b"",
        ] {
            assert!(split_items(&Bytes::from_static(body)).is_none());
        }
    }
}
