//! Editing through the pages: the forms, what they answer when fields are wrong, who sees the
//! edit links, and the "Historik" each record's page shows.

use samverkan_domain::Role;
use samverkan_store::{NewUser, Page};

use crate::helpers::{TestApp, cookie_value, csrf_field, location};

const PASSWORD: &str = "ett långt lösenord för testet";

/// A visitor: signed in (a session cookie) or not.
struct Browser<'a> {
    app: &'a TestApp,
    cookie: Option<String>,
    email: String,
}

impl Browser<'_> {
    fn anonymous(app: &TestApp) -> Browser<'_> {
        Browser { app, cookie: None, email: String::new() }
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        let mut request = self.app.client.get(format!("{}{path}", self.app.base));
        if let Some(c) = &self.cookie {
            request = request.header("cookie", c);
        }
        request.send().await.unwrap()
    }

    /// GETs a page, asserting a 200, and returns its text.
    async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.unwrap()
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.app.client.post(format!("{}{path}", self.app.base));
        if let Some(c) = &self.cookie {
            request = request.header("cookie", c);
        }
        request.form(fields).send().await.unwrap()
    }

    /// Posts a form with the session's CSRF token, as the page's own form does.
    async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = csrf_field(&self.page("/").await);
        let mut all = fields.to_vec();
        all.push(("csrf", &csrf));
        self.post(path, &all).await
    }
}

/// Adds an account, sets its own password (a new account must change its one-time password
/// first) and signs in through the sign-in form.
async fn signed_in<'a>(app: &'a TestApp, email: &str, role: Role, party: Option<&str>) -> Browser<'a> {
    let added = app.store.add_user(NewUser { email, role, party_code: party, area_id: None }, "test").await.unwrap();
    app.store.change_password(added.id, &added.one_time_password, PASSWORD, None, "test").await.unwrap();
    let form = app.get("/logga-in").await;
    let login = cookie_value(&form, "samverkan_login").unwrap();
    let response = app
        .client
        .post(format!("{}/logga-in", app.base))
        .header("cookie", format!("samverkan_login={login}"))
        .form(&[("email", email), ("password", PASSWORD), ("csrf", &login)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "signing in");
    let session = cookie_value(&response, "samverkan_session").unwrap();
    Browser { app, cookie: Some(format!("samverkan_session={session}")), email: email.to_owned() }
}

/// The coordinating health centre of Nacka's area (the region's function, held by Boo
/// vårdcentral since 2023-01-01; the region's editors appoint its holders) and Nacka's party id.
async fn nacka_health_centre(app: &TestApp) -> (i32, i32) {
    let today = samverkan_web::today();
    let parties = app.store.parties(today, Page::ALL).await.unwrap().items;
    let nacka = parties.iter().find(|p| p.code == "0182").unwrap().id;
    let area = app.store.areas_of_party(nacka, today).await.unwrap()[0].area.id;
    let functions = app.store.area_functions(area).await.unwrap();
    let f = functions.iter().find(|f| f.function.name == "Samordnande vårdcentral, Nacka").unwrap();
    (f.function.id, nacka)
}

