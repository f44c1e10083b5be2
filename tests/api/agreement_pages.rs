//! The agreements' pages: the list with its filters and Swedish-aware search, an agreement's page
//! with the timeline of its process, the consultation matrix (a late answer marked "Sen") and the
//! adoption view's counts, for an agreement made through the API.

use samverkan_domain::Role;
use serde_json::json;

use crate::authorisation::caller;
use crate::helpers::{TestApp, created, page_as};

/// The table row (`<tr …>…</tr>`) of a page that names `party` in its header cell.
fn row<'a>(html: &'a str, party: &str) -> &'a str {
    html.split("<tr")
        .find(|r| r.contains(&format!(">{party}</a>")) && r.contains("<th scope=\"row\">"))
        .unwrap_or_else(|| panic!("no row for {party}"))
        .split("</tr>")
        .next()
        .unwrap()
}

/// The titles the list page shows (the links in its table's header cells), of this test's own
/// agreements (the reference data may hold others).
fn listed(html: &str) -> Vec<String> {
    html.split("<th scope=\"row\"><a href=\"/overenskommelser/")
        .skip(1)
        .map(|s| s.split('>').nth(1).unwrap().split('<').next().unwrap().to_owned())
        .filter(|t| [MENTAL, CHILDREN, EVERYONE].contains(&t.as_str()))
        .collect()
}

const MENTAL: &str = "Samverkan kring personer med psykisk ohälsa";
const CHILDREN: &str = "Barn och unga med behov av samordnade insatser";
const EVERYONE: &str = "Gemensam riktlinje för informationsöverföring";

