//! Who may change what, tried on every state-changing route the router serves, as a generated
//! table: each route on records of two municipalities (A, B) and the region (R), as the editors
//! of A, B and R, a coordinator of an area in A and one in B, a process leader, a reader and an
//! anonymous visitor. The expected answer of each cell comes from the one rule
//! (`samverkan_domain::scope_of` and `may_change`) over whose record it is, as the fixture made
//! it, and is asserted against the real server. The route list comes from the application
//! itself (`samverkan_web::state_changing_routes`), so a new route that this test does not know
//! fails it until someone says whose records it writes.

use samverkan_domain::{AreaOf, Grant, Owned, Role, may_act_for, may_add_member, may_change, may_hold, scope_of};
use samverkan_store::{Actor, AuditCheck, NewUser, Store};
use samverkan_web::{Access, StateChangingRoute};
use serde_json::{Value, json};

use crate::helpers::{TestApp, submit};

/// Someone who can call the API (a personal token) and post forms (a session and its CSRF token).
#[derive(Clone)]
pub struct Caller {
    pub label: &'static str,
    /// The account's roles, as the server reads them from its session.
    pub grants: Vec<Grant>,
    /// The id of the personal token in `bearer`.
    pub token_id: i32,
    pub bearer: Option<String>,
    pub session: Option<String>,
    pub csrf: String,
}

impl Caller {
    pub const ANONYMOUS: Caller =
        Caller { label: "anonym", grants: Vec::new(), token_id: 0, bearer: None, session: None, csrf: String::new() };
}

/// The password every test account is given.
const PASSWORD: &str = "ett långt nytt lösenord";

/// An account with one role, a token and a session, its first password already changed.
pub async fn caller(store: &Store, label: &'static str, role: Role, party: Option<&str>, area: Option<i32>) -> Caller {
    let email = format!("{}@example.se", label.replace(' ', "."));
    let added =
        store.add_user(NewUser { email: &email, role, party_code: party, area_id: area }, "test").await.unwrap();
    store.change_password(added.id, &added.one_time_password, PASSWORD, None, "test").await.unwrap();
    let (token_id, bearer) = store.create_api_token(added.id, "test", "test").await.unwrap();
    let session = store.start_session(added.id).await.unwrap();
    let user = store.session_user(&session).await.unwrap().unwrap();
    Caller { label, grants: user.grants, token_id, bearer: Some(bearer), session: Some(session), csrf: user.csrf_token }
}

/// What the database holds, as far as a write could change it: the audit trail's length (every
/// write appends to it) and the totals of the structure.
async fn footprint(store: &Store) -> (u64, samverkan_store::Counts) {
    let events = match store.verify_audit_trail().await.unwrap() {
        AuditCheck::Intact { events } => events,
        broken => panic!("{broken:?}"),
    };
    (events, store.counts(samverkan_web::today()).await.unwrap())
}

/// The three parties whose records every route is tried on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Party {
    /// Nacka, a municipality.
    A,
    /// Solna, another.
    B,
    /// Region Stockholm.
    R,
}

const PARTIES: [Party; 3] = [Party::A, Party::B, Party::R];

impl Party {
    fn code(self) -> &'static str {
        match self {
            Party::A => "0182",
            Party::B => "0184",
            Party::R => "01",
        }
    }

    /// Another party than this one.
    fn other(self) -> Party {
        match self {
            Party::A => Party::B,
            Party::B => Party::R,
            Party::R => Party::A,
        }
    }
}

/// One party's records, made by a process leader.
struct Records {
    party: i32,
    organisation: i32,
    /// A function of the party. A's and R's lie in A's area (R's is like the region's
    /// coordinating health centre in a municipality's area), B's in B's area.
    function: i32,
    function_area: i32,
    /// The holder of the party's function, recorded with it.
    person: i32,
    /// A local body in the party's area (A, B), or a body of the party with no area (R).
    body: i32,
    body_owned: Owned,
    membership: i32,
    answer: i32,
    decision: i32,
}

pub struct Fixture {
    area_a: AreaOf,
    area_b: AreaOf,
    records: Vec<(Party, Records)>,
    /// A body of A's area that a case moves to party B (only a process leader may).
    movable_body: i32,
    sub_region: i32,
    /// An agreement with a version out on consultation (to every party), and a second agreement
    /// with a version that has none yet.
    agreement: i32,
    other_agreement: i32,
    version: i32,
    consultation: i32,
    fresh_version: i32,
    /// A version the pages' consultation form sends (the API's sends `fresh_version`).
    unsent_version: i32,
    /// An agreement of A, B and R alone whose version is in force (from 2025-06-01): a party may
    /// withdraw from it.
    agreement_in_force: i32,
    version_in_force: i32,
    /// A service on A's area's actor map and one on B's (issue 14).
    actors: crate::actors_cases::ActorFixture,
    /// The meetings of A's and B's areas (`meetings_fixture.rs`).
    meetings: crate::meetings_fixture::Records,
    /// The action plans and area plans of A's and B's areas (`plans_fixture.rs`).
    plans: crate::plans_fixture::Records,
    /// The crisis support of A's and B's areas (`crisis_fixture.rs`).
    crisis: crate::crisis_fixture::Records,
}

