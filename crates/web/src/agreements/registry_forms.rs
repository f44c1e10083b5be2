//! The process leaders' forms on an agreement's registry entry: registering an agreement
//! (`/overenskommelser/ny`), changing it (`…/andra`), adding a version with its text
//! (`…/ny-version`) and a relation to another agreement (`…/ny-relation`).
//!
//! Built as every form is ([`crate::kit::forms`]): the fields come from the store's commands,
//! the submission goes through the [`FormWriter`] gate to the same store function as the API's,
//! which authorises, checks and audits it; 422 with what was typed and a message beside each
//! wrong field, or a 303 to the agreement's page, which then says what was saved.

use crate::agreements::form_target::{attach, file_again, input_of};
use crate::agreements::pages::detail;
use crate::kit::{
    Access, AppState, Error, Field, Form, FormFields, FormRoute, FormWriter, Group, Page, PageAt, PageError, Values,
    answer, editor, page, paths, plain, show, today,
};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use samverkan_domain::commands::{AgreementEntry, NewRelation, NewVersion};
use samverkan_domain::{BodyKind, Scope};
use samverkan_store::{AgreementDetail, DocumentOwner, Page as Rows, WriteError};

/// The four forms, each a GET (the form) and a POST (its submission) at one address.
pub fn form_routes() -> Vec<FormRoute> {
    let route = |path, methods| FormRoute { path, access: Access::Records, methods };
    vec![
        route(paths::NEW_AGREEMENT, get(new_form).post(create)),
        route(paths::AGREEMENT_EDIT, get(edit_form).post(update)),
        route(paths::AGREEMENT_NEW_VERSION, get(version_form).post(add_version)),
        route(paths::AGREEMENT_NEW_RELATION, get(relation_form).post(add_relation)),
    ]
}

// ---- the registry entry -------------------------------------------------------------------------

/// What the entry's lists choose from: the samrådsgrupper, the agreements (for its place under
/// another, except itself) and the parties.
struct Choices {
    groups: Vec<(String, String)>,
    agreements: Vec<(String, String)>,
    parties: Vec<(String, String)>,
}

impl Choices {
    async fn of(state: &AppState, except: Option<i32>) -> Result<Choices, Error> {
        let s = &state.store;
        let groups = s
            .bodies_of_kind(BodyKind::ConsultativeGroup, today())
            .await?
            .into_iter()
            .map(|b| (b.id.to_string(), b.name))
            .collect();
        let agreements = s
            .agreements(today())
            .await?
            .into_iter()
            .filter(|a| Some(a.id) != except)
            .map(|a| (a.id.to_string(), a.title))
            .collect();
        let parties =
            s.parties(today(), Rows::ALL).await?.items.into_iter().map(|p| (p.id.to_string(), p.name)).collect();
        Ok(Choices { groups, agreements, parties })
    }

    /// The entry's fields, in the order of the agreement's page.
    fn fields(self) -> Vec<Group> {
        let mut f = FormFields::of::<AgreementEntry>();
        let mut about = vec![f.take("title"), f.take("short_name"), f.take("kind").radios(None)];
        about.extend(f.select("consultative_group_id", self.groups));
        about.extend(f.select("parent_id", self.agreements));
        about.extend([f.take("target_groups"), f.take("summary"), f.take("review_date")]);
        let working = Group {
            legend: Some("Genomförande, uppföljning och digitalt stöd"),
            hint: Some(
                "Beskriv med egna ord, och kryssa i de arbetssätt som används: de jämförs med de andra överenskommelsernas.",
            ),
            fields: vec![
                f.take("implementation"),
                f.take("implementation_models"),
                f.take("follow_up"),
                f.take("follow_up_models"),
                f.take("digital_support"),
                f.take("digital_support_models"),
            ],
        };
        let parties = f.take("parties").choices(self.parties);
        vec![plain(about), working, plain(vec![parties])]
    }
}

