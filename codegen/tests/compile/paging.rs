#![allow(unexpected_cfgs)] // the snapshot gates its mock and its type table on the generated crate's features
// Compiles the paging snapshot against the real runtime, and uses what it generated.
#[rustfmt::skip] // formatted by the generator (prettyplease)
#[path = "../snapshots/paging/mod.rs"]
mod generated;

use huaweicloud_restore::runtime::validation::Validate;

fn main() {
    assert!(!generated::OPERATIONS.is_empty());
    assert!(!generated::SERVICE.operations.is_empty());
    let q = generated::ListThingsQuery::new().with_limit(51).with_kind(generated::ThingKind::SmallOne);
    assert_eq!(q.violations().len(), 1);
    assert_eq!(q.query_pairs(), vec![("limit", "51".to_string()), ("kind", "small-one".to_string())]);
    let list: generated::ThingList = serde_json::from_str(r#"{"things":[{"weight":2.5,"extra":1}]}"#).unwrap();
    assert_eq!(list.things.unwrap()[0].weight, Some(2.5));
}