impl Fixture {
    fn of(&self, party: Party) -> &Records {
        &self.records.iter().find(|(p, _)| *p == party).unwrap().1
    }

    fn area(&self, party: Party) -> AreaOf {
        if party == Party::B { self.area_b } else { self.area_a }
    }
}

pub async fn fixture(store: &Store) -> Fixture {
    let admin = Actor::user(0, vec![Grant::new(Role::Admin, None, None).unwrap()]);
    let today = samverkan_web::today();
    let parties = store.parties(today, samverkan_store::Page::ALL).await.unwrap().items;
    let party_id = |p: Party| parties.iter().find(|x| x.code == p.code()).unwrap().id;
    let area_of = async |p: Party| {
        let id = store.areas_of_party(party_id(p), today).await.unwrap()[0].area.id;
        AreaOf { area_id: id, municipality_id: party_id(p) }
    };
    let (area_a, area_b) = (area_of(Party::A).await, area_of(Party::B).await);
    let input = |v: Value| samverkan_domain::Input::from_json(v).unwrap();
    let new_agreement = |title: &str| input(json!({"title": title, "kind": "subject_area", "target_groups": ["all"]}));
    let agreement = store.create_agreement(&admin, new_agreement("Samverkan vid utskrivning")).await.unwrap();
    let other_agreement = store.create_agreement(&admin, new_agreement("Hjälpmedel")).await.unwrap();
    let version = store.add_version(&admin, agreement, input(json!({"number": "2025"}))).await.unwrap();
    let fresh_version = store.add_version(&admin, other_agreement, input(json!({"number": "1"}))).await.unwrap();
    let unsent_version = store.add_version(&admin, other_agreement, input(json!({"number": "2"}))).await.unwrap();
    let consultation = store
        .start_consultation(&admin, version, input(json!({"sent_on": "2025-01-10", "deadline": "2025-03-01"})))
        .await
        .unwrap();

    let mut records = Vec::new();
    for p in PARTIES {
        let party = party_id(p);
        let label = format!("{p:?}");
        let organisation = store
            .create_organisation(
                &admin,
                input(json!({"name": format!("Förvaltning {label}"), "kind": "administration", "party_id": party, "valid_from": "2020-01-01"})),
            )
            .await
            .unwrap();
        let function_area = if p == Party::B { area_b.area_id } else { area_a.area_id };
        let function = store
            .create_function(
                &admin,
                input(json!({"name": format!("Kontaktperson {label}"), "kind": "other", "party_id": party, "area_id": function_area, "valid_from": "2020-01-01"})),
            )
            .await
            .unwrap();
        store
            .hand_over_function(
                &admin,
                function,
                input(json!({"valid_from": "2020-01-01", "organisation_id": organisation, "person_name": format!("Person {label}")})),
            )
            .await
            .unwrap();
        let history = store.function(function).await.unwrap().unwrap();
        let person = history.appointments[0].person.as_ref().unwrap().id;
        let (body_fields, body_owned) = match p {
            Party::R => (
                json!({"name": "Regionens grupp", "level": "county", "kind": "other", "party_id": party}),
                Owned::Body { party_id: Some(party), area: None },
            ),
            _ => {
                let area = if p == Party::A { area_a } else { area_b };
                (
                    json!({"name": format!("Närområdesgruppen {label}"), "level": "local", "kind": "local_collaboration", "area_id": area.area_id}),
                    Owned::Body { party_id: None, area: Some(area) },
                )
            }
        };
        let mut body_fields = body_fields;
        body_fields["valid_from"] = json!("2020-01-01");
        let body = store.create_body(&admin, input(body_fields)).await.unwrap();
        let membership = store
            .add_membership(&admin, body, input(json!({"function_id": function, "role": "member", "valid_from": "2020-01-01", "valid_to": "2029-12-31"})))
            .await
            .unwrap();
        let answer = store
            .answer_consultation(
                &admin,
                consultation,
                input(json!({"party_id": party, "answered_on": "2025-02-01", "stance": "agrees"})),
            )
            .await
            .unwrap();
        let decision = store
            .record_decision(
                &admin,
                version,
                input(json!({"party_id": party, "deciding_body": "Fullmäktige", "decided_on": "2025-06-01", "outcome": "adopted"})),
            )
            .await
            .unwrap();
        records.push((
            p,
            Records {
                party,
                organisation,
                function,
                function_area,
                person,
                body,
                body_owned,
                membership,
                answer,
                decision,
            },
        ));
    }
    let movable_body = store
        .create_body(
            &admin,
            input(json!({"name": "Flyttbara gruppen", "level": "local", "kind": "other", "area_id": area_a.area_id, "valid_from": "2020-01-01"})),
        )
        .await
        .unwrap();
    // B's person is appointed to A's function (appointing across parties is allowed); that must
    // not make the person A's (finding 2 of issue 11).
    let a = &records[0].1;
    let person_b = records[1].1.person;
    store
        .hand_over_function(
            &admin,
            a.function,
            input(json!({"valid_from": "2021-01-01", "organisation_id": a.organisation, "person_id": person_b})),
        )
        .await
        .unwrap();
    let sub_region = store.sub_regions(today).await.unwrap()[0].id;
    let parties: Vec<i32> = records.iter().map(|(_, r)| r.party).collect();
    let agreement_in_force = store
        .create_agreement(
            &admin,
            input(json!({"title": "Tre parters samverkan", "kind": "subject_area", "target_groups": ["all"], "parties": parties})),
        )
        .await
        .unwrap();
    let version_in_force = store.add_version(&admin, agreement_in_force, input(json!({"number": "1"}))).await.unwrap();
    for party in parties {
        store
            .record_decision(
                &admin,
                version_in_force,
                input(json!({"party_id": party, "deciding_body": "Fullmäktige", "decided_on": "2025-06-01", "outcome": "adopted"})),
            )
            .await
            .unwrap();
    }
    let actors = crate::actors_cases::fixture(store, area_a, area_b).await;
    let meetings = crate::meetings_fixture::records(store, area_a, area_b).await;
    let plans = crate::plans_fixture::records(store, area_a, area_b).await;
    let crisis = crate::crisis_fixture::records(store, area_a, area_b).await;
    Fixture {
        actors,
        meetings,
        plans,
        crisis,
        area_a,
        area_b,
        records,
        movable_body,
        sub_region,
        agreement,
        other_agreement,
        version,
        consultation,
        fresh_version,
        unsent_version,
        agreement_in_force,
        version_in_force,
    }
}

