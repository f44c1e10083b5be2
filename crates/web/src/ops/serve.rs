//! `samverkan serve` whole: the listener answers from the first moment, `/readyz` 503 and
//! every page and API route 503 (with `Retry-After`) while the database is being prepared
//! (migrated, and loaded if empty), then the application; meanwhile and afterwards `/metrics`
//! on its own listener if one is given; once ready, the e-mail worker and the backup schedule
//! beside it, stopped after the server has stopped.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use samverkan_store::Store;
use tokio::sync::watch;
use tower::ServiceExt;

use super::backups::{self, BackupSchedule};
use super::metrics::Metrics;
use super::readiness::Readiness;
use super::{MetricsAccess, Ops};
use crate::kit::paths;
use crate::kit::server::{Limits, run};
use crate::kit::state::Settings;
use crate::mail::{self, MailSettings};

/// What `serve` runs besides the pages and the API.
pub struct Operations {
    pub mail: MailSettings,
    /// Scheduled backups, if any.
    pub backups: Option<BackupSchedule>,
    /// A listener of `/metrics`'s own (`--metrics-addr`); then it is not served on the main one.
    pub metrics_listener: Option<tokio::net::TcpListener>,
}

/// Serves on `listener` until `shutdown` completes: at once, answering 503 until `prepare`
/// (the database's migration and first load) has completed, then the application. An error if
/// `prepare` fails (the server stopped), or if the e-mail cannot be set up.
pub async fn serve_operated<E: std::fmt::Display>(
    listener: tokio::net::TcpListener,
    store: Store,
    settings: Settings,
    limits: Limits,
    operations: Operations,
    prepare: impl std::future::Future<Output = Result<(), E>>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let Operations { mail, backups: schedule, metrics_listener } = operations;
    let metrics = Metrics::new(schedule.is_some()).map_err(std::io::Error::other)?;
    let ops = Ops { store: store.clone(), ready: Arc::new(Readiness::starting()), metrics: Arc::new(metrics) };
    let local = listener.local_addr()?;

    let slot: Arc<OnceLock<Router>> = Arc::new(OnceLock::new());
    let starting = starting_router(ops.clone());
    let front = {
        let slot = slot.clone();
        Router::new().fallback_service(tower::service_fn(move |request: Request| {
            let router = slot.get().cloned().unwrap_or_else(|| starting.clone());
            async move { router.oneshot(request).await }
        }))
    };
    let (stop, stopped) = watch::channel(false);
    let until_stopped = |mut stopped: watch::Receiver<bool>| async move {
        let _ = stopped.wait_for(|s| *s).await;
    };
    let main = tokio::spawn(run(listener, front, limits, until_stopped(stopped.clone())));
    let own_listener = metrics_listener.is_some();
    let metrics_server = match metrics_listener {
        Some(listener) => {
            let address = listener.local_addr()?;
            tracing::info!(addr = %address, "metrics on http://{address}/metrics");
            let router = super::metrics_router(ops.clone(), settings.metrics_token.clone());
            Some(tokio::spawn(run(listener, router, limits, until_stopped(stopped.clone()))))
        }
        None => None,
    };
    let stop_servers = move || async move {
        let _ = stop.send(true);
        for task in std::iter::once(main).chain(metrics_server) {
            match task.await {
                Ok(Err(e)) => tracing::warn!(error = %e, "a listener ended with an error"),
                Err(e) => tracing::warn!(error = %e, "a listener ended badly"),
                Ok(Ok(())) => {}
            }
        }
    };

    let mut shutdown = std::pin::pin!(shutdown);
    let prepared = tokio::select! {
        prepared = prepare => prepared,
        () = &mut shutdown => {
            stop_servers().await;
            return Ok(());
        }
    };
    if let Err(e) = prepared {
        stop_servers().await;
        return Err(std::io::Error::other(e.to_string()));
    }

    let worker = match mail::spawn(store.clone(), mail) {
        Ok(worker) => worker,
        Err(e) => {
            stop_servers().await;
            return Err(std::io::Error::other(e));
        }
    };
    // /metrics on the main listener only with a token, and only if it has no listener of its own.
    let access = match (&settings.metrics_token, own_listener) {
        (Some(token), false) => MetricsAccess::Token(token.clone()),
        _ => MetricsAccess::Hidden,
    };
    let (public_url, trust_proxy) = (settings.public_url.clone(), settings.trust_proxy);
    let _ = slot.set(crate::prepared_app(store.clone(), settings, ops.clone(), access).await);
    ops.ready.set_started();
    tracing::info!(addr = %local, %public_url, trust_proxy, "listening on http://{local}");
    let schedule = schedule.map(|s| backups::spawn(store.clone(), s, ops.ready.clone()));
    shutdown.await;
    stop_servers().await;
    worker.stop().await;
    if let Some(schedule) = schedule {
        schedule.stop().await;
    }
    Ok(())
}

/// While the database is prepared: `/healthz` and `/readyz` as ever, everything else 503.
fn starting_router(ops: Ops) -> Router {
    Router::new()
        .route(paths::READY, get(super::readyz))
        .route(paths::HEALTH, get(alive))
        .fallback(starting)
        .with_state(ops)
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
