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

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tower::ServiceExt;

use crate::AppState;

/// The origin the service is reached at by its users: `http(s)://host[:port]`, no path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    origin: String,
    https: bool,
}

impl PublicUrl {
    /// Reads `http://host[:port]` or `https://host[:port]` (a trailing `/` is allowed; a path,
    /// query or user name is not: the service is served from the root).
    pub fn parse(text: &str) -> Result<PublicUrl, String> {
        let text = text.trim();
        let uri: axum::http::Uri = text.parse().map_err(|_| format!("{text:?} is not a URL"))?;
        let https = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(format!("{text:?}: the public URL starts with http:// or https://")),
        };
        let Some(authority) = uri.authority() else {
            return Err(format!("{text:?}: the public URL names a host"));
        };
        if authority.as_str().contains('@') || authority.host().is_empty() {
            return Err(format!("{text:?}: the public URL is a scheme and a host (and a port), nothing more"));
        }
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
            return Err(format!("{text:?}: the public URL has no path: the service is served from the root"));
        }
        let scheme = if https { "https" } else { "http" };
        Ok(PublicUrl { origin: format!("{scheme}://{}", authority.as_str().to_lowercase()), https })
    }

    /// The default when none is given: plain HTTP at the address listened on.
    pub fn for_address(addr: SocketAddr) -> PublicUrl {
        PublicUrl { origin: format!("http://{addr}"), https: false }
    }

    /// `scheme://host[:port]`, without a trailing slash: append an absolute path.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn is_https(&self) -> bool {
        self.https
    }
}

impl std::fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.origin)
    }
}

/// What the application needs to know about how it is reached.
#[derive(Debug, Clone)]
pub struct Settings {
    pub public_url: PublicUrl,
    /// Honour `X-Forwarded-Proto` and `X-Forwarded-For` (set only behind a proxy that sets them
    /// and that nobody can bypass).
    pub trust_proxy: bool,
}

impl Settings {
    /// The defaults for a server listening on `addr`: its own address as the public URL, no proxy.
    pub fn for_address(addr: SocketAddr) -> Settings {
        Settings { public_url: PublicUrl::for_address(addr), trust_proxy: false }
    }

    /// Whether the browser reached us over HTTPS: the public URL says so, or a trusted proxy
    /// does (`X-Forwarded-Proto`, its last value: the nearest proxy's).
    pub fn over_https(&self, headers: &HeaderMap) -> bool {
        self.public_url.is_https()
            || (self.trust_proxy && last_forwarded(headers, "x-forwarded-proto").as_deref() == Some("https"))
    }

    /// Who sent the request: the TCP peer, or, behind a trusted proxy, the last address in
    /// `X-Forwarded-For` (the one the nearest proxy added; those before it the client wrote).
    pub fn client_address(&self, extensions: &axum::http::Extensions, headers: &HeaderMap) -> String {
        if self.trust_proxy
            && let Some(ip) = last_forwarded(headers, "x-forwarded-for").and_then(|v| v.parse::<IpAddr>().ok())
        {
            return ip.to_string();
        }
        extensions.get::<ConnectInfo<SocketAddr>>().map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
    }
}

/// The last comma-separated value of the last such header, trimmed and lower-cased.
fn last_forwarded(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get_all(name).iter().next_back()?.to_str().ok()?;
    let last = value.rsplit(',').next()?.trim();
    (!last.is_empty()).then(|| last.to_ascii_lowercase())
}

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
pub(crate) async fn run(
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_public_url_is_a_scheme_and_a_host() {
        let url = PublicUrl::parse("https://Samverkan.Example.se/").unwrap();
        assert_eq!(url.origin(), "https://samverkan.example.se");
        assert!(url.is_https());
        assert_eq!(PublicUrl::parse("http://127.0.0.1:8080").unwrap().origin(), "http://127.0.0.1:8080");
        for bad in ["samverkan.example.se", "ftp://x.se", "https://x.se/sub", "https://x.se/?a=1", "https://u@x.se", ""]
        {
            assert!(PublicUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_headers_count_only_behind_a_trusted_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        headers.insert("x-forwarded-for", HeaderValue::from_static("203.0.113.5, 198.51.100.9"));
        let mut extensions = axum::http::Extensions::new();
        extensions.insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 5000))));
        let direct = Settings::for_address(SocketAddr::from(([127, 0, 0, 1], 8080)));
        assert!(!direct.over_https(&headers));
        assert_eq!(direct.client_address(&extensions, &headers), "127.0.0.1");
        let proxied = Settings { trust_proxy: true, ..direct };
        assert!(proxied.over_https(&headers));
        assert_eq!(proxied.client_address(&extensions, &headers), "198.51.100.9", "the nearest proxy's word");
        headers.insert("x-forwarded-for", HeaderValue::from_static("inte en adress"));
        assert_eq!(proxied.client_address(&extensions, &headers), "127.0.0.1");
    }
}
