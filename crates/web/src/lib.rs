//! HTTP for `samverkan`: server-rendered pages in Swedish, the JSON API with its OpenAPI
//! description, and the health check. Only this crate knows HTML and JSON shapes.

mod about;
mod accounts;
mod actors;
mod agreements;
mod api;
mod archive;
mod crisis;
mod documents;
mod history;
mod kit;
mod mail;
mod meetings;
mod ops;
mod plans;
mod sitemap;
mod structure;

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use samverkan_store::Store;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use accounts::account::token_expiry;
pub use archive::{SOURCE_NOT_GIVEN, software_agent, zip_of};
pub use kit::server::Limits;
pub use kit::{Access, AppState, Contact, Error, MetricsToken, PublicUrl, Settings, StateChangingRoute, today};
pub use mail::{
    Delivery, MailSettings, Sender, SmsSender, SmsSettings, SmtpSettings, SmtpTls, install_crypto_provider,
};
pub use ops::backups::BackupSchedule;

/// Every page route that takes a form, from each module that has some.
fn form_routes() -> Vec<kit::FormRoute> {
    [
        accounts::sign_in::form_routes(),
        accounts::account::form_routes(),
        structure::form_routes(),
        documents::form_routes(),
        agreements::form_routes(),
        actors::form_routes(),
        meetings::form_routes(),
        plans::form_routes(),
        crisis::form_routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Every route that changes state, read from the router's own parts: the API operations other
/// than GET (from the OpenAPI description the API router builds with its routes) and the pages'
/// form routes. The authorisation test walks this list.
pub fn state_changing_routes() -> Vec<StateChangingRoute> {
    let (_, openapi) = api::router().split_for_parts();
    let mut routes = Vec::new();
    for (path, item) in &openapi.paths.paths {
        for (method, operation) in [
            (axum::http::Method::POST, &item.post),
            (axum::http::Method::PUT, &item.put),
            (axum::http::Method::PATCH, &item.patch),
            (axum::http::Method::DELETE, &item.delete),
        ] {
            if operation.is_some() {
                routes.push(StateChangingRoute { method, path: path.clone(), access: Access::Records });
            }
        }
    }
    for route in form_routes() {
        routes.push(StateChangingRoute {
            method: axum::http::Method::POST,
            path: route.path.to_owned(),
            access: route.access,
        });
    }
    routes
}

/// The whole application: pages, API, health check, static assets and the common layers; the
/// operator's routes (`/readyz`, `/metrics` as `access` says) beside them, outside the visitor's
/// layers (a metrics token is no personal token); every request counted and timed by its route.
fn app(store: Store, synthetic: bool, settings: Settings, ops: ops::Ops, access: ops::MetricsAccess) -> Router {
    let responses =
        kit::response_cache::ResponseCache::new(settings.response_cache, kit::response_cache::DEFAULT_CAPACITY_BYTES);
    if let Err(e) = ops.metrics.watch_cache(&responses) {
        tracing::warn!(error = %e, "the response cache's figures are not in /metrics");
    }
    let state = AppState { store, synthetic, settings: std::sync::Arc::new(settings), responses };
    let (api, openapi) = api::router().split_for_parts();
    let openapi_json = serde_json::to_string_pretty(&openapi).unwrap_or_else(|_| "{}".to_owned());

    let mut forms = Router::new();
    for route in form_routes() {
        forms = forms.route(route.path, route.methods);
    }
    let metrics = ops.metrics.clone();
    let pages_and_api = Router::new()
        .merge(structure::pages::router())
        .merge(about::router())
        .merge(sitemap::router())
        .merge(agreements::memo::router())
        .merge(archive::router())
        .merge(agreements::pages::router())
        .merge(agreements::comparison::router())
        .merge(actors::pages::router())
        .merge(documents::router())
        .merge(accounts::account::router())
        .merge(meetings::router())
        .merge(plans::router())
        .merge(crisis::router())
        .merge(forms)
        .merge(api)
        .route(
            kit::paths::OPENAPI,
            get(move || async move { ([(header::CONTENT_TYPE, "application/json")], openapi_json) }),
        )
        .route(kit::paths::HEALTH, get(healthz))
        .route("/static/style.css", get(stylesheet))
        .merge(assets())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), kit::visitor::resolve_visitor))
        .layer(axum::middleware::from_fn_with_state(state.clone(), kit::server::transport_security))
        .with_state(state.clone())
        .layer(
            ServiceBuilder::new()
                .layer(CatchPanicLayer::new())
                .layer(TraceLayer::new_for_http())
                .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
                // 1 MiB, but a document on the upload routes.
                .layer(axum::middleware::from_fn(documents::limit_body))
                // ETag, 304 and the response cache for anonymous GETs; outside compression, so
                // a kept answer is kept compressed.
                .layer(axum::middleware::from_fn_with_state(state, kit::responses::conditional))
                .layer(CompressionLayer::new().compress_when(documents::compressible))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                    ),
                )),
        );
    Router::new()
        .merge(ops::router(ops, access))
        .merge(pages_and_api)
        .layer(axum::middleware::from_fn_with_state(metrics, ops::metrics::track))
}

/// The application once its database is ready: whether its data is synthetic read, and the
/// password checks prepared.
async fn prepared_app(store: Store, settings: Settings, ops: ops::Ops, access: ops::MetricsAccess) -> Router {
    let synthetic = store.has_synthetic_data().await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "cannot tell whether the data is synthetic");
        false
    });
    // Made before the first sign-in, which would otherwise pay for it (and stand out in time).
    if let Err(e) = tokio::task::spawn_blocking(samverkan_store::accounts::prepare_password_checks).await {
        tracing::warn!(error = %e, "cannot prepare the password checks");
    }
    app(store, synthetic, settings, ops, access)
}

