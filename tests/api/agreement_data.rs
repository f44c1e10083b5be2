//! The agreements in the reference data (`data/agreement*.csv`): HÖK with its guideline and
//! timeline, the subject-area agreements and their add-ons, as the sources give them and no more.

use serde_json::Value;

use crate::helpers::TestApp;

const HOK: &str = "Huvudöverenskommelse om länsövergripande samverkan kring hälsa, vård och omsorg";

/// The listed agreement with this title.
fn titled<'a>(list: &'a Value, title: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|a| a["title"] == title).unwrap_or_else(|| panic!("no {title:?} in {list}"))
}

#[tokio::test]
async fn hok_and_the_subject_area_agreements_are_listed() {
    let app = TestApp::spawn().await;
    let list = app.json("/api/v1/agreements?at=2026-01-01").await;

    let hok = titled(&list, HOK);
    assert_eq!((hok["short_name"].as_str(), hok["kind"].as_str()), (Some("HÖK"), Some("main")));
    assert_eq!(hok["target_groups"], serde_json::json!(["all"]));
    assert_eq!(hok["latest_version"], "2021");
    assert!(hok["consultative_group"].is_null(), "the sources name no samrådsgrupp for HÖK");

    let guideline = titled(&list, "Länsövergripande samverkan kring hälsa vård och omsorg – riktlinje");
    assert_eq!(guideline["kind"], "guideline");

    for (title, version) in [
        ("Samverkan vid utskrivning från sluten hälso- och sjukvård", Some("2019")),
        ("Barn och unga i behov av särskilt stöd", Some("2012")),
        ("Barn och unga som placeras utanför det egna hemmet", Some("2022")),
        ("Missbruk och beroende", Some("2017")),
        ("Vuxna med psykisk sjukdom/funktionsnedsättning", Some("2012")),
        ("Sammanhållen överenskommelse om vård och omsorg för äldre", Some("2020")),
        ("Kostnadsansvar för hjälpmedel, förbrukningshjälpmedel och medicintekniska produkter", Some("ca 2020")),
        ("Vård och omsorg vid demenssjukdom", None),
        ("Omhändertagande av avlidna", None),
        ("Hälso- och sjukvård i LSS-boende och daglig verksamhet", Some("2015")),
        ("Patientnämndsverksamhet", Some("2021")),
        ("Ungdomsmottagningar", Some("2020")),
        ("Habilitering och rehabilitering", None),
    ] {
        let a = titled(&list, title);
        assert_eq!(a["kind"], "subject_area", "{title}");
        assert_eq!(a["latest_version"].as_str(), version, "{title}");
        // The sources tie no subject-area agreement to a samrådsgrupp.
        assert!(a["consultative_group"].is_null(), "{title}");
    }
    let groups = |title: &str| titled(&list, title)["target_groups"].clone();
    assert_eq!(groups("Barn och unga i behov av särskilt stöd"), serde_json::json!(["children_and_young_people"]));
    assert_eq!(groups("Ungdomsmottagningar"), serde_json::json!(["children_and_young_people"]));
    assert_eq!(groups("Sammanhållen överenskommelse om vård och omsorg för äldre"), serde_json::json!(["elderly"]));
    // Where the sources do not say whom it is for, nothing is guessed.
    assert_eq!(groups("Patientnämndsverksamhet"), serde_json::json!([]));

    // Everything sits under HÖK; the add-ons say what they add to.
    for a in list.as_array().unwrap().iter().filter(|a| a["title"] != HOK) {
        let detail = app.json(&format!("/api/v1/agreements/{}", a["id"])).await;
        assert_eq!(detail["parent"]["name"], HOK, "{}", a["title"]);
    }
    let gambling = titled(&list, "Missbruk och beroende – tillägg om spel om pengar");
    assert_eq!((gambling["kind"].as_str(), gambling["latest_version"].as_str()), (Some("add_on"), Some("2019")));
    let detail = app.json(&format!("/api/v1/agreements/{}", gambling["id"])).await;
    assert_eq!(detail["relations"][0]["kind"], "add_on_to");
    assert_eq!(detail["relations"][0]["agreement"]["name"], "Missbruk och beroende");

    let elderly = titled(&list, "Sammanhållen överenskommelse om vård och omsorg för äldre");
    let detail = app.json(&format!("/api/v1/agreements/{}", elderly["id"])).await;
    assert_eq!(detail["versions"][0]["change_summary"], "Revidering av överenskommelsen från 2015.");
}