#[tokio::test]
async fn a_party_editor_edits_a_function_and_its_page_shows_the_change_and_its_history() {
    let app = TestApp::spawn().await;
    let (function, _) = nacka_health_centre(&app).await;
    let editor = signed_in(&app, "redaktor@regionstockholm.se", Role::PartyEditor, Some("01")).await;
    let path = format!("/funktioner/{function}");

    // The page offers the edit link and the handover form.
    let page = editor.page(&path).await;
    assert!(page.contains(&format!("href=\"/funktioner/{function}/andra\"")), "{page}");
    assert!(page.contains(&format!("action=\"/funktioner/{function}/byte\"")));
    assert!(page.contains("Inga ändringar registrerade."), "no history yet");

    // The form shows the record as it is, each field with its label.
    let form = editor.page(&format!("{path}/andra")).await;
    assert!(form.contains("<label for=\"f-name\">Namn</label>"), "{form}");
    assert!(form.contains("value=\"Samordnande vårdcentral, Nacka\""));
    assert!(form.contains("<option value=\"coordinating_health_centre\" selected>Samordnande vårdcentral</option>"));
    // No source gives the function's first day: the form leaves it empty, and so may the editor.
    let valid_from = form.split("id=\"f-valid_from\"").nth(1).unwrap().split('>').next().unwrap();
    assert!(!valid_from.contains("value=\"2"), "{valid_from}");
    assert!(form.contains("Lämna tomt om startdagen inte är känd."));

    let saved = editor
        .submit(
            &format!("{path}/andra"),
            &[
                ("name", "Samordnande vårdcentral, Nacka kommun"),
                ("kind", "coordinating_health_centre"),
                ("description", "Geografiskt samordningsansvar i Nacka."),
                ("valid_from", ""),
                ("valid_to", ""),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(location(&saved), path);
    // The page the save leads to says what was saved, once: the browser sends the message's
    // cookie back with the redirect, and the page clears it.
    let message = cookie_value(&saved, "samverkan_saved").unwrap();
    let session = editor.cookie.clone().unwrap();
    let cookie = Some(format!("{session}; samverkan_saved={message}"));
    let after = Browser { app: &app, cookie, email: String::new() }.get(&path).await;
    let cleared = after.headers().get_all("set-cookie").iter().any(|v| {
        let v = v.to_str().unwrap();
        v.starts_with("samverkan_saved=;") && v.contains("Max-Age=0")
    });
    assert!(cleared, "the message is forgotten once shown");
    let after = after.text().await.unwrap();
    assert!(after.contains("<p class=\"notice saved\" role=\"status\">Ändringarna är sparade.</p>"), "{after}");

    let page = editor.page(&path).await;
    assert!(!page.contains("notice saved"), "not said again");
    assert!(page.contains("<h1>Samordnande vårdcentral, Nacka kommun</h1>"), "{page}");
    let history = page.split("<h2 id=\"historik\">Historik</h2>").nth(1).unwrap();
    assert!(history.contains("<td>redaktor@regionstockholm.se</td>"), "{history}");
    assert!(history.contains("<td>Ändrad</td>"));
    assert!(history.contains("Namn:</span> Samordnande vårdcentral, Nacka → Samordnande vårdcentral, Nacka kommun"));
    assert!(!history.contains("Giltig från"), "only the fields that changed");
    // The time, in Stockholm, to the minute.
    let when = history.split("<time datetime=\"").nth(1).unwrap().split('>').nth(1).unwrap();
    assert_eq!(when.len(), "2022-07-01 14:05</time".len(), "{when}");

    // Anonymous visitors see the change but not who made it.
    let anonymous = Browser::anonymous(&app).page(&path).await;
    assert!(anonymous.contains("Samordnande vårdcentral, Nacka kommun"));
    assert!(anonymous.contains("Logga in för att se ändringshistoriken."));
    assert!(!anonymous.contains("redaktor@regionstockholm.se"));
    assert!(!anonymous.contains("/andra\""), "no edit links for anonymous visitors");
    assert!(!anonymous.contains("/byte\""));
}

#[tokio::test]
async fn a_handover_through_the_form_ends_the_holder_the_day_before_the_next_starts() {
    let app = TestApp::spawn().await;
    let (function, _) = nacka_health_centre(&app).await;
    let today = samverkan_web::today();
    let parties = app.store.parties(today, Page::ALL).await.unwrap().items;
    let region = parties.iter().find(|p| p.code == "01").unwrap().id;
    let organisations = app.store.organisations(today, Page::ALL, Some(region)).await.unwrap().items;
    let next = organisations.iter().find(|o| o.name != "Boo vårdcentral").unwrap();
    let editor = signed_in(&app, "redaktor@regionstockholm.se", Role::PartyEditor, Some("01")).await;
    let path = format!("/funktioner/{function}");

    // The handover form offers the region's organisations by name.
    let page = editor.page(&path).await;
    assert!(page.contains(&format!("<option value=\"{}\">{}</option>", next.id, next.name)), "{page}");

    let done = editor
        .submit(
            &format!("{path}/byte"),
            &[
                ("valid_from", "2025-03-01"),
                ("organisation_id", &next.id.to_string()),
                ("person_name", "Karin Ek"),
                ("person_email", "karin.ek@example.se"),
                ("basis", "Förfrågningsunderlag 2025"),
            ],
        )
        .await;
    assert_eq!(done.status(), 303);
    assert_eq!(location(&done), path);

    let page = editor.page(&format!("{path}?at=2025-06-01")).await;
    let holders = page.split("<h2 id=\"innehavare\">").nth(1).unwrap().split("</table>").next().unwrap();
    assert!(holders.contains(&format!("{}</a></th>", next.name)), "{holders}");
    assert!(holders.contains("Karin Ek"));
    assert!(holders.contains("från 2025-03-01"));
    assert!(holders.contains("Boo vårdcentral"));
    assert!(holders.contains("2023-01-01 – 2025-02-28"), "the old holder ends the day before: {holders}");
    let facts = page.split("<dl class=\"facts\">").nth(1).unwrap().split("</dl>").next().unwrap();
    assert!(facts.contains(&next.name), "the holder on the date asked for");
    let history = page.split("<h2 id=\"historik\">Historik</h2>").nth(1).unwrap();
    assert!(history.contains("<td>Byte av innehavare</td>"), "{history}");
    assert!(history.contains(&format!("Innehavare:</span> Boo vårdcentral → {} (Karin Ek)", next.name)));
    assert!(history.contains("Tidigare innehav slutar:</span> – → 2025-02-28"));

    // The new contact person has a page; the e-mail address only for signed-in visitors.
    let person =
        holders.split("href=\"/personer/").nth(1).unwrap().split('?').next().unwrap().split('"').next().unwrap();
    let signed = editor.page(&format!("/personer/{person}")).await;
    assert!(signed.contains("karin.ek@example.se"));
    assert!(signed.contains(&format!("href=\"/personer/{person}/andra\"")));
    let public = Browser::anonymous(&app).page(&format!("/personer/{person}")).await;
    assert!(public.contains("<h1>Karin Ek</h1>"));
    assert!(!public.contains("karin.ek@example.se"), "contact details are not public");
    assert!(public.contains("Logga in för att se ändringshistoriken."));
}

#[tokio::test]
async fn a_form_with_a_wrong_field_comes_back_with_the_message_beside_it_and_what_was_typed() {
    let app = TestApp::spawn().await;
    let (function, _) = nacka_health_centre(&app).await;
    let editor = signed_in(&app, "redaktor@regionstockholm.se", Role::PartyEditor, Some("01")).await;
    let path = format!("/funktioner/{function}/andra");
    let before = app.store.audit_events_of("function", &function.to_string()).await.unwrap().len();

    let response = editor
        .submit(&path, &[("name", "Nytt namn"), ("kind", "coordinating_health_centre"), ("valid_from", "1 juli 2023")])
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Fel: "), "the title says the form has errors");
    // A summary at the top, linking to the field.
    let summary = html.split("class=\"error-summary\"").nth(1).unwrap().split("</div>").next().unwrap();
    assert!(summary.contains("<a href=\"#f-valid_from\">Giltig från: "), "{summary}");
    // The message beside the field, tied to it; what was typed is kept (as text: it is no date).
    let field = html.split("<label for=\"f-valid_from\">").nth(1).unwrap().split("</div>").next().unwrap();
    assert!(field.contains("<p class=\"field-error\" id=\"f-valid_from-error\">"), "{field}");
    assert!(field.contains("ÅÅÅÅ-MM-DD"), "the message is Swedish and names the format: {field}");
    assert!(field.contains("value=\"1 juli 2023\""), "{field}");
    assert!(field.contains("aria-invalid=\"true\""));
    assert!(field.contains("aria-describedby=\"f-valid_from-hint f-valid_from-error\""));
    assert!(html.contains("value=\"Nytt namn\""), "the other fields keep what was typed too");
    assert!(!html.contains("id=\"f-name-error\""), "no message beside a right field");
    let after = app.store.audit_events_of("function", &function.to_string()).await.unwrap().len();
    assert_eq!(after, before, "nothing was written");
}

#[tokio::test]
async fn an_editor_of_another_party_sees_no_edit_links_and_is_refused() {
    let app = TestApp::spawn().await;
    let (function, nacka) = nacka_health_centre(&app).await;
    let solna = signed_in(&app, "redaktor@solna.se", Role::PartyEditor, Some("0184")).await;

    let page = solna.page(&format!("/funktioner/{function}")).await;
    assert!(!page.contains("/andra\""), "{page}");
    assert!(!page.contains("/byte\""));
    assert!(page.contains("<h2 id=\"historik\">Historik</h2>"), "signed in: the history is shown");
    let party = solna.page(&format!("/parter/{nacka}")).await;
    assert!(!party.contains("ny-funktion"));

    assert_eq!(solna.get(&format!("/funktioner/{function}/andra")).await.status(), 403);
    assert_eq!(solna.get(&format!("/parter/{nacka}/ny-funktion")).await.status(), 403);
    let before = app.store.audit_events_of("function", &function.to_string()).await.unwrap().len();
    let refused = solna
        .submit(
            &format!("/funktioner/{function}/andra"),
            &[("name", "Kapat"), ("kind", "other"), ("valid_from", "2023-01-01")],
        )
        .await;
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("Du får inte ändra det här"));
    let refused = solna
        .submit(&format!("/funktioner/{function}/byte"), &[("valid_from", "2025-01-01"), ("organisation_id", "1")])
        .await;
    assert_eq!(refused.status(), 403);
    // Nor may Nacka's editor change it, though it lies in Nacka's area: it is the region's.
    let nacka_editor = signed_in(&app, "redaktor@nacka.se", Role::PartyEditor, Some("0182")).await;
    assert!(!nacka_editor.page(&format!("/funktioner/{function}")).await.contains("/andra\""));
    assert_eq!(nacka_editor.get(&format!("/funktioner/{function}/andra")).await.status(), 403);
    let refused = nacka_editor
        .submit(
            &format!("/funktioner/{function}/andra"),
            &[("name", "Kapat"), ("kind", "other"), ("valid_from", "2023-01-01")],
        )
        .await;
    assert_eq!(refused.status(), 403);
    let after = app.store.audit_events_of("function", &function.to_string()).await.unwrap().len();
    assert_eq!(after, before, "nothing was written");
}

#[tokio::test]
async fn forms_need_a_session_and_its_csrf_token() {
    let app = TestApp::spawn().await;
    let (function, nacka) = nacka_health_centre(&app).await;
    let fields = [("name", "Kapat"), ("kind", "other"), ("valid_from", "2023-01-01")];

    let anonymous = Browser::anonymous(&app);
    assert_eq!(anonymous.post(&format!("/funktioner/{function}/andra"), &fields).await.status(), 401);
    assert_eq!(anonymous.post(&format!("/parter/{nacka}/ny-funktion"), &fields).await.status(), 401);
    assert_eq!(anonymous.get(&format!("/funktioner/{function}/andra")).await.status(), 401);

    let editor = signed_in(&app, "redaktor@nacka.se", Role::PartyEditor, Some("0182")).await;
    let without = editor.post(&format!("/funktioner/{function}/andra"), &fields).await;
    assert_eq!(without.status(), 403, "no csrf field");
    let mut forged = fields.to_vec();
    forged.push(("csrf", "gissat"));
    assert_eq!(editor.post(&format!("/funktioner/{function}/andra"), &forged).await.status(), 403);
    assert!(app.store.audit_events_of("function", &function.to_string()).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_history_of_every_record_page_is_for_signed_in_visitors_only() {
    let app = TestApp::spawn().await;
    let (function, nacka) = nacka_health_centre(&app).await;
    let admin = signed_in(&app, "processledare@storsthlm.se", Role::Admin, None).await;

    // A new sub-region, a new organisation, a new body with a member: each through its form.
    let created = admin
        .submit("/delregioner/ny", &[("name", "Nordost"), ("description", "Prov"), ("valid_from", "2025-01-01")])
        .await;
    assert_eq!(created.status(), 303);
    let sub_region = location(&created);
    let created = admin
        .submit(
            "/organisationer/ny",
            &[
                ("name", "Nacka äldreomsorg"),
                ("kind", "administration"),
                ("party_id", &nacka.to_string()),
                ("valid_from", "2025-01-01"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let organisation = location(&created);
    let created = admin
        .submit(
            "/organ/nytt",
            &[
                ("name", "Nackagruppen"),
                ("level", "county"),
                ("kind", "other"),
                ("party_id", &nacka.to_string()),
                ("valid_from", "2025-01-01"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let body = location(&created);
    let added = admin
        .submit(
            &format!("{body}/ny-medlem"),
            &[("function_id", &function.to_string()), ("role", "chair"), ("valid_from", "2025-01-01")],
        )
        .await;
    assert_eq!(added.status(), 303, "{}", added.text().await.unwrap());
    assert_eq!(location(&added), body);
    let page = admin.page(&body).await;
    assert!(page.contains("<td>Ny medlem</td>"), "{page}");
    assert!(page.contains("Funktion:</span> – → Samordnande vårdcentral, Nacka"));
    assert!(page.contains("Roll:</span> – → Ordförande"));
    let end = page.split("href=\"/medlemskap/").nth(1).unwrap().split('"').next().unwrap();
    let ended = admin.submit(&format!("/medlemskap/{end}"), &[("valid_to", "2025-12-31")]).await;
    assert_eq!(ended.status(), 303);
    assert!(admin.page(&body).await.contains("<td>Medlemskap avslutat</td>"));

    let area = app.store.areas_of_party(nacka, samverkan_web::today()).await.unwrap()[0].area.id;
    let pages = [
        format!("/parter/{nacka}"),
        format!("/omraden/{area}"),
        format!("/funktioner/{function}"),
        body,
        organisation.clone(),
        sub_region.clone(),
    ];
    for path in &pages {
        let signed = admin.page(path).await;
        assert_eq!(signed.matches("<h2 id=\"historik\">Historik</h2>").count(), 1, "{path}");
        assert!(!signed.contains("Logga in för att se ändringshistoriken."), "{path}");
        let public = Browser::anonymous(&app).page(path).await;
        assert!(public.contains("Logga in för att se ändringshistoriken."), "{path}");
        assert!(!public.contains(&admin.email), "{path}");
        assert!(!public.contains("class=\"history\""), "{path}");
    }
    assert!(admin.page(&sub_region).await.contains("<td>Skapad</td>"));
    let organisation_page = admin.page(&organisation).await;
    assert!(organisation_page.contains("Typ:</span> – → Förvaltning"), "kinds by their Swedish label");
    assert!(organisation_page.contains("Part:</span> – → Nacka"), "ids by name");

    // The new records are linked and listed.
    assert!(app.get("/delregioner").await.text().await.unwrap().contains("Nordost"));
    let sitemap = app.get("/sitemap.xml").await.text().await.unwrap();
    assert!(sitemap.contains(&format!("/funktioner/{function}</loc>")));
    assert!(sitemap.contains(&format!("{organisation}</loc>")));
}
