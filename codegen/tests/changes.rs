//! What `cargo xtask changes` and `gen` report, on DDM's spec edited as the help centre edits
//! pages (our own edits, here): each edit classified as a consuming team needs it, and the
//! semver bump that follows.

use std::path::Path;

use codegen::changes::{bump, changelog_entry, compare, Change, Class, Surface};

const DDM: &str = include_str!("../../spec/ddm.yaml");

fn surface(text: &str) -> Surface {
    let spec = codegen::load::load_str(Path::new("spec/ddm.yaml"), text)
        .unwrap_or_else(|d| panic!("{d:?}"));
    let service = codegen::check::check(&spec).unwrap_or_else(|d| panic!("{d:?}"));
    codegen::emit::surface::surface(&[service])
}

/// DDM's spec with `from` (which must occur once, after `after`) replaced by `to`.
fn edit(after: &str, from: &str, to: &str) -> String {
    let start = DDM.find(after).unwrap_or_else(|| panic!("no `{after}`"));
    let at =
        start + DDM[start..].find(from).unwrap_or_else(|| panic!("no `{from}` after `{after}`"));
    format!("{}{}{}", &DDM[..at], to, &DDM[at + from.len()..])
}

fn changes(text: &str) -> Vec<Change> {
    compare(&surface(DDM), &surface(text))
}

fn one(text: &str) -> Change {
    let found = changes(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.into_iter().next().expect("one")
}

const TARGET: &str = "    RestoreInstTarget:\n";

#[test]
fn the_same_spec_changes_nothing_and_keeps_the_version() {
    assert!(changes(DDM).is_empty());
    assert_eq!(bump("0.1.0", &[]).as_deref(), Some("0.1.0"));
}

#[test]
fn a_new_mandatory_request_field_is_breaking_and_a_new_optional_one_additive() {
    let field =
        "        instance_id:\n          description: Instance ID.\n          type: string\n";
    let with = |extra: &str| edit(TARGET, field, &format!("{field}{extra}"));
    let optional =
        one(&with("        zone:\n          description: A zone.\n          type: string\n"));
    assert_eq!(
        (optional.class, optional.item.as_str()),
        (Class::Additive, "ddm::RestoreInstTarget::zone")
    );
    // Mandatory, and in the page's example as a mandatory field must be.
    let text = with("        zone:\n          description: A zone.\n          type: string\n")
        .replacen(
            "      required: [instance_id]\n      properties:\n        instance_id:\n          description: Instance ID.",
            "      required: [instance_id, zone]\n      properties:\n        instance_id:\n          description: Instance ID.",
            1,
        )
        .replacen(
            "\"instance_id\" : \"2f0324a93859487eb5566d75951fcd2din09\"\n                    },",
            "\"instance_id\" : \"2f0324a93859487eb5566d75951fcd2din09\", \"zone\": \"z\"\n                    },",
            1,
        );
    let mandatory = one(&text);
    assert_eq!(mandatory.class, Class::Breaking);
    assert!(mandatory.what.contains("constructor"), "{mandatory}");
}

#[test]
fn a_removed_field_a_changed_type_and_a_flipped_mandatory_flag_are_breaking() {
    let without = edit(
        "    RelatedDn:\n",
        "        version:\n          description: The engine version.\n          type: string\n",
        "",
    );
    let removed = one(&without.replacen("\"version\": \"8.0.32\",", "", 1));
    assert_eq!(
        (removed.class, removed.item.as_str()),
        (Class::Breaking, "ddm::RelatedDn::version")
    );
    let retyped = edit(
        "    RelatedDn:\n",
        "          description: The engine version.\n          type: string\n",
        "          description: The engine version.\n          type: integer\n",
    );
    let retyped = one(&retyped.replacen("\"version\": \"8.0.32\",", "\"version\": 8,", 1));
    assert!(retyped.class == Class::Breaking && retyped.what.contains("type changed"), "{retyped}");
    let flipped = one(&edit(TARGET, "      required: [instance_id]\n", ""));
    assert!(
        flipped.class == Class::Breaking && flipped.what.contains("became optional"),
        "{flipped}"
    );
}

#[test]
fn a_narrower_range_is_breaking_a_wider_one_and_a_default_are_behaviour() {
    let anchor = "          description: Most items to return, 1 to 128; 10 when absent.\n";
    let narrower = edit(anchor, "            maximum: 128\n", "            maximum: 100\n");
    let found = changes(&narrower);
    assert!(
        !found.is_empty()
            && found.iter().all(|c| c.class == Class::Breaking && c.what.contains("maximum")),
        "{found:#?}"
    );
    let wider = edit(anchor, "            maximum: 128\n", "            maximum: 500\n");
    let found = changes(&wider);
    assert!(!found.is_empty() && found.iter().all(|c| c.class == Class::Behaviour), "{found:#?}");
    assert_eq!(bump("0.1.0", &found).as_deref(), Some("0.1.1"));
    assert_eq!(bump("0.1.0", &changes(&narrower)).as_deref(), Some("0.2.0"));
    assert_eq!(bump("1.4.2", &changes(&narrower)).as_deref(), Some("2.0.0"));
}

#[test]
fn a_waiter_removed_takes_its_method_and_a_changelog_entry_says_so() {
    let start =
        DDM.find("      x-waiter:\n        method: wait_for_job\n").expect("the job's waiter");
    let end = start + DDM[start..].find("      x-open-points:\n").expect("what follows it");
    let found = changes(&format!("{}{}", &DDM[..start], &DDM[end..]));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].class, found[0].item.as_str()),
        (Class::Breaking, "ddm::Client::wait_for_job")
    );
    let entry = changelog_entry("0.2.0", "2026-12-08", &found);
    assert!(
        entry.starts_with("## 0.2.0 - 2026-12-08\n")
            && entry.contains("### Breaking")
            && entry.contains("`ddm::Client::wait_for_job`: method removed"),
        "{entry}"
    );
}

