//! The plans' forms, through the forms kit: an action plan (new, changed), an activity (new,
//! changed), a follow-up note; an entry of the area plan (new, changed) and its review.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use samverkan_domain::commands::{ActionPlanDetails, ActivityDetails, AreaPlanEntryDetails, EntryReview, FollowUpNote};
use samverkan_store::{ActionPlanDetail, AreaPlanEntry, When};

use crate::kit::{
    Access, AppState, Error, Form, FormFields, FormRoute, FormWriter, Group, Page, PageAt, PageError, Values, answer,
    editor, page, parse_id, paths, plain, show, today,
};
use crate::meetings::common::area_scope;

pub fn form_routes() -> Vec<FormRoute> {
    let route = |path, methods| FormRoute { path, access: Access::Records, methods };
    vec![
        route(paths::AREA_NEW_ACTION_PLAN, get(new_plan_form).post(create_plan)),
        route(paths::ACTION_PLAN_EDIT, get(edit_plan_form).post(update_plan)),
        route(paths::ACTION_PLAN_NEW_ACTIVITY, get(new_activity_form).post(add_activity)),
        route(paths::ACTIVITY_EDIT, get(edit_activity_form).post(update_activity)),
        route(paths::ACTION_PLAN_NEW_NOTE, get(note_form).post(add_note)),
        route(paths::AREA_PLAN_NEW_ENTRY, get(new_entry_form).post(create_entry)),
        route(paths::AREA_PLAN_ENTRY_EDIT, get(edit_entry_form).post(update_entry)),
        route(paths::AREA_PLAN_ENTRY_REVIEW, get(review_form).post(review)),
    ]
}

fn opt<T: ToString>(v: Option<T>) -> Option<String> {
    v.map(|v| v.to_string())
}

// ---- action plans ----------------------------------------------------------------------------

async fn plan_fields(state: &AppState, area_id: i32) -> Result<Vec<Group>, Error> {
    let agreements = state.store.action_plan_agreements().await?;
    let mut meetings = Vec::new();
    for when in [When::Past, When::Upcoming] {
        let list = state.store.area_meetings(area_id, None, when, samverkan_store::Page::first(50)).await?;
        meetings.extend(list.items.into_iter().map(|m| (m.id.to_string(), format!("{} {}", m.title, m.starts.day()))));
    }
    let mut f = FormFields::of::<ActionPlanDetails>();
    let fields = vec![
        f.take("title"),
        f.take("target_group"),
        f.take("goal"),
        f.take("starts_on"),
        f.take("ends_on"),
        f.options("agreement_id", agreements.into_iter().map(|a| (a.id.to_string(), a.name)).collect()),
        f.options("meeting_id", meetings),
    ];
    Ok(vec![plain(fields)])
}

async fn area_page(state: &AppState, area_id: i32, heading: &str) -> Result<Page, Error> {
    let area = state.store.area(area_id, today()).await?.ok_or(Error::NotFound)?.area;
    Ok(page(
        format!("{heading} i {}", area.name),
        "omraden",
        paths::area_action_plans(area_id),
        format!("Tillbaka till handlingsplanerna i {}", area.name),
    ))
}

async fn new_plan_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let area_id = parse_id(&id)?;
    let page = area_page(&state, area_id, "Ny handlingsplan").await?;
    let user = editor(&at, Some(area_scope(&state, area_id).await?))?;
    let form = Form::new(
        paths::area_new_action_plan(area_id),
        &user,
        "Spara handlingsplanen",
        plan_fields(&state, area_id).await?,
    );
    show(&state, &at, page, form.fill(&Values::default(), None), StatusCode::OK)
}

async fn create_plan(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let area_id = parse_id(&id)?;
    let page = area_page(&state, area_id, "Ny handlingsplan").await?;
    let groups = plan_fields(&state, area_id).await?;
    let result = state.store.create_action_plan(&writer.actor(), area_id, writer.input()).await;
    let again =
        || (page, Form::new(paths::area_new_action_plan(area_id), &writer.user, "Spara handlingsplanen", groups));
    answer(&state, &at, result, paths::action_plan, "Handlingsplanen är sparad.", again, &writer)
}

