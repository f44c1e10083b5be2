//! Signing in and out: sessions in the database, cookies a script cannot read, CSRF tokens on
//! every form.

use crate::helpers::{TestApp, csrf_field, set_cookie};

async fn add_admin(app: &TestApp) -> String {
    let new = samverkan_store::NewUser {
        email: "processledare@storsthlm.se",
        role: samverkan_domain::Role::Admin,
        party_code: None,
        area_id: None,
    };
    app.store.add_user(new, "test").await.unwrap().one_time_password
}

#[tokio::test]
async fn a_user_signs_in_and_out() {
    let app = TestApp::spawn().await;
    let password = add_admin(&app).await;

    let form = app.get("/logga-in").await;
    assert_eq!(form.status(), 200);
    let (login_cookie, _) = set_cookie(&form, "samverkan_login").unwrap();
    let html = form.text().await.unwrap();
    assert!(html.contains("<label for=\"password\">Lösenord</label>"));
    let csrf = csrf_field(&html);
    assert_eq!(csrf, login_cookie, "double submit: the form repeats the cookie");

    let post = |fields: Vec<(&'static str, String)>, cookie: String| {
        let client = app.client.clone();
        let url = format!("{}/logga-in", app.base);
        async move { client.post(url).header("cookie", cookie).form(&fields).send().await.unwrap() }
    };
    let cookie = format!("samverkan_login={login_cookie}");

    // A wrong password: the form again, with a Swedish message, and no session.
    let wrong = post(
        vec![("email", "processledare@storsthlm.se".into()), ("password", "fel".into()), ("csrf", csrf.clone())],
        cookie.clone(),
    )
    .await;
    assert_eq!(wrong.status(), 422);
    assert!(set_cookie(&wrong, "samverkan_session").is_none());
    let html = wrong.text().await.unwrap();
    assert!(html.contains("Fel e-postadress eller lösenord."));
    assert!(html.contains("value=\"processledare@storsthlm.se\""), "what was typed is kept");

    // The right password but no CSRF token: refused.
    let forged = post(
        vec![("email", "processledare@storsthlm.se".into()), ("password", password.clone()), ("csrf", String::new())],
        cookie.clone(),
    )
    .await;
    assert_eq!(forged.status(), 403);
    assert!(set_cookie(&forged, "samverkan_session").is_none());

    // Right: a session cookie that scripts cannot read, and the header says who is signed in.
    let ok = post(
        vec![("email", "Processledare@Storsthlm.se".into()), ("password", password.clone()), ("csrf", csrf.clone())],
        cookie,
    )
    .await;
    assert_eq!(ok.status(), 303);
    let (token, header) = set_cookie(&ok, "samverkan_session").unwrap();
    assert!(header.contains("HttpOnly") && header.contains("SameSite=Lax"), "{header}");
    assert!(!header.contains("Secure"), "plain HTTP here; Secure behind HTTPS");
    let session = format!("samverkan_session={token}");
    // A one-time password: every page leads to the password page until it is changed.
    let start = app.client.get(format!("{}/", app.base)).header("cookie", &session).send().await.unwrap();
    assert_eq!(start.status(), 303);
    assert_eq!(start.headers()["location"], "/konto/losenord");
    let start = app.client.get(format!("{}/konto/losenord", app.base)).header("cookie", &session).send().await.unwrap();
    let html = start.text().await.unwrap();
    assert!(html.contains("Inloggad som processledare@storsthlm.se"));
    let logout_csrf = csrf_field(&html);

    // Signing out needs the session's CSRF token.
    let logout = |csrf: String| {
        let client = app.client.clone();
        let url = format!("{}/logga-ut", app.base);
        let session = session.clone();
        async move { client.post(url).header("cookie", session).form(&[("csrf", csrf)]).send().await.unwrap() }
    };
    assert_eq!(logout("fel".into()).await.status(), 403);
    assert!(app.store.session_user(&token).await.unwrap().is_some(), "still signed in");
    let out = logout(logout_csrf).await;
    assert_eq!(out.status(), 303);
    let (cleared, _) = set_cookie(&out, "samverkan_session").unwrap();
    assert_eq!(cleared, "");
    assert!(app.store.session_user(&token).await.unwrap().is_none(), "the session is gone from the database");
    let start = app.client.get(format!("{}/", app.base)).header("cookie", &session).send().await.unwrap();
    assert!(start.text().await.unwrap().contains(">Logga in</a>"));
}

#[tokio::test]
async fn behind_https_the_cookies_are_secure() {
    // Only behind a proxy the server is told to trust (`--trust-proxy`): see `hardening`.
    let app = TestApp::spawn_configured(|settings, _| settings.trust_proxy = true).await;
    let form =
        app.client.get(format!("{}/logga-in", app.base)).header("x-forwarded-proto", "https").send().await.unwrap();
    let (_, header) = set_cookie(&form, "samverkan_login").unwrap();
    assert!(header.contains("; Secure"), "{header}");
}

#[tokio::test]
async fn repeated_failures_hold_the_account_back() {
    let app = TestApp::spawn().await;
    let password = add_admin(&app).await;
    let form = app.get("/logga-in").await;
    let (csrf, _) = set_cookie(&form, "samverkan_login").unwrap();
    let attempt = |password: String| {
        let client = app.client.clone();
        let url = format!("{}/logga-in", app.base);
        let csrf = csrf.clone();
        async move {
            client
                .post(url)
                .header("cookie", format!("samverkan_login={csrf}"))
                .form(&[("email", "processledare@storsthlm.se".to_owned()), ("password", password), ("csrf", csrf)])
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..4 {
        assert_eq!(attempt("gissning".into()).await.status(), 422);
    }
    // A success clears the count…
    assert_eq!(attempt(password.clone()).await.status(), 303);
    for _ in 0..5 {
        assert_eq!(attempt("gissning".into()).await.status(), 422);
    }
    // …but five failures in a row hold even the right password back, with a Swedish message.
    let held = attempt(password).await;
    assert_eq!(held.status(), 429);
    assert!(set_cookie(&held, "samverkan_session").is_none());
    assert!(held.text().await.unwrap().contains("För många misslyckade inloggningar"));
}