#[tokio::test]
async fn the_agreement_pages_show_the_list_the_process_the_matrix_and_the_adoptions() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let parties = app.json("/api/v1/parties?limit=1000").await;
    let parties = parties.as_array().unwrap().clone();
    let id_of = |name: &str| parties.iter().find(|p| p["name"] == name).unwrap()["id"].as_i64().unwrap();
    let (nacka, solna) = (id_of("Nacka"), id_of("Solna"));
    let groups = app.store.consultative_groups(samverkan_web::today()).await.unwrap();
    let group = groups.first().expect("the reference data has samrådsgrupper").clone();

    let mental = created(
        &app,
        &leader,
        "/api/v1/agreements",
        json!({
            "title": MENTAL,
            "short_name": "Psykisk ohälsa",
            "kind": "subject_area",
            "consultative_group_id": group.id,
            "target_groups": ["adults", "elderly"],
            "summary": "Ansvarsfördelning mellan kommunerna och regionen.",
            "implementation": "Lokala handlingsplaner i varje närområde",
            "follow_up": "Årlig uppföljning i samrådsgruppen",
            "review_date": "2028-12-31",
        }),
    )
    .await;
    let children = created(
        &app,
        &leader,
        "/api/v1/agreements",
        json!({
            "title": CHILDREN,
            "kind": "subject_area",
            "parent_id": mental,
            "target_groups": ["children_and_young_people"],
            "summary": "Samordnad individuell plan för barn.",
        }),
    )
    .await;
    // An agreement for "Alla" concerns every target group.
    created(
        &app,
        &leader,
        "/api/v1/agreements",
        json!({"title": EVERYONE, "kind": "guideline", "target_groups": ["all"]}),
    )
    .await;
    created(
        &app,
        &leader,
        &format!("/api/v1/agreements/{children}/relations"),
        json!({"kind": "add_on_to", "related_id": mental}),
    )
    .await;
    let version = created(
        &app,
        &leader,
        &format!("/api/v1/agreements/{mental}/versions"),
        json!({"number": "2026", "date": "2026-01-15", "earliest_start": "2026-09-01", "change_summary": "Ny version"}),
    )
    .await;
    let consultation = created(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/consultation"),
        json!({"sent_on": "2026-02-01", "deadline": "2026-03-31"}),
    )
    .await;
    let answers = format!("/api/v1/consultations/{consultation}/answers");
    created(&app, &leader, &answers, json!({"party_id": nacka, "answered_on": "2026-03-20", "stance": "agrees"})).await;
    created(
        &app,
        &leader,
        &answers,
        json!({"party_id": solna, "answered_on": "2026-04-03", "stance": "agrees_with_comments"}),
    )
    .await;
    created(
        &app,
        &leader,
        &format!("/api/v1/versions/{version}/recommendations"),
        json!({"body_name": "Storsthlms styrelse", "addressed_to": "municipalities", "decided_on": "2026-05-07", "outcome": "recommended"}),
    )
    .await;
    let decide = format!("/api/v1/versions/{version}/decisions");
    let others: Vec<i64> =
        parties.iter().map(|p| p["id"].as_i64().unwrap()).filter(|id| *id != nacka && *id != solna).collect();
    // Nacka and eleven others adopt in June; Solna's matter is referred back.
    let mut adopting = vec![nacka];
    adopting.extend(others.iter().take(11));
    for (day, party) in adopting.iter().enumerate() {
        let body = json!({
            "party_id": party, "deciding_body": "Kommunfullmäktige",
            "decided_on": format!("2026-06-{:02}", day + 1), "paragraph": format!("§ {}", 40 + day),
            "diary_number": format!("KS26/{}", 100 + day), "outcome": "adopted",
        });
        created(&app, &leader, &decide, body).await;
    }
    created(
        &app,
        &leader,
        &decide,
        json!({"party_id": solna, "deciding_body": "Kommunfullmäktige", "decided_on": "2026-06-20", "outcome": "referred_back"}),
    )
    .await;

    // The list: both, in Swedish order, with kind, target groups, latest version and state.
    let at = "at=2026-07-01";
    let list = app.page(&format!("/overenskommelser?{at}")).await;
    assert!(list.contains("href=\"/overenskommelser\" aria-current=\"page\">Överenskommelser</a>"), "in the menu");
    assert_eq!(listed(&list), [CHILDREN, EVERYONE, MENTAL]);
    let mental_row = row(&list, MENTAL);
    for expected in ["Länsövergripande överenskommelse", "Vuxna, Äldre", "<td>2026</td>", "Antagen av 12 av 27 parter"]
    {
        assert!(mental_row.contains(expected), "{expected} in {mental_row}");
    }
    assert!(row(&list, CHILDREN).contains("Ingen version ännu"));
    // Search: case does not matter, å/ä/ö do; title, short name and summary are searched.
    for (query, expected) in [
        ("sok=ohälsa", vec![MENTAL]),
        ("sok=OHÄLSA", vec![MENTAL]),
        ("sok=ohalsa", vec![]),
        ("sok=individuell+plan", vec![CHILDREN]),
        ("malgrupp=children_and_young_people", vec![CHILDREN, EVERYONE]),
        ("malgrupp=elderly&sok=", vec![EVERYONE, MENTAL]),
        ("malgrupp=all", vec![EVERYONE]),
        ("lage=being_adopted", vec![MENTAL]),
        ("lage=none", vec![CHILDREN, EVERYONE]),
        ("lage=in_force", vec![]),
        (&format!("samradsgrupp={}", group.id), vec![MENTAL]),
    ] {
        let page = app.page(&format!("/overenskommelser?{query}&{at}")).await;
        assert_eq!(listed(&page), expected, "{query}");
        // The form keeps the date, and the "today" link the filters.
        assert!(page.contains("name=\"at\" value=\"2026-07-01\""), "{query}");
    }
    let searched = app.page(&format!("/overenskommelser?sok=OHÄLSA&{at}")).await;
    assert!(searched.contains("value=\"OHÄLSA\""), "what was searched for stays in the field");
    assert_eq!(app.get("/overenskommelser?lage=flying").await.status(), 400);
    assert_eq!(app.get("/overenskommelser?malgrupp=cats").await.status(), 400);

    // The agreement's page: registry facts, relations both ways, the version's timeline.
    let page = app.page(&format!("/overenskommelser/{mental}?{at}")).await;
    for expected in [
        &format!("<h1>{MENTAL}</h1>"),
        &format!(">{}</a>", group.name),
        "Vuxna, Äldre",
        "Lokala handlingsplaner i varje närområde",
        "Årlig uppföljning i samrådsgruppen",
        "2028-12-31",
        "Har tillägget <a href=\"/overenskommelser/",
        "Version 2026",
        "Remiss skickad</span> <span class=\"when\">2026-02-01</span>",
        "Sista svarsdag 2026-03-31.",
        "2 av 27 parter har svarat, varav 1 sent.",
        "Storsthlms styrelse till kommunerna: Rekommenderar antagande.",
        "12 av 27 parter har antagit (13 beslut registrerade).",
        "Historik",
        "Logga in för att se ändringshistoriken.",
    ] {
        assert!(page.contains(expected), "{expected} on the agreement's page");
    }
    let child_page = app.page(&format!("/overenskommelser/{children}")).await;
    assert!(child_page.contains("Tillägg till <a href=\"/overenskommelser/"));
    assert!(child_page.contains("Under <a href=\"/overenskommelser/"), "its place under another agreement");
    assert!(child_page.contains("ingen version ännu"));
    assert_eq!(app.get("/overenskommelser/999999").await.status(), 404);
    assert_eq!(app.get("/overenskommelser/999999/remiss").await.status(), 404);
    assert_eq!(app.get(&format!("/overenskommelser/{children}/antagande")).await.status(), 404, "no version");

    // The consultation matrix: 27 rows in Swedish order, the late answer marked.
    let matrix = app.page(&format!("/overenskommelser/{mental}/remiss?{at}")).await;
    assert!(matrix.contains("<caption>Remissvar per part, version 2026</caption>"));
    assert_eq!(matrix.matches("<th scope=\"row\">").count(), 27);
    assert!(matrix.contains("<strong>2 av 27</strong> parter har svarat, varav 1 efter sista svarsdag"));
    let solna_row = row(&matrix, "Solna");
    assert!(solna_row.contains("2026-04-03") && solna_row.contains("Tillstyrker med synpunkter"));
    assert!(solna_row.contains(">Sen</strong>"), "{solna_row}");
    let nacka_row = row(&matrix, "Nacka");
    assert!(nacka_row.contains("Tillstyrker") && !nacka_row.contains(">Sen<"));
    assert!(row(&matrix, "Botkyrka").contains("Inget svar"));
    let order: Vec<usize> =
        ["Botkyrka", "Värmdö", "Österåker"].iter().map(|p| matrix.find(&format!(">{p}</a>")).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "Swedish order");
    let by_version = app.page(&format!("/overenskommelser/{mental}/remiss?version={version}&{at}")).await;
    assert!(by_version.contains("Remissvar per part, version 2026"));
    assert_eq!(app.get(&format!("/overenskommelser/{mental}/remiss?version=999999")).await.status(), 404);

    // The adoption view: 12 of 27, Solna's referral back shown but not counted.
    let adoption = app.page(&format!("/overenskommelser/{mental}/antagande?{at}")).await;
    assert!(adoption.contains("12 av 27 har antagit"), "{adoption}");
    assert!(adoption.contains("Gäller inte ännu. Status: Antagen av 12 av 27 parter."));
    let nacka_row = row(&adoption, "Nacka");
    for expected in ["Antagen", "2026-06-01", "Kommunfullmäktige", "§ 40", "KS26/100", "data-outcome=\"adopted\""] {
        assert!(nacka_row.contains(expected), "{expected} in {nacka_row}");
    }
    assert!(row(&adoption, "Solna").contains("Inget beslut (återremitterad)"));
    assert!(adoption.contains("id=\"antagande-karta\""), "the map's place");

    // The rest adopt; the version is in force from its earliest start.
    for party in others.iter().skip(11).chain([&solna]) {
        let body = json!({"party_id": party, "deciding_body": "Kommunfullmäktige", "decided_on": "2026-06-25", "outcome": "adopted"});
        created(&app, &leader, &decide, body).await;
    }
    // Adopted by all before its earliest start: not in force until then (issue 13).
    let adoption = app.page(&format!("/overenskommelser/{mental}/antagande?at=2026-07-01")).await;
    assert!(adoption.contains("27 av 27 har antagit"));
    assert!(
        adoption.contains("Gäller inte ännu. Status: Antagen av alla parter; gäller från 2026-09-01."),
        "{adoption}"
    );
    let adoption = app.page(&format!("/overenskommelser/{mental}/antagande?at=2026-09-01")).await;
    assert!(adoption.contains("Gäller från 2026-09-01."));
    let list = app.page("/overenskommelser?at=2026-10-01&lage=in_force").await;
    assert!(row(&list, MENTAL).contains("Gäller från 2026-09-01"));

    // The history for a signed-in process leader.
    let signed_in = page_as(&app, &leader, &format!("/overenskommelser/{mental}")).await;
    assert!(signed_in.contains("Ändringshistorik, senaste först"), "Historik for the signed-in");
    // Every step in Swedish: what happened, the fields by their labels, codes as words.
    for expected in [
        "<td>Skickad på remiss</td>",
        "Mottagare:</span> – → 27 parter",
        "<td>Remissvar</td>",
        "Ställningstagande:</span> – → Tillstyrker med synpunkter",
        "Utfall:</span> – → Rekommenderar antagande",
        "<td>Beslut</td>",
        "Diarienummer:</span> – → KS26/100",
        "Målgrupper:</span> – → Vuxna, Äldre",
        "<td>Ny version</td>",
    ] {
        assert!(signed_in.contains(expected), "{expected} in the agreement's history");
    }
    assert!(!signed_in.contains("answer_consultation") && !signed_in.contains("version_id"), "no internal names");

    // The sitemap lists the list and each agreement's three pages.
    let sitemap = app.get("/sitemap.xml").await.text().await.unwrap();
    for path in [
        "/overenskommelser<".to_owned(),
        format!("/overenskommelser/{mental}<"),
        format!("/overenskommelser/{mental}/remiss<"),
        format!("/overenskommelser/{mental}/antagande<"),
        format!("/overenskommelser/{children}<"),
    ] {
        assert!(sitemap.contains(&path), "{path} in the sitemap");
    }
    assert!(!sitemap.contains(&format!("/overenskommelser/{children}/remiss<")), "no matrix without a version");
}
