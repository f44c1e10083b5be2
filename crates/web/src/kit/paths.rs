//! The addresses of the pages, in one place: the routers, the links handlers build and the
//! sitemap read them from here, so the sitemap (which the browser suite walks) cannot miss a
//! page a router serves.

pub const START: &str = "/";
pub const PARTIES: &str = "/parter";
pub const AREAS: &str = "/omraden";
pub const BODIES: &str = "/organ";
pub const ORGANISATIONS: &str = "/organisationer";
pub const FUNCTIONS: &str = "/funktioner";
pub const SUB_REGIONS: &str = "/delregioner";
/// A person's page; not in the sitemap (a person is reached from the functions they hold).
pub const PERSONS: &str = "/personer";

/// Signing in and out.
pub const LOGIN: &str = "/logga-in";
pub const LOGOUT: &str = "/logga-ut";
/// "Mitt konto": the account, its password and its personal API tokens.
pub const ACCOUNT: &str = "/konto";
pub const PASSWORD: &str = "/konto/losenord";
pub const TOKENS: &str = "/konto/nycklar";
pub const REVOKE: &str = "/konto/nycklar/{id}/aterkalla";

/// The agreements' list; an agreement's pages are under it.
pub const AGREEMENTS: &str = "/overenskommelser";
/// The pages of one agreement after its id: the agreement, the consultation matrix, adoption
/// (the last two only once it has a version).
pub const AGREEMENT_PAGES: [&str; 3] = ["", "/remiss", "/antagande"];
/// The comparison matrix of the agreements' working models.
pub const COMPARISON: &str = "/overenskommelser/jamforelse";
/// A party's decision memo (*tjänsteutlåtande*), as a page and as a Word document.
pub const MEMO: &str = "/overenskommelser/{id}/tjansteutlatande";
pub const MEMO_DOCX: &str = "/overenskommelser/{id}/tjansteutlatande.docx";

/// A version's document upload form.
pub const VERSION_FORM: &str = "/versioner/{id}/nytt-dokument";
/// Where documents are served from.
pub const DOWNLOADS: &str = "/dokument";

/// The pages that take no id.
pub const INDEX_PAGES: [&str; 7] = [START, PARTIES, AREAS, BODIES, ORGANISATIONS, SUB_REGIONS, LOGIN];
/// The pages of one record: `{prefix}/{id}`.
pub const RECORD_PAGES: [&str; 6] = [PARTIES, AREAS, BODIES, FUNCTIONS, ORGANISATIONS, SUB_REGIONS];
