//! Issue 11: signing in and the HTTP edge, hardened. Guesses sent at once meet the throttle; an
//! unknown address costs a password check like a known one; an attacker does not lock the owner
//! out; weak passwords, expired one-time passwords, idle sessions and expired tokens are refused;
//! a password change ends the account's tokens; the sign-in form takes only CSRF tokens the
//! server made; absolute URLs use the public URL; a proxy's headers count only when it is
//! trusted; answers to signed-in callers are not cached; a half-open connection is closed.

use std::net::IpAddr;
use std::time::Duration;

use chrono::Duration as Span;
use samverkan_domain::Role;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{TestApp, cookie_value, csrf_field, location, set_cookie};

const EMAIL: &str = "processledare@storsthlm.se";
const OWN_PASSWORD: &str = "ett långt nytt lösenord";

async fn add_admin(app: &TestApp) -> String {
    let new = samverkan_store::NewUser { email: EMAIL, role: Role::Admin, party_code: None, area_id: None };
    app.store.add_user(new, "test").await.unwrap().one_time_password
}

/// The account with its own password already chosen.
async fn add_ready_admin(app: &TestApp) -> i32 {
    let new = samverkan_store::NewUser { email: EMAIL, role: Role::Admin, party_code: None, area_id: None };
    let added = app.store.add_user(new, "test").await.unwrap();
    app.store.change_password(added.id, &added.one_time_password, OWN_PASSWORD, None, "test").await.unwrap();
    added.id
}

