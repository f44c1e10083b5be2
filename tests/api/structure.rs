//! What a coordinator and an integrator read: parties, areas, bodies, organisations, with history.

use serde_json::Value;

use crate::helpers::{TestApp, named};

/// The 26 municipalities of Stockholm County with SCB's codes (DOMAIN.md).
const MUNICIPALITIES: [(&str, &str); 26] = [
    ("0114", "Upplands Väsby"),
    ("0115", "Vallentuna"),
    ("0117", "Österåker"),
    ("0120", "Värmdö"),
    ("0123", "Järfälla"),
    ("0125", "Ekerö"),
    ("0126", "Huddinge"),
    ("0127", "Botkyrka"),
    ("0128", "Salem"),
    ("0136", "Haninge"),
    ("0138", "Tyresö"),
    ("0139", "Upplands-Bro"),
    ("0140", "Nykvarn"),
    ("0160", "Täby"),
    ("0162", "Danderyd"),
    ("0163", "Sollentuna"),
    ("0180", "Stockholm"),
    ("0181", "Södertälje"),
    ("0182", "Nacka"),
    ("0183", "Sundbyberg"),
    ("0184", "Solna"),
    ("0186", "Lidingö"),
    ("0187", "Vaxholm"),
    ("0188", "Norrtälje"),
    ("0191", "Sigtuna"),
    ("0192", "Nynäshamn"),
];

/// The areas and their coordinating health centres in 2023, as DOMAIN.md lists them.
const COORDINATING_HEALTH_CENTRES: [(&str, &str, &str); 37] = [
    ("Botkyrka", "0127", "Tumba vårdcentral"),
    ("Bromma", "0180", "Alviks Vårdcentral"),
    ("Danderyd", "0162", "Danderyds Vårdcentral"),
    ("Ekerö", "0125", "Ekerö vårdcentral"),
    ("Enskede-Årsta-Vantör", "0180", "Capio vårdcentral Gullmarsplan"),
    ("Farsta", "0180", "Capio vårdcentral Gubbängen"),
    ("Haninge", "0136", "Vendelsö vårdcentral"),
    ("Huddinge", "0126", "Huddinge vårdcentral"),
    ("Hägersten-Älvsjö", "0180", "Liljeholmens vårdcentral"),
    ("Hässelby-Vällingby", "0180", "Hässelby vårdcentral"),
    ("Järfälla", "0123", "Barkarby vårdcentral"),
    ("Kungsholmen", "0180", "Fridhemsplans Vårdcentral"),
    ("Lidingö", "0186", "Torsviks vårdcentral"),
    ("Nacka", "0182", "Boo vårdcentral"),
    ("Norrmalm", "0180", "Surbrunns vårdcentral"),
    ("Nykvarn", "0140", "Nykvarns Vårdcentral"),
    ("Nynäshamn", "0192", "Capio Vårdcentral Nynäshamn"),
    ("Rinkeby-Kista", "0180", "Kista vårdcentral"),
    ("Salem", "0128", "Salems vårdcentral"),
    ("Sigtuna", "0191", "Sigtuna läkarhus"),
    ("Skarpnäck", "0180", "Björkhagens Husläkarmottagning"),
    ("Skärholmen", "0180", "Skärholmens vårdcentral"),
    ("Sollentuna", "0163", "Norrvikens vårdcentral"),
    ("Solna", "0184", "Hagalund Frösunda Vårdcentral"),
    ("Spånga-Tensta", "0180", "Tensta vårdcentral"),
    ("Sundbyberg", "0183", "Hallonbergens vårdcentral"),
    ("Södermalm", "0180", "Capio Vårdcentral Ringen"),
    ("Södertälje", "0181", "Tallhöjdens vårdcentral"),
    ("Tyresö", "0138", "Trollbäckens vårdcentral"),
    ("Täby", "0160", "Täby vårdcentral"),
    ("Upplands-Bro", "0139", "Kungsängens vårdcentral"),
    ("Upplands Väsby", "0114", "Östra Vårdcentralen"),
    ("Vallentuna", "0115", "Kry vårdcentral Vallentuna"),
    ("Vaxholm", "0187", "Familjeläkarna Vaxholm"),
    ("Värmdö", "0120", "Gustavsbergs vårdcentral"),
    ("Östermalm", "0180", "To Care Husläkarmottagning City"),
    ("Österåker", "0117", "Husläkarna i Margretelund"),
];

