//! The addresses of the pages, in one place: the routers, the links handlers build, the links
//! templates draw and the sitemap read them from here, so a route and its links cannot drift apart
//! and the sitemap (which the browser suite walks) cannot miss a page a router serves.
//!
//! An address with a record in it is a pattern as the router takes it (`PARTY`,
//! `"/parter/{id}"`) and a function of the same name that fills it in (`party(7)`,
//! `"/parter/7"`): the router registers the pattern, handlers and templates call the function
//! (`href="{{ crate::kit::paths::party(p.id) }}"`). A test below fails, naming the file and line,
//! when a template or a handler writes a page's address out itself again.

/// A record's id, or a reference to one (as a template's loop hands it over).
pub trait Id {
    fn get(&self) -> i32;
}

impl Id for i32 {
    fn get(&self) -> i32 {
        *self
    }
}

impl<T: Id> Id for &T {
    fn get(&self) -> i32 {
        (**self).get()
    }
}

/// `pattern` with its `{id}` filled in.
pub fn fill(pattern: &str, id: impl Id) -> String {
    pattern.replacen("{id}", &id.get().to_string(), 1)
}

/// Whether `path` is an address of `pattern`: the same segments, a `{…}` standing for any one.
pub fn matches(pattern: &str, path: &str) -> bool {
    let (mut pattern, mut path) = (pattern.split('/'), path.split('/'));
    loop {
        match (pattern.next(), path.next()) {
            (None, None) => return true,
            (Some(p), Some(s)) if p == s || (p.starts_with('{') && p.ends_with('}') && !s.is_empty()) => {}
            _ => return false,
        }
    }
}

// ---- the structure ------------------------------------------------------------------------------

pub const START: &str = "/";

pub const PARTIES: &str = "/parter";
pub const PARTY: &str = "/parter/{id}";
pub fn party(id: impl Id) -> String {
    fill(PARTY, id)
}
/// The form of a new function of a party.
pub const PARTY_NEW_FUNCTION: &str = "/parter/{id}/ny-funktion";
pub fn party_new_function(id: impl Id) -> String {
    fill(PARTY_NEW_FUNCTION, id)
}
/// A party's records for its archive, a BagIt package in a ZIP (process leaders only).
pub const PARTY_ARCHIVE: &str = "/parter/{id}/arkivexport";
pub fn party_archive(id: impl Id) -> String {
    fill(PARTY_ARCHIVE, id)
}

pub const AREAS: &str = "/omraden";
pub const AREA: &str = "/omraden/{id}";
pub fn area(id: impl Id) -> String {
    fill(AREA, id)
}
/// The form of a new function of an area.
pub const AREA_NEW_FUNCTION: &str = "/omraden/{id}/ny-funktion";
pub fn area_new_function(id: impl Id) -> String {
    fill(AREA_NEW_FUNCTION, id)
}

/// An area's actor map (*aktörskarta*, issue 14): its services as a table, filterable by
/// category (`?kategori=`) and sector (`?sektor=`).
pub const AREA_ACTORS: &str = "/omraden/{id}/aktorer";
pub fn area_actors(id: impl Id) -> String {
    fill(AREA_ACTORS, id)
}
/// The form of a new actor on an area's map.
pub const AREA_NEW_ACTOR: &str = "/omraden/{id}/aktorer/ny";
pub fn area_new_actor(id: impl Id) -> String {
    fill(AREA_NEW_ACTOR, id)
}
/// Importing an actor list (CSV) into an area's map: a dry run of the file first, then saving.
pub const AREA_ACTORS_IMPORT: &str = "/omraden/{id}/aktorer/import";
pub fn area_actors_import(id: impl Id) -> String {
    fill(AREA_ACTORS_IMPORT, id)
}
/// The form that changes a service of an actor map.
pub const SERVICE_EDIT: &str = "/tjanster/{id}/andra";
pub fn service_edit(id: impl Id) -> String {
    fill(SERVICE_EDIT, id)
}