/// Serves the application on `listener` until `shutdown` completes, with the default settings
/// for its address ([`Settings::for_address`]) and the default [`Limits`].
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Store,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let settings = Settings::for_address(listener.local_addr()?);
    serve_with(listener, store, settings, Limits::default(), shutdown).await
}

/// Serves the application on `listener` until `shutdown` completes.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    store: Store,
    settings: Settings,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let ops = ops::Ops::plain(store.clone())?;
    let access = settings.metrics_token.clone().map_or(ops::MetricsAccess::Hidden, ops::MetricsAccess::Token);
    let app = prepared_app(store, settings, ops, access).await;
    kit::server::run(listener, app, limits, shutdown).await
}

/// [`serve_with`], and meanwhile the outbox's e-mail sent as `mail` says, by a worker started
/// here and stopped once the server has stopped. An error before serving if the mail cannot be
/// set up (a folder that cannot be made).
pub async fn serve_with_mail(
    listener: tokio::net::TcpListener,
    store: Store,
    settings: Settings,
    limits: Limits,
    mail: MailSettings,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let worker = mail::spawn(store.clone(), mail).map_err(std::io::Error::other)?;
    let served = serve_with(listener, store, settings, limits, shutdown).await;
    worker.stop().await;
    served
}

/// What `serve` runs besides the pages and the API.
pub struct Operations {
    pub mail: MailSettings,
    /// Scheduled backups, if any.
    pub backups: Option<ops::backups::BackupSchedule>,
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
    let metrics = ops::metrics::Metrics::new(schedule.is_some()).map_err(std::io::Error::other)?;
    let ops = ops::Ops {
        store: store.clone(),
        ready: std::sync::Arc::new(ops::readiness::Readiness::starting()),
        metrics: std::sync::Arc::new(metrics),
    };
    let local = listener.local_addr()?;

    let slot: std::sync::Arc<std::sync::OnceLock<Router>> = std::sync::Arc::default();
    let starting = ops::starting_router(ops.clone());
    let front = {
        let slot = slot.clone();
        Router::new().fallback_service(tower::service_fn(move |request: axum::extract::Request| {
            let router = slot.get().cloned().unwrap_or_else(|| starting.clone());
            async move { tower::ServiceExt::oneshot(router, request).await }
        }))
    };
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let until_stopped = |mut stopped: tokio::sync::watch::Receiver<bool>| async move {
        let _ = stopped.wait_for(|s| *s).await;
    };
    let main = tokio::spawn(kit::server::run(listener, front, limits, until_stopped(stopped.clone())));
    let own_listener = metrics_listener.is_some();
    let metrics_server = match metrics_listener {
        Some(listener) => {
            let address = listener.local_addr()?;
            tracing::info!(addr = %address, "metrics on http://{address}/metrics");
            let router = ops::metrics_router(ops.clone(), settings.metrics_token.clone());
            Some(tokio::spawn(kit::server::run(listener, router, limits, until_stopped(stopped.clone()))))
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
        (Some(token), false) => ops::MetricsAccess::Token(token.clone()),
        _ => ops::MetricsAccess::Hidden,
    };
    let (public_url, trust_proxy) = (settings.public_url.clone(), settings.trust_proxy);
    let _ = slot.set(prepared_app(store.clone(), settings, ops.clone(), access).await);
    ops.ready.set_started();
    tracing::info!(addr = %local, %public_url, trust_proxy, "listening on http://{local}");
    let schedule = schedule.map(|s| ops::backups::spawn(store.clone(), s, ops.ready.clone()));
    shutdown.await;
    stop_servers().await;
    worker.stop().await;
    if let Some(schedule) = schedule {
        schedule.stop().await;
    }
    Ok(())
}

/// 200 when the database answers, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/style.css"),
    )
        .into_response()
}

/// The scripts and vendored assets, compiled in (no CDN): Leaflet (BSD-2-Clause, its licence
/// beside it) and the adoption map that draws with it.
const ASSETS: [(&str, &str, &str); 5] = [
    ("/static/crisis-card.css", "text/css; charset=utf-8", include_str!("../static/crisis-card.css")),
    ("/static/adoption-map.js", "text/javascript; charset=utf-8", include_str!("../static/adoption-map.js")),
    (
        "/static/vendor/leaflet/leaflet.js",
        "text/javascript; charset=utf-8",
        include_str!("../static/vendor/leaflet/leaflet.js"),
    ),
    (
        "/static/vendor/leaflet/leaflet.css",
        "text/css; charset=utf-8",
        include_str!("../static/vendor/leaflet/leaflet.css"),
    ),
    ("/static/vendor/leaflet/LICENSE", "text/plain; charset=utf-8", include_str!("../static/vendor/leaflet/LICENSE")),
];

fn assets() -> Router<AppState> {
    ASSETS.iter().fold(Router::new(), |router, (path, content_type, body)| {
        router.route(
            path,
            get(move || async move {
                ([(header::CONTENT_TYPE, *content_type), (header::CACHE_CONTROL, "public, max-age=3600")], *body)
            }),
        )
    })
}

/// Unknown addresses: problem+json under `/api/`, a page elsewhere.
async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        Error::NotFound.into_response()
    } else {
        kit::PageError(Error::NotFound).into_response()
    }
}
