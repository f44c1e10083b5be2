//! Running the service: readiness (`/readyz`), metrics (`/metrics`), scheduled backups, and what
//! `serve` answers while its database is prepared (`starting_router`: 503 but for the health
//! checks; `serve_operated` in `lib.rs` puts the application in its place once ready).
//!
//! `/metrics` is not public unless configured: with a token (`--metrics-token`) it answers
//! those who send it as `Authorization: Bearer`; with an address of its own (`--metrics-addr`)
//! it is served there only (and asks the token too, if one is set); without either it answers
//! 404. Neither route is in the sitemap or the OpenAPI description: they are the operator's,
//! not the records' API (`/metrics` answers 404 unless configured, and in the text format).

pub(crate) mod backups;
pub(crate) mod metrics;
pub(crate) mod readiness;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use samverkan_store::Store;
use sha2::{Digest, Sha256};

use crate::kit::paths;
use crate::kit::state::MetricsToken;
use metrics::Metrics;
use readiness::Readiness;

/// How long `/readyz` waits for the database's answer.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// Where `/metrics` answers on the main listener.
#[derive(Clone, Debug)]
pub(crate) enum MetricsAccess {
    /// 404: not configured, or served on its own listener.
    Hidden,
    /// With the token.
    Token(MetricsToken),
    /// To anyone (its own listener, without a token).
    Open,
}

/// What the operator's routes share.
#[derive(Clone)]
pub(crate) struct Ops {
    pub(crate) store: Store,
    pub(crate) ready: Arc<Readiness>,
    pub(crate) metrics: Arc<Metrics>,
}

impl Ops {
    /// For an application started without `serve`'s operations (tests, `serve_with`): ready,
    /// no backups scheduled.
    pub(crate) fn plain(store: Store) -> std::io::Result<Ops> {
        let metrics = Metrics::new(false).map_err(std::io::Error::other)?;
        Ok(Ops { store, ready: Arc::new(Readiness::started()), metrics: Arc::new(metrics) })
    }
}

/// `/readyz` and `/metrics` (as `access` says), on the main listener.
pub(crate) fn router<S: Clone + Send + Sync + 'static>(ops: Ops, access: MetricsAccess) -> Router<S> {
    Router::new()
        .route(paths::READY, get(readyz))
        .route(paths::METRICS, get(move |state, headers| metrics_answer(state, headers, access.clone())))
        .with_state(ops)
}

/// `/metrics` alone, for a listener of its own.
pub(crate) fn metrics_router(ops: Ops, token: Option<MetricsToken>) -> Router {
    let access = token.map_or(MetricsAccess::Open, MetricsAccess::Token);
    Router::new()
        .route(paths::METRICS, get(move |state, headers| metrics_answer(state, headers, access.clone())))
        .with_state(ops)
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], text)
        .into_response()
}

/// 200 `ready`, or 503 with the reason: migrating at start, the database not answering, the
/// last scheduled backup failed.
pub(crate) async fn readyz(State(ops): State<Ops>) -> Response {
    if ops.ready.is_starting() {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "not ready: the database is being migrated\n");
    }
    match tokio::time::timeout(PING_TIMEOUT, ops.store.ping()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            return plain(StatusCode::SERVICE_UNAVAILABLE, "not ready: the database does not answer\n");
        }
        Err(_) => {
            tracing::warn!("readiness: the database does not answer within 2 s");
            return plain(StatusCode::SERVICE_UNAVAILABLE, "not ready: the database does not answer\n");
        }
    }
    if ops.ready.backups().failing() {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "not ready: the last scheduled backup failed (see the log)\n");
    }
    plain(StatusCode::OK, "ready\n")
}

async fn metrics_answer(State(ops): State<Ops>, headers: HeaderMap, access: MetricsAccess) -> Response {
    match &access {
        MetricsAccess::Hidden => return plain(StatusCode::NOT_FOUND, "not found\n"),
        MetricsAccess::Token(token) if !bearer_matches(&headers, token) => {
            let mut answer = plain(StatusCode::UNAUTHORIZED, "a bearer token is required\n");
            answer.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return answer;
        }
        _ => {}
    }
    ops.metrics.set_pool(ops.store.pool_use());
    ops.metrics.set_queries(ops.store.queries_made());
    ops.metrics.set_cache();
    match tokio::time::timeout(PING_TIMEOUT, ops.store.outbox_queue()).await {
        Ok(Ok(queue)) => ops.metrics.set_outbox(queue),
        Ok(Err(e)) => tracing::debug!(error = %e, "metrics: the outbox cannot be read"),
        Err(_) => tracing::debug!("metrics: the outbox not read within 2 s"),
    }
    let backups = ops.ready.backups();
    let age = backups.last_success.map(|at| (chrono::Utc::now() - at).to_std().unwrap_or(Duration::ZERO));
    ops.metrics.set_backup(age, backups.failing());
    match ops.metrics.render() {
        Ok(text) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "metrics cannot be written");
            plain(StatusCode::INTERNAL_SERVER_ERROR, "metrics cannot be written\n")
        }
    }
}

/// Whether the request carries the token, compared as SHA-256 digests (no early exit on the
/// first differing byte of the secret itself).
fn bearer_matches(headers: &HeaderMap, token: &MetricsToken) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
    else {
        return false;
    };
    Sha256::digest(given.as_bytes()) == Sha256::digest(token.secret().as_bytes())
}

/// While the database is prepared: `/healthz` and `/readyz` as ever, everything else 503.
pub(crate) fn starting_router(ops: Ops) -> Router {
    Router::new().route(paths::READY, get(readyz)).route(paths::HEALTH, get(alive)).fallback(starting).with_state(ops)
}

async fn alive(State(ops): State<Ops>) -> Response {
    match ops.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

async fn starting() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::RETRY_AFTER, "5")],
        "Tjänsten startar. Försök igen om en stund.\n",
    )
        .into_response()
}