#[test]
fn a_type_removed_is_told_once_not_field_by_field() {
    let mut old = surface(DDM);
    let new = old.clone();
    old.items.insert("ddm::Gone".into(), codegen::changes::Item::Enum {});
    old.items.insert("ddm::Gone::A".into(), codegen::changes::Item::Value { wire: "a".into() });
    let found = compare(&old, &new);
    assert_eq!(
        found.iter().map(|c| c.item.as_str()).collect::<Vec<_>>(),
        ["ddm::Gone"],
        "{found:#?}"
    );
    let added = compare(&new, &old);
    assert_eq!(
        added.iter().map(|c| (c.class, c.item.as_str())).collect::<Vec<_>>(),
        [(Class::Additive, "ddm::Gone")],
        "{added:#?}"
    );
}

#[test]
fn a_retry_class_changed_is_behaviour_and_a_record_without_one_is_not_a_change() {
    let old = surface(DDM);
    let mut new = old.clone();
    let (path, item) = new
        .items
        .iter_mut()
        .find(|(_, item)| matches!(item, codegen::changes::Item::Method { retry: Some(r), .. } if r == "idempotent"))
        .expect("an idempotent method (a GET)");
    let path = path.clone();
    if let codegen::changes::Item::Method { retry, .. } = item {
        *retry = Some("never".into());
    }
    let found = compare(&old, &new);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].class, found[0].item.as_str()), (Class::Behaviour, path.as_str()));
    assert!(found[0].what.contains("`never` (was `idempotent`)"), "{}", found[0].what);
    // A record made before the class was kept: nothing to compare, nothing reported.
    if let Some(codegen::changes::Item::Method { retry, .. }) = new.items.get_mut(&path) {
        *retry = None;
    }
    assert!(compare(&old, &new).is_empty());
}
