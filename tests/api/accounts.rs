//! One's own account: personal API tokens (from the command line and the account page, shown
//! once, revocable), changing one's password, and the first sign-in's forced password change.

use samverkan_domain::Role;

use crate::helpers::{TestApp, cookie_value, csrf_field, location};

const EMAIL: &str = "redaktor@nacka.se";
const NEW_PASSWORD: &str = "ett eget och långt lösenord";

/// A party editor of Nacka (0182), with the one-time password.
async fn add_editor(app: &TestApp) -> (i32, String) {
    let new =
        samverkan_store::NewUser { email: EMAIL, role: Role::PartyEditor, party_code: Some("0182"), area_id: None };
    let added = app.store.add_user(new, "test").await.unwrap();
    (added.id, added.one_time_password)
}

/// A browser, signed in (or not) by its session cookie.
struct Browser<'a> {
    app: &'a TestApp,
    cookie: String,
}

impl Browser<'_> {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.app.client.get(format!("{}{path}", self.app.base)).header("cookie", &self.cookie).send().await.unwrap()
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.app
            .client
            .post(format!("{}{path}", self.app.base))
            .header("cookie", &self.cookie)
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    /// The session's CSRF token, from a page's form.
    async fn csrf(&self, path: &str) -> String {
        let page = self.get(path).await;
        assert_eq!(page.status(), 200, "GET {path}");
        csrf_field(&page.text().await.unwrap())
    }
}

/// Signs in through the form; the answer to the sign-in, and the session's token if it worked.
async fn sign_in(app: &TestApp, email: &str, password: &str) -> (reqwest::StatusCode, Option<String>) {
    let form = app.get("/logga-in").await;
    let csrf = cookie_value(&form, "samverkan_login").unwrap();
    let response = app
        .client
        .post(format!("{}/logga-in", app.base))
        .header("cookie", format!("samverkan_login={csrf}"))
        .form(&[("email", email), ("password", password), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    (response.status(), cookie_value(&response, "samverkan_session").filter(|t| !t.is_empty()))
}

async fn browser<'a>(app: &'a TestApp, password: &str) -> Browser<'a> {
    let (status, token) = sign_in(app, EMAIL, password).await;
    assert_eq!(status, 303);
    Browser { app, cookie: format!("samverkan_session={}", token.unwrap()) }
}

/// Signs in with the one-time password and changes it, as the first sign-in must.
async fn ready_browser<'a>(app: &'a TestApp, one_time: &str) -> Browser<'a> {
    ready_browser_for(app, EMAIL, one_time).await
}

/// Posts the password form.
async fn change(b: &Browser<'_>, csrf: &str, current: &str, new: &str, repeat: &str) -> reqwest::Response {
    b.post(
        "/konto/losenord",
        &[("csrf", csrf), ("current_password", current), ("new_password", new), ("repeat_password", repeat)],
    )
    .await
}

async fn api_with(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/api/v1/parties", app.base))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap()
}

/// No token, no hash, no password in the trail's text.
fn assert_no_secrets(events: &[samverkan_store::entity::audit_event::Model], secrets: &[&str]) {
    for e in events {
        let text = format!("{:?} {:?}", e.before, e.after);
        for secret in secrets {
            assert!(!text.contains(secret), "{} {}: {text}", e.entity, e.action);
        }
        assert!(!text.contains("argon2") && !text.contains("hash"), "{text}");
    }
}

#[tokio::test]
async fn a_token_from_the_command_line_opens_the_api_until_revoked() {
    let app = TestApp::spawn().await;
    let (user_id, _) = add_editor(&app).await;
    let out = crate::cli::samverkan()
        .args(["token", "create", "--email", "Redaktor@Nacka.se", "--name", "Integration", "--database-url"])
        .arg(app.db_url())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let token = stdout.trim_end().lines().last().unwrap().to_owned();
    assert_eq!(token.len(), 64, "{stdout}");

    let ok = api_with(&app, &token).await;
    assert_eq!(ok.status(), 200);
    assert!(app.json("/api/v1/parties").await.as_array().unwrap().len() >= 27, "anonymous reading still works");

    // A token that is not one is refused, not taken for anonymous.
    for bad in ["Bearer nej", "Bearer ", "bearer 0000"] {
        let refused =
            app.client.get(format!("{}/api/v1/parties", app.base)).header("authorization", bad).send().await.unwrap();
        assert_eq!(refused.status(), 401, "{bad}");
        assert_eq!(refused.headers()["www-authenticate"], "Bearer");
        assert_eq!(refused.headers()["content-type"], "application/problem+json");
    }

    let tokens = app.store.api_tokens_of(user_id).await.unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].name, "Integration");
    assert!(tokens[0].last_used_at.is_some(), "the use is noted");
    assert!(app.store.revoke_api_token(user_id, tokens[0].id, "test").await.unwrap());
    assert_eq!(api_with(&app, &token).await.status(), 401);

    let events = app.store.audit_events_of("api_token", &tokens[0].id.to_string()).await.unwrap();
    let actions: Vec<(&str, &str)> = events.iter().map(|e| (e.action.as_str(), e.actor.as_str())).collect();
    assert_eq!(actions, [("revoke", "test"), ("create", "cli")]);
    assert_no_secrets(&events, &[&token]);
    assert!(matches!(app.store.verify_audit_trail().await.unwrap(), samverkan_store::AuditCheck::Intact { .. }));

    // An address with no account is named.
    let out = crate::cli::samverkan()
        .args(["token", "create", "--email", "ingen@nacka.se", "--database-url"])
        .arg(app.db_url())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.trim_end().lines().last().unwrap().starts_with("samverkan: email:"), "{stderr}");
}