fn names(items: &Value) -> Vec<&str> {
    items.as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn lists_the_27_parties_with_their_scb_codes() {
    let app = TestApp::spawn().await;
    let parties = app.json("/api/v1/parties").await;
    assert_eq!(parties.as_array().unwrap().len(), 27);

    for (code, name) in MUNICIPALITIES {
        let party = named(&parties, name);
        assert_eq!(party["kind"], "municipality", "{name}");
        assert_eq!(party["code"], code, "{name}");
    }
    let region = named(&parties, "Region Stockholm");
    assert_eq!(region["kind"], "region");
    assert_eq!(region["code"], "01");

    // Swedish order: Å, Ä, Ö after Z.
    let order = names(&parties);
    let pos = |n: &str| order.iter().position(|x| *x == n).unwrap();
    assert!(pos("Vaxholm") < pos("Värmdö"));
    assert!(pos("Värmdö") < pos("Österåker"));
    assert_eq!(*order.last().unwrap(), "Österåker");
}

#[tokio::test]
async fn lists_38_areas_with_the_right_coordinating_health_centre() {
    let app = TestApp::spawn().await;
    let areas = app.json("/api/v1/areas").await;
    assert_eq!(areas.as_array().unwrap().len(), 38);

    for (area, code, centre) in COORDINATING_HEALTH_CENTRES {
        let a = named(&areas, area);
        assert_eq!(a["municipality_code"], code, "{area}");
        assert_eq!(a["coordinating_health_centre"]["name"], centre, "{area}");
        assert_eq!(a["coordinating_health_centre"]["valid_from"], "2023-01-01", "{area}");
        assert_eq!(a["coordinating_health_centre"]["basis"], "Förfrågningsunderlag husläkarverksamhet 2023", "{area}");
    }

    // Norrtälje is an area of its own with KSON's joint model and no coordinating health centre.
    let norrtalje = named(&areas, "Norrtälje");
    assert_eq!(norrtalje["municipality_code"], "0188");
    assert!(norrtalje["coordinating_health_centre"].is_null());
    let kson = &norrtalje["municipal_coordinating_function"];
    assert!(kson["name"].as_str().unwrap().contains("KSON"), "{kson}");
    assert_eq!(kson["on_behalf_of"]["name"], "Norrtälje");

    // Stockholm city is 13 district areas.
    let stockholm = areas.as_array().unwrap().iter().filter(|a| a["municipality_code"] == "0180").count();
    assert_eq!(stockholm, 13);
}

#[tokio::test]
async fn before_the_2023_appointments_no_area_has_a_coordinating_health_centre() {
    let app = TestApp::spawn().await;
    let areas = app.json("/api/v1/areas?at=2022-06-01").await;
    let areas = areas.as_array().unwrap();
    assert_eq!(areas.len(), 38);
    assert!(areas.iter().all(|a| a["coordinating_health_centre"].is_null()));

    // The last day before, and the first day of, the 2023 appointments.
    let before = app.json("/api/v1/areas?at=2022-12-31").await;
    assert!(named(&before, "Nacka")["coordinating_health_centre"].is_null());
    let first = app.json("/api/v1/areas?at=2023-01-01").await;
    assert_eq!(named(&first, "Nacka")["coordinating_health_centre"]["name"], "Boo vårdcentral");
}

#[tokio::test]
async fn an_area_keeps_its_history_when_the_district_administrations_merge() {
    let app = TestApp::spawn().await;
    let areas = app.json("/api/v1/areas").await;
    let id = named(&areas, "Rinkeby-Kista")["id"].as_i64().unwrap();

    let area = app.json(&format!("/api/v1/areas/{id}")).await;
    assert_eq!(area["name"], "Rinkeby-Kista");
    assert_eq!(area["coordinating_health_centre"]["name"], "Kista vårdcentral");
    let administrations = area["administrations"].as_array().unwrap();
    assert_eq!(administrations.len(), 2);
    // Newest first: Järva from the merger, Rinkeby-Kista's own administration before it.
    assert_eq!(administrations[0]["organisation"]["name"], "Järva stadsdelsförvaltning");
    assert_eq!(administrations[0]["valid_from"], "2023-07-01");
    assert!(administrations[0]["valid_to"].is_null());
    assert_eq!(administrations[1]["organisation"]["name"], "Rinkeby-Kista stadsdelsförvaltning");
    assert_eq!(administrations[1]["valid_to"], "2023-06-30");

    let centre =
        area["functions"].as_array().unwrap().iter().find(|f| f["kind"] == "coordinating_health_centre").unwrap();
    assert_eq!(centre["holder"]["name"], "Kista vårdcentral");
    assert_eq!(centre["appointments"].as_array().unwrap().len(), 1);

    // The local collaboration body of the area.
    assert_eq!(area["bodies"][0]["name"], "Lokal samverkan, Rinkeby-Kista");
}

#[tokio::test]
async fn organisations_answer_as_they_stood_on_a_date() {
    let app = TestApp::spawn().await;
    let before = app.json("/api/v1/organisations?at=2023-06-30").await;
    let after = app.json("/api/v1/organisations?at=2023-07-01").await;
    let before = names(&before);
    let after = names(&after);
    for old in [
        "Rinkeby-Kista stadsdelsförvaltning",
        "Spånga-Tensta stadsdelsförvaltning",
        "Norrmalms stadsdelsförvaltning",
        "Östermalms stadsdelsförvaltning",
    ] {
        assert!(before.contains(&old), "{old} before the merger");
        assert!(!after.contains(&old), "{old} after the merger");
    }
    for new in ["Järva stadsdelsförvaltning", "Norra innerstadens stadsdelsförvaltning"] {
        assert!(!before.contains(&new));
        assert!(after.contains(&new));
    }
    for always in ["Storsthlm", "Stockholms läns sjukvårdsområde (SLSO)"] {
        assert!(before.contains(&always) && after.contains(&always), "{always}");
    }

    let all = app.json("/api/v1/organisations?at=2023-06-30").await;
    let rk = named(&all, "Rinkeby-Kista stadsdelsförvaltning");
    assert_eq!(rk["replaced_by"]["name"], "Järva stadsdelsförvaltning");
    assert_eq!(rk["party"]["name"], "Stockholm");
}

#[tokio::test]
async fn a_party_shows_its_areas_functions_bodies_and_sub_regions() {
    let app = TestApp::spawn().await;
    let parties = app.json("/api/v1/parties").await;
    let stockholm = named(&parties, "Stockholm")["id"].as_i64().unwrap();
    let party = app.json(&format!("/api/v1/parties/{stockholm}")).await;
    assert_eq!(party["code"], "0180");
    assert_eq!(party["areas"].as_array().unwrap().len(), 13);
    assert!(names(&party["bodies"]).contains(&"Kommunfullmäktige, Stockholm"));
    // The district administrations, past ones included, with the mergers.
    assert_eq!(
        party["administrations"].as_array().unwrap().iter().filter(|o| o["kind"] == "district_administration").count(),
        15
    );
    // All its organisations are counted, and listed in parts elsewhere.
    let total = party["organisations_total"].as_u64().unwrap();
    let listed = app.get(&format!("/api/v1/organisations?party={stockholm}&limit=1")).await;
    assert_eq!(listed.headers()["x-total-count"].to_str().unwrap(), total.to_string());

    let botkyrka = named(&parties, "Botkyrka")["id"].as_i64().unwrap();
    let party = app.json(&format!("/api/v1/parties/{botkyrka}")).await;
    assert_eq!(names(&party["sub_regions"]), ["Södertörn"]);
    let function = named(&party["functions"], "Kommunens samordnande funktion, Botkyrka");
    assert_eq!(function["kind"], "municipal_coordination");
    assert!(function["holder"].is_null(), "no holder is invented");

    let region = named(&parties, "Region Stockholm")["id"].as_i64().unwrap();
    let party = app.json(&format!("/api/v1/parties/{region}")).await;
    let bodies = names(&party["bodies"]);
    assert!(bodies.contains(&"Hälso- och sjukvårdsnämnden (HSN)"));
    assert!(bodies.contains(&"Regionfullmäktige, Region Stockholm"));
    assert_eq!(
        party["functions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "coordinating_health_centre" && !f["holder"].is_null())
            .count(),
        37
    );
}

#[tokio::test]
async fn bodies_on_three_levels_with_members_by_function() {
    let app = TestApp::spawn().await;
    let bodies = app.json("/api/v1/bodies").await;
    let county: Vec<&str> = bodies
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["level"] == "county")
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    for expected in [
        "Vård i samverkan (VIS)",
        "VIS tjänstestyrgrupp",
        "Storsthlms styrelse",
        "Hälso- och sjukvårdsnämnden (HSN)",
        "Regionfullmäktige, Region Stockholm",
        "Samrådsgrupp Digitalisering",
        "Samrådsgrupp Äldres hälsa",
        "Samrådsgrupp Psykisk ohälsa och beroende",
        "Samrådsgrupp Barn och ungas hälsa",
        "Samrådsgrupp Hälsa för personer med funktionsnedsättning",
    ] {
        assert!(county.contains(&expected), "{expected} in {county:?}");
    }
    let councils = bodies.as_array().unwrap().iter().filter(|b| b["kind"] == "council").count();
    assert_eq!(councils, 27, "26 municipal councils and the regional council");

    // The samrådsgrupper came with the guideline of 2022-07-01.
    let earlier = app.json("/api/v1/bodies?at=2022-06-30").await;
    assert!(!names(&earlier).iter().any(|n| n.starts_with("Samrådsgrupp")));

    let local = named(&bodies, "Lokal samverkan, Nacka");
    assert_eq!(local["level"], "local");
    let body = app.json(&format!("/api/v1/bodies/{}", local["id"])).await;
    let members = body["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    let convener = members.iter().find(|m| m["role"] == "convener").unwrap();
    assert_eq!(convener["function"]["name"], "Samordnande vårdcentral, Nacka");
    assert_eq!(convener["holder"]["name"], "Boo vårdcentral");

    let vis = app.json(&format!("/api/v1/bodies/{}", named(&bodies, "Vård i samverkan (VIS)")["id"])).await;
    assert!(vis["mandate"].as_str().unwrap().contains("avvikelser"));
}

#[tokio::test]
async fn sub_regions_are_groupings_of_parties() {
    let app = TestApp::spawn().await;
    let regions = app.json("/api/v1/sub-regions").await;
    assert_eq!(
        names(&named(&regions, "Södertörn")["members"]),
        ["Botkyrka", "Haninge", "Huddinge", "Nykvarn", "Nynäshamn", "Salem", "Södertälje", "Tyresö"]
    );
    assert_eq!(
        names(&named(&regions, "Stockholm Nordost")["members"]),
        ["Danderyd", "Norrtälje", "Täby", "Vallentuna", "Vaxholm", "Österåker"]
    );
}

/// Where no source gives a record's first day, none is made up: the API says null, the pages
/// "uppgift saknas", and the record counts on every date up to its end, as of 2021-01-01 too.
#[tokio::test]
async fn a_start_no_source_gives_is_unknown_and_the_record_still_counts_before_it() {
    let app = TestApp::spawn().await;
    let on = "at=2021-01-01";
    let parties = app.json(&format!("/api/v1/parties?{on}")).await;
    assert_eq!(parties.as_array().unwrap().len(), 27);
    let ekero = named(&parties, "Ekerö");
    assert!(ekero["valid_from"].is_null(), "{ekero}");
    let areas = app.json(&format!("/api/v1/areas?{on}")).await;
    assert_eq!(areas.as_array().unwrap().len(), 38);
    let bromma = named(&areas, "Bromma");
    assert!(bromma["valid_from"].is_null());
    // The 2023 appointments start with the year their contract terms are for.
    assert!(bromma["coordinating_health_centre"].is_null());
    let bodies = app.json(&format!("/api/v1/bodies?{on}")).await;
    let vis = named(&bodies, "Vård i samverkan (VIS)");
    assert!(vis["valid_from"].is_null());
    assert!(!names(&bodies).contains(&"Samrådsgrupp Digitalisering"), "the guideline of 2022-07-01 set them up");
    let organisations = app.json(&format!("/api/v1/organisations?{on}&limit=1000")).await;
    assert!(named(&organisations, "Tumba vårdcentral")["valid_from"].is_null());
    let rinkeby = named(&organisations, "Rinkeby-Kista stadsdelsförvaltning");
    assert!(rinkeby["valid_from"].is_null());
    assert_eq!(rinkeby["valid_to"], "2023-06-30");
    let regions = app.json(&format!("/api/v1/sub-regions?{on}")).await;
    assert!(named(&regions, "Södertörn")["valid_from"].is_null());
    let area = app.json(&format!("/api/v1/areas/{}", bromma["id"])).await;
    let centre =
        area["functions"].as_array().unwrap().iter().find(|f| f["kind"] == "coordinating_health_centre").unwrap();
    assert!(centre["valid_from"].is_null());

    // Each page that shows a period says the start is not known, and lists the record then.
    let unknown = "tills vidare (startdag: uppgift saknas)";
    let pages = [
        (format!("/parter/{}", ekero["id"]), "<dt>Giltig</dt>"),
        (format!("/omraden/{}", bromma["id"]), "<dt>Giltigt</dt>"),
        (format!("/organ/{}", vis["id"]), "<dt>Giltigt</dt>"),
        (format!("/organisationer/{}", named(&organisations, "Storsthlm")["id"]), "<dt>Giltig</dt>"),
        (format!("/delregioner/{}", named(&regions, "Södertörn")["id"]), "<dt>Giltig</dt>"),
        (format!("/funktioner/{}", centre["id"]), "<dt>Giltig</dt>"),
    ];
    for (path, label) in pages {
        let html = app.page(&format!("{path}?{on}")).await;
        assert!(html.contains(&format!("{label}<dd>{unknown}</dd>")), "{path}: {html}");
        assert!(!html.contains("2020-01-01"), "{path}: no made-up day");
    }
    let list = app.page(&format!("/parter?{on}")).await;
    assert!(list.contains(">Ekerö</a>"), "{list}");
    // A holder's first day is known: the year its contract terms are for.
    let today = app.page(&format!("/omraden/{}", bromma["id"])).await;
    assert!(today.contains("Alviks Vårdcentral <span class=\"muted\">(från 2023-01-01)</span>"), "{today}");
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let app = TestApp::spawn().await;
    let before = app.json("/api/v1/areas").await;
    let report = app.store.seed_reference_data().await.unwrap();
    assert_eq!(report.total(), 0, "{report}");
    assert_eq!(app.json("/api/v1/areas").await, before);
    assert_eq!(app.json("/api/v1/parties").await.as_array().unwrap().len(), 27);
}

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let app = TestApp::spawn().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn the_openapi_description_covers_the_api() {
    let app = TestApp::spawn().await;
    let doc = app.json("/api/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    for path in [
        "/api/v1/parties",
        "/api/v1/parties/{id}",
        "/api/v1/areas",
        "/api/v1/areas/{id}",
        "/api/v1/bodies",
        "/api/v1/bodies/{id}",
        "/api/v1/organisations",
        "/api/v1/sub-regions",
    ] {
        let get = &doc["paths"][path]["get"];
        assert!(get.is_object(), "{path} is described");
        let params: Vec<&str> =
            get["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert!(params.contains(&"at"), "{path} documents ?at");
    }
    assert!(doc["components"]["schemas"]["AreaJson"]["properties"]["coordinating_health_centre"].is_object());
}

#[tokio::test]
async fn the_county_map_has_every_municipality_with_attribution() {
    let app = TestApp::spawn().await;
    let response = app.get("/api/v1/map/parties").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    let map: Value = response.json().await.unwrap();
    assert_eq!(map["type"], "FeatureCollection");
    let features = map["features"].as_array().unwrap();
    assert_eq!(features.len(), 26);
    for (code, name) in MUNICIPALITIES {
        let feature = features.iter().find(|f| f["properties"]["code"] == code).unwrap();
        assert_eq!(feature["properties"]["name"], name);
        assert!(matches!(feature["geometry"]["type"].as_str(), Some("Polygon" | "MultiPolygon")), "{name}");
        assert!(feature["properties"]["attribution"].as_str().unwrap().contains("SCB"));
    }
}