/// A rule a permitted write must also pass, else 422 naming the field.
type Also = Option<(&'static str, Box<dyn Fn(&[Grant]) -> bool>)>;

/// One cell row of the table: a route on one record.
pub struct Case {
    pub path: String,
    /// The body of the `n`th call (dates and numbers differ per call, so that a second accepted
    /// write is as valid as the first).
    pub body: Box<dyn Fn(u32) -> Value>,
    /// Whose record is written; `None` for a signed-in user's own account.
    pub owned: Option<Owned>,
    also: Also,
}

pub(crate) fn case(path: String, owned: Owned, body: impl Fn(u32) -> Value + 'static) -> Case {
    Case { path, body: Box::new(body), owned: Some(owned), also: None }
}

impl Case {
    pub(crate) fn also(mut self, field: &'static str, rule: impl Fn(&[Grant]) -> bool + 'static) -> Case {
        self.also = Some((field, Box::new(rule)));
        self
    }
}

/// A different day for every call, far after the fixture's dates.
fn day(n: u32) -> String {
    (chrono::NaiveDate::from_ymd_opt(2031, 1, 1).unwrap() + chrono::Days::new(n.into())).to_string()
}

/// What the server must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Unauthorised,
    Forbidden,
    Invalid(&'static str),
    Done,
}

impl Case {
    /// The answer the one rule gives `caller`.
    pub fn expect(&self, caller: &Caller) -> Expect {
        if caller.bearer.is_none() {
            return Expect::Unauthorised;
        }
        match self.owned {
            Some(owned) if !may_change(&caller.grants, scope_of(owned)) => Expect::Forbidden,
            _ => match &self.also {
                Some((field, rule)) if !rule(&caller.grants) => Expect::Invalid(field),
                _ => Expect::Done,
            },
        }
    }
}

/// The cases of each route. A route missing here fails the test.
pub fn cases(route: &StateChangingRoute, f: &Fixture, anyone: &Caller) -> Option<Vec<Case>> {
    if let Some(cases) = crate::meetings_fixture::cases(route, &f.meetings) {
        return Some(cases);
    }
    if let Some(cases) = crate::plans_fixture::cases(route, &f.plans) {
        return Some(cases);
    }
    if let Some(cases) = crate::crisis_fixture::cases(route, &f.crisis) {
        return Some(cases);
    }
    let of = |p: Party| f.of(p);
    let function = |p: Party| Owned::Function { party_id: Some(of(p).party) };
    let party_act = |p: Party| Owned::PartyAct { party_id: of(p).party };
    let each = |make: &dyn Fn(Party) -> Case| PARTIES.iter().map(|p| make(*p)).collect::<Vec<_>>();
    let pairs = |make: &dyn Fn(Party, Party) -> Case| {
        PARTIES.iter().flat_map(|p| PARTIES.iter().map(move |q| (*p, *q))).map(|(p, q)| make(p, q)).collect::<Vec<_>>()
    };
    // A holder: the party's own organisation, or another party's (refused to everyone, finding 3).
    let handover = |path: String, p: Party, org: Party| {
        let (function_party, org_party, organisation) = (of(p).party, of(org).party, of(org).organisation);
        case(path, function(p), move |n| {
            json!({"valid_from": day(n), "organisation_id": organisation, "person_name": format!("Innehavare {n}")})
        })
        .also("organisation_id", move |_| may_hold(Some(function_party), Some(org_party)))
    };
    // A member: a function of the body's own party or area, or another's (finding 3).
    let member = |path: String, p: Party, q: Party| {
        let (fid, fparty, farea) = (of(q).function, of(q).party, of(q).function_area);
        let body_area = match of(p).body_owned {
            Owned::Body { area, .. } => area.map(|a| a.area_id),
            _ => None,
        };
        case(
            path,
            of(p).body_owned,
            move |n| json!({"function_id": fid, "role": "member", "valid_from": day(n), "valid_to": day(n)}),
        )
        .also("function_id", move |g| may_add_member(g, Some(fparty), Some(farea), body_area))
    };
    // New bodies: labelled with each party, in each municipality's area, and in A's area labelled
    // with B (refused as a field to anyone who may write in A's area).
    let new_bodies = |path: &str| {
        let mut out: Vec<Case> = each(&|p| {
            let party = of(p).party;
            case(
                path.to_owned(),
                Owned::Body { party_id: Some(party), area: None },
                move |n| json!({"name": format!("Grupp {n}"), "level": "local", "kind": "other", "party_id": party, "valid_from": "2025-01-01"}),
            )
        });
        for area in [f.area_a, f.area_b] {
            out.push(case(path.to_owned(), Owned::Body { party_id: None, area: Some(area) }, move |n| {
                json!({"name": format!("Nätverk {n}"), "level": "local", "kind": "other", "area_id": area.area_id, "valid_from": "2025-01-01"})
            }));
        }
        let (area, other) = (f.area_a, of(Party::B).party);
        out.push(
            case(path.to_owned(), Owned::Body { party_id: None, area: Some(area) }, move |n| {
                json!({"name": format!("Fel märkt {n}"), "level": "local", "kind": "other", "area_id": area.area_id, "party_id": other, "valid_from": "2025-01-01"})
            })
            .also("party_id", |_| false),
        );
        out
    };
    let body_fields = |p: Party| {
        let mut fields = match of(p).body_owned {
            Owned::Body { area: Some(a), .. } => {
                json!({"name": "Närområdesgruppen", "level": "local", "kind": "local_collaboration", "area_id": a.area_id})
            }
            _ => json!({"name": "Regionens grupp", "level": "county", "kind": "other", "party_id": of(p).party}),
        };
        fields["valid_from"] = json!("2020-01-01");
        fields
    };
    let joint = |path: String, body: Value| vec![case(path, Owned::Joint, move |_| body.clone())];
    let own = |path: String| Case { path, body: Box::new(|_| json!({})), owned: None, also: None };

    if let Some(found) = crate::actors_cases::cases(route, &f.actors) {
        return Some(found);
    }
    let (method, route_path) = (route.method.as_str(), route.path.as_str());
    Some(match (method, route_path) {
        ("POST", "/api/v1/functions") => each(&|p| {
            let (party, area) = (of(p).party, of(p).function_area);
            case("/api/v1/functions".to_owned(), function(p), move |n| {
                json!({"name": format!("Ny funktion {n}"), "kind": "other", "party_id": party, "area_id": area, "valid_from": "2025-01-01"})
            })
        }),
        ("PUT", "/api/v1/functions/{id}") => each(&|p| {
            case(format!("/api/v1/functions/{}", of(p).function), function(p), |_| {
                json!({"name": "Kontaktperson för HÖK", "kind": "other", "valid_from": "2020-01-01"})
            })
        }),
        ("POST", "/api/v1/functions/{id}/handovers") => {
            let mut out = pairs(&|p, q| handover(format!("/api/v1/functions/{}/handovers", of(p).function), p, q));
            // Appointing another party's person is allowed (it gives nothing over the person);
            // naming another party as the one acted for is not, unless one may write for it.
            out.extend(each(&|p| {
                let (organisation, person) = (of(p).organisation, of(p.other()).person);
                case(format!("/api/v1/functions/{}/handovers", of(p).function), function(p), move |n| {
                    json!({"valid_from": day(n), "organisation_id": organisation, "person_id": person})
                })
            }));
            out.extend(each(&|p| {
                let (organisation, party, other) = (of(p).organisation, of(p).party, of(p.other()).party);
                case(format!("/api/v1/functions/{}/handovers", of(p).function), function(p), move |n| {
                    json!({"valid_from": day(n), "organisation_id": organisation, "on_behalf_of_party_id": other})
                })
                .also("on_behalf_of_party_id", move |g| may_act_for(g, Some(party), other))
            }));
            out
        }
        ("PUT", "/api/v1/persons/{id}") => each(&|p| {
            case(format!("/api/v1/persons/{}", of(p).person), Owned::Person { party_id: Some(of(p).party) }, |_| {
                json!({"name": "Anna Berg", "title": "Enhetschef", "email": "anna.berg@example.se"})
            })
        }),
        ("POST", "/api/v1/bodies") => new_bodies("/api/v1/bodies"),
        ("PUT", "/api/v1/bodies/{id}") => {
            let mut out = each(&|p| {
                let fields = body_fields(p);
                case(format!("/api/v1/bodies/{}", of(p).body), of(p).body_owned, move |_| fields.clone())
            });
            let (was, to) = (Owned::Body { party_id: None, area: Some(f.area_a) }, of(Party::B).party);
            out.push(
                case(format!("/api/v1/bodies/{}", f.movable_body), was, move |_| {
                    json!({"name": "Flyttbara gruppen", "level": "local", "kind": "other", "party_id": to, "valid_from": "2020-01-01"})
                })
                .also("party_id", move |g| may_change(g, scope_of(Owned::Body { party_id: Some(to), area: None }))),
            );
            out
        }
        ("POST", "/api/v1/bodies/{id}/memberships") => {
            pairs(&|p, q| member(format!("/api/v1/bodies/{}/memberships", of(p).body), p, q))
        }
        ("PATCH", "/api/v1/memberships/{id}") => each(&|p| {
            case(format!("/api/v1/memberships/{}", of(p).membership), of(p).body_owned, |_| json!({"valid_to": "2029-06-30"}))
        }),
        ("POST", "/api/v1/organisations") => each(&|p| {
            let party = of(p).party;
            case("/api/v1/organisations".to_owned(), Owned::Organisation { party_id: Some(party) }, move |n| {
                json!({"name": format!("Ny enhet {n}"), "kind": "other", "party_id": party, "valid_from": "2025-01-01"})
            })
        }),
        ("PUT", "/api/v1/organisations/{id}") => each(&|p| {
            let party = of(p).party;
            case(format!("/api/v1/organisations/{}", of(p).organisation), Owned::Organisation { party_id: Some(party) }, move |_| {
                json!({"name": "Förvaltningen", "kind": "administration", "party_id": party, "valid_from": "2020-01-01"})
            })
        }),
        ("POST", "/api/v1/sub-regions") => {
            joint("/api/v1/sub-regions".to_owned(), json!({"name": "Ny delregion", "valid_from": "2025-01-01"}))
        }
        ("PUT", "/api/v1/sub-regions/{id}") => joint(
            format!("/api/v1/sub-regions/{}", f.sub_region),
            json!({"name": "Sydost", "description": "Omdöpt", "valid_from": "2020-01-01"}),
        ),
        ("POST", "/api/v1/agreements") => joint(
            "/api/v1/agreements".to_owned(),
            json!({"title": "Ny överenskommelse", "kind": "subject_area", "target_groups": ["elderly"]}),
        ),
        ("PUT", "/api/v1/agreements/{id}") => joint(
            format!("/api/v1/agreements/{}", f.other_agreement),
            json!({"title": "Ändrad överenskommelse", "kind": "subject_area", "target_groups": ["adults"], "follow_up_models": ["indicators"]}),
        ),
        ("POST", "/api/v1/agreements/{id}/versions") => {
            vec![case(format!("/api/v1/agreements/{}/versions", f.agreement), Owned::Joint, |n| json!({"number": format!("2026.{n}")}))]
        }
        ("POST", "/api/v1/agreements/{id}/relations") => joint(
            format!("/api/v1/agreements/{}/relations", f.agreement),
            json!({"kind": "add_on_to", "related_id": f.other_agreement}),
        ),
        ("POST", "/api/v1/versions/{id}/consultation") => joint(
            format!("/api/v1/versions/{}/consultation", f.fresh_version),
            json!({"sent_on": "2026-01-10", "deadline": "2026-03-01"}),
        ),
        ("PUT", "/api/v1/consultations/{id}/deadline") => {
            vec![case(format!("/api/v1/consultations/{}/deadline", f.consultation), Owned::Joint, |n| {
                json!({"deadline": format!("{}-06-30", 2030 + n)})
            })]
        }
        ("POST", "/api/v1/consultations/{id}/answers") => each(&|p| {
            let party = of(p).party;
            case(format!("/api/v1/consultations/{}/answers", f.consultation), party_act(p), move |_| {
                json!({"party_id": party, "answered_on": "2025-02-01", "stance": "agrees"})
            })
        }),
        ("POST", "/api/v1/versions/{id}/proposals") => joint(
            format!("/api/v1/versions/{}/proposals", f.version),
            json!({"body_name": "Styrgruppen", "to_body_name": "Vård i samverkan (VIS)", "proposed_on": "2025-03-01"}),
        ),
        ("POST", "/api/v1/versions/{id}/recommendations") => joint(
            format!("/api/v1/versions/{}/recommendations", f.version),
            json!({"body_name": "Storsthlms styrelse", "addressed_to": "municipalities", "decided_on": "2025-04-01", "outcome": "recommended"}),
        ),
        ("POST", "/api/v1/versions/{id}/decisions") => each(&|p| {
            let party = of(p).party;
            case(format!("/api/v1/versions/{}/decisions", f.version), party_act(p), move |_| {
                json!({"party_id": party, "deciding_body": "Fullmäktige", "decided_on": "2025-06-01", "outcome": "adopted", "diary_number": "KS25/1"})
            })
        }),
        // A party leaves the version in force: each call from a later day (a party's later
        // withdrawal stands over its earlier; the others' leaving does not end the version for it).
        ("POST", "/api/v1/versions/{id}/withdrawals") => each(&|p| {
            let party = of(p).party;
            case(format!("/api/v1/versions/{}/withdrawals", f.version_in_force), party_act(p), move |n| {
                json!({"party_id": party, "deciding_body": "Kommunfullmäktige", "decided_on": "2025-09-01", "paragraph": "§ 12", "diary_number": "KS25/9", "leaves_on": day(n)})
            })
        }),
        ("POST", "/api/v1/versions/{id}/preparatory-steps") => each(&|p| {
            let party = of(p).party;
            case(format!("/api/v1/versions/{}/preparatory-steps", f.version), party_act(p), move |_| {
                json!({"party_id": party, "body_name": "Socialnämnden", "role": "opinion", "handled_on": "2025-05-10", "outcome": "supports_adoption"})
            })
        }),
        // Documents: a small PDF (the `file` field names it), multipart.
        ("POST", "/api/v1/versions/{id}/documents") => joint(
            format!("/api/v1/versions/{}/documents", f.version),
            json!({"file": "Överenskommelsen.pdf", "title": "Överenskommelsen"}),
        ),
        ("POST", "/api/v1/answers/{id}/documents") => each(&|p| {
            case(format!("/api/v1/answers/{}/documents", of(p).answer), party_act(p), |_| json!({"file": "Remissvar.pdf"}))
        }),
        ("POST", "/api/v1/decisions/{id}/documents") => each(&|p| {
            case(format!("/api/v1/decisions/{}/documents", of(p).decision), party_act(p), |_| {
                json!({"file": "Protokollsutdrag.pdf"})
            })
        }),
        ("POST", "/versioner/{id}/nytt-dokument") => joint(
            format!("/versioner/{}/nytt-dokument", f.version),
            json!({"file": "Bilaga.pdf", "title": "Bilaga 1"}),
        ),
        // The pages' forms: the same edits, as a person makes them.
        ("POST", "/parter/{id}/ny-funktion") => each(&|p| {
            case(format!("/parter/{}/ny-funktion", of(p).party), function(p), |n| {
                json!({"name": format!("Samordnare {n}"), "kind": "other", "valid_from": "2025-01-01"})
            })
        }),
        // A function made on an area's page is its municipality's.
        ("POST", "/omraden/{id}/ny-funktion") => [Party::A, Party::B]
            .into_iter()
            .map(|p| {
                case(format!("/omraden/{}/ny-funktion", f.area(p).area_id), function(p), |n| {
                    json!({"name": format!("Kontaktperson närområdet {n}"), "kind": "other", "valid_from": "2025-01-01"})
                })
            })
            .collect(),
        ("POST", "/funktioner/{id}/andra") => each(&|p| {
            case(format!("/funktioner/{}/andra", of(p).function), function(p), |_| {
                json!({"name": "Kontaktperson HÖK", "kind": "other", "valid_from": "2020-01-01"})
            })
        }),
        ("POST", "/funktioner/{id}/byte") => pairs(&|p, q| handover(format!("/funktioner/{}/byte", of(p).function), p, q)),
        ("POST", "/personer/{id}/andra") => each(&|p| {
            case(format!("/personer/{}/andra", of(p).person), Owned::Person { party_id: Some(of(p).party) }, |_| {
                json!({"name": "Anna Berg", "title": "Verksamhetschef"})
            })
        }),
        ("POST", "/organ/nytt") => new_bodies("/organ/nytt"),
        ("POST", "/organ/{id}/andra") => each(&|p| {
            let fields = body_fields(p);
            case(format!("/organ/{}/andra", of(p).body), of(p).body_owned, move |_| fields.clone())
        }),
        ("POST", "/organ/{id}/ny-medlem") => pairs(&|p, q| member(format!("/organ/{}/ny-medlem", of(p).body), p, q)),
        ("POST", "/medlemskap/{id}/avsluta") => each(&|p| {
            case(format!("/medlemskap/{}/avsluta", of(p).membership), of(p).body_owned, |_| json!({"valid_to": "2029-03-31"}))
        }),
        ("POST", "/organisationer/ny") => each(&|p| {
            let party = of(p).party;
            case("/organisationer/ny".to_owned(), Owned::Organisation { party_id: Some(party) }, move |n| {
                json!({"name": format!("Hemtjänst {n}"), "kind": "other", "party_id": party, "valid_from": "2025-01-01"})
            })
        }),
        ("POST", "/organisationer/{id}/andra") => each(&|p| {
            let party = of(p).party;
            case(format!("/organisationer/{}/andra", of(p).organisation), Owned::Organisation { party_id: Some(party) }, move |_| {
                json!({"name": "Förvaltningen", "kind": "administration", "party_id": party, "valid_from": "2020-01-01"})
            })
        }),
        ("POST", "/delregioner/ny") => joint("/delregioner/ny".to_owned(), json!({"name": "Norrort", "valid_from": "2025-01-01"})),
        ("POST", "/delregioner/{id}/andra") => {
            joint(format!("/delregioner/{}/andra", f.sub_region), json!({"name": "Sydost", "valid_from": "2020-01-01"}))
        }
        // A party's part of an agreement's process, recorded on the pages (the version named:
        // the agreement gets newer ones above).
        // The process leaders' forms.
        ("POST", "/overenskommelser/ny") => joint(
            "/overenskommelser/ny".to_owned(),
            json!({"title": "Ny överenskommelse", "kind": "subject_area", "target_groups": ["elderly", "adults"]}),
        ),
        ("POST", "/overenskommelser/{id}/andra") => joint(
            format!("/overenskommelser/{}/andra", f.other_agreement),
            json!({"title": "Ändrad överenskommelse", "kind": "subject_area", "target_groups": ["adults"], "follow_up_models": ["indicators"]}),
        ),
        ("POST", "/overenskommelser/{id}/ny-version") => {
            vec![case(format!("/overenskommelser/{}/ny-version", f.agreement), Owned::Joint, |n| {
                json!({"number": format!("2027.{n}"), "date": "2026-01-15"})
            })]
        }
        ("POST", "/overenskommelser/{id}/ny-relation") => joint(
            format!("/overenskommelser/{}/ny-relation", f.agreement),
            json!({"kind": "add_on_to", "related_id": f.other_agreement.to_string()}),
        ),
        ("POST", "/overenskommelser/{id}/remiss/skicka") => joint(
            format!("/overenskommelser/{}/remiss/skicka?version={}", f.other_agreement, f.unsent_version),
            json!({"sent_on": "2026-01-10", "deadline": "2026-03-01"}),
        ),
        ("POST", "/overenskommelser/{id}/remiss/svarsdag") => {
            vec![case(format!("/overenskommelser/{}/remiss/svarsdag?version={}", f.agreement, f.version), Owned::Joint, |n| {
                json!({"deadline": format!("{}-06-30", 2030 + n)})
            })]
        }
        ("POST", "/overenskommelser/{id}/antagande/rekommendation") => joint(
            format!("/overenskommelser/{}/antagande/rekommendation?version={}", f.agreement, f.version),
            json!({"body_name": "Storsthlms styrelse", "addressed_to": "municipalities", "decided_on": "2025-04-01", "outcome": "recommended", "confirm": "ja"}),
        ),
        ("POST", "/overenskommelser/{id}/remiss/svar") => each(&|p| {
            let party = of(p).party;
            case(format!("/overenskommelser/{}/remiss/svar?version={}", f.agreement, f.version), party_act(p), move |_| {
                json!({"party_id": party.to_string(), "answered_on": "2025-02-20", "stance": "no_comment", "confirm": "ja"})
            })
        }),
        ("POST", "/overenskommelser/{id}/antagande/beslut") => each(&|p| {
            let party = of(p).party;
            case(format!("/overenskommelser/{}/antagande/beslut?version={}", f.agreement, f.version), party_act(p), move |_| {
                json!({"party_id": party.to_string(), "deciding_body": "Fullmäktige", "decided_text": "hösten 2025", "outcome": "referred_back", "confirm": "ja"})
            })
        }),
        ("POST", "/overenskommelser/{id}/antagande/beredning") => each(&|p| {
            let party = of(p).party;
            case(format!("/overenskommelser/{}/antagande/beredning?version={}", f.agreement, f.version), party_act(p), move |_| {
                json!({"party_id": party.to_string(), "body_name": "Äldrenämnden", "role": "opinion", "handled_on": "2025-05-12", "outcome": ""})
            })
        }),
        ("POST", "/overenskommelser/{id}/antagande/uppsagning") => each(&|p| {
            let party = of(p).party;
            let path = format!("/overenskommelser/{}/antagande/uppsagning?version={}", f.agreement_in_force, f.version_in_force);
            case(path, party_act(p), move |n| {
                json!({"party_id": party.to_string(), "deciding_body": "Kommunfullmäktige", "decided_on": "2025-09-01", "paragraph": "", "diary_number": "", "leaves_on": day(n)})
            })
        }),
        ("POST", "/logga-ut") => vec![own("/logga-ut".to_owned())],
        ("POST", "/konto/nycklar") => {
            vec![Case { body: Box::new(|_| json!({"name": "skript"})), ..own("/konto/nycklar".to_owned()) }]
        }
        ("POST", "/konto/nycklar/{id}/aterkalla") => vec![own(format!("/konto/nycklar/{}/aterkalla", anyone.token_id))],
        ("POST", "/konto/losenord") => vec![Case {
            body: Box::new(|_| {
                json!({"current_password": PASSWORD, "new_password": "ett helt annat lösenord", "repeat_password": "ett helt annat lösenord"})
            }),
            ..own("/konto/losenord".to_owned())
        }],
        _ => return None,
    })
}

#[tokio::test]
async fn every_state_changing_route_answers_each_role_as_the_ownership_rule_says() {
    let app = TestApp::spawn().await;
    let store = &app.store;
    let f = fixture(store).await;
    let area_coordinator = |area: AreaOf| Some(area.area_id);
    // The process leader last: only they may move a record between parties, which changes whose
    // it is for the cells after.
    let callers = [
        caller(store, "redaktör A", Role::PartyEditor, Some(Party::A.code()), None).await,
        caller(store, "redaktör B", Role::PartyEditor, Some(Party::B.code()), None).await,
        caller(store, "redaktör R", Role::PartyEditor, Some(Party::R.code()), None).await,
        caller(store, "samordnare A", Role::AreaCoordinator, None, area_coordinator(f.area_a)).await,
        caller(store, "samordnare B", Role::AreaCoordinator, None, area_coordinator(f.area_b)).await,
        caller(store, "läsare", Role::Reader, None, None).await,
        Caller::ANONYMOUS,
        caller(store, "processledare", Role::Admin, None, None).await,
    ];
    let admin = callers.last().unwrap().clone();
    let anyone = caller(store, "inloggad", Role::Reader, None, None).await;

    let mut routes = samverkan_web::state_changing_routes();
    // Signing out last: it ends the session the others use.
    routes.sort_by_key(|r| r.path == "/logga-ut");
    assert!(routes.len() >= 13, "the router's own list: {routes:?}");
    let mut unknown = Vec::new();
    let mut failures = Vec::new();
    let (mut n, mut cells, mut done) = (0u32, 0, 0);
    for route in &routes {
        if route.access == Access::Public {
            continue; // signing in
        }
        let Some(cases) = cases(route, &f, &anyone) else {
            unknown.push(format!("{} {}", route.method, route.path));
            continue;
        };
        assert_eq!(cases.iter().all(|c| c.owned.is_none()), route.access == Access::SignedIn, "{}", route.path);
        for case in &cases {
            // The account routes are each signed-in user's own: tried as one, and anonymously.
            let who: Vec<&Caller> =
                if case.owned.is_none() { vec![&callers[6], &anyone] } else { callers.iter().collect() };
            for caller in who {
                n += 1;
                cells += 1;
                let body = (case.body)(n);
                let expected = case.expect(caller);
                let before = footprint(store).await;
                let response = submit(&app, caller, &route.method, &case.path, &body).await;
                let status = response.status().as_u16();
                let text = response.text().await.unwrap();
                let cell = format!("{} {} {body} as {}", route.method, case.path, caller.label);
                let fits = match expected {
                    Expect::Unauthorised => status == 401,
                    Expect::Forbidden => status == 403,
                    // The API names the field in `invalid_params`, a page beside the field.
                    Expect::Invalid(field) => status == 422 && text.contains(field),
                    Expect::Done => (200..400).contains(&status),
                };
                if !fits {
                    failures.push(format!(
                        "{cell}: expected {expected:?}, got {status} {}",
                        text.chars().take(300).collect::<String>()
                    ));
                }
                let after = footprint(store).await;
                if expected == Expect::Done {
                    done += 1;
                    if case.owned.is_some() && after.0 <= before.0 {
                        failures.push(format!("{cell}: accepted but not on the audit trail"));
                    }
                } else if after != before {
                    failures.push(format!("{cell}: refused ({status}) but the database changed"));
                }
            }
            // A form without its CSRF token is refused even from a process leader.
            if !case.path.starts_with("/api/") && case.owned.is_some() {
                let forged = Caller { csrf: String::new(), ..admin.clone() };
                let status = submit(&app, &forged, &route.method, &case.path, &(case.body)(0)).await.status().as_u16();
                assert_eq!(status, 403, "{} without CSRF", case.path);
            }
        }
    }
    assert!(unknown.is_empty(), "routes this test does not know; say whose records they write: {unknown:?}");
    assert!(failures.is_empty(), "{} of {cells} cells differ from the rule:\n{}", failures.len(), failures.join("\n"));
    assert!(done > 100 && done < cells / 2, "{done} of {cells} cells accepted: the table tries both sides of the rule");
    assert!(matches!(store.verify_audit_trail().await.unwrap(), AuditCheck::Intact { .. }));
}

/// A person's e-mail and phone are personal data: the public API leaves them out, a signed-in
/// caller (any role) gets them.
#[tokio::test]
async fn contact_details_only_to_signed_in_callers() {
    let app = TestApp::spawn().await;
    let f = fixture(&app.store).await;
    let reader = caller(&app.store, "läsare", Role::Reader, None, None).await;
    let admin = Actor::user(0, vec![samverkan_domain::Grant::new(Role::Admin, None, None).unwrap()]);
    let details =
        json!({"name": "Anna Berg", "title": "Enhetschef", "email": "anna.berg@nacka.se", "phone": "08-718 80 00"});
    // A's function is held by B's person since 2021.
    app.store
        .update_person(&admin, f.of(Party::B).person, samverkan_domain::Input::from_json(details).unwrap())
        .await
        .unwrap();
    let path = format!("{}/api/v1/parties/{}", app.base, f.of(Party::A).party);
    let holder = |party: &Value| -> Value {
        let functions = party["functions"].as_array().unwrap();
        functions.iter().find(|x| x["id"] == f.of(Party::A).function).unwrap()["holder"]["person"].clone()
    };
    let public: Value = app.client.get(&path).send().await.unwrap().json().await.unwrap();
    let person = holder(&public);
    assert_eq!((person["name"].as_str(), person["title"].as_str()), (Some("Anna Berg"), Some("Enhetschef")));
    assert_eq!((person["email"].clone(), person["phone"].clone()), (Value::Null, Value::Null));
    let signed_in: Value =
        app.client.get(&path).bearer_auth(reader.bearer.unwrap()).send().await.unwrap().json().await.unwrap();
    let person = holder(&signed_in);
    assert_eq!(
        (person["email"].as_str(), person["phone"].as_str()),
        (Some("anna.berg@nacka.se"), Some("08-718 80 00"))
    );
}
