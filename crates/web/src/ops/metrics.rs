//! `/metrics` in the Prometheus text format (0.0.4).
//!
//! Made with the `prometheus` crate (tikv's, the Prometheus client most used in Rust): its
//! `TextEncoder` writes the text format Prometheus and `prometheus_client`'s text parser read
//! (counters named `…_total` in their `# TYPE` line), where `prometheus-client` writes
//! OpenMetrics, whose counters that parser reads as untyped; and a `Registry` is a value of
//! ours, not a process-wide recorder as `metrics-exporter-prometheus` installs, so every
//! application in one process (the tests start many) counts its own.
//!
//! Requests are counted by their route's template (axum's `MatchedPath`, `/api/v1/areas/{id}`),
//! never the address asked for, so the series are as many as the routes; an address no route
//! matches is `unmatched`. The database pool, the outbox and the last backup are read when
//! `/metrics` is asked.

use std::time::{Duration, Instant};

use crate::kit::response_cache::ResponseCache;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus::{
    Gauge, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
};

/// The buckets of the latency histograms, in seconds: 5 ms to 10 s.
const BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 7.5, 10.0];

/// The application's metrics (one registry per application).
pub(crate) struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool: IntGaugeVec,
    /// Statements sent to the database (by every part of the application, workers included).
    queries: IntCounter,
    outbox: IntGaugeVec,
    /// When backups are scheduled: the last good one's age, and whether the last one failed.
    backup: Option<(Gauge, IntGauge)>,
    /// The response cache's answers by result (`hit`, `miss`) and what it keeps now (`entries`,
    /// `bytes`), once the application has one that is on.
    cache: std::sync::OnceLock<(ResponseCache, IntCounterVec, IntGaugeVec)>,
}

impl Metrics {
    pub(crate) fn new(backups_scheduled: bool) -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new("samverkan_http_requests_total", "HTTP requests answered, by method, route template and status"),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "samverkan_http_request_duration_seconds",
                "Time to answer an HTTP request (until the answer's head), by method and route template",
            )
            .buckets(BUCKETS.to_vec()),
            &["method", "route"],
        )?;
        let pool = IntGaugeVec::new(
            Opts::new(
                "samverkan_db_pool_connections",
                "Database connections: open, idle, in use, and the most the pool opens",
            ),
            &["state"],
        )?;
        let outbox = IntGaugeVec::new(
            Opts::new("samverkan_outbox_messages", "E-mail in the outbox: due now, pending in all, given up as failed"),
            &["state"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool.clone()))?;
        registry.register(Box::new(outbox.clone()))?;
        let queries = IntCounter::new(
            "samverkan_db_queries_total",
            "Statements sent to the database since the application started",
        )?;
        registry.register(Box::new(queries.clone()))?;
        let backup = if backups_scheduled {
            let age = Gauge::new(
                "samverkan_backup_last_success_age_seconds",
                "Seconds since the last scheduled backup that succeeded (+Inf before the first)",
            )?;
            let failed = IntGauge::new(
                "samverkan_backup_last_failed",
                "1 when the last scheduled backup failed, 0 when it succeeded",
            )?;
            age.set(f64::INFINITY);
            registry.register(Box::new(age.clone()))?;
            registry.register(Box::new(failed.clone()))?;
            Some((age, failed))
        } else {
            None
        };
        Ok(Metrics { registry, requests, latency, pool, queries, outbox, backup, cache: std::sync::OnceLock::new() })
    }

    /// Reports `cache`'s hits and misses from now on (when it is on).
    pub(crate) fn watch_cache(&self, cache: &ResponseCache) -> Result<(), prometheus::Error> {
        if cache.stats().is_none() || self.cache.get().is_some() {
            return Ok(());
        }
        let answers = IntCounterVec::new(
            Opts::new(
                "samverkan_response_cache_requests_total",
                "Anonymous GETs the response cache answered (hit) or had made (miss)",
            ),
            &["result"],
        )?;
        let kept = IntGaugeVec::new(
            Opts::new(
                "samverkan_response_cache_kept",
                "What the response cache keeps now: answers (entries) and their bytes",
            ),
            &["what"],
        )?;
        self.registry.register(Box::new(answers.clone()))?;
        self.registry.register(Box::new(kept.clone()))?;
        let _ = self.cache.set((cache.clone(), answers, kept));
        Ok(())
    }

    /// The cache's figures as they stand now.
    pub(crate) fn set_cache(&self) {
        let Some((cache, answers, kept)) = self.cache.get() else { return };
        let Some(stats) = cache.stats() else { return };
        for (result, total) in [("hit", stats.hits), ("miss", stats.misses)] {
            let counter = answers.with_label_values(&[result]);
            counter.inc_by(total.saturating_sub(counter.get()));
        }
        for (what, n) in [("entries", stats.entries), ("bytes", stats.bytes)] {
            kept.with_label_values(&[what]).set(i64::try_from(n).unwrap_or(i64::MAX));
        }
    }

    fn observe(&self, method: &str, route: &str, status: u16, took: Duration) {
        self.requests.with_label_values(&[method, route, &status.to_string()]).inc();
        self.latency.with_label_values(&[method, route]).observe(took.as_secs_f64());
    }

    pub(crate) fn set_pool(&self, pool: samverkan_store::PoolUse) {
        let in_use = pool.open.saturating_sub(pool.idle);
        for (state, n) in [("open", pool.open), ("idle", pool.idle), ("in_use", in_use), ("max", pool.max)] {
            self.pool.with_label_values(&[state]).set(i64::from(n));
        }
    }

    /// Brings the queries counter up to the store's count (which only grows).
    pub(crate) fn set_queries(&self, made: u64) {
        self.queries.inc_by(made.saturating_sub(self.queries.get()));
    }

    pub(crate) fn set_outbox(&self, queue: samverkan_store::OutboxQueue) {
        for (state, n) in [("due", queue.due), ("pending", queue.pending), ("failed", queue.failed)] {
            self.outbox.with_label_values(&[state]).set(i64::try_from(n).unwrap_or(i64::MAX));
        }
    }

    /// The last backup's age (`None`: none yet) and whether the last one failed.
    pub(crate) fn set_backup(&self, age: Option<Duration>, failed: bool) {
        if let Some((age_gauge, failed_gauge)) = &self.backup {
            age_gauge.set(age.map_or(f64::INFINITY, |a| a.as_secs_f64()));
            failed_gauge.set(i64::from(failed));
        }
    }

    /// Everything, in the text format.
    pub(crate) fn render(&self) -> Result<String, prometheus::Error> {
        let mut text = String::new();
        prometheus::TextEncoder::new().encode_utf8(&self.registry.gather(), &mut text)?;
        Ok(text)
    }
}

/// The method as a label: the standard ones by name, any other `other` (a client chooses it).
fn method_label(method: &axum::http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

/// The middleware that counts and times every request by its route's template.
pub(crate) async fn track(State(metrics): State<std::sync::Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route =
        request.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe(method, &route, response.status().as_u16(), started.elapsed());
    response
}