/// A client that connects from `address` (any of 127/8 reaches the server on Linux).
fn client_from(address: &str) -> reqwest::Client {
    crate::helpers::http_client()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(address.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

/// A browser at the sign-in form: its client, and the form's CSRF token (cookie and field).
struct LoginForm {
    client: reqwest::Client,
    url: String,
    csrf: String,
}

impl LoginForm {
    async fn open(app: &TestApp, client: reqwest::Client) -> LoginForm {
        let form = client.get(format!("{}/logga-in", app.base)).send().await.unwrap();
        let csrf = cookie_value(&form, "samverkan_login").unwrap();
        assert_eq!(csrf_field(&form.text().await.unwrap()), csrf);
        LoginForm { client, url: format!("{}/logga-in", app.base), csrf }
    }

    async fn post(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(&self.url)
            .header("cookie", format!("samverkan_login={}", self.csrf))
            .form(&[("email", email), ("password", password), ("csrf", &self.csrf)])
            .send()
            .await
            .unwrap()
    }
}

/// A signed-in browser's session cookie, through the form.
async fn signed_in(app: &TestApp, password: &str) -> String {
    let form = LoginForm::open(app, app.client.clone()).await;
    let response = form.post(EMAIL, password).await;
    assert_eq!(response.status(), 303);
    format!("samverkan_session={}", cookie_value(&response, "samverkan_session").unwrap())
}

async fn get_with(app: &TestApp, path: &str, cookie: &str) -> reqwest::Response {
    app.client.get(format!("{}{path}", app.base)).header("cookie", cookie).send().await.unwrap()
}

async fn api_with(app: &TestApp, token: &str) -> u16 {
    app.client.get(format!("{}/api/v1/parties", app.base)).bearer_auth(token).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn fifty_guesses_sent_at_once_get_at_most_five_password_checks() {
    let app = TestApp::spawn().await;
    let password = add_admin(&app).await;
    let form = std::sync::Arc::new(LoginForm::open(&app, app.client.clone()).await);
    let checks_before = app.store.password_checks();
    let guesses: Vec<_> = (0..50)
        .map(|i| {
            let form = form.clone();
            tokio::spawn(async move { form.post(EMAIL, &format!("gissning nummer {i}")).await })
        })
        .collect();
    let (mut checked, mut held) = (0, 0);
    let mut a_held_answer = None;
    for guess in guesses {
        let response = guess.await.unwrap();
        match response.status().as_u16() {
            422 => checked += 1,
            429 => {
                held += 1;
                a_held_answer.get_or_insert(response);
            }
            other => panic!("{other}"),
        }
    }
    assert_eq!((checked, held), (5, 45), "at most five guesses are checked");
    assert_eq!(app.store.password_checks() - checks_before, 5, "and only five passwords were hashed");
    // Held back with a Swedish message that says how long to wait.
    let held = a_held_answer.unwrap();
    let wait: i64 = held.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&wait), "{wait}");
    let html = held.text().await.unwrap();
    assert!(html.contains("För många misslyckade inloggningar. Vänta 15 minuter och försök igen."), "{html}");
    // The right password from the same address is held too, and not checked.
    let checks = app.store.password_checks();
    assert_eq!(form.post(EMAIL, &password).await.status(), 429);
    assert_eq!(app.store.password_checks(), checks);
}

#[tokio::test]
async fn the_owner_signs_in_from_another_address_after_an_attackers_failures() {
    let app = TestApp::spawn().await;
    add_ready_admin(&app).await;
    let attacker = LoginForm::open(&app, client_from("127.0.0.1")).await;
    for i in 0..20 {
        attacker.post(EMAIL, &format!("gissning {i}")).await;
    }
    assert_eq!(attacker.post(EMAIL, OWN_PASSWORD).await.status(), 429, "the attacker's address is held");
    let owner = LoginForm::open(&app, client_from("127.0.0.2")).await;
    let response = owner.post(EMAIL, OWN_PASSWORD).await;
    assert_eq!(response.status(), 303, "the owner, elsewhere, is not locked out");
    assert!(cookie_value(&response, "samverkan_session").is_some());
}

#[tokio::test]
async fn an_unknown_address_costs_a_password_check_like_a_known_one() {
    let app = TestApp::spawn().await;
    add_ready_admin(&app).await;
    let form = LoginForm::open(&app, app.client.clone()).await;
    for email in [EMAIL, "ingen.alls@storsthlm.se", "inte en adress"] {
        let before = app.store.password_checks();
        let response = form.post(email, "fel lösenord").await;
        assert_eq!(response.status(), 422, "{email}");
        assert!(response.text().await.unwrap().contains("Fel e-postadress eller lösenord."));
        assert_eq!(app.store.password_checks() - before, 1, "{email}: one Argon2 check");
    }
}

/// The time a wrong password takes for a known and an unknown address (median of 20 each),
/// printed for the record: on a busy machine the numbers are not steady enough to assert, so
/// the test above asserts the structure (one Argon2 check either way). `cargo test --test api
/// sign_in_timing -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "a measurement, not a check"]
async fn sign_in_timing() {
    let app = TestApp::spawn().await;
    add_ready_admin(&app).await;
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..20 {
        // A fresh address each round (127.0.0.x): the throttle does not hold these back.
        let form = LoginForm::open(&app, client_from(&format!("127.0.1.{}", i + 1))).await;
        let started = std::time::Instant::now();
        assert_eq!(form.post(EMAIL, "fel lösenord").await.status(), 422);
        known.push(started.elapsed());
        let started = std::time::Instant::now();
        assert_eq!(form.post("ingen.alls@storsthlm.se", "fel lösenord").await.status(), 422);
        unknown.push(started.elapsed());
    }
    let (known, unknown) = (median(known), median(unknown));
    println!("wrong password, median of 20: known account {known:?}, unknown address {unknown:?}");
}

#[tokio::test]
async fn a_weak_password_is_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let one_time = add_admin(&app).await;
    let session = signed_in(&app, &one_time).await;
    let html = get_with(&app, "/konto/losenord", &session).await.text().await.unwrap();
    let csrf = csrf_field(&html);
    for weak in ["aaaaaaaaaaaa", "Stockholm12345", "processledare2025"] {
        let refused = app
            .client
            .post(format!("{}/konto/losenord", app.base))
            .header("cookie", &session)
            .form(&[
                ("csrf", csrf.as_str()),
                ("current_password", &one_time),
                ("new_password", weak),
                ("repeat_password", weak),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 422, "{weak}");
        let html = refused.text().await.unwrap();
        assert!(html.contains("id=\"new_password-error\">Det nya lösenordet är för lätt att gissa."), "{weak}: {html}");
        assert!(html.contains("href=\"#new_password\""), "the summary links to the field");
    }
    // The store refuses it as well, whoever calls it.
    let id = app.store.check_password(EMAIL, &one_time).await.unwrap().unwrap();
    match app.store.change_password(id, &one_time, "aaaaaaaaaaaa", None, "test").await {
        Err(samverkan_store::AccountError::Invalid { field: "new_password", .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_expired_one_time_password_cannot_sign_in_and_a_new_one_can() {
    let app = TestApp::spawn().await;
    let first = add_admin(&app).await;
    app.store.advance_clock(Span::hours(samverkan_store::ONE_TIME_PASSWORD_HOURS) + Span::minutes(1));
    let form = LoginForm::open(&app, app.client.clone()).await;
    let expired = form.post(EMAIL, &first).await;
    assert_eq!(expired.status(), 422);
    assert!(set_cookie(&expired, "samverkan_session").is_none());
    let html = expired.text().await.unwrap();
    assert!(html.contains("Engångslösenordet har gått ut"), "{html}");
    assert_eq!(form.post(EMAIL, "fel lösenord").await.status(), 422);

    // A process leader issues a new one (`samverkan user reset-password`, same store call).
    let reset = app.store.reset_password(EMAIL, "cli").await.unwrap();
    assert_eq!(form.post(EMAIL, &first).await.status(), 422, "the old one is gone");
    let response = form.post(EMAIL, &reset.one_time_password).await;
    assert_eq!(response.status(), 303);
    let session = format!("samverkan_session={}", cookie_value(&response, "samverkan_session").unwrap());
    assert_eq!(location(&get_with(&app, "/", &session).await), "/konto/losenord", "to be changed first");
}

#[tokio::test]
async fn a_session_ends_after_two_hours_unused_and_after_ten_hours_at_most() {
    let app = TestApp::spawn().await;
    add_ready_admin(&app).await;
    let signed_in_as = |html: &str| html.contains(&format!("Inloggad som {EMAIL}"));

    let session = signed_in(&app, OWN_PASSWORD).await;
    // Used every 1 h 50 min: it lasts, up to its tenth hour.
    for _ in 0..5 {
        app.store.advance_clock(Span::minutes(110));
        assert!(signed_in_as(&get_with(&app, "/", &session).await.text().await.unwrap()));
    }
    app.store.advance_clock(Span::minutes(110)); // 11 h in all
    assert!(!signed_in_as(&get_with(&app, "/", &session).await.text().await.unwrap()), "ten hours at most");

    let session = signed_in(&app, OWN_PASSWORD).await;
    app.store.advance_clock(Span::minutes(119));
    assert!(signed_in_as(&get_with(&app, "/", &session).await.text().await.unwrap()));
    app.store.advance_clock(Span::minutes(121));
    let page = get_with(&app, "/", &session).await.text().await.unwrap();
    assert!(!signed_in_as(&page) && page.contains(">Logga in</a>"), "two hours unused end it");
}

#[tokio::test]
async fn a_token_past_its_last_day_is_refused() {
    let app = TestApp::spawn().await;
    let user_id = add_ready_admin(&app).await;
    let session = signed_in(&app, OWN_PASSWORD).await;
    let csrf = csrf_field(&get_with(&app, "/konto", &session).await.text().await.unwrap());
    let make = |name: &'static str, expires: String| {
        let client = app.client.clone();
        let url = format!("{}/konto/nycklar", app.base);
        let (session, csrf) = (session.clone(), csrf.clone());
        async move {
            client
                .post(url)
                .header("cookie", session)
                .form(&[("csrf", csrf.as_str()), ("name", name), ("expires", &expires)])
                .send()
                .await
                .unwrap()
        }
    };
    // A day that has been, or is not one: refused beside the field.
    for bad in ["2020-01-01", "i morgon", "2030-02-30"] {
        let refused = make("Gammal", bad.to_owned()).await;
        assert_eq!(refused.status(), 422, "{bad}");
        let html = refused.text().await.unwrap();
        assert!(html.contains("id=\"token-expires-error\""), "{bad}: {html}");
        assert!(html.contains("href=\"#token-expires\""));
    }
    assert!(app.store.api_tokens_of(user_id).await.unwrap().is_empty());

    let today = samverkan_web::today();
    let made = make("Till i morgon", (today + Span::days(1)).format("%Y-%m-%d").to_string()).await;
    assert_eq!(made.status(), 200);
    let html = made.text().await.unwrap();
    let token = html.split("readonly rows=\"3\"").nth(1).unwrap().split('>').nth(1).unwrap().split('<').next().unwrap();
    assert_eq!(api_with(&app, token).await, 200);
    let listed = get_with(&app, "/konto", &session).await.text().await.unwrap();
    assert!(listed.contains(&(today + Span::days(1)).format("%Y-%m-%d").to_string()), "its last day is listed");

    // Two days on, the token is past its last day.
    app.store.advance_clock(Span::hours(49));
    let refused = app.client.get(format!("{}/api/v1/parties", app.base)).bearer_auth(token).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(refused.headers()["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn a_token_with_a_last_day_from_the_command_line() {
    let app = TestApp::spawn().await;
    add_ready_admin(&app).await;
    let create = |expires: &str| {
        crate::cli::samverkan()
            .args(["token", "create", "--email", EMAIL, "--expires", expires, "--database-url"])
            .arg(app.db_url())
            .output()
            .unwrap()
    };
    let past = create("2020-01-01");
    assert!(!past.status.success());
    let stderr = String::from_utf8_lossy(&past.stderr);
    assert!(stderr.trim_end().lines().last().unwrap().starts_with("samverkan: expires:"), "{stderr}");
    let later = (samverkan_web::today() + Span::days(30)).format("%Y-%m-%d").to_string();
    let ok = create(&later);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let token = String::from_utf8(ok.stdout).unwrap().trim_end().lines().last().unwrap().to_owned();
    assert_eq!(api_with(&app, &token).await, 200);
    app.store.advance_clock(Span::days(32));
    assert_eq!(api_with(&app, &token).await, 401);
}

#[tokio::test]
async fn a_password_change_or_reset_ends_all_the_accounts_tokens() {
    let app = TestApp::spawn().await;
    let user_id = add_ready_admin(&app).await;
    let (_, first) = app.store.create_api_token(user_id, "Integration", "test").await.unwrap();
    let (_, second) = app.store.create_api_token(user_id, "Rapporter", "test").await.unwrap();
    assert_eq!(api_with(&app, &first).await, 200);

    // Changed by its owner on the password page.
    let session = signed_in(&app, OWN_PASSWORD).await;
    let csrf = csrf_field(&get_with(&app, "/konto/losenord", &session).await.text().await.unwrap());
    let new = "ett helt annat lösenord";
    let changed = app
        .client
        .post(format!("{}/konto/losenord", app.base))
        .header("cookie", &session)
        .form(&[
            ("csrf", csrf.as_str()),
            ("current_password", OWN_PASSWORD),
            ("new_password", new),
            ("repeat_password", new),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 303);
    assert_eq!((api_with(&app, &first).await, api_with(&app, &second).await), (401, 401));
    let listed = get_with(&app, "/konto", &session).await.text().await.unwrap();
    assert_eq!(listed.matches("<td>Återkallad").count(), 2, "both listed as revoked");
    let events = app.store.audit_events_of("user", &user_id.to_string()).await.unwrap();
    assert!(events[0].after.as_deref().unwrap().contains("\"tokens_revoked\":2"), "{:?}", events[0].after);

    // Reset by a process leader on the command line: the new token ends, and the session too.
    let (_, third) = app.store.create_api_token(user_id, "Ny", "test").await.unwrap();
    let out = crate::cli::samverkan()
        .args(["user", "reset-password", "--email", EMAIL, "--database-url"])
        .arg(app.db_url())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let one_time = String::from_utf8(out.stdout).unwrap().trim_end().lines().last().unwrap().to_owned();
    assert_eq!(one_time.len(), 20);
    assert_eq!(api_with(&app, &third).await, 401);
    assert!(get_with(&app, "/", &session).await.text().await.unwrap().contains(">Logga in</a>"), "signed out");
    let form = LoginForm::open(&app, app.client.clone()).await;
    assert_eq!(form.post(EMAIL, new).await.status(), 422, "the old password no longer works");
    assert_eq!(form.post(EMAIL, &one_time).await.status(), 303);
    let events = app.store.audit_events_of("user", &user_id.to_string()).await.unwrap();
    assert_eq!((events[0].action.as_str(), events[0].actor.as_str()), ("reset_password", "cli"));
    assert!(!format!("{:?}", events[0]).contains(&one_time));
    assert!(matches!(app.store.verify_audit_trail().await.unwrap(), samverkan_store::AuditCheck::Intact { .. }));
}

#[tokio::test]
async fn the_sign_in_form_takes_only_a_csrf_token_the_server_made() {
    let app = TestApp::spawn().await;
    add_ready_admin(&app).await;
    let post = |csrf: String| {
        let client = app.client.clone();
        let url = format!("{}/logga-in", app.base);
        async move {
            client
                .post(url)
                .header("cookie", format!("samverkan_login={csrf}"))
                .form(&[("email", EMAIL), ("password", OWN_PASSWORD), ("csrf", &csrf)])
                .send()
                .await
                .unwrap()
        }
    };
    // The client choosing both values: refused, whatever they look like.
    let made_up = [
        "abc".to_owned(),
        samverkan_store::random_token(),
        format!("{}.{}.{}", i64::MAX, "0".repeat(32), "0".repeat(64)),
    ];
    for csrf in made_up {
        let refused = post(csrf.clone()).await;
        assert_eq!(refused.status(), 403, "{csrf}");
        assert!(set_cookie(&refused, "samverkan_session").is_none());
    }
    // One the server made: accepted.
    let form = LoginForm::open(&app, app.client.clone()).await;
    assert_eq!(post(form.csrf.clone()).await.status(), 303);
    // Another server's (another database's key) is not ours.
    let other = TestApp::spawn().await;
    let foreign = LoginForm::open(&other, other.client.clone()).await;
    assert_eq!(post(foreign.csrf).await.status(), 403);
}

#[tokio::test]
async fn the_sitemap_uses_the_public_url_whatever_the_host() {
    let configured = TestApp::spawn_configured(|settings, _| {
        settings.public_url = samverkan_web::PublicUrl::parse("https://samverkan.example.se").unwrap();
    })
    .await;
    let default = TestApp::spawn().await;
    for (app, origin) in [(&configured, "https://samverkan.example.se/"), (&default, &format!("{}/", default.base))] {
        let xml = app
            .client
            .get(format!("{}/sitemap.xml", app.base))
            .header("host", "angripare.example")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let locs: Vec<&str> = xml.split("<loc>").skip(1).map(|l| l.split('<').next().unwrap()).collect();
        assert!(locs.len() > 100, "{xml}");
        assert!(
            locs.iter().all(|l| l.starts_with(origin)),
            "{origin}: {:?}",
            locs.iter().find(|l| !l.starts_with(origin))
        );
        assert!(!xml.contains("angripare"));
    }
}

#[tokio::test]
async fn forwarded_headers_count_only_behind_a_trusted_proxy() {
    let direct = TestApp::spawn().await;
    let proxied = TestApp::spawn_configured(|settings, _| settings.trust_proxy = true).await;
    let form =
        |app: &TestApp| app.client.get(format!("{}/logga-in", app.base)).header("x-forwarded-proto", "https").send();

    let ignored = form(&direct).await.unwrap();
    let (_, cookie) = set_cookie(&ignored, "samverkan_login").unwrap();
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(ignored.headers().get("strict-transport-security").is_none());

    let honoured = form(&proxied).await.unwrap();
    let (_, cookie) = set_cookie(&honoured, "samverkan_login").unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert_eq!(honoured.headers()["strict-transport-security"], "max-age=31536000");
    let plain = proxied.get("/logga-in").await;
    assert!(plain.headers().get("strict-transport-security").is_none(), "no HTTPS, no HSTS");

    // X-Forwarded-For is the address sign-ins are throttled by, only behind the proxy.
    for (app, owner_held) in [(&direct, true), (&proxied, false)] {
        add_ready_admin(app).await;
        let login = LoginForm::open(app, app.client.clone()).await;
        let post = |from: &'static str, password: &'static str| {
            login
                .client
                .post(&login.url)
                .header("cookie", format!("samverkan_login={}", login.csrf))
                .header("x-forwarded-for", from)
                .form(&[("email", EMAIL), ("password", password), ("csrf", &login.csrf)])
                .send()
        };
        for _ in 0..5 {
            assert_eq!(post("203.0.113.66", "gissning").await.unwrap().status(), 422);
        }
        let owner = post("198.51.100.7", OWN_PASSWORD).await.unwrap().status();
        assert_eq!(owner == 429, owner_held, "trust_proxy: {}", !owner_held);
    }
}

#[tokio::test]
async fn answers_to_signed_in_callers_are_not_cached() {
    let app = TestApp::spawn().await;
    let user_id = add_ready_admin(&app).await;
    let session = signed_in(&app, OWN_PASSWORD).await;
    let (_, token) = app.store.create_api_token(user_id, "test", "test").await.unwrap();
    for path in ["/konto", "/", "/parter"] {
        let page = get_with(&app, path, &session).await;
        assert_eq!(page.status(), 200, "{path}");
        assert_eq!(page.headers()["cache-control"], "private, no-store", "{path}");
    }
    let api = app.client.get(format!("{}/api/v1/parties", app.base)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(api.headers()["cache-control"], "private, no-store");
    // The same for everyone: the stylesheet keeps its caching; anonymous pages may be kept but
    // are asked for again each time (by their tag).
    let css = get_with(&app, "/static/style.css", &session).await;
    assert_eq!(css.headers()["cache-control"], "public, max-age=3600");
    let page = get_with(&app, "/parter", &session).await;
    assert!(page.headers().get("etag").is_none(), "a signed-in view carries no tag");
    let anonymous = app.get("/parter").await;
    assert_eq!(anonymous.headers()["cache-control"], "no-cache");
    assert!(anonymous.headers().contains_key("etag"));
}

/// Reads from a raw connection until the server closes it; returns what it sent and how long it
/// took, or panics after `limit`.
async fn until_closed(stream: &mut tokio::net::TcpStream, limit: Duration) -> (String, Duration) {
    let started = std::time::Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(limit.saturating_sub(started.elapsed()), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&received).into_owned(), started.elapsed()),
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => panic!("the connection is still open after {limit:?}"),
        }
    }
}

#[tokio::test]
async fn a_half_open_connection_is_closed_after_the_header_timeout() {
    let app = TestApp::spawn_configured(|_, limits| limits.header_read_timeout = Duration::from_secs(1)).await;
    let address = app.base.trim_start_matches("http://").to_owned();

    let opened = std::time::Instant::now();
    // Headers begun but never finished.
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /parter HTTP/1.1\r\nHost: x\r\nX-Langsam: ").await.unwrap();
    // Nothing sent at all.
    let mut silent = tokio::net::TcpStream::connect(&address).await.unwrap();
    for stream in [&mut slow, &mut silent] {
        let (answer, _) = until_closed(stream, Duration::from_secs(10)).await;
        assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    }
    let after = opened.elapsed();
    assert!(after >= Duration::from_millis(900), "closed only after the deadline: {after:?}");
    // A whole request in time is answered.
    let mut fine = tokio::net::TcpStream::connect(&address).await.unwrap();
    fine.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let (answer, _) = until_closed(&mut fine, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_for_one_to_close() {
    let app = TestApp::spawn_configured(|_, limits| {
        limits.max_connections = 2;
        limits.header_read_timeout = Duration::from_secs(2);
    })
    .await;
    let address = app.base.trim_start_matches("http://").to_owned();
    let _first = tokio::net::TcpStream::connect(&address).await.unwrap();
    let _second = tokio::net::TcpStream::connect(&address).await.unwrap();
    // Both places are taken by idle connections: a third is accepted by the kernel but not
    // served until the header deadline frees a place.
    let started = std::time::Instant::now();
    let mut third = tokio::net::TcpStream::connect(&address).await.unwrap();
    third.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let (answer, _) = until_closed(&mut third, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(1500), "served only once a place was free");
}