pub const BODIES: &str = "/organ";
pub const BODY: &str = "/organ/{id}";
pub fn body(id: impl Id) -> String {
    fill(BODY, id)
}
/// The form of a new body (`?part=` or `?omrade=` picks its owner in advance).
pub const NEW_BODY: &str = "/organ/nytt";
pub const BODY_EDIT: &str = "/organ/{id}/andra";
pub fn body_edit(id: impl Id) -> String {
    fill(BODY_EDIT, id)
}
/// The form that adds a member to a body (also embedded in the body's page).
pub const BODY_NEW_MEMBER: &str = "/organ/{id}/ny-medlem";
pub fn body_new_member(id: impl Id) -> String {
    fill(BODY_NEW_MEMBER, id)
}
/// The form that ends a membership of a body.
pub const MEMBERSHIP_END: &str = "/medlemskap/{id}/avsluta";
pub fn membership_end(id: impl Id) -> String {
    fill(MEMBERSHIP_END, id)
}

pub const ORGANISATIONS: &str = "/organisationer";
pub const ORGANISATION: &str = "/organisationer/{id}";
pub fn organisation(id: impl Id) -> String {
    fill(ORGANISATION, id)
}
/// The form of a new organisation (`?part=` picks its party in advance).
pub const NEW_ORGANISATION: &str = "/organisationer/ny";
pub const ORGANISATION_EDIT: &str = "/organisationer/{id}/andra";
pub fn organisation_edit(id: impl Id) -> String {
    fill(ORGANISATION_EDIT, id)
}

/// A function's page (there is no list of functions: a function is reached from its owner).
pub const FUNCTION: &str = "/funktioner/{id}";
pub fn function(id: impl Id) -> String {
    fill(FUNCTION, id)
}
pub const FUNCTION_EDIT: &str = "/funktioner/{id}/andra";
pub fn function_edit(id: impl Id) -> String {
    fill(FUNCTION_EDIT, id)
}
/// The form that hands a function over to a new holder (also embedded in the function's page).
pub const FUNCTION_HANDOVER: &str = "/funktioner/{id}/byte";
pub fn function_handover(id: impl Id) -> String {
    fill(FUNCTION_HANDOVER, id)
}

/// A person's page; not in the sitemap (a person is reached from the functions they hold).
pub const PERSON: &str = "/personer/{id}";
pub fn person(id: impl Id) -> String {
    fill(PERSON, id)
}
pub const PERSON_EDIT: &str = "/personer/{id}/andra";
pub fn person_edit(id: impl Id) -> String {
    fill(PERSON_EDIT, id)
}

pub const SUB_REGIONS: &str = "/delregioner";
pub const SUB_REGION: &str = "/delregioner/{id}";
pub fn sub_region(id: impl Id) -> String {
    fill(SUB_REGION, id)
}
pub const NEW_SUB_REGION: &str = "/delregioner/ny";
pub const SUB_REGION_EDIT: &str = "/delregioner/{id}/andra";
pub fn sub_region_edit(id: impl Id) -> String {
    fill(SUB_REGION_EDIT, id)
}

// ---- the agreements -----------------------------------------------------------------------------

/// The agreements' list; an agreement's pages are under it.
pub const AGREEMENTS: &str = "/overenskommelser";
pub const AGREEMENT: &str = "/overenskommelser/{id}";
pub fn agreement(id: impl Id) -> String {
    fill(AGREEMENT, id)
}
/// The consultation matrix of an agreement's version (`?version=`, the latest without).
pub const AGREEMENT_CONSULTATION: &str = "/overenskommelser/{id}/remiss";
pub fn agreement_consultation(id: impl Id) -> String {
    fill(AGREEMENT_CONSULTATION, id)
}
/// The adoption view of an agreement's version (`?version=`, the latest without).
pub const AGREEMENT_ADOPTION: &str = "/overenskommelser/{id}/antagande";
pub fn agreement_adoption(id: impl Id) -> String {
    fill(AGREEMENT_ADOPTION, id)
}
/// The pages of one agreement: the agreement, the consultation matrix, adoption (the last two
/// only once it has a version).
pub const AGREEMENT_PAGES: [&str; 3] = [AGREEMENT, AGREEMENT_CONSULTATION, AGREEMENT_ADOPTION];

