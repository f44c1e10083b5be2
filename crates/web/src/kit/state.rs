//! What every handler gets ([`AppState`]): the store, whether the data is synthetic, and how the
//! service is reached: its public URL (`--public-url`, the origin every absolute URL is built on,
//! never the request's `Host`, which the client chooses) and whether a reverse proxy's headers
//! are trusted (`--trust-proxy`: `X-Forwarded-Proto` for `Secure` cookies and HSTS,
//! `X-Forwarded-For` for the sign-in throttle's address; without it both are ignored).

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use samverkan_store::Store;

/// What every handler gets: the store. Nothing else lives in process memory but the response
/// cache, which answers from memory only what the database's data version says is current; so
/// any number of instances can serve the same database.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Whether the database holds demonstration data (`samverkan demo-data`); every page then
    /// says so. Read once at start: demo data goes only into an empty database.
    pub synthetic: bool,
    /// How the service is reached (its public URL) and whether a proxy's headers are trusted.
    pub settings: std::sync::Arc<Settings>,
    /// Anonymous answers by data version, day and address ([`crate::kit::responses`]).
    pub responses: crate::kit::response_cache::ResponseCache,
}

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
    /// The public actor that runs the service, as the accessibility statement names it.
    pub operator: Option<String>,
    /// Where people report an accessibility problem (the statement's *meddelandefunktion*).
    pub accessibility_contact: Option<Contact>,
    /// An SMS provider is configured (`serve --sms-url`): crisis alerts go by text message too.
    pub sms: bool,
    /// The token that opens `/metrics` (`--metrics-token`); without it, and without a listener
    /// of its own, `/metrics` answers 404.
    pub metrics_token: Option<MetricsToken>,
    /// Keep anonymous answers in memory by data version, day and address (`--response-cache`);
    /// `ETag` and 304 either way.
    pub response_cache: bool,
}

/// A secret that opens `/metrics`, sent as `Authorization: Bearer …`; never printed.
#[derive(Clone)]
pub struct MetricsToken(String);

impl MetricsToken {
    /// Reads a token: at least 16 characters, no spaces (for the command line).
    pub fn parse(text: &str) -> Result<MetricsToken, String> {
        let text = text.trim();
        if text.chars().count() < 16 || text.chars().any(char::is_whitespace) {
            return Err("the metrics token is at least 16 characters, without spaces".to_owned());
        }
        Ok(MetricsToken(text.to_owned()))
    }

    pub(crate) fn secret(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken(***)")
    }
}

/// A way to reach the people who run the service: an e-mail address or a web address (a form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    Email(String),
    Web(String),
}

impl Contact {
    /// Reads `name@example.se` or `https://…` (for the command line).
    pub fn parse(text: &str) -> Result<Contact, String> {
        let text = text.trim();
        if text.starts_with("https://") || text.starts_with("http://") {
            let uri: axum::http::Uri = text.parse().map_err(|e| format!("{text} is no web address: {e}"))?;
            if uri.host().is_none_or(str::is_empty) {
                return Err(format!("{text} is no web address: it names no host"));
            }
            return Ok(Contact::Web(uri.to_string()));
        }
        samverkan_domain::normalise_email(text).map(Contact::Email).map_err(|e| format!("{text}: {e}"))
    }

    /// The link's target.
    pub fn href(&self) -> String {
        match self {
            Contact::Email(address) => format!("mailto:{address}"),
            Contact::Web(url) => url.clone(),
        }
    }

    /// How the link reads.
    pub fn text(&self) -> &str {
        match self {
            Contact::Email(address) | Contact::Web(address) => address,
        }
    }
}

impl Settings {
    /// The defaults for a server listening on `addr`: its own address as the public URL, no
    /// proxy, no operator or contact given, the response cache on.
    pub fn for_address(addr: SocketAddr) -> Settings {
        Settings {
            public_url: PublicUrl::for_address(addr),
            trust_proxy: false,
            operator: None,
            accessibility_contact: None,
            sms: false,
            metrics_token: None,
            response_cache: true,
        }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use axum::http::HeaderValue;

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
