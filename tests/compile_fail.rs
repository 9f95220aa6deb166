//! What must not compile: the type system keeps the client from building what the pages forbid.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
}
