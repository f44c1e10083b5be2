//! The JSON API under `/api/v1`, described by OpenAPI 3.1 at `/api/openapi.json`: the
//! description's head (title, tags, the bearer token) and every feature's API routes merged.

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::kit::error::Problem;
use crate::kit::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Samverkan API",
        description = "Strukturen för samverkan kring hälsa, vård och omsorg mellan Stockholms läns 26 kommuner och Region Stockholm (HÖK): parter, närområden, organ och organisationer. Alla listor tar `?at=ÅÅÅÅ-MM-DD` och svarar som läget var det datumet.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2")
    ),
    tags(
        (name = "struktur", description = "Parter, närområden, organ och organisationer"),
        (name = "överenskommelser", description = "Överenskommelser, deras versioner och processen: remiss, rekommendation och varje parts beslut. Status härleds ur de registrerade fakta."),
        (name = "lokal samverkan", description = "Närområdenas lokala samverkan: aktörskartan (organisationer med sina tjänster, efter Open Referral HSDS 3) och dess export som CSV, HSDS 3 och FHIR R4; nätverksmötena (tider i svensk tid), deras kalenderfiler och deltagandet i dem"),
        (name = "redigering", description = "Ändringar. Kräver en personlig nyckel (skapas under Mitt konto eller med `samverkan token create`) i `Authorization: Bearer …`; rollerna avgör vad nyckeln får ändra."),
    ),
    components(schemas(Problem)),
    modifiers(&BearerToken)
)]
struct ApiDoc;

/// The personal token that the API's writes take.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "token",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The API routes with their OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(crate::structure::api::router())
        .merge(crate::structure::api_edit::router())
        .merge(crate::structure::api_records::router())
        .merge(crate::agreements::api::router())
        .merge(crate::agreements::api_records::router())
        .merge(crate::documents::api_router())
        .merge(crate::actors::api::router())
        .merge(crate::meetings::api::router())
        .merge(crate::plans::api::router())
        .merge(crate::crisis::api::router())
}