/// An agreement's entry as its form shows it: the record's fields and its lists.
fn entry_values(a: &AgreementDetail, models: &[samverkan_domain::agreement::WorkingModel]) -> Values {
    use samverkan_domain::agreement::ModelDimension;
    let s = &a.summary;
    let mut pairs: Vec<(&'static str, Option<String>)> = vec![
        ("title", Some(s.title.clone())),
        ("short_name", s.short_name.clone()),
        ("kind", Some(s.kind.code().to_owned())),
        ("consultative_group_id", s.consultative_group.as_ref().map(|g| g.id.to_string())),
        ("parent_id", a.parent.as_ref().map(|p| p.id.to_string())),
        ("summary", s.summary.clone()),
        ("implementation", a.implementation.clone()),
        ("follow_up", a.follow_up.clone()),
        ("digital_support", a.digital_support.clone()),
        ("review_date", a.review_date.map(|d| d.to_string())),
    ];
    pairs.extend(s.target_groups.iter().map(|g| ("target_groups", Some(g.code().to_owned()))));
    for m in models {
        let field = match m.dimension() {
            ModelDimension::Implementation => "implementation_models",
            ModelDimension::FollowUp => "follow_up_models",
            ModelDimension::DigitalSupport => "digital_support_models",
        };
        pairs.push((field, Some(m.code().to_owned())));
    }
    pairs.extend(a.parties.iter().map(|p| ("parties", Some(p.to_string()))));
    Values::from_pairs(pairs)
}

fn new_page() -> Page {
    page("Registrera en överenskommelse", "overenskommelser", paths::AGREEMENTS.to_owned(), "Tillbaka till överenskommelserna")
        .intro("Registrera överenskommelsens uppgifter. Versioner, med texten, och remiss läggs till på överenskommelsens sida.")
}

async fn new_form(State(state): State<AppState>, at: PageAt) -> Result<Response, PageError> {
    let user = editor(&at, Some(Scope::JOINT))?;
    let fields = Choices::of(&state, None).await?.fields();
    let form = Form::new(paths::NEW_AGREEMENT.to_owned(), &user, "Registrera överenskommelsen", fields);
    show(&state, &at, new_page(), form.fill(&Values::default(), None), StatusCode::OK)
}

async fn create(State(state): State<AppState>, at: PageAt, writer: FormWriter) -> Result<Response, PageError> {
    let result = state.store.create_agreement(&writer.actor(), writer.input()).await;
    let fields = match result {
        Err(WriteError::Invalid(_)) => Choices::of(&state, None).await?.fields(),
        _ => Vec::new(),
    };
    let again = || {
        (new_page(), Form::new(paths::NEW_AGREEMENT.to_owned(), &writer.user, "Registrera överenskommelsen", fields))
    };
    answer(&state, &at, result, paths::agreement, "Överenskommelsen är registrerad.", again, &writer)
}

fn edit_page(a: &AgreementDetail) -> Page {
    let title = &a.summary.title;
    page(format!("Ändra {title}"), "overenskommelser", paths::agreement(a.summary.id), format!("Tillbaka till {title}"))
        .intro("Alla uppgifter sparas på nytt; ett tomt fält töms. Ändringen syns i överenskommelsens historik.")
}

async fn edit_form(State(state): State<AppState>, Path(id): Path<String>, at: PageAt) -> Result<Response, PageError> {
    let a = detail(&state, &id, today()).await?;
    let user = editor(&at, Some(Scope::JOINT))?;
    let models = state.store.agreement_working_models(a.summary.id).await?;
    let fields = Choices::of(&state, Some(a.summary.id)).await?.fields();
    let form = Form::new(paths::agreement_edit(a.summary.id), &user, "Spara ändringarna", fields)
        .fill(&entry_values(&a, &models), None);
    show(&state, &at, edit_page(&a), form, StatusCode::OK)
}

async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let a = detail(&state, &id, today()).await?;
    let result = state.store.update_agreement(&writer.actor(), a.summary.id, writer.input()).await;
    let fields = match result {
        Err(WriteError::Invalid(_)) => Choices::of(&state, Some(a.summary.id)).await?.fields(),
        _ => Vec::new(),
    };
    let again =
        || (edit_page(&a), Form::new(paths::agreement_edit(a.summary.id), &writer.user, "Spara ändringarna", fields));
    answer(&state, &at, result, paths::agreement, "Ändringarna är sparade.", again, &writer)
}

// ---- a version, with its text ---------------------------------------------------------------

