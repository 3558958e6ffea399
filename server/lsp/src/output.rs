//! What the server writes: `tower-lsp-server`'s frames and the
//! diagnostics publisher's, merged whole onto the one output.
//!
//! `tower-lsp-server` turns every message into a `serde_json::Value`
//! tree before writing it. For `publishDiagnostics` of a big file (up to
//! 1,000 findings, ~400 KB of JSON per keystroke) building, writing and
//! dropping that tree was about 30% of a keystroke's time, so the
//! publisher serialises its notifications straight into a frame
//! ([`notification`]) and hands it to [`merge`], which writes it between
//! two of `tower-lsp-server`'s frames, never inside one.

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, oneshot};

use crate::framing::{Header, read_header};

/// Frames for [`merge`] from outside `tower-lsp-server`.
pub type Frames = mpsc::UnboundedSender<Outgoing>;

/// A frame and who waits until it is written.
pub struct Outgoing {
    pub frame: Vec<u8>,
    pub written: oneshot::Sender<()>,
}

/// Sends `frame` to [`merge`] and waits until it is written: the
/// publisher's next round starts only then, so edits that come meanwhile
/// are coalesced into it (as `tower-lsp-server`'s own channel did).
/// `Err` when the output is gone.
pub async fn send(frames: &Frames, frame: Vec<u8>) -> Result<(), ()> {
    let (written, done) = oneshot::channel();
    frames.send(Outgoing { frame, written }).map_err(|_| ())?;
    done.await.map_err(|_| ())
}

/// A JSON-RPC notification as a complete frame (`Content-Length` header
/// and body), serialised from `params` directly.
pub fn notification<P: Serialize>(method: &str, params: &P) -> Vec<u8> {
    #[derive(Serialize)]
    struct Notification<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    let message = Notification {
        jsonrpc: "2.0",
        method,
        params,
    };
    // Serialising plain data into memory cannot fail.
    let body = serde_json::to_vec(&message).unwrap_or_default();
    frame(&body)
}

fn frame(body: &[u8]) -> Vec<u8> {
    let head = format!("Content-Length: {}\r\n\r\n", body.len());
    let mut out = Vec::with_capacity(head.len() + body.len());
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(body);
    out
}

