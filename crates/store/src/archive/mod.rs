//! A party's records for its archive (*arkivlagen*, *offentlighetsprincipen*): everything it
//! recorded or received in the agreements' process, with the versions they concern and every
//! document, as a BagIt package (RFC 8493) with a JSON description of each record.
//!
//! The records are read in a write's transaction: under the writers' lock, so the package is one
//! moment of the data, and committed with its own audit event (`export_archive` on the party:
//! who took which party's records out, for which period, and the manifest's SHA-256, which
//! names the package exactly, computed from the stored checksums). The documents' bytes are read
//! after the commit, outside the lock (content is stored by its SHA-256 and never changes), and
//! each is checked against its checksum before it goes into the package. Only the process leaders may (`Owned::Joint`). Files: `records`
//! (the reads) ← `describe` (the JSON and the payload's paths) ← this; `bag` (the format)
//! stands alone.

pub(crate) mod bag;
mod describe;
pub(crate) mod records;

use chrono::NaiveDate;
use samverkan_domain::{Invalid, Owned};
use serde_json::json;
use sha2::{Digest, Sha256};

use std::collections::HashMap;

use crate::archive::bag::{Bag, BagFile, make_bag, manifest_of};
use crate::archive::records::{ExportPeriod, contents, party_by_code, party_records};
use crate::error::StoreError;
use crate::store::Store;
use crate::write::{Actor, Event, WriteError};

/// What the period's end is told when it comes before its start.
pub const PERIOD_REVERSED: &str = "slutdagen kommer före startdagen";

/// What a party's export is asked for, and what its `bag-info.txt` says of where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    /// The party's SCB code (`0182`, `01`).
    pub party_code: String,
    pub period: ExportPeriod,
    /// Who hands the package over (`Source-Organization`).
    pub source_organization: String,
    /// `samverkan 0.1.0` (`Bag-Software-Agent`).
    pub software_agent: String,
    /// The day it is made (`Bagging-Date`), in Stockholm.
    pub bagging_date: NaiveDate,
}

/// A period as EDTF (`2022-01-01/2022-12-31`, `..` for an open end).
fn edtf(period: ExportPeriod) -> String {
    let end = |d: Option<NaiveDate>| d.map_or_else(|| "..".to_owned(), |d| d.to_string());
    format!("{}/{}", end(period.from), end(period.to))
}

impl Store {
    /// The party's export for its archive as a BagIt package, made in memory; its event on the
    /// party's trail. `NotFound` when no party has the code, `NotPermitted` for anyone but the
    /// process leaders, `Invalid` on the field `to` for a period that ends before it starts.
    pub async fn export_party(&self, actor: &Actor, request: &ExportRequest) -> Result<Bag, WriteError> {
        let period = request.period;
        if let (Some(from), Some(to)) = (period.from, period.to)
            && to < from
        {
            return Err(WriteError::Invalid(Invalid::one("to", PERIOD_REVERSED)));
        }
        let write = self.write_as(actor).await?;
        write.check(Owned::Joint)?;
        let party = party_by_code(write.lookup(), &request.party_code).await?.ok_or(WriteError::NotFound)?;
        let w = write.permit(Owned::Joint)?;
        let (party_id, code, name) = (party.id, party.code.clone(), party.name.clone());
        let records = party_records(w.txn(), party, period).await?;
        let info = json!({
            "party": {"code": code, "name": name},
            "period": {"from": period.from, "to": period.to, "edtf": edtf(period)},
            "source_organization": request.source_organization,
            "software": request.software_agent,
        });
        let described = describe::payload(&records, info);
        // The manifest the package will have, from the descriptions' bytes and the documents'
        // stored checksums: the event names the package before its bytes are read.
        let lines = described
            .files
            .iter()
            .map(|f| (format!("data/{}", f.path), hex::encode(Sha256::digest(&f.bytes))))
            .chain(described.documents.iter().map(|(path, sha)| (format!("data/{path}"), sha.clone())))
            .collect();
        let manifest = manifest_of(lines);
        let payload_bytes = described.files.iter().map(|f| f.bytes.len() as u64).sum::<u64>()
            + records.documents.iter().map(|d| u64::try_from(d.size).unwrap_or(0)).sum::<u64>();
        let event = json!({
            "party_code": code,
            "period": edtf(period),
            "records": described.records,
            "payload_oxum": format!("{payload_bytes}.{}", described.files.len() + described.documents.len()),
            "manifest_sha256": hex::encode(Sha256::digest(&manifest)),
        });
        w.commit(Event::new("export_archive", "party", party_id).after(Some(event))).await?;

        // The documents' bytes, outside the lock, each checked against its SHA-256.
        let mut contents = contents(&self.db, described.documents.iter().map(|(_, sha)| sha.clone())).await?;
        let mut uses: HashMap<&str, usize> = HashMap::new();
        for (_, sha) in &described.documents {
            *uses.entry(sha.as_str()).or_default() += 1;
        }
        let mut payload = described.files;
        for (path, sha) in &described.documents {
            let missing = || StoreError::Corrupt(format!("no content {sha} for {path}"));
            let left = uses.get_mut(sha.as_str()).ok_or_else(missing)?;
            *left -= 1;
            // Moved into the last file that holds it, not copied: a party's documents can be large.
            let bytes = if *left == 0 { contents.remove(sha) } else { contents.get(sha).cloned() };
            payload.push(BagFile { path: path.clone(), bytes: bytes.ok_or_else(missing)? });
        }
        let bag_name = format!("arkiv-{code}-{}", request.bagging_date);
        let description = format!(
            "Handlingar som {name} ({code}) har registrerat eller tagit emot i samverkan kring hälsa, vård och \
             omsorg i Stockholms län (HÖK): remissvar, beslut, beredning och uppsägningar med sina dokument, \
             mottagna remisser och de versioner av överenskommelser de gäller. En JSON-beskrivning per handling; \
             data/arkivbeskrivning.json förtecknar dem."
        );
        let bag = make_bag(
            &bag_name,
            payload,
            &[
                ("Source-Organization", request.source_organization.clone()),
                ("External-Identifier", bag_name.clone()),
                ("External-Description", description),
                ("Party-Name", name.clone()),
                ("Party-Code", code.clone()),
                ("Period", edtf(period)),
                ("Bagging-Date", request.bagging_date.to_string()),
                ("Bag-Software-Agent", request.software_agent.clone()),
            ],
        );
        Ok(bag)
    }
}