fn version_fields() -> Vec<Group> {
    let mut f = FormFields::of::<NewVersion>();
    let about = plain(vec![f.take("number"), Field::file("Överenskommelsens text")]);
    let dated = crate::agreements::form_target::when(&mut f, "date", "date_text", "Versionens datum");
    let applies = plain(vec![f.take("change_summary"), f.take("earliest_start"), f.take("valid_to")]);
    let in_force = Group {
        legend: Some("När versionen började gälla, om källorna säger det"),
        hint: Some(
            "Lämna tomt så följer dagen av besluten: den senare av tidigaste start och det sista antagandet. \
             Är dagen inte känd: skriv tiden i ord, till exempel september 2022.",
        ),
        fields: vec![f.take("in_force_on"), f.take("in_force_text")],
    };
    vec![about, dated, applies, in_force]
}

fn version_page(a: &AgreementDetail) -> Page {
    let title = &a.summary.title;
    page(
        format!("Ny version av {title}"),
        "overenskommelser",
        paths::agreement(a.summary.id),
        format!("Tillbaka till {title}"),
    )
    .intro("Versionens text laddas upp med den (PDF eller Word). Remissen skickas sedan från överenskommelsens sida.")
}

async fn version_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let a = detail(&state, &id, today()).await?;
    let user = editor(&at, Some(Scope::JOINT))?;
    let form = Form::new(paths::agreement_new_version(a.summary.id), &user, "Spara versionen", version_fields());
    show(&state, &at, version_page(&a), form.fill(&Values::default(), None), StatusCode::OK)
}

async fn add_version(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let a = detail(&state, &id, today()).await?;
    let id = a.summary.id;
    let written = state.store.add_version(&writer.actor(), id, input_of(&writer, None)).await;
    let (result, with_file) = attach(&state, &writer, written, DocumentOwner::Version).await;
    let saved = if with_file { "Versionen och dess text är sparade." } else { "Versionen är sparad." };
    let result = file_again(result, &writer);
    let again = || {
        (
            version_page(&a),
            Form::new(paths::agreement_new_version(id), &writer.user, "Spara versionen", version_fields()),
        )
    };
    answer(&state, &at, result, |v| format!("{}#version-{v}", paths::agreement(id)), saved, again, &writer)
}

// ---- a relation -------------------------------------------------------------------------------

async fn relation_fields(state: &AppState, id: i32) -> Result<Vec<Group>, Error> {
    let mut f = FormFields::of::<NewRelation>();
    let agreements =
        state.store.agreements(today()).await?.into_iter().filter(|a| a.id != id).map(|a| (a.id.to_string(), a.title));
    let kind = f.take("kind").radios(None);
    Ok(vec![plain(vec![kind, f.options("related_id", agreements.collect())])])
}

fn relation_page(a: &AgreementDetail) -> Page {
    let title = &a.summary.title;
    page(
        format!("Ny relation för {title}"),
        "overenskommelser",
        paths::agreement(a.summary.id),
        format!("Tillbaka till {title}"),
    )
    .intro(format!(
        "Hur {title} förhåller sig till en annan överenskommelse. Den andra visar relationen åt andra hållet."
    ))
}

async fn relation_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
) -> Result<Response, PageError> {
    let a = detail(&state, &id, today()).await?;
    let user = editor(&at, Some(Scope::JOINT))?;
    let fields = relation_fields(&state, a.summary.id).await?;
    let form = Form::new(paths::agreement_new_relation(a.summary.id), &user, "Spara relationen", fields);
    show(&state, &at, relation_page(&a), form.fill(&Values::default(), None), StatusCode::OK)
}

async fn add_relation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    at: PageAt,
    writer: FormWriter,
) -> Result<Response, PageError> {
    let a = detail(&state, &id, today()).await?;
    let id = a.summary.id;
    let result = state.store.add_agreement_relation(&writer.actor(), id, writer.input()).await;
    let fields = match result {
        Err(WriteError::Invalid(_)) => relation_fields(&state, id).await?,
        _ => Vec::new(),
    };
    let again =
        || (relation_page(&a), Form::new(paths::agreement_new_relation(id), &writer.user, "Spara relationen", fields));
    answer(
        &state,
        &at,
        result,
        |_| format!("{}#relationer", paths::agreement(id)),
        "Relationen är sparad.",
        again,
        &writer,
    )
}
