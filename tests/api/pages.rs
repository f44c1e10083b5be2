//! What a coordinator sees in the browser (the HTML as served; the browser suite checks the rest).

use crate::helpers::{TestApp, named};

#[tokio::test]
async fn the_start_page_gives_the_overview() {
    let app = TestApp::spawn().await;
    let html = app.page("/").await;
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("href=\"#main\""), "skip link");
    assert!(html.contains("<main id=\"main\""));
    assert!(html.contains("<strong>27</strong> parter"));
    assert!(html.contains("<strong>38</strong> närområden"));
    for text in ["Region Stockholm", "Upplands Väsby", "Södertörn", "Boo vårdcentral", "Länsövergripande nivå"] {
        assert!(html.contains(text), "start page shows {text}");
    }
}

#[tokio::test]
async fn the_areas_page_lists_areas_in_swedish_order() {
    let app = TestApp::spawn().await;
    let html = app.page("/omraden").await;
    let pos = |s: &str| html.find(&format!(">{s}</a>")).unwrap_or_else(|| panic!("{s} on the page"));
    assert!(pos("Vaxholm") < pos("Värmdö"));
    assert!(pos("Värmdö") < pos("Östermalm"));
    assert!(pos("Östermalm") < pos("Österåker"));
    assert!(pos("Tyresö") < pos("Täby"));
    assert!(html.contains("Tensta vårdcentral"));

    let then = app.page("/omraden?at=2022-06-01").await;
    assert!(then.contains("Visar läget per <strong>2022-06-01</strong>"));
    assert!(!then.contains("Tensta vårdcentral"));
}

#[tokio::test]
async fn an_area_page_shows_its_coordinating_units_and_their_history() {
    let app = TestApp::spawn().await;
    let areas = app.json("/api/v1/areas").await;
    let id = named(&areas, "Spånga-Tensta")["id"].as_i64().unwrap();
    let html = app.page(&format!("/omraden/{id}")).await;
    assert!(html.contains("<h1>Spånga-Tensta</h1>"));
    assert!(html.contains("Tensta vårdcentral"));
    assert!(html.contains("Förfrågningsunderlag husläkarverksamhet 2023"));
    assert!(html.contains("Historik"));
    assert!(html.contains("Spånga-Tensta stadsdelsförvaltning"));
    // Its first day as the city's counterpart is not known; it ended when Järva took over.
    assert!(html.contains("till 2023-06-30 (startdag: uppgift saknas)"), "{html}");
    assert!(html.contains("Järva stadsdelsförvaltning"));
    assert!(html.contains("Ingen registrerad"), "the municipal function has no holder yet");
}

#[tokio::test]
async fn party_body_and_organisation_pages_render() {
    let app = TestApp::spawn().await;
    let parties = app.json("/api/v1/parties").await;
    let id = named(&parties, "Norrtälje")["id"].as_i64().unwrap();
    let html = app.page(&format!("/parter/{id}")).await;
    assert!(html.contains("<h1>Norrtälje</h1>"));
    assert!(html.contains("KSON"));
    assert!(html.contains("Stockholm Nordost"));

    let bodies = app.json("/api/v1/bodies").await;
    let id = named(&bodies, "Lokal samverkan, Haninge")["id"].as_i64().unwrap();
    let html = app.page(&format!("/organ/{id}")).await;
    assert!(html.contains("Sammankallande"));
    assert!(html.contains("Vendelsö vårdcentral"));

    let html = app.page("/organ").await;
    assert!(html.contains("Delregional nivå"));
    assert!(html.contains("Vård i samverkan (VIS)"));

    let html = app.page("/organisationer").await;
    assert!(html.contains("Norra innerstadens stadsdelsförvaltning"));
    let html = app.page("/parter").await;
    assert!(html.contains("<td class=\"code\">0188</td>"));
}

