//! How the server is reached and what it trusts, and the connection loop that serves the router.
//!
//! - The public URL ([`PublicUrl`], `--public-url`) is the origin every absolute URL is built on
//!   (the sitemap; links in e-mail later), never the request's `Host` header, which the client
//!   chooses.
//! - Behind a reverse proxy (`--trust-proxy`), the proxy's `X-Forwarded-Proto` says whether the
//!   browser came over HTTPS (`Secure` cookies, HSTS) and its `X-Forwarded-For` who the browser
//!   is (the sign-in throttle's address). Without the setting both headers are ignored: anyone
//!   can send them.
//! - Connections: HTTP/1.1, with a deadline for a request's headers (a connection that sends
//!   none, or sends them slowly, is closed) and at most [`Limits::max_connections`] at once
//!   (further ones wait in the listen queue).

use std::sync::Arc;
use std::time::Duration;

use crate::kit::state::AppState;
use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tower::ServiceExt;

/// HSTS on every answer to a browser that came over HTTPS: a year, this host only (other hosts
/// under the same domain are not ours to decide for).
pub async fn transport_security(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let https = state.settings.over_https(request.headers());
    let mut response = next.run(request).await;
    if https {
        response.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    response
}

/// Connection limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long a client has to send a request's headers, from the connection's start or the end
    /// of the previous answer (so also how long an idle kept-alive connection stays open).
    pub header_read_timeout: Duration,
    /// Connections served at once; more wait in the listen queue until one closes.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { header_read_timeout: Duration::from_secs(10), max_connections: 512 }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open requests finish.
pub async fn run(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.map_err(std::io::Error::other)?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                    ) {
                        tracing::warn!(error = %e, "cannot accept a connection");
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = app.clone();
        let service = hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
            // Who the peer is, as `axum::serve` would say it: the sign-in throttle counts by it.
            request.extensions_mut().insert(ConnectInfo(peer));
            let router = router.clone();
            // The router never fails (Infallible): its errors are answers.
            router.oneshot(request)
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