/// The forms of a party's part in an agreement's process: its consultation answer, its
/// council's decision, a step of its preparatory handling, its withdrawal.
pub const CONSULTATION_ANSWER: &str = "/overenskommelser/{id}/remiss/svar";
pub fn consultation_answer(id: impl Id) -> String {
    fill(CONSULTATION_ANSWER, id)
}
pub const ADOPTION_DECISION: &str = "/overenskommelser/{id}/antagande/beslut";
pub fn adoption_decision(id: impl Id) -> String {
    fill(ADOPTION_DECISION, id)
}
pub const ADOPTION_STEP: &str = "/overenskommelser/{id}/antagande/beredning";
pub fn adoption_step(id: impl Id) -> String {
    fill(ADOPTION_STEP, id)
}
/// The form of a party's withdrawal from a version in force (*uppsägning*).
pub const ADOPTION_WITHDRAWAL: &str = "/overenskommelser/{id}/antagande/uppsagning";
pub fn adoption_withdrawal(id: impl Id) -> String {
    fill(ADOPTION_WITHDRAWAL, id)
}

// The process leaders' forms: the registry entry, versions and relations, and on a version
// (`?version=`, else the latest) its consultation, deadline and recommendation.
pub const NEW_AGREEMENT: &str = "/overenskommelser/ny";
pub const AGREEMENT_EDIT: &str = "/overenskommelser/{id}/andra";
pub fn agreement_edit(id: impl Id) -> String {
    fill(AGREEMENT_EDIT, id)
}
pub const AGREEMENT_NEW_VERSION: &str = "/overenskommelser/{id}/ny-version";
pub fn agreement_new_version(id: impl Id) -> String {
    fill(AGREEMENT_NEW_VERSION, id)
}
pub const AGREEMENT_NEW_RELATION: &str = "/overenskommelser/{id}/ny-relation";
pub fn agreement_new_relation(id: impl Id) -> String {
    fill(AGREEMENT_NEW_RELATION, id)
}
pub const CONSULTATION_SEND: &str = "/overenskommelser/{id}/remiss/skicka";
pub fn consultation_send(id: impl Id) -> String {
    fill(CONSULTATION_SEND, id)
}
pub const CONSULTATION_DEADLINE: &str = "/overenskommelser/{id}/remiss/svarsdag";
pub fn consultation_deadline(id: impl Id) -> String {
    fill(CONSULTATION_DEADLINE, id)
}
pub const ADOPTION_RECOMMENDATION: &str = "/overenskommelser/{id}/antagande/rekommendation";
pub fn adoption_recommendation(id: impl Id) -> String {
    fill(ADOPTION_RECOMMENDATION, id)
}
/// The comparison matrix of the agreements' working models.
pub const COMPARISON: &str = "/overenskommelser/jamforelse";

/// A party's decision memo (*tjänsteutlåtande*), as a page and as a Word document (`?part=`).
pub const MEMO: &str = "/overenskommelser/{id}/tjansteutlatande";
pub fn memo(id: impl Id) -> String {
    fill(MEMO, id)
}
pub const MEMO_DOCX: &str = "/overenskommelser/{id}/tjansteutlatande.docx";
pub fn memo_docx(id: impl Id) -> String {
    fill(MEMO_DOCX, id)
}

// ---- local collaboration: network meetings and participation ----------------------------------