#[tokio::test]
async fn every_page_in_the_sitemap_answers() {
    let app = TestApp::spawn().await;
    let response = app.get("/sitemap.xml").await;
    assert_eq!(response.status(), 200);
    let xml = response.text().await.unwrap();
    let urls: Vec<&str> = xml.split("<loc>").skip(1).filter_map(|s| s.split("</loc>").next()).collect();
    let parties = app.json("/api/v1/parties").await.as_array().unwrap().len();
    let areas = app.json("/api/v1/areas").await.as_array().unwrap().len();
    let bodies = app.json("/api/v1/bodies").await.as_array().unwrap().len();
    let ids = app.store.record_ids(samverkan_web::today()).await.unwrap();
    let (functions, organisations, sub_regions) = (ids.functions.len(), ids.organisations.len(), ids.sub_regions.len());
    assert!(functions > 0 && organisations > 0 && sub_regions > 0);
    // The agreements' list and comparison matrix, each agreement's page, and once it has a
    // version its consultation matrix, adoption view and decision memo (the page, and the first
    // party's memo).
    let agreements: usize = 2 + app
        .store
        .agreement_ids()
        .await
        .unwrap()
        .iter()
        .map(|(_, versioned)| if *versioned { 5 } else { 1 })
        .sum::<usize>();
    // The eight pages without an id (the overview, the five lists, signing in, the accessibility
    // statement), each record's page, each party's organisations, and each area's actor map.
    assert!(urls.iter().any(|u| u.ends_with("/tillganglighet")));
    assert!(urls.iter().any(|u| u.ends_with("/aktorer")));
    let actor_maps = areas;
    // Each area's meetings and participation (a few of its meetings too; there are none here).
    let meetings = 2 * areas;
    // Each area's action plans and local area plan (a few of its plans too; there are none here).
    let plans = 2 * areas;
    assert_eq!(
        urls.len(),
        8 + parties
            + areas
            + bodies
            + functions
            + organisations
            + sub_regions
            + parties
            + agreements
            + actor_maps
            + meetings
            + plans
    );
    for url in urls {
        let url = url.replace("&amp;", "&");
        let path = url.split_once("://").unwrap().1.split_once('/').map(|(_, p)| format!("/{p}")).unwrap();
        let html = app.page(&path).await;
        assert!(html.contains("<h1"), "{path} has a heading");
    }
}

#[tokio::test]
async fn every_page_links_the_accessibility_statement_which_names_operator_contact_and_digg() {
    let app = TestApp::spawn().await;
    let link = "href=\"/tillganglighet\">Tillgänglighetsredogörelse</a>";
    for path in ["/", "/parter", "/omraden", "/organ", "/overenskommelser", "/logga-in", "/finns-inte"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains(link), "{path} links the statement in its footer");
    }
    let statement = app.page("/tillganglighet").await;
    assert!(statement.contains("<strong>delvis förenlig</strong>"), "how far it complies, in the law's words");
    assert!(statement.contains("href=\"https://www.digg.se/tdosanmalan\""), "Digg's reporting page");
    assert!(statement.contains("Bedömningen gjordes 20"), "when it was assessed");
    // Nobody has said who runs this one, or where to report: the page says so, and invents nothing.
    assert!(statement.contains("Offentlig aktör som driver tjänsten: uppgift saknas."));
    assert!(statement.contains("Kontaktväg för att rapportera brister: uppgift saknas."));

    let run = TestApp::spawn_configured(|settings, _| {
        settings.operator = Some("Storsthlm".to_owned());
        settings.accessibility_contact = Some(samverkan_web::Contact::parse("Tillganglighet@Example.se").unwrap());
    })
    .await;
    let statement = run.page("/tillganglighet").await;
    assert!(statement.contains("Offentlig aktör som driver tjänsten: Storsthlm."));
    assert!(statement.contains("<a href=\"mailto:tillganglighet@example.se\">tillganglighet@example.se</a>"));
    assert!(samverkan_web::Contact::parse("https://example.se/synpunkter").is_ok());
    assert!(samverkan_web::Contact::parse("inte en kontakt").is_err());
}
