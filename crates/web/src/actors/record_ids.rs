//! The ids HSDS 3 and FHIR give the map's records: a UUID (RFC 9562, version 8, made from a
//! name) of the service's public address, the kind of record and its id, so every export of a
//! record gives it the same id, and two deployments' ids do not collide.

use sha2::{Digest, Sha256};

/// The UUID of a record: `kind` (`organisation`, `service`, `service-phone`…) and `id` on the
/// deployment at `origin`.
pub fn uuid(origin: &str, kind: &str, id: impl std::fmt::Display) -> String {
    let digest = Sha256::digest(format!("{origin}/{kind}/{id}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    // Version 8 (custom, name-based) and the RFC variant.
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_has_one_uuid_shaped_id() {
        let id = uuid("https://samverkan.example.se", "service", 7);
        assert_eq!(id, uuid("https://samverkan.example.se", "service", 7));
        assert_ne!(id, uuid("https://samverkan.example.se", "service", 8));
        assert_ne!(id, uuid("https://samverkan.example.se", "organisation", 7));
        let parts: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert_eq!(&id[14..15], "8", "version 8");
        assert!("89ab".contains(&id[19..20]), "RFC variant");
    }
}