#[tokio::test]
async fn a_token_made_on_the_account_page_is_shown_once_and_works() {
    let app = TestApp::spawn().await;
    let (user_id, one_time) = add_editor(&app).await;
    let b = ready_browser(&app, &one_time).await;

    let page = b.get("/konto?klart=losenord").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(EMAIL));
    assert!(html.contains("Redaktör för en part: Nacka"), "the role in Swedish, with its party");
    assert!(html.contains("Ditt lösenord är ändrat"), "the password change is confirmed");
    assert!(html.contains("href=\"/konto\" aria-current=\"page\">Mitt konto</a>"));
    assert!(html.contains("Du har inga nycklar."));
    let csrf = csrf_field(&html);

    // A name is needed; the message is beside the field.
    let unnamed = b.post("/konto/nycklar", &[("csrf", &csrf), ("name", "  ")]).await;
    assert_eq!(unnamed.status(), 422);
    let html = unnamed.text().await.unwrap();
    assert!(html.contains("id=\"token-name-error\""));
    assert!(html.contains("aria-invalid=\"true\""));
    // A name is held to the rules of every text: no personal identity number in it.
    let numbered = b.post("/konto/nycklar", &[("csrf", &csrf), ("name", "Skript 811218-9876")]).await;
    assert_eq!(numbered.status(), 422);
    let html = numbered.text().await.unwrap();
    assert!(html.contains("id=\"token-name-error\""));
    assert!(html.contains("personnummer"), "the message says why");
    // Without the session's CSRF token: refused, nothing made.
    assert_eq!(b.post("/konto/nycklar", &[("csrf", "fel"), ("name", "x")]).await.status(), 403);
    assert!(app.store.api_tokens_of(user_id).await.unwrap().is_empty());

    let made = b.post("/konto/nycklar", &[("csrf", &csrf), ("name", "Rapportverktyg")]).await;
    assert_eq!(made.status(), 200);
    assert_eq!(made.headers()["cache-control"], "private, no-store");
    let html = made.text().await.unwrap();
    assert!(html.contains("Den visas bara den här gången"));
    let token = html.split("readonly rows=\"3\"").nth(1).unwrap().split('>').nth(1).unwrap().split('<').next().unwrap();
    assert_eq!(token.len(), 64, "{token}");
    assert_eq!(api_with(&app, token).await.status(), 200);

    // Never again: the account page lists it by name and dates only.
    let html = b.get("/konto").await.text().await.unwrap();
    assert!(!html.contains(token));
    assert!(html.contains("<th scope=\"row\">Rapportverktyg</th>"));
    let today = samverkan_web::today().format("%Y-%m-%d").to_string();
    assert!(html.matches(&today).count() >= 2, "made and used today: {today}");

    // Another account cannot revoke it.
    let id = app.store.api_tokens_of(user_id).await.unwrap()[0].id;
    let other =
        samverkan_store::NewUser { email: "annan@nacka.se", role: Role::Reader, party_code: None, area_id: None };
    let other = app.store.add_user(other, "test").await.unwrap();
    let intruder = ready_browser_for(&app, "annan@nacka.se", &other.one_time_password).await;
    let csrf_other = intruder.csrf("/konto").await;
    let refused = intruder.post(&format!("/konto/nycklar/{id}/aterkalla"), &[("csrf", &csrf_other)]).await;
    assert_eq!(refused.status(), 404);
    assert_eq!(api_with(&app, token).await.status(), 200);

    // The owner can.
    let revoked = b.post(&format!("/konto/nycklar/{id}/aterkalla"), &[("csrf", &csrf)]).await;
    assert_eq!(revoked.status(), 303);
    assert_eq!(location(&revoked), "/konto?klart=aterkallad");
    assert_eq!(api_with(&app, token).await.status(), 401);
    let html = b.get("/konto").await.text().await.unwrap();
    assert!(html.contains("Återkallad"));
    assert!(!html.contains("aterkalla\">"), "no revoke button for a revoked token");

    let events = app.store.audit_events_of("api_token", &id.to_string()).await.unwrap();
    let actions: Vec<(&str, String)> = events.iter().map(|e| (e.action.as_str(), e.actor.clone())).collect();
    assert_eq!(actions, [("revoke", format!("user:{user_id}")), ("create", format!("user:{user_id}"))]);
    assert_no_secrets(&events, &[token]);
    assert!(matches!(app.store.verify_audit_trail().await.unwrap(), samverkan_store::AuditCheck::Intact { .. }));
}