/// An area's network meetings (upcoming and past; `?organ=` for one of its bodies).
pub const AREA_MEETINGS: &str = "/omraden/{id}/moten";
pub fn area_meetings(id: impl Id) -> String {
    fill(AREA_MEETINGS, id)
}
/// The form that convenes a meeting of an area (`?organ=` picks its body in advance).
pub const AREA_NEW_MEETING: &str = "/omraden/{id}/moten/nytt";
pub fn area_new_meeting(id: impl Id) -> String {
    fill(AREA_NEW_MEETING, id)
}
/// An area's participation in its meetings.
pub const AREA_PARTICIPATION: &str = "/omraden/{id}/deltagande";
pub fn area_participation(id: impl Id) -> String {
    fill(AREA_PARTICIPATION, id)
}
/// The form of the categories an area wants at its meetings.
pub const AREA_REQUIRED_CATEGORIES: &str = "/omraden/{id}/deltagande/kategorier";
pub fn area_required_categories(id: impl Id) -> String {
    fill(AREA_REQUIRED_CATEGORIES, id)
}
/// The form that makes a new secret address for an area's (or a body's) calendar feed.
pub const AREA_FEED_RENEWAL: &str = "/omraden/{id}/kalender/forny";
pub fn area_feed_renewal(id: impl Id) -> String {
    fill(AREA_FEED_RENEWAL, id)
}
pub const MEETING: &str = "/moten/{id}";
pub fn meeting(id: impl Id) -> String {
    fill(MEETING, id)
}
pub const MEETING_EDIT: &str = "/moten/{id}/andra";
pub fn meeting_edit(id: impl Id) -> String {
    fill(MEETING_EDIT, id)
}
pub const MEETING_CANCEL: &str = "/moten/{id}/stall-in";
pub fn meeting_cancel(id: impl Id) -> String {
    fill(MEETING_CANCEL, id)
}
pub const MEETING_ATTENDANCE: &str = "/moten/{id}/narvaro";
pub fn meeting_attendance(id: impl Id) -> String {
    fill(MEETING_ATTENDANCE, id)
}
pub const MEETING_NEW_TASK: &str = "/moten/{id}/ny-uppgift";
pub fn meeting_new_task(id: impl Id) -> String {
    fill(MEETING_NEW_TASK, id)
}
/// The form that marks a meeting's task done (or not).
pub const TASK_DONE: &str = "/uppgifter/{id}/klar";
pub fn task_done(id: impl Id) -> String {
    fill(TASK_DONE, id)
}
// ---- crisis support (issue 15); none of these pages is in the sitemap --------------------------

/// An area's crisis support: its contact list and incidents (its coordinators and the process
/// leaders only).
pub const AREA_CRISIS: &str = "/omraden/{id}/krisstod";
pub fn area_crisis(id: impl Id) -> String {
    fill(AREA_CRISIS, id)
}
pub const AREA_CRISIS_CONTACTS: &str = "/omraden/{id}/krisstod/kontakter";
pub fn area_crisis_contacts(id: impl Id) -> String {
    fill(AREA_CRISIS_CONTACTS, id)
}
pub const AREA_CRISIS_ACTIVATE: &str = "/omraden/{id}/krisstod/aktivera";
pub fn area_crisis_activate(id: impl Id) -> String {
    fill(AREA_CRISIS_ACTIVATE, id)
}
/// The area's one-page crisis card, to print.
pub const AREA_CRISIS_CARD: &str = "/omraden/{id}/krisstod/kort";
pub fn area_crisis_card(id: impl Id) -> String {
    fill(AREA_CRISIS_CARD, id)
}
/// The crisis card as a PDF (one A4 page).
pub const AREA_CRISIS_CARD_PDF: &str = "/omraden/{id}/krisstod/kort.pdf";
pub fn area_crisis_card_pdf(id: impl Id) -> String {
    fill(AREA_CRISIS_CARD_PDF, id)
}
pub const INCIDENT: &str = "/krisstod/handelser/{id}";
pub fn incident(id: impl Id) -> String {
    fill(INCIDENT, id)
}
pub const INCIDENT_LOG: &str = "/krisstod/handelser/{id}/logg";
pub fn incident_log(id: impl Id) -> String {
    fill(INCIDENT_LOG, id)
}
pub const INCIDENT_CLOSE: &str = "/krisstod/handelser/{id}/avsluta";
pub fn incident_close(id: impl Id) -> String {
    fill(INCIDENT_CLOSE, id)
}
/// A contact's personal acknowledgement link (no sign-in: the key is the proof).
pub const CRISIS_ACK: &str = "/krisstod/kvittens/{key}";
pub fn crisis_ack(key: &str) -> String {
    CRISIS_ACK.replacen("{key}", key, 1)
}