async fn plan_of(state: &AppState, id: &str) -> Result<ActionPlanDetail, Error> {
    state.store.action_plan(parse_id(id)?).await?.ok_or(Error::NotFound)
}

fn plan_page(d: &ActionPlanDetail, heading: String) -> Page {
    page(heading, "omraden", paths::action_plan(d.plan.id), format!("Tillbaka till {}", d.plan.title))
}

fn plan_values(d: &ActionPlanDetail) -> Values {
    let p = &d.plan;
    Values::of([
        ("title", Some(p.title.clone())),
        ("target_group", Some(samverkan_domain::kinds::Kind::code(p.target_group).to_owned())),
        ("goal", Some(p.goal.clone())),
        ("starts_on", Some(p.starts_on.to_string())),
        ("ends_on", opt(p.ends_on)),
        ("agreement_id", opt(p.agreement.as_ref().map(|a| a.id))),
        ("meeting_id", opt(p.meeting.as_ref().map(|m| m.id))),
    ])
}

async fn edit_plan_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let d = plan_of(&state, &id).await?;
    let user = editor(&at, Some(area_scope(&state, d.plan.area.id).await?))?;
    let form = Form::new(
        paths::action_plan_edit(d.plan.id),
        &user,
        "Spara ändringarna",
        plan_fields(&state, d.plan.area.id).await?,
    );
    show(
        &state,
        &at,
        plan_page(&d, format!("Ändra {}", d.plan.title)),
        form.fill(&plan_values(&d), None),
        StatusCode::OK,
    )
}

async fn update_plan(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let d = plan_of(&state, &id).await?;
    let groups = plan_fields(&state, d.plan.area.id).await?;
    let result = state.store.update_action_plan(&writer.actor(), d.plan.id, writer.input()).await;
    let again = || {
        (
            plan_page(&d, format!("Ändra {}", d.plan.title)),
            Form::new(paths::action_plan_edit(d.plan.id), &writer.user, "Spara ändringarna", groups),
        )
    };
    answer(&state, &at, result, paths::action_plan, "Handlingsplanen är sparad.", again, &writer)
}

// ---- activities and follow-up ------------------------------------------------------------------

fn activity_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<ActivityDetails>().rest())]
}

async fn new_activity_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let d = plan_of(&state, &id).await?;
    let user = editor(&at, Some(area_scope(&state, d.plan.area.id).await?))?;
    let form = Form::new(paths::action_plan_new_activity(d.plan.id), &user, "Lägg till aktiviteten", activity_fields());
    let values = Values::of([("status", Some("not_started".to_owned()))]);
    show(
        &state,
        &at,
        plan_page(&d, format!("Ny aktivitet i {}", d.plan.title)),
        form.fill(&values, None),
        StatusCode::OK,
    )
}

async fn add_activity(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let d = plan_of(&state, &id).await?;
    let result = state.store.add_activity(&writer.actor(), d.plan.id, writer.input()).await;
    let again = || {
        (
            plan_page(&d, format!("Ny aktivitet i {}", d.plan.title)),
            Form::new(
                paths::action_plan_new_activity(d.plan.id),
                &writer.user,
                "Lägg till aktiviteten",
                activity_fields(),
            ),
        )
    };
    let plan = d.plan.id;
    answer(&state, &at, result, |_| paths::action_plan(plan), "Aktiviteten är tillagd.", again, &writer)
}

async fn activity_of(state: &AppState, id: &str) -> Result<(ActionPlanDetail, samverkan_store::Activity), Error> {
    let activity_id = parse_id(id)?;
    let plan = state.store.activity_plan(activity_id).await?.ok_or(Error::NotFound)?;
    let d = state.store.action_plan(plan).await?.ok_or(Error::NotFound)?;
    let a = d.activities.iter().find(|a| a.id == activity_id).cloned().ok_or(Error::NotFound)?;
    Ok((d, a))
}

