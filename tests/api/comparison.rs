//! The comparison matrix: agreements side by side by how they are implemented, followed up and
//! supported digitally, with the models two or more of them share. Models are set when an
//! agreement is registered or changed through the API, and read back on its page and in JSON.

use samverkan_domain::Role;
use serde_json::json;

use crate::authorisation::caller;
use crate::helpers::{TestApp, page_as, send_json as send};

/// The `<section>` of one dimension of the comparison page.
fn section<'a>(html: &'a str, anchor: &str) -> &'a str {
    html.split(&format!("<section aria-labelledby=\"{anchor}\">")).nth(1).unwrap().split("</section>").next().unwrap()
}

/// The cells of an agreement's row in a section's table: "Ja" or "Nej" per model column.
fn marks(section: &str, title: &str) -> Vec<&'static str> {
    let row = section.split("<tr>").find(|r| r.contains(&format!(">{title}</a></th>"))).unwrap();
    row.split("<td class=\"model-cell\">")
        .skip(1)
        .map(|c| {
            if c.starts_with("<span aria-hidden=\"true\">✓</span><span class=\"visually-hidden\">Ja") {
                "Ja"
            } else {
                "Nej"
            }
        })
        .collect()
}

const DISCHARGE: &str = "Utskrivning från sluten vård";
const DEMENTIA: &str = "Demenssjukdom";
const HOMELESS: &str = "Hemlöshet";