/// [`ready_browser`] for any account.
async fn ready_browser_for<'a>(app: &'a TestApp, email: &str, one_time: &str) -> Browser<'a> {
    let (status, token) = sign_in(app, email, one_time).await;
    assert_eq!(status, 303);
    let b = Browser { app, cookie: format!("samverkan_session={}", token.unwrap()) };
    let csrf = b.csrf("/konto/losenord").await;
    assert_eq!(change(&b, &csrf, one_time, NEW_PASSWORD, NEW_PASSWORD).await.status(), 303);
    b
}

#[tokio::test]
async fn the_first_sign_in_leads_to_the_password_page_until_it_is_changed() {
    let app = TestApp::spawn().await;
    let (user_id, one_time) = add_editor(&app).await;
    let b = browser(&app, &one_time).await;
    let elsewhere = browser(&app, &one_time).await;

    for path in ["/", "/parter", "/konto", "/api/v1/parties"] {
        let held = b.get(path).await;
        assert_eq!(held.status(), 303, "{path}");
        assert_eq!(location(&held), "/konto/losenord", "{path}");
    }
    let post = b.post("/konto/nycklar", &[("name", "x")]).await;
    assert_eq!((post.status().as_u16(), location(&post).as_str()), (303, "/konto/losenord"));
    assert_eq!(b.get("/static/style.css").await.status(), 200);
    assert_eq!(b.get("/healthz").await.status(), 200);

    let form = b.get("/konto/losenord").await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains("engångslösenord"), "says why");
    assert!(html.contains("autocomplete=\"current-password\"") && html.contains("autocomplete=\"new-password\""));
    assert!(html.contains("<label for=\"new_password\">"));
    let csrf = csrf_field(&html);

    // Each wrong field is named beside itself and in the summary.
    for (current, new, repeat, field) in [
        ("fel lösenord", NEW_PASSWORD, NEW_PASSWORD, "current_password"),
        ("", NEW_PASSWORD, NEW_PASSWORD, "current_password"),
        ("x", NEW_PASSWORD, "något annat", "repeat_password"),
    ] {
        let refused = change(&b, &csrf, current, new, repeat).await;
        assert_eq!(refused.status(), 422, "{field}");
        let html = refused.text().await.unwrap();
        assert!(html.contains(&format!("id=\"{field}-error\"")), "{field}: {html}");
        assert!(html.contains(&format!("href=\"#{field}\"")), "{field}: the summary links to the field");
        assert!(!html.contains(NEW_PASSWORD), "a password is never sent back");
    }
    let short = change(&b, &csrf, &one_time, "kort", "kort").await;
    assert_eq!(short.status(), 422);
    assert!(
        short.text().await.unwrap().contains("id=\"new_password-error\">Det nya lösenordet måste ha minst 12 tecken.")
    );
    let own_email = change(&b, &csrf, &one_time, EMAIL, EMAIL).await;
    assert_eq!(own_email.status(), 422);
    assert!(own_email.text().await.unwrap().contains("id=\"new_password-error\""));
    assert!(app.store.session_user(elsewhere.cookie.split('=').nth(1).unwrap()).await.unwrap().is_some());

    let done = change(&b, &csrf, &one_time, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(done.status(), 303);
    assert_eq!(location(&done), "/konto?klart=losenord");
    // Free to go on here; signed out elsewhere.
    let start = b.get("/").await;
    assert_eq!(start.status(), 200);
    assert!(start.text().await.unwrap().contains("Inloggad som redaktor@nacka.se"));
    let gone = elsewhere.get("/").await;
    assert_eq!(gone.status(), 200);
    assert!(gone.text().await.unwrap().contains(">Logga in</a>"), "the other session is ended");

    assert_eq!(sign_in(&app, EMAIL, &one_time).await.0, 422, "the old password no longer works");
    assert_eq!(sign_in(&app, EMAIL, NEW_PASSWORD).await.0, 303);

    let events = app.store.audit_events_of("user", &user_id.to_string()).await.unwrap();
    assert_eq!(events[0].action, "change_password");
    assert_eq!(events[0].actor, format!("user:{user_id}"));
    assert_no_secrets(&events, &[&one_time, NEW_PASSWORD]);
    assert!(matches!(app.store.verify_audit_trail().await.unwrap(), samverkan_store::AuditCheck::Intact { .. }));
}

#[tokio::test]
async fn the_account_pages_need_a_signed_in_browser() {
    let app = TestApp::spawn().await;
    for path in ["/konto", "/konto/losenord"] {
        let page = app.get(path).await;
        assert_eq!(page.status(), 303, "{path}");
        assert_eq!(location(&page), "/logga-in");
    }
    for path in ["/konto/nycklar", "/konto/nycklar/1/aterkalla", "/konto/losenord"] {
        let post = app.client.post(format!("{}{path}", app.base)).form(&[("csrf", "x")]).send().await.unwrap();
        assert_eq!(post.status(), 401, "{path}");
    }
    // A page asked for with a bearer token that is not one is refused as well.
    let page =
        app.client.get(format!("{}/konto", app.base)).header("authorization", "Bearer nej").send().await.unwrap();
    assert_eq!(page.status(), 401);
}