/// A calendar feed at its secret address (no page: `text/calendar`); the router's pattern takes
/// the last segment whole, `{secret}.ics`.
pub const CALENDAR_FEED: &str = "/kalender/{file}";
pub fn calendar_feed(secret: &str) -> String {
    CALENDAR_FEED.replacen("{file}", &format!("{secret}.ics"), 1)
}

// ---- local collaboration: action plans and the local area plan -------------------------------

macro_rules! paths {
    ($($(#[$m:meta])* $name:ident, $f:ident = $pattern:literal;)+) => {
        $($(#[$m])* pub const $name: &str = $pattern;
        pub fn $f(id: impl Id) -> String {
            fill($name, id)
        })+
    };
}

paths! {
    /// The local action plans implementing an agreement, paged (`?sida=`).
    AGREEMENT_ACTION_PLANS, agreement_action_plans = "/overenskommelser/{id}/handlingsplaner";
    /// An area's local action plans.
    AREA_ACTION_PLANS, area_action_plans = "/omraden/{id}/handlingsplaner";
    /// The form of a new action plan of an area.
    AREA_NEW_ACTION_PLAN, area_new_action_plan = "/omraden/{id}/handlingsplaner/ny";
    /// An action plan, with its activities and follow-up.
    ACTION_PLAN, action_plan = "/handlingsplaner/{id}";
    /// An action plan to print (A4).
    ACTION_PLAN_PRINT, action_plan_print = "/handlingsplaner/{id}/utskrift";
    ACTION_PLAN_EDIT, action_plan_edit = "/handlingsplaner/{id}/andra";
    ACTION_PLAN_NEW_ACTIVITY, action_plan_new_activity = "/handlingsplaner/{id}/ny-aktivitet";
    ACTION_PLAN_NEW_NOTE, action_plan_new_note = "/handlingsplaner/{id}/ny-uppfoljning";
    /// The form that changes an activity of a plan.
    ACTIVITY_EDIT, activity_edit = "/aktiviteter/{id}/andra";
    /// An area's local area plan (*närområdesplan*), `?at=` as it stood on a date.
    AREA_PLAN, area_plan = "/omraden/{id}/naromradesplan";
    AREA_PLAN_NEW_ENTRY, area_plan_new_entry = "/omraden/{id}/naromradesplan/ny";
    /// An entry of an area's plan, with its reviews.
    AREA_PLAN_ENTRY, area_plan_entry = "/naromradesplan/{id}";
    AREA_PLAN_ENTRY_EDIT, area_plan_entry_edit = "/naromradesplan/{id}/andra";
    AREA_PLAN_ENTRY_REVIEW, area_plan_entry_review = "/naromradesplan/{id}/granska";
}

/// The signed-in coordinator's list of the area plans' entries to review next.
pub const REVIEWS: &str = "/granskningar";

// ---- documents ----------------------------------------------------------------------------------

/// A version's document upload form.
pub const VERSION_FORM: &str = "/versioner/{id}/nytt-dokument";
pub fn version_form(id: impl Id) -> String {
    fill(VERSION_FORM, id)
}

/// Where a document is served from: its id, and its file name (percent-encoded by the caller).
pub const DOWNLOAD: &str = "/dokument/{id}/{name}";
pub fn download(id: impl Id, encoded_name: &str) -> String {
    fill(DOWNLOAD, id).replacen("{name}", encoded_name, 1)
}

// ---- accounts -----------------------------------------------------------------------------------

/// Signing in and out.
pub const LOGIN: &str = "/logga-in";
pub const LOGOUT: &str = "/logga-ut";
/// "Mitt konto": the account, its password and its personal API tokens.
pub const ACCOUNT: &str = "/konto";
pub const PASSWORD: &str = "/konto/losenord";
pub const TOKENS: &str = "/konto/nycklar";
pub const REVOKE: &str = "/konto/nycklar/{id}/aterkalla";
pub fn revoke(id: impl Id) -> String {
    fill(REVOKE, id)
}

// ---- not pages ----------------------------------------------------------------------------------

pub const SITEMAP: &str = "/sitemap.xml";
pub const HEALTH: &str = "/healthz";
/// Readiness (`ops`): 503 while migrating, while the database does not answer, after a failed
/// scheduled backup.
pub const READY: &str = "/readyz";
/// The Prometheus metrics (`ops`), 404 unless configured.
pub const METRICS: &str = "/metrics";
/// The API's OpenAPI description (the footer links to it).
pub const OPENAPI: &str = "/api/openapi.json";

// ---- about the service ----------------------------------------------------------------------

/// The accessibility statement (*tillgänglighetsredogörelse*), linked from every page's footer.
pub const ACCESSIBILITY: &str = "/tillganglighet";

/// The pages that take no id.
pub const INDEX_PAGES: [&str; 8] = [START, PARTIES, AREAS, BODIES, ORGANISATIONS, SUB_REGIONS, LOGIN, ACCESSIBILITY];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_address_is_its_pattern_filled_in() {
        assert_eq!(party(7), "/parter/7");
        assert_eq!(function_handover(12), "/funktioner/12/byte");
        assert_eq!(agreement_consultation(3), "/overenskommelser/3/remiss");
        assert_eq!(download(5, "a%20b.pdf"), "/dokument/5/a%20b.pdf");
        assert!(matches(VERSION_FORM, &version_form(3)));
        assert!(matches(PARTY, "/parter/x"));
        assert!(!matches(PARTY, "/parter/"));
        assert!(!matches(PARTY, "/parter/3/ny-funktion"));
        assert!(!matches(VERSION_FORM, "/versioner/3"));
    }

    /// Where a page address is written out other than through this file, as `file:line: text`:
    /// in a template, `href="/`, `action="/` or `src="/` not followed by `static/` or `api/`; in
    /// Rust (outside comments and tests), a string starting with `/` and a first segment other
    /// than `api` and `static` (not `"/"` alone: a URL's empty path is one too).
    fn written_out(file: &str, text: &str, rust: bool) -> Vec<String> {
        let mut found = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if rust && line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            let hit = if rust {
                !line.trim_start().starts_with("//")
                    && line.match_indices("\"/").any(|(i, _)| {
                        let rest = &line[i + 2..];
                        let segment = rest.split(['/', '"', '?', '{', '#']).next().unwrap_or("");
                        !segment.is_empty() && !["api", "static"].contains(&segment)
                    })
            } else {
                ["href=\"/", "action=\"/", "src=\"/"].iter().any(|attr| {
                    line.match_indices(attr).any(|(i, _)| {
                        let rest = &line[i + attr.len()..];
                        !rest.starts_with("static/") && !rest.starts_with("api/")
                    })
                })
            };
            if hit {
                found.push(format!("{file}:{}: {}", n + 1, line.trim()));
            }
        }
        found
    }

    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { files(&path, out) } else { out.push(path) }
        }
    }

    #[test]
    fn no_page_address_is_written_out_but_here() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut all = Vec::new();
        files(&root.join("templates"), &mut all);
        files(&root.join("src"), &mut all);
        let mut found = Vec::new();
        for path in all {
            let name = path.strip_prefix(root).unwrap().display().to_string();
            let rust = name.ends_with(".rs");
            if name == "src/kit/paths.rs" || !(rust || name.ends_with(".html")) {
                continue;
            }
            found.extend(written_out(&name, &std::fs::read_to_string(&path).unwrap(), rust));
        }
        assert!(
            found.is_empty(),
            "page addresses written out; take them from crate::kit::paths instead:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn the_guard_sees_an_address_written_out() {
        let template = "<p>\n<a href=\"/parter/{{ p.id }}\">x</a>\n\
                        <link href=\"/static/style.css\"> <a href=\"/api/openapi.json\">\n<form action=\"/\">";
        let found = written_out("t.html", template, false);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("t.html:2: <a href"), "{found:?}");
        assert!(found[1].starts_with("t.html:4: <form"), "{found:?}");
        let rust = "let a = format!(\"/funktioner/{id}\");\nlet b = \"/api/v1/x\";\n\
                    Redirect::to(\"/\");\nformat!(\"{AGREEMENTS}/{id}\")\n// \"/parter\"";
        let found = written_out("x.rs", rust, true);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("x.rs:1: "), "{found:?}");
    }
}