#[tokio::test]
async fn the_comparison_matrix_shows_each_agreements_models_and_the_shared_ones() {
    let app = TestApp::spawn().await;
    let leader = caller(&app.store, "processledare", Role::Admin, None, None).await;
    let post = reqwest::Method::POST;
    let mut ids = Vec::new();
    for body in [
        json!({"title": DISCHARGE, "kind": "subject_area", "target_groups": ["elderly"],
            "implementation_models": ["local_action_plans", "joint_routines"],
            "follow_up_models": ["indicators", "deviations"],
            "digital_support_models": ["shared_care_planning"],
            "follow_up": "Avvikelser följs upp i samrådsgruppen varje kvartal."}),
        json!({"title": DEMENTIA, "kind": "subject_area", "target_groups": ["elderly"],
            "implementation_models": ["local_action_plans"], "follow_up_models": ["annual_report"],
            "digital_support_models": ["no_digital_support"]}),
        json!({"title": HOMELESS, "kind": "subject_area", "target_groups": ["adults"],
            "digital_support_models": ["no_digital_support"]}),
    ] {
        let (status, answer) = send(&app, &leader, post.clone(), "/api/v1/agreements", body).await;
        assert_eq!(status, 201, "{answer}");
        ids.push(answer["id"].as_i64().unwrap());
    }
    let homeless = ids[2];

    // The models are read back by dimension.
    let detail = app.json(&format!("/api/v1/agreements/{}", ids[0])).await;
    assert_eq!(detail["models"]["implementation"], json!(["local_action_plans", "joint_routines"]));
    assert_eq!(detail["models"]["follow_up"], json!(["indicators", "deviations"]));
    assert_eq!(detail["models"]["digital_support"], json!(["shared_care_planning"]));

    // Changing an entry: a model of the wrong dimension is named, and nothing changes.
    let put = reqwest::Method::PUT;
    let path = format!("/api/v1/agreements/{homeless}");
    let (status, problem) = send(
        &app,
        &leader,
        put.clone(),
        &path,
        json!({"title": HOMELESS, "kind": "subject_area", "target_groups": ["adults"], "follow_up_models": ["local_action_plans"]}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["invalid_params"][0]["name"], "follow_up_models");
    assert!(problem["invalid_params"][0]["reason"].as_str().unwrap().contains("indicators"), "{problem}");
    assert_eq!(app.json(&format!("/api/v1/agreements/{homeless}")).await["models"]["follow_up"], json!([]));
    let (status, _) = send(&app, &leader, put.clone(), "/api/v1/agreements/999999", json!({})).await;
    assert_eq!(status, 404);
    // Then rightly: it too uses local action plans, and indicators; its title is clarified.
    let (status, answer) = send(
        &app,
        &leader,
        put.clone(),
        &path,
        json!({"title": format!("{HOMELESS} och utsatthet"), "kind": "subject_area", "target_groups": ["adults"],
            "implementation_models": ["local_action_plans"], "follow_up_models": ["indicators"],
            "digital_support_models": ["no_digital_support"]}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let homeless_title = format!("{HOMELESS} och utsatthet");

    // The matrix: one table per dimension, a row per agreement, a column per model.
    let page = app.page("/overenskommelser/jamforelse").await;
    assert!(page.contains("<h1>Jämförelse av arbetssätt</h1>"));
    let implementation = section(&page, "genomforande");
    // Columns: local action plans, joint routines, SIP, local agreements, training, process leaders.
    assert_eq!(marks(implementation, DISCHARGE), ["Ja", "Ja", "Nej", "Nej", "Nej", "Nej"]);
    assert_eq!(marks(implementation, DEMENTIA), ["Ja", "Nej", "Nej", "Nej", "Nej", "Nej"]);
    assert_eq!(marks(implementation, &homeless_title), ["Ja", "Nej", "Nej", "Nej", "Nej", "Nej"]);
    // The shared models, with the agreements that share them (in Swedish order).
    assert!(implementation.contains("<strong>Lokala handlingsplaner</strong>: 3 överenskommelser"), "{implementation}");
    let shared =
        implementation.split("<strong>Lokala handlingsplaner</strong>").nth(1).unwrap().split("</li>").next().unwrap();
    let order: Vec<usize> = [DEMENTIA, homeless_title.as_str(), DISCHARGE]
        .iter()
        .map(|t| shared.find(&format!(">{t}</a>")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{shared}");
    assert!(!implementation.contains("<strong>Länsgemensamma rutiner</strong>"), "used by one only");
    let follow_up = section(&page, "uppfoljning");
    assert!(follow_up.contains("<strong>Indikatorer</strong>: 2 överenskommelser"));
    assert!(follow_up.contains("Avvikelser följs upp i samrådsgruppen varje kvartal."), "its own words beside");
    // Having no digital support in common is a gap, not a shared model.
    let digital = section(&page, "digitalt-stod");
    assert!(!digital.contains("<strong>Inget gemensamt digitalt stöd</strong>"), "{digital}");
    assert_eq!(marks(digital, DEMENTIA).last(), Some(&"Ja"));
    // The totals under each column count only what is marked.
    let totals = implementation.split("<tfoot>").nth(1).unwrap();
    assert!(totals.starts_with("<tr><th scope=\"row\">Antal överenskommelser</th><td class=\"model-cell\">3</td><td class=\"model-cell\">1</td><td class=\"model-cell\">0</td>"), "{totals}");

    // The agreement's page names its models; the list links to the matrix.
    let agreement = app.page(&format!("/overenskommelser/{}", ids[0])).await;
    assert!(agreement.contains("Arbetssätt: Lokala handlingsplaner, Länsgemensamma rutiner"));
    assert!(agreement.contains("Arbetssätt: Indikatorer, Avvikelser mellan parterna"));
    assert!(app.page("/overenskommelser").await.contains("href=\"/overenskommelser/jamforelse\""));
    assert!(app.get("/sitemap.xml").await.text().await.unwrap().contains("/overenskommelser/jamforelse<"));
    assert_eq!(app.get("/overenskommelser/jamforelse?samradsgrupp=x").await.status(), 400);

    // The change is on the agreement's history, in Swedish.
    let history = page_as(&app, &leader, &format!("/overenskommelser/{homeless}")).await;
    for expected in [
        "<td>Ändrad</td>",
        &format!("Titel:</span> {HOMELESS} → {homeless_title}"),
        "Arbetssätt:</span> Inget gemensamt digitalt stöd → Lokala handlingsplaner, Indikatorer, Inget gemensamt digitalt stöd",
    ] {
        assert!(history.contains(expected), "{expected} in the history");
    }
}
