//! A panic inside one handler is answered as an internal error; the server
//! keeps serving. `tower-lsp-server` polls handler futures on its own task,
//! so an unwinding handler would take the whole server down: this tower
//! layer catches the unwind around every poll.

use crate::framing::BoxFut;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

use tower::Service;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tower_lsp_server::ls_types::MessageType;

pub struct CatchPanic<S> {
    inner: S,
    client: Client,
}

impl<S> CatchPanic<S> {
    /// `client` receives a `window/logMessage` for every panic.
    pub fn new(inner: S, client: Client) -> Self {
        Self { inner, client }
    }
}

impl<S> Service<Request> for CatchPanic<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = CatchPanicFuture<S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let id = req.id().cloned();
        let method = req.method().to_string();
        match catch_unwind(AssertUnwindSafe(|| self.inner.call(req))) {
            Ok(fut) => CatchPanicFuture {
                inner: Some(Box::pin(fut)),
                id,
                method,
                client: self.client.clone(),
            },
            Err(_) => CatchPanicFuture {
                inner: None,
                id,
                method,
                client: self.client.clone(),
            },
        }
    }
}

pub struct CatchPanicFuture<E> {
    inner: Option<BoxFut<Option<Response>, E>>,
    id: Option<Id>,
    method: String,
    client: Client,
}

impl<E> CatchPanicFuture<E> {
    fn internal_error(&self) -> Option<Response> {
        let client = self.client.clone();
        let message = format!(
            "aisrm: internal error in `{}` (a bug; please report it)",
            self.method
        );
        tokio::spawn(async move { client.log_message(MessageType::ERROR, message).await });
        let id = self.id.clone()?;
        let mut error = Error::internal_error();
        error.message = format!("aisrm: the `{}` handler panicked", self.method).into();
        Some(Response::from_error(id, error))
    }
}

impl<E> Future for CatchPanicFuture<E> {
    type Output = Result<Option<Response>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(Ok(this.internal_error()));
        };
        match catch_unwind(AssertUnwindSafe(|| inner.as_mut().poll(cx))) {
            Ok(poll) => poll,
            Err(_) => {
                this.inner = None;
                Poll::Ready(Ok(this.internal_error()))
            }
        }
    }
}
