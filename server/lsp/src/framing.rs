//! Input sanitising in front of `tower-lsp-server`. Its reader ends the
//! input stream at the first frame it cannot decode (`tokio-util`'s
//! `FramedRead` yields `None` after a decoder error), so one malformed
//! message from a client used to stop the whole server. This pump reads
//! the client's frames itself and forwards only frames that decode as
//! JSON-RPC messages; a broken one is replaced by a request for an
//! internal method that answers with the JSON-RPC error the spec asks
//! for: -32700 (parse error, id null) for bad JSON or a bad header,
//! -32600 (invalid request, with the message's id when it has one) for
//! JSON that is not a message. After garbage the pump resynchronises on
//! the next `Content-Length` header. [`Substitutes`], the outermost
//! service layer, answers those requests itself: before the server's
//! state checks (the errors are the same before `initialize`) and its
//! duplicate-id check (every substitute has the id null).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower::Service;
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};

pub const PARSE_ERROR_METHOD: &str = "aisrm/internal/parseError";
pub const INVALID_REQUEST_METHOD: &str = "aisrm/internal/invalidRequest";

/// Longest header line read; longer lines are garbage.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// Answers the substitute requests; passes everything else on.
pub struct Substitutes<S>(pub S);

/// The boxed future of the request layers in front of `tower-lsp-server`
/// (framing here, the panic guard, the request snapshots).
pub(crate) type BoxFut<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

impl<S> Service<Request> for Substitutes<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFut<Option<Response>, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let error = match req.method() {
            PARSE_ERROR_METHOD => Error::parse_error(),
            INVALID_REQUEST_METHOD => Error::invalid_request(),
            _ => return Box::pin(self.0.call(req)),
        };
        let id = req.id().cloned().unwrap_or(Id::Null);
        Box::pin(std::future::ready(Ok(Some(Response::from_error(
            id, error,
        )))))
    }
}

/// Copies frames from `input` to `output` until either ends or `exit`
/// has been read (nothing after `exit` is read: the client may keep its
/// end open). `seen` gets every request and notification, in input
/// order, before anything after it is read (the server itself may run
/// handlers out of order); it may take the message (`Some` back means
/// forward it).
pub async fn pump<R, W>(input: R, mut output: W, mut seen: impl FnMut(Request) -> Option<Request>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = BufReader::new(input);
    let mut exit = false;
    while !exit {
        let Some(header) = read_header(&mut input).await else {
            break;
        };
        let frame = match header {
            Header::Length(len) => {
                let mut body = Vec::new();
                // Grows as bytes arrive: a huge announced length costs
                // nothing until the bytes are really sent.
                match (&mut input).take(len as u64).read_to_end(&mut body).await {
                    Ok(n) if n == len => {}
                    _ => break,
                }
                let (frame, request) = check(body);
                match request {
                    Some(request) => {
                        exit = request.method() == "exit";
                        if seen(request).is_none() {
                            continue;
                        }
                        frame
                    }
                    None => frame,
                }
            }
            Header::Empty => continue,
            Header::Garbage => substitute(PARSE_ERROR_METHOD, Value::Null),
        };
        let head = format!("Content-Length: {}\r\n\r\n", frame.len());
        if output.write_all(head.as_bytes()).await.is_err()
            || output.write_all(&frame).await.is_err()
            || output.flush().await.is_err()
        {
            break;
        }
    }
    let _ = output.shutdown().await;
}

pub(crate) enum Header {
    Length(usize),
    /// Only blank lines.
    Empty,
    /// Lines without a usable `Content-Length`.
    Garbage,
}

/// Reads header lines up to a blank line; `None` at the end of input.
pub(crate) async fn read_header<R: AsyncBufReadExt + Unpin>(input: &mut R) -> Option<Header> {
    let mut length: Option<usize> = None;
    let mut garbage = false;
    let mut any = false;
    loop {
        let mut line = Vec::new();
        let n = input
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
            .await
            .ok()?;
        if n == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() && line.ends_with(b"\n") {
            if !any {
                return Some(Header::Empty);
            }
            // Garbage followed by a good header: resynchronised.
            return Some(match length {
                Some(len) => Header::Length(len),
                None => Header::Garbage,
            });
        }
        any = true;
        // A header may follow garbage on the same line (a body shorter
        // than its Content-Length said).
        let at = text.find("Content-Length:");
        if at.is_some_and(|i| i > 0) {
            garbage = true;
        }
        match at {
            Some(i) => match text[i + "Content-Length:".len()..].trim().parse() {
                Ok(len) => length = Some(len),
                Err(_) => {
                    length = None;
                    garbage = true;
                }
            },
            None if text.contains(':') && !garbage => {} // another header (Content-Type)
            None => garbage = true,
        }
    }
}

/// The body itself when it decodes as a JSON-RPC message (with the
/// decoded request or notification), else a substitute request that
/// answers with the right error.
fn check(body: Vec<u8>) -> (Vec<u8>, Option<Request>) {
    if let Ok(request) = serde_json::from_slice::<Request>(&body) {
        return (body, Some(request));
    }
    if serde_json::from_slice::<Response>(&body).is_ok() {
        return (body, None);
    }
    let frame = match serde_json::from_slice::<Value>(&body) {
        Err(_) => substitute(PARSE_ERROR_METHOD, Value::Null),
        Ok(value) => {
            let id = match value.get("id") {
                Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
                _ => Value::Null,
            };
            substitute(INVALID_REQUEST_METHOD, id)
        }
    };
    (frame, None)
}

fn substitute(method: &str, id: Value) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "id": id, "method": method})
        .to_string()
        .into_bytes()
}