#[tokio::test]
async fn hok_carries_its_timeline_and_ekeros_decision_without_made_up_days() {
    let app = TestApp::spawn().await;
    let list = app.json("/api/v1/agreements").await;
    let id = titled(&list, HOK)["id"].clone();
    let hok = app.json(&format!("/api/v1/agreements/{id}?at=2026-01-01")).await;
    let versions = hok["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1);
    let version = &versions[0];
    assert_eq!(version["number"], "2021");
    assert_eq!(version["earliest_start"], "2022-07-01");

    let consultation = &version["consultation"];
    assert_eq!(consultation["sent_text"], "våren 2021");
    assert!(consultation["sent_on"].is_null() && consultation["deadline"].is_null(), "{consultation}");

    let recommendations = version["recommendations"].as_array().unwrap();
    let by = |addressed_to: &str| recommendations.iter().find(|r| r["addressed_to"] == addressed_to).unwrap();
    assert_eq!(by("municipalities")["body_name"], "Storsthlms styrelse");
    assert_eq!(by("municipalities")["decided_on"], "2021-10-14");
    assert_eq!(by("municipalities")["outcome"], "recommended");
    assert_eq!(by("region")["body_name"], "Hälso- och sjukvårdsnämnden (HSN)");
    assert!(by("region")["decided_on"].is_null());
    assert_eq!(by("region")["decided_text"], "november 2021");
    assert_eq!(by("region")["outcome"], "recommended");

    // Every council adopted in "spring 2022" (Storsthlm's timeline); Ekerö's with its diary number.
    let decisions = version["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 27);
    assert!(decisions.iter().all(|d| d["decided_text"] == "våren 2022" && d["decided_on"].is_null()));
    let ekero = decisions.iter().find(|d| d["party"]["name"] == "Ekerö").unwrap();
    assert_eq!(ekero["party"]["name"], "Ekerö");
    assert_eq!(ekero["diary_number"], "KS22/67");
    assert_eq!(ekero["deciding_body"], "Kommunstyrelsen, Ekerö");
    assert!(ekero["decided_on"].is_null(), "no made-up day");
    assert_eq!(ekero["decided_text"], "våren 2022");
    assert_eq!(ekero["outcome"], "adopted");
    assert_eq!(ekero["sent_to"], "Socialnämnden\nStorstockholm");
    // Before it, the working committee's proposal, with no day (the memo gives none).
    let steps = app.json(&format!("/api/v1/versions/{}/preparatory-steps", version["id"])).await;
    let steps = steps.as_array().unwrap();
    assert_eq!(steps.len(), 1, "{steps:?}");
    assert_eq!(steps[0]["party"]["name"], "Ekerö");
    assert_eq!(steps[0]["body_name"], "Kommunstyrelsens arbetsutskott, Ekerö");
    assert_eq!(
        (steps[0]["role"].as_str(), steps[0]["outcome"].as_str()),
        (Some("proposal"), Some("supports_adoption"))
    );
    assert!(steps[0]["handled_on"].is_null() && steps[0]["handled_text"].is_null(), "no made-up day");

    // Adopted by all, in force, and no day made up for it (the sources say "September 2022").
    let status = &hok["status"];
    assert_eq!(status["state"], "in_force", "{status}");
    assert_eq!((status["adopted"].as_u64(), status["parties"].as_u64()), (Some(27), Some(27)));
    assert!(status["in_force_from"].is_null());
    // An agreement whose process predates the platform is not shown as a draft.
    let list = app.json("/api/v1/agreements").await;
    let bus = list.as_array().unwrap().iter().find(|a| a["title"] == "Barn och unga i behov av särskilt stöd").unwrap();
    assert_eq!(bus["status"]["state"], "not_recorded");
}

/// The officials' steering group that led the drafting is in the register, and its proposal to
/// VIS in September 2021 is a step of HÖK's process, between the consultation and the
/// recommendations, changing no state; HÖK's page shows it, and links the one source document
/// whose public address the sources give (Storsthlm's page), saying "uppgift saknas" for the rest.
#[tokio::test]
async fn hok_shows_the_steering_groups_proposal_to_vis_and_links_its_sources() {
    let app = TestApp::spawn().await;
    let bodies = app.json("/api/v1/bodies?at=2021-09-01").await;
    let group = crate::helpers::named(&bodies, "Tjänstemannastyrgruppen Sammanhållen vård och omsorg");
    assert_eq!((group["level"].as_str(), group["kind"].as_str()), (Some("county"), Some("officials_steering_group")));
    assert!(group["valid_from"].is_null(), "no source gives when it was set up");
    assert!(group["short_name"].is_null());
    let vis = crate::helpers::named(&bodies, "Vård i samverkan (VIS)");

    let list = app.json("/api/v1/agreements").await;
    let id = titled(&list, HOK)["id"].clone();
    let hok = app.json(&format!("/api/v1/agreements/{id}?at=2021-09-30")).await;
    let version = &hok["versions"][0];
    let proposals = version["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 1, "{proposals:?}");
    let p = &proposals[0];
    assert_eq!(p["body_name"], "Tjänstemannastyrgruppen Sammanhållen vård och omsorg");
    assert_eq!(p["body_id"], group["id"]);
    assert_eq!((&p["to_body_name"], &p["to_body_id"]), (&vis["name"], &vis["id"]));
    assert!(p["proposed_on"].is_null(), "no made-up day");
    assert_eq!(p["proposed_text"], "september 2021");
    // A proposal is no recommendation: at the end of September 2021 HÖK is still only consulted.
    assert_eq!(hok["status"]["state"], "consulted", "{}", hok["status"]);

    let sources = hok["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 4, "{sources:?}");
    let storsthlm = "https://www.storsthlm.se/social-valfard-halsa/kommuner-och-region-stockholm-i-samverkan/huvudoverenskommelse-hok/";
    assert_eq!(sources[0]["title"], "Huvudöverenskommelse (HÖK)");
    assert_eq!(sources[0]["url"], storsthlm);
    assert!(sources[1..].iter().all(|s| s["url"].is_null()), "no address is guessed: {sources:?}");
    assert!(sources.iter().any(|s| s["detail"].as_str().unwrap().contains("Dnr KS22/67")));

    let page = app.page(&format!("/overenskommelser/{id}")).await;
    let process = page.split("Processen</h4>").nth(1).unwrap().split("</ol>").next().unwrap();
    let step = "<span class=\"step\">Förslag</span> <span class=\"when\">september 2021</span><br>\
                Från Tjänstemannastyrgruppen Sammanhållen vård och omsorg till Vård i samverkan (VIS).";
    assert!(process.contains(step), "{process}");
    let at = |s: &str| process.find(s).unwrap();
    assert!(at("Remissvar") < at("Förslag") && at("Förslag") < at("2021-10-14"), "in the process's order");
    let sources = page.split("<h2 id=\"underlag\">Underlag</h2>").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(sources.contains(&format!("<a href=\"{storsthlm}\">Huvudöverenskommelse (HÖK)</a>")), "{sources}");
    assert_eq!(sources.matches("<a href").count(), 1, "{sources}");
    assert_eq!(sources.matches("Webbadress: uppgift saknas.").count(), 3, "{sources}");
    // An agreement no source document is recorded for says so.
    let bus = titled(&list, "Barn och unga i behov av särskilt stöd")["id"].clone();
    let page = app.page(&format!("/overenskommelser/{bus}")).await;
    assert!(page.contains("Dokument som uppgifterna bygger på: uppgift saknas."), "{page}");
}

#[tokio::test]
async fn loading_the_agreements_twice_adds_nothing_and_the_trail_holds() {
    let app = TestApp::spawn().await;
    let before = app.json("/api/v1/agreements?at=2026-01-01").await;
    let report = app.store.seed_reference_data().await.unwrap();
    assert_eq!(report.total(), 0, "{report}");
    assert_eq!(app.json("/api/v1/agreements?at=2026-01-01").await, before);
    assert!(matches!(app.store.verify_audit_trail().await.unwrap(), samverkan_store::AuditCheck::Intact { .. }));
}