async fn edit_activity_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let (d, a) = activity_of(&state, &id).await?;
    let user = editor(&at, Some(area_scope(&state, d.plan.area.id).await?))?;
    let values = Values::of([
        ("description", Some(a.description.clone())),
        ("owner_function", Some(a.owner_function.clone())),
        ("due_on", opt(a.due_on)),
        ("status", Some(samverkan_domain::kinds::Kind::code(a.status).to_owned())),
        ("progress", Some(a.progress.to_string())),
    ]);
    let form = Form::new(paths::activity_edit(a.id), &user, "Spara aktiviteten", activity_fields()).fill(&values, None);
    show(&state, &at, plan_page(&d, format!("Ändra aktiviteten {}", a.description)), form, StatusCode::OK)
}

async fn update_activity(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let (d, a) = activity_of(&state, &id).await?;
    let result = state.store.update_activity(&writer.actor(), a.id, writer.input()).await;
    let again = || {
        (
            plan_page(&d, format!("Ändra aktiviteten {}", a.description)),
            Form::new(paths::activity_edit(a.id), &writer.user, "Spara aktiviteten", activity_fields()),
        )
    };
    let plan = d.plan.id;
    answer(&state, &at, result, |_| paths::action_plan(plan), "Aktiviteten är sparad.", again, &writer)
}

fn note_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<FollowUpNote>().rest())]
}

async fn note_form(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> Result<Response, PageError> {
    let d = plan_of(&state, &id).await?;
    let user = editor(&at, Some(area_scope(&state, d.plan.area.id).await?))?;
    let form = Form::new(paths::action_plan_new_note(d.plan.id), &user, "Spara uppföljningen", note_fields());
    let values = Values::of([("noted_on", Some(today().to_string()))]);
    show(
        &state,
        &at,
        plan_page(&d, format!("Uppföljning av {}", d.plan.title)),
        form.fill(&values, None),
        StatusCode::OK,
    )
}

async fn add_note(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let d = plan_of(&state, &id).await?;
    let result = state.store.add_follow_up(&writer.actor(), d.plan.id, writer.input()).await;
    let again = || {
        (
            plan_page(&d, format!("Uppföljning av {}", d.plan.title)),
            Form::new(paths::action_plan_new_note(d.plan.id), &writer.user, "Spara uppföljningen", note_fields()),
        )
    };
    let plan = d.plan.id;
    answer(
        &state,
        &at,
        result,
        |_| format!("{}#uppfoljning", paths::action_plan(plan)),
        "Uppföljningen är sparad.",
        again,
        &writer,
    )
}

// ---- the area plan ---------------------------------------------------------------------------

async fn entry_fields(state: &AppState, area_id: i32) -> Result<Vec<Group>, Error> {
    let orgs = state.store.area_map_organisations(area_id).await?;
    let mut f = FormFields::of::<AreaPlanEntryDetails>();
    let fields = vec![
        f.take("responsibility"),
        f.options("organisation_id", orgs.into_iter().map(|o| (o.id.to_string(), o.name)).collect()),
        f.take("contact_function"),
        f.take("review_interval_months"),
    ];
    Ok(vec![plain(fields)])
}

async fn area_plan_page(state: &AppState, area_id: i32) -> Result<Page, Error> {
    let area = state.store.area(area_id, today()).await?.ok_or(Error::NotFound)?.area;
    Ok(page(
        format!("Nytt ansvarsområde i närområdesplanen för {}", area.name),
        "omraden",
        paths::area_plan(area_id),
        format!("Tillbaka till närområdesplanen för {}", area.name),
    )
    .intro("Den ansvariga organisationen väljs bland aktörerna i närområdets aktörskarta."))
}

async fn new_entry_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let area_id = parse_id(&id)?;
    let page = area_plan_page(&state, area_id).await?;
    let user = editor(&at, Some(area_scope(&state, area_id).await?))?;
    let form = Form::new(
        paths::area_plan_new_entry(area_id),
        &user,
        "Spara ansvarsområdet",
        entry_fields(&state, area_id).await?,
    );
    show(&state, &at, page, form.fill(&Values::default(), None), StatusCode::OK)
}

