#![allow(unexpected_cfgs)] // the snapshot gates its mock and its type table on the generated crate's features
// Compiles the rules snapshot against the real runtime, and uses what it generated.
#[rustfmt::skip] // formatted by the generator (prettyplease)
#[path = "../snapshots/rules/mod.rs"]
mod generated;

use huaweicloud_restore::runtime::validation::Validate;

fn main() {
    assert!(!generated::OPERATIONS.is_empty());
    assert!(!generated::SERVICE.operations.is_empty());
    let ok = generated::JobBody::new(vec![generated::Item::new("i")]).with_copy_id("c");
    assert!(ok.validate().is_ok());
    let bad = generated::JobBody::new(vec![generated::Item::new("i").with_target("t")])
        .with_mode(generated::Mode::Time)
        .with_type("keyword field");
    let v = bad.violations();
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].path.as_str(), "at");
    let negative = generated::JobBody::new(vec![]).with_mode(generated::Mode::Time).with_at(-1);
    assert_eq!(negative.violations()[0].path.as_str(), "at");
}