/// Copies `tower-lsp-server`'s frames from `server` and the frames sent
/// on `frames` to `output`, each whole, until `server` ends (then the
/// frames already sent follow) or `output` fails.
pub async fn merge<R, W>(server: R, mut frames: mpsc::UnboundedReceiver<Outgoing>, output: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite,
{
    tokio::pin!(output);
    // Kept across the loop: a frame half read when one of ours comes
    // must not be dropped.
    let mut reading = Box::pin(server_frame(BufReader::new(server)));
    loop {
        let (frame, written) = tokio::select! {
            // Ours first: a burst of server frames must not starve them.
            biased;
            Some(ours) = frames.recv() => (ours.frame, Some(ours.written)),
            (from_server, server) = &mut reading => match from_server {
                Some(frame) => {
                    reading = Box::pin(server_frame(server));
                    (frame, None)
                }
                None => break,
            },
        };
        if write(&mut output, &frame).await.is_err() {
            return;
        }
        if let Some(written) = written {
            let _ = written.send(());
        }
    }
    while let Ok(ours) = frames.try_recv() {
        if write(&mut output, &ours.frame).await.is_err() {
            return;
        }
        let _ = ours.written.send(());
    }
}

async fn write<W: AsyncWrite>(
    output: &mut std::pin::Pin<&mut W>,
    frame: &[u8],
) -> std::io::Result<()> {
    output.write_all(frame).await?;
    output.flush().await
}

/// The next frame `tower-lsp-server` wrote (it writes only well-formed
/// ones), `None` at its end; and the reader, for the next one.
async fn server_frame<R: AsyncRead + Unpin>(
    mut input: BufReader<R>,
) -> (Option<Vec<u8>>, BufReader<R>) {
    loop {
        let len = match read_header(&mut input).await {
            Some(Header::Empty) => continue,
            Some(Header::Length(len)) => len,
            Some(Header::Garbage) | None => return (None, input),
        };
        let mut body = vec![0; len];
        let read = input.read_exact(&mut body).await;
        return (read.ok().map(|_| frame(&body)), input);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use tower_lsp_server::jsonrpc::Request;
    use tower_lsp_server::ls_types::notification::{Notification as _, PublishDiagnostics};
    use tower_lsp_server::ls_types::*;

    use super::*;

    fn body(frame: &[u8]) -> Value {
        let text = std::str::from_utf8(frame).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(head, format!("Content-Length: {}", body.len()));
        serde_json::from_str(body).unwrap()
    }

    #[test]
    fn a_notification_is_what_tower_lsp_server_would_send() {
        let params = PublishDiagnosticsParams {
            uri: "file:///ws/a%20b.aisrm.yaml".parse().unwrap(),
            diagnostics: vec![Diagnostic {
                range: Range::new(Position::new(1, 2), Position::new(1, 5)),
                severity: Some(DiagnosticSeverity::WARNING),
                code: Some(NumberOrString::String("gap".into())),
                source: Some("aisrm".into()),
                message: "a \"quoted\" 🦀 message\n".into(),
                ..Diagnostic::default()
            }],
            version: Some(7),
        };
        // What `Client::send_notification` builds, then serialises.
        let theirs = Request::build(PublishDiagnostics::METHOD)
            .params(serde_json::to_value(&params).unwrap())
            .finish();
        let theirs = serde_json::to_value(theirs).unwrap();
        let ours = body(&notification("textDocument/publishDiagnostics", &params));
        assert_eq!(ours, theirs);
        let unversioned = PublishDiagnosticsParams {
            version: None,
            ..params
        };
        let ours = body(&notification(
            "textDocument/publishDiagnostics",
            &unversioned,
        ));
        assert_eq!(ours["params"].get("version"), None);
    }

    #[tokio::test]
    async fn frames_are_written_whole_and_all_before_the_end() {
        let (mut server_in, server_out) = tokio::io::duplex(64);
        let (frames, rx) = mpsc::unbounded_channel();
        let (output, mut read_back) = tokio::io::duplex(1 << 20);
        let merged = tokio::spawn(merge(server_out, rx, output));
        // The server's frame arrives in pieces; ours are sent meanwhile.
        let big = json!({"jsonrpc": "2.0", "id": 1, "result": "x".repeat(1000)}).to_string();
        let server_frame = frame(big.as_bytes());
        let (first, rest) = server_frame.split_at(300);
        server_in.write_all(first).await.unwrap();
        tokio::task::yield_now().await;
        let ours = notification("n", &json!({"k": 1}));
        let first_written = tokio::spawn({
            let (frames, ours) = (frames.clone(), ours.clone());
            async move { send(&frames, ours).await }
        });
        tokio::task::yield_now().await;
        server_in.write_all(rest).await.unwrap();
        assert_eq!(first_written.await.unwrap(), Ok(()));
        let (written, _) = oneshot::channel();
        frames
            .send(Outgoing {
                frame: ours.clone(),
                written,
            })
            .unwrap_or_else(|_| panic!("merge ended early"));
        drop(server_in);
        merged.await.unwrap();
        let mut all = Vec::new();
        read_back.read_to_end(&mut all).await.unwrap();
        let mut expected_frames = [server_frame, ours.clone(), ours];
        let mut got = Vec::new();
        let mut rest = &all[..];
        while !rest.is_empty() {
            let text = std::str::from_utf8(rest).unwrap();
            let (head, _) = text.split_once("\r\n\r\n").unwrap();
            let len: usize = head["Content-Length: ".len()..].parse().unwrap();
            let end = head.len() + 4 + len;
            got.push(rest[..end].to_vec());
            rest = &rest[end..];
        }
        got.sort();
        expected_frames.sort();
        assert_eq!(got, expected_frames);
    }
}