async fn create_entry(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let area_id = parse_id(&id)?;
    let page = area_plan_page(&state, area_id).await?;
    let groups = entry_fields(&state, area_id).await?;
    let result = state.store.create_area_plan_entry(&writer.actor(), area_id, writer.input()).await;
    let again = || (page, Form::new(paths::area_plan_new_entry(area_id), &writer.user, "Spara ansvarsområdet", groups));
    answer(&state, &at, result, |_| paths::area_plan(area_id), "Ansvarsområdet är sparat.", again, &writer)
}

async fn entry_of(state: &AppState, id: &str) -> Result<AreaPlanEntry, Error> {
    Ok(state.store.area_plan_entry(parse_id(id)?, today()).await?.ok_or(Error::NotFound)?.0)
}

fn entry_page(e: &AreaPlanEntry, heading: String) -> Page {
    page(heading, "omraden", paths::area_plan_entry(e.id), format!("Tillbaka till {}", e.responsibility))
}

async fn edit_entry_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let e = entry_of(&state, &id).await?;
    let user = editor(&at, Some(area_scope(&state, e.area.id).await?))?;
    let values = Values::of([
        ("responsibility", Some(e.responsibility.clone())),
        ("organisation_id", Some(e.organisation.id.to_string())),
        ("contact_function", Some(e.contact_function.clone())),
        ("review_interval_months", Some(e.review_interval_months.to_string())),
    ]);
    let form = Form::new(
        paths::area_plan_entry_edit(e.id),
        &user,
        "Spara ändringarna",
        entry_fields(&state, e.area.id).await?,
    );
    let page = entry_page(&e, format!("Ändra {}", e.responsibility))
        .intro("Ändringen gäller från i dag; planen som den såg ut tidigare går att läsa per datum.");
    show(&state, &at, page, form.fill(&values, None), StatusCode::OK)
}

async fn update_entry(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let e = entry_of(&state, &id).await?;
    let groups = entry_fields(&state, e.area.id).await?;
    let result = state.store.update_area_plan_entry(&writer.actor(), e.id, writer.input()).await;
    let again = || {
        (
            entry_page(&e, format!("Ändra {}", e.responsibility)),
            Form::new(paths::area_plan_entry_edit(e.id), &writer.user, "Spara ändringarna", groups),
        )
    };
    answer(&state, &at, result, paths::area_plan_entry, "Ansvarsområdet är sparat.", again, &writer)
}

fn review_fields() -> Vec<Group> {
    vec![plain(FormFields::of::<EntryReview>().rest())]
}

fn review_page(e: &AreaPlanEntry) -> Page {
    entry_page(e, format!("Granska {}", e.responsibility)).intro(format!(
        "{}, kontaktfunktion {}. Nästa granskning räknas från granskningens datum.",
        e.organisation.name, e.contact_function
    ))
}

async fn review_form(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> Result<Response, PageError> {
    let e = entry_of(&state, &id).await?;
    let user = editor(&at, Some(area_scope(&state, e.area.id).await?))?;
    let values = Values::of([("reviewed_on", Some(today().to_string()))]);
    let form = Form::new(paths::area_plan_entry_review(e.id), &user, "Spara granskningen", review_fields());
    show(&state, &at, review_page(&e), form.fill(&values, None), StatusCode::OK)
}

async fn review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let e = entry_of(&state, &id).await?;
    let result = state.store.review_area_plan_entry(&writer.actor(), e.id, writer.input()).await;
    let again = || {
        (
            review_page(&e),
            Form::new(paths::area_plan_entry_review(e.id), &writer.user, "Spara granskningen", review_fields()),
        )
    };
    let area = e.area.id;
    answer(&state, &at, result, |_| paths::area_plan(area), "Granskningen är sparad.", again, &writer)
}
