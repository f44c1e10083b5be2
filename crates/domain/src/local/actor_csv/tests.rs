use super::*;
use crate::personal_number::PERSONAL_NUMBER_REFUSED;

const HEADER: &str =
    "Namn;Kategori;Sektor;Status;Adress;Telefon;Webb;E-post;HSA-id;Kontaktfunktion;Senast kontrollerad";

fn read(text: &str) -> Result<Vec<ActorRow>, Vec<RowError>> {
    read_csv(text.as_bytes())
}

fn errors(text: &str) -> Vec<(usize, String, String)> {
    match read(text) {
        Ok(rows) => panic!("read {} rows, expected errors", rows.len()),
        Err(errors) => errors.into_iter().map(|e| (e.row, e.column, e.message)).collect(),
    }
}

#[test]
fn a_semicolon_file_with_a_byte_order_mark_is_read_with_labels_and_codes() {
    let file = format!(
        "\u{FEFF}{HEADER}\r\n\
         Nacka vårdcentral;Vårdcentral;Region;;Storgatan 1, Nacka;08-123 456 78;https://nacka.se;Info@Nacka.se;SE2321000016-15CQ;Enhetschef;2025-03-01\r\n\
         Hemtjänst Syd;home_care;KOMMUN;inaktiv;;;;;;;\r\n\
         BUP Nacka;bup;region;Temporarily_Closed;;;;;;;\r\n\
         ;;;;;;;;;;\r\n"
    );
    let rows = read(&file).unwrap();
    assert_eq!(rows.len(), 3, "the empty row is passed over");
    let first = &rows[0];
    assert_eq!(first.name, "Nacka vårdcentral");
    assert_eq!(first.category, ServiceCategory::HealthCentre);
    assert_eq!(first.sector, Sector::Region);
    assert_eq!(first.status, ServiceStatus::Active, "a blank status is active");
    assert_eq!(first.address.as_deref(), Some("Storgatan 1, Nacka"));
    assert_eq!(first.phone.as_deref(), Some("08-123 456 78"));
    assert_eq!(first.email.as_deref(), Some("info@nacka.se"));
    assert_eq!(first.hsa_id.as_deref(), Some("SE2321000016-15CQ"));
    assert_eq!(first.contact_role.as_deref(), Some("Enhetschef"));
    assert_eq!(first.checked_on, NaiveDate::from_ymd_opt(2025, 3, 1));
    assert_eq!(rows[1].category, ServiceCategory::HomeCare);
    assert_eq!(rows[1].sector, Sector::Municipality);
    assert_eq!(rows[1].status, ServiceStatus::Inactive);
    assert_eq!(rows[1].address, None, "an empty field is no value");
    assert_eq!(rows[2].category, ServiceCategory::ChildPsychiatry, "the label's abbreviation");
    assert_eq!(rows[2].status, ServiceStatus::TemporarilyClosed);
}

#[test]
fn a_comma_file_in_another_order_and_case_is_read() {
    let file = "sektor , NAMN,Kategori,Adress\nKommun,Elevhälsan Orminge,Elevhälsa,\"Skolvägen 2; plan 3\"\n";
    let rows = read(file).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "Elevhälsan Orminge");
    assert_eq!(rows[0].category, ServiceCategory::PupilHealth);
    assert_eq!(rows[0].sector, Sector::Municipality);
    assert_eq!(rows[0].address.as_deref(), Some("Skolvägen 2; plan 3"));
}

#[test]
fn a_quoted_field_may_hold_the_separator_and_a_line_break() {
    let file = "Namn;Kategori;Sektor;Adress\n\"Röda Korset; Nacka\";Lokal förening;Civilsamhälle;\"Box 12\nNacka\"\nKyrkan;Trossamfund;Civilsamhälle;\n";
    let rows = read(file).unwrap();
    assert_eq!(rows[0].name, "Röda Korset; Nacka");
    assert_eq!(rows[0].address.as_deref(), Some("Box 12\nNacka"));
    assert_eq!(rows[1].name, "Kyrkan");
    // The multi-line cell is one spreadsheet row: an error in the next is on row 3.
    let bad = "Namn;Kategori;Sektor;Adress\n\"A\";Vårdcentral;Region;\"Box 12\nNacka\"\nB;Vårdcentral;Stat;\n";
    assert_eq!(errors(bad).iter().map(|e| (e.0, e.1.as_str())).collect::<Vec<_>>(), [(3, "Sektor")]);
}

#[test]
fn every_bad_row_is_named_with_its_row_and_column_and_nothing_is_read() {
    let file = format!(
        "{HEADER}\n\
         Nacka vårdcentral;Vårdcentral;Region;;;;;;;;\n\
         Apotek;Apotek;Privat;;;;;;;;\n\
         Nacka närakut;Sjukhus;Region;;;;;;SE232100001615CQ;;\n\
         ;Hemtjänst;Kommun;;;;;;;;\n"
    );
    let found = errors(&file);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!((found[0].0, found[0].1.as_str()), (3, "Kategori"));
    assert!(found[0].2.contains("\"Apotek\"") && found[0].2.contains("Vårdcentral"), "{}", found[0].2);
    assert_eq!((found[1].0, found[1].1.as_str()), (4, "HSA-id"));
    assert!(found[1].2.contains("inget HSA-id"), "{}", found[1].2);
    assert_eq!((found[2].0, found[2].1.as_str()), (5, "Namn"));
    assert_eq!(found[2].2, REQUIRED);
}

#[test]
fn one_row_with_several_wrong_fields_names_each() {
    let file = "Namn;Kategori;Sektor;Telefon;E-post;Senast kontrollerad\nX;;Stat;123;ingen-post;2025-02-30\n";
    let columns: Vec<String> = errors(file).into_iter().map(|e| e.1).collect();
    assert_eq!(columns, ["Kategori", "Sektor", "Telefon", "E-post", "Senast kontrollerad"]);
}

