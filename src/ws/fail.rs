//! Failing a WebSocket connection the server broke the protocol on (RFC 6455 7.1.7): the close
//! frame with the code the violation calls for goes out before the connection is dropped, as
//! Node's `ws` does, so the server sees 1002/1007/1009 and not a bare 1006.
//!
//! tungstenite makes this possible: a read error (invalid UTF-8, a frame over the limit, a masked
//! frame) ends the read side only; the connection stays Active and a close can still be written.

use std::time::Duration;

use futures_util::{Sink, SinkExt};
use tokio_tungstenite::tungstenite::{self, Message, protocol::CloseFrame};

use crate::error::{Error, Result};
use crate::ws::probe::Socket;

/// How long sending the close may take: a server that broke the protocol may not be reading,
/// and a full TCP window must not hold the session open.
pub(crate) const SEND_WAIT: Duration = Duration::from_secs(1);

/// The close reason sent with each code: short (a close payload holds 123 bytes of reason),
/// naming the rule broken.
pub(crate) fn reason(code: u16) -> &'static str {
    match code {
        1007 => "invalid UTF-8",
        1009 => "message too big",
        _ => "protocol error",
    }
}

/// Sends the close frame that fails the connection: `code` (1002, 1007 or 1009, as
/// `probe::broken` gives it) with [`reason`]`(code)`, within [`SEND_WAIT`]. Returns the reason
/// sent; an error when the frame could not be written in time (the server then sees 1006).
pub(crate) async fn fail_connection<S>(sink: &mut S, code: u16) -> Result<&'static str>
where
    S: Sink<Message, Error = tungstenite::Error> + Unpin,
{
    let reason = reason(code);
    let frame = CloseFrame {
        code: code.into(),
        reason: reason.into(),
    };
    match tokio::time::timeout(SEND_WAIT, sink.send(Message::Close(Some(frame)))).await {
        Ok(Ok(())) => Ok(reason),
        Ok(Err(err)) => Err(Error::Network(format!(
            "the close frame {code} could not be sent: {err}"
        ))),
        Err(_) => Err(Error::Network(format!(
            "the close frame {code} could not be sent within {} s",
            SEND_WAIT.as_secs()
        ))),
    }
}

/// How long a failed connection is drained before it is dropped.
const LINGER: Duration = Duration::from_secs(1);

/// After the close frame that fails a connection the server may still be sending (the rest of
/// an oversize message). A socket closed with unread data is reset (RST), and a peer that had not
/// read our close frame yet loses it: Node's `ws` then reports 1006, not our 1009. So the write
/// side is shut (a FIN after the close frame) and whatever arrives is read and dropped until the
/// server closes, [`LINGER`] at most.
pub(crate) async fn linger(
    sink: futures_util::stream::SplitSink<Socket, Message>,
    stream: futures_util::stream::SplitStream<Socket>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Ok(mut socket) = sink.reunite(stream) else {
        return;
    };
    let io = socket.get_mut();
    let _ = tokio::time::timeout(LINGER, async {
        let _ = io.shutdown().await;
        let mut dropped = vec![0u8; 64 * 1024];
        while let Ok(1..) = io.read(&mut dropped).await {}
    })
    .await;
}
