//! Rust names made from the names the API uses on the wire: a JSON property, a query, header or
//! path parameter becomes a field; an enum's value becomes a variant. The wire name is always
//! kept beside the Rust name and is what is sent and read.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that cannot be written raw (`r#self` is not an identifier): a field named so gets
/// a trailing `_`.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self"];

/// Variant names an open enum already uses or that no variant can take.
const RESERVED_VARIANTS: &[&str] = &["Unknown", "Self"];

/// Whether `s` is already a snake_case identifier (ASCII lowercase letters, digits and `_`, not
/// starting with a digit, not `_` alone).
pub(super) fn is_snake_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !matches!(s, "_" | "self" | "super" | "crate")
}

/// The Rust field name of the wire name `wire` (without any `r#`: the emitter writes a keyword
/// raw, `r#type`). The rules, in order:
///
/// 1. A wire name that is already a snake_case identifier (`backup_id`, `_id`) is kept as it is.
/// 2. Otherwise it is put in snake case by heck (`hostId` gives `host_id`, `accessIPv4` gives
///    `access_i_pv4`, `OS-EXT-SRV-ATTR:host` gives `os_ext_srv_attr_host`), every character
///    that is not an ASCII letter or digit becomes `_`, runs of `_` become one, and `_` at
///    either end is dropped.
/// 3. A name left empty (the wire name has no letter or digit) is `field`.
/// 4. A name starting with a digit gets a leading `_` (`4xx` gives `_4xx`).
/// 5. `self`, `super`, `crate` (which cannot be raw identifiers) get a trailing `_`; any other
///    keyword stays as it is and is written raw (`r#type`).
///
/// Two wire names of one object (or of one operation's parameters in one place) that give the
/// same Rust name are refused by the checker, naming both.
pub fn field_name(wire: &str) -> String {
    let mut name = if is_snake_ident(wire) {
        wire.to_string()
    } else {
        let mut out = String::with_capacity(wire.len());
        for c in wire.to_snake_case().chars() {
            let c = if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' };
            if c == '_' && (out.is_empty() || out.ends_with('_')) {
                continue;
            }
            out.push(c);
        }
        while out.ends_with('_') {
            out.pop();
        }
        out
    };
    if name.is_empty() {
        name = "field".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The variant name of each enum value, in order. The rules:
///
/// 1. The value in UpperCamelCase by heck, keeping only ASCII letters and digits (`in-progress`
///    gives `InProgress`, `UNKNOWN` gives `Unknown`).
/// 2. A name left empty (`""`, `-`) is `Value`; a name starting with a digit gets a leading
///    `V` (`4` gives `V4`, `2.5` gives `V25`).
/// 3. A name already taken, by an earlier value or by what every open enum has (`Unknown`,
///    which holds unknown values, and `Self`), gets the first numeric suffix from 2 up that
///    makes it free, in the order the values are listed: `[unknown, UNKNOWN]` gives `Unknown2`
///    and `Unknown3`; `[a-b, a_b]` gives `AB` and `AB2`.
///
/// The wire values themselves are kept exactly; only the Rust names are made here.
pub fn variant_names<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: Vec<String> = RESERVED_VARIANTS.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for value in values {
        let mut base: String =
            value.to_upper_camel_case().chars().filter(char::is_ascii_alphanumeric).collect();
        if base.is_empty() {
            base = "Value".to_string();
        }
        if base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert(0, 'V');
        }
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        taken.push(name.clone());
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_snake_case_identifiers() {
        for (wire, rust) in [
            ("backup_id", "backup_id"),
            ("_id", "_id"),
            ("hostId", "host_id"),
            ("accessIPv4", "access_i_pv4"),
            ("OS-EXT-SRV-ATTR:host", "os_ext_srv_attr_host"),
            ("os-extended-volumes:volumes_attached", "os_extended_volumes_volumes_attached"),
            ("os:scheduler_hints", "os_scheduler_hints"),
            ("os-stop", "os_stop"),
            ("not-tags", "not_tags"),
            ("a.b", "a_b"),
            ("X-Language", "x_language"),
            ("4xx", "_4xx"),
            ("type", "type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("-", "field"),
            ("", "field"),
            ("Größe", "gr_e"),
        ] {
            assert_eq!(field_name(wire), rust, "{wire}");
            assert!(
                syn::parse_str::<syn::Ident>(&field_name(wire)).is_ok() || wire == "type",
                "{wire}"
            );
        }
    }

    #[test]
    fn variant_names_are_distinct_and_deterministic() {
        assert_eq!(variant_names(["small", "in-progress"]), ["Small", "InProgress"]);
        assert_eq!(variant_names(["UNKNOWN", "unknown"]), ["Unknown2", "Unknown3"]);
        assert_eq!(variant_names(["4", "6", "V4"]), ["V4", "V6", "V42"]);
        assert_eq!(variant_names(["a-b", "a_b", "A.B"]), ["AB", "AB2", "AB3"]);
        assert_eq!(variant_names(["", "-", "self"]), ["Value", "Value2", "Self2"]);
        for v in variant_names(["x", "X", "1", "", "Unknown", "self"]) {
            assert!(syn::parse_str::<syn::Ident>(&v).is_ok(), "{v}");
        }
    }
}