#[test]
fn unknown_duplicate_and_missing_headers_are_named_on_row_1() {
    let found = errors("namn;Kategori;Kontaktperson;Kategori\nA;Vårdcentral;Anna;Vårdcentral\n");
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!((found[0].0, found[0].1.as_str()), (1, "Kontaktperson"));
    assert!(found[0].2.starts_with("okänd kolumn"));
    assert_eq!((found[1].0, found[1].1.as_str()), (1, "Kategori"));
    assert!(found[1].2.contains("två gånger"));
    assert_eq!(
        (found[2].0, found[2].1.as_str(), found[2].2.as_str()),
        (1, "Sektor", "kolumnen saknas; den måste finnas")
    );
    assert_eq!(errors("")[0].0, 1, "an empty file");
}

#[test]
fn a_personal_identity_number_in_free_text_is_refused() {
    let file =
        "Namn;Kategori;Sektor;Kontaktfunktion;Adress\nHemtjänst;Hemtjänst;Kommun;Fråga efter 811218-9876;Torget 1\n";
    let found = errors(file);
    assert_eq!(found, [(2, "Kontaktfunktion".to_owned(), PERSONAL_NUMBER_REFUSED.to_owned())]);
}

#[test]
fn a_file_that_is_not_utf_8_is_refused_with_what_to_do() {
    let mut file = b"Namn;Kategori;Sektor\n".to_vec();
    file.extend(b"V\xE5rdcentral;V\xE5rdcentral;Region\n"); // Windows-1252.
    let found = read_csv(&file).unwrap_err();
    assert_eq!(found[0].row, 2);
    assert!(found[0].message.contains("UTF-8"));
}

#[test]
fn a_value_outside_the_headed_columns_is_named() {
    let found = errors("Namn;Kategori;Sektor\nA;Vårdcentral;Region;extra\n");
    assert_eq!((found[0].0, found[0].1.as_str()), (2, "kolumn 4"));
}

#[test]
fn the_same_actor_twice_in_one_file_is_named_on_the_later_row() {
    let file = format!(
        "{HEADER}\n\
         Nacka VC;Vårdcentral;Region;;Storgatan 1;;;;SE2321000016-15CQ;;\n\
         Vårdcentralen Nacka;Vårdcentral;Region;;Annan gata 2;;;;SE2321000016-15CQ;;\n\
         Hemtjänst  Syd;Hemtjänst;Kommun;;Torget 1;;;;;;\n\
         hemtjänst syd;Hemtjänst;Kommun;;TORGET 1;;;;;;\n\
         Hemtjänst Syd;Hemtjänst;Kommun;;Torget 2;;;;;;\n"
    );
    let found = errors(&file);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].0, found[0].1.as_str(), found[0].2.as_str()), (3, "HSA-id", "samma HSA-id som rad 2"));
    assert_eq!((found[1].0, found[1].1.as_str(), found[1].2.as_str()), (5, "Namn", "samma namn och adress som rad 4"));
}

#[test]
fn the_key_is_the_hsa_id_or_else_name_and_address_without_case_or_spacing() {
    let file = "Namn;Kategori;Sektor;Adress;HSA-id\nA  B;Vårdcentral;Region; Gatan  1 ;\nC;Vårdcentral;Region;;SE2321000016-1\n";
    let rows = read(file).unwrap();
    assert_eq!(rows[0].key(), ActorKey::NameAddress { name: "a b".into(), address: "gatan 1".into() });
    assert_eq!(rows[1].key(), ActorKey::HsaId("SE2321000016-1".into()));
}

#[test]
fn hsa_ids_have_the_catalogue_shape() {
    for good in ["SE2321000016-15CQ", "SE2120001124-1", &format!("SE5565594230-{}", "a".repeat(31))] {
        assert!(is_hsa_id(good), "{good}");
    }
    let too_long = format!("SE5565594230-{}", "a".repeat(32));
    for bad in
        ["se2321000016-15CQ", "SE232100001-15CQ", "SE2321000016-", "SE2321000016-15 CQ", "SE2321000016-Å1", &too_long]
    {
        assert!(!is_hsa_id(bad), "{bad}");
    }
}

#[test]
fn an_export_reads_back_to_the_same_rows() {
    let rows = vec![
        ActorRow {
            name: "Röda Korset; Nacka \"krets\"".into(),
            category: ServiceCategory::ChildPsychiatry,
            sector: Sector::CivilSociety,
            status: ServiceStatus::TemporarilyClosed,
            address: Some("Box 12\nNacka".into()),
            phone: Some("+46 8 123 456".into()),
            web: Some("https://example.se/a,b".into()),
            email: Some("info@example.se".into()),
            hsa_id: Some("SE2321000016-15CQ".into()),
            contact_role: Some("=Enhetschef".into()),
            checked_on: NaiveDate::from_ymd_opt(2024, 12, 31),
        },
        ActorRow {
            name: "Hemtjänst Syd".into(),
            category: ServiceCategory::HomeCare,
            sector: Sector::Municipality,
            status: ServiceStatus::Active,
            address: None,
            phone: None,
            web: None,
            email: None,
            hsa_id: None,
            contact_role: Some("'-chef".into()),
            checked_on: None,
        },
    ];
    let file = write_csv(&rows);
    assert!(file.starts_with(&format!("\u{FEFF}{HEADER}\r\n")), "{file}");
    assert!(file.contains(";'=Enhetschef;"), "a formula is not left for a spreadsheet to run: {file}");
    assert_eq!(read(&file).unwrap(), rows);
    assert_eq!(write_csv(&[]), format!("\u{FEFF}{HEADER}\r\n"));
}
