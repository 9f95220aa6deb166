//! Placements checked by hand on pages of services the reader had never seen (`../shared/corpus`,
//! beside the repository; CI always has it, and these tests fail when it is missing). Each test
//! holds what the page's own headings, captions and links say about where a table's rows go:
//! a body field is never a query parameter, a response field never a request's, and a table
//! nothing places is listed, never guessed.

use std::path::{Path, PathBuf};

use codegen::docs::page::{parse, Page, Place, Role, Table};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

fn page(stem: &str) -> Page {
    let dir = corpus();
    let found = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the corpus is missing ({}: {e}): these tests need ../shared/corpus beside the repository", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(stem)))
        .unwrap_or_else(|| panic!("no page `{stem}*` in {}", dir.display()));
    parse(&std::fs::read_to_string(&found).expect("page"))
        .unwrap_or_else(|e| panic!("{}: {e}", found.display()))
}

fn titled<'a>(p: &'a Page, title: &str) -> &'a Table {
    p.tables.iter().find(|t| t.title == title).unwrap_or_else(|| {
        panic!("no table `{title}`: {:#?}", p.tables.iter().map(|t| &t.title).collect::<Vec<_>>())
    })
}

/// The rows of the tables with `role`, by name.
fn names(p: &Page, role: Role) -> Vec<&str> {
    p.tables
        .iter()
        .filter(|t| t.role == role)
        .flat_map(|t| &t.rows)
        .map(|r| r.name.as_str())
        .collect()
}

fn query(p: &Page) -> Vec<&str> {
    p.tables
        .iter()
        .flat_map(|t| &t.rows)
        .filter(|r| r.place == Some(Place::Query))
        .map(|r| r.name.as_str())
        .collect()
}

#[test]
fn kms_request_and_response_messages_are_bodies_not_query_parameters() {
    let p = page("231_");
    assert!(query(&p).is_empty(), "{:?}", query(&p));
    assert_eq!(names(&p, Role::RequestBody), ["key_id", "pending_days", "sequence"]);
    assert_eq!(names(&p, Role::ResponseBody(None)), ["key_id", "key_state"]);
}

#[test]
fn a_nested_objects_fields_are_never_query_parameters() {
    // ECS: `security_options` (whose name holds the letters "uri") is an object of the response.
    let p = page("207_");
    let security = titled(&p, "Table 6 security_options field description");
    assert_eq!(security.role, Role::Object);
    assert!(!query(&p).contains(&"tpm_enabled"));
    let mut q = query(&p);
    q.sort_unstable();
    let mut uri = p.uri_query.clone();
    uri.sort_unstable();
    assert_eq!(q, uri, "the query table's rows are the URI line's query names");
    // The same table on the update page: no row of the request points to it, so it is listed.
    let p = page("208_");
    assert_eq!(titled(&p, "Table 4 security_options field description").role, Role::Unplaced);
    assert!(p.unread.iter().any(|u| u.reason.contains("`security_options`")), "{:#?}", p.unread);
    assert!(p
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .filter(|r| r.name == "tpm_enabled")
        .all(|r| r.place.is_none()));
    // AS: the security groups' `id` belongs to the group objects, request and response alike.
    for stem in ["213_", "214_"] {
        let p = page(stem);
        let groups = p
            .tables
            .iter()
            .find(|t| t.caption == "security_groups field description")
            .expect("the security groups' table");
        assert_eq!(groups.role, Role::Object, "{stem}");
        assert!(!query(&p).contains(&"id"), "{stem}: {:?}", query(&p));
    }
}

#[test]
fn tables_under_bullets_without_captions_are_read_and_placed_per_side() {
    let p = page("201_");
    assert_eq!(titled(&p, "Parameter description (Request)").role, Role::RequestBody);
    assert_eq!(titled(&p, "Parameter description (Response)").role, Role::ResponseBody(None));
    let snapshot_tables: Vec<&str> = p
        .tables
        .iter()
        .filter(|t| t.rows.iter().any(|r| r.name == "volume_id"))
        .map(|t| t.title.as_str())
        .collect();
    assert_eq!(
        snapshot_tables,
        [
            "Parameters in the snapshot field (Request)",
            "Parameters in the snapshot field (Response)"
        ]
    );
    for t in ["Parameter description (Request)", "Parameter description (Response)"] {
        let snapshot = titled(&p, t).rows.iter().find(|r| r.name == "snapshot").expect("snapshot");
        let to = snapshot.link.map(|k| p.tables[k].title.as_str()).unwrap_or_default();
        assert!(
            to.starts_with("Parameters in the snapshot field")
                && to.ends_with(if t.contains("Request") { "(Request)" } else { "(Response)" }),
            "{t} -> {to}"
        );
    }
    // A listing's filters under the URI heading are query parameters.
    let p = page("202_");
    assert_eq!(titled(&p, "Request filter parameters").role, Role::Parameters);
    assert!(query(&p).contains(&"marker") && query(&p).contains(&"volume_id"), "{:?}", query(&p));
}

#[test]
fn a_response_table_under_a_note_is_the_body_and_a_table_about_a_field_is_an_object() {
    // IMS: "Response parameters", a note, then the table: the body; the entities table below
    // it is an object its row points to, never the body.
    let p = page("210_");
    let body = names(&p, Role::ResponseBody(None));
    assert!(
        body.contains(&"status") && body.contains(&"job_id") && body.contains(&"entities"),
        "{body:?}"
    );
    assert_eq!(
        titled(&p, "Table 2 Data structure description of the entities field").role,
        Role::Object
    );
}

#[test]
fn lowercase_object_types_lead_to_their_tables() {
    let p = page("237_");
    let backup =
        p.tables.iter().flat_map(|t| &t.rows).find(|r| r.name == "backup").expect("backup");
    assert_eq!(backup.link.map(|k| p.tables[k].title.as_str()), Some("Table 5 backup"));
    let p = page("234_");
    assert_eq!(titled(&p, "Table 7 QueryDatabaseTableInfo").role, Role::Object);
    assert!(!query(&p).contains(&"database_name"));
}

#[test]
fn a_delete_with_a_documented_body_has_it() {
    let p = page("227_");
    assert_eq!(p.method, "DELETE");
    assert!(
        p.tables.iter().any(|t| t.role == Role::RequestBody),
        "{:#?}",
        p.tables.iter().map(|t| (&t.title, t.role)).collect::<Vec<_>>()
    );
}

#[test]
fn a_body_that_is_an_array_is_listed_never_drafted_as_its_items_object() {
    // IMS: the body is `[Array]`, an array of the objects of Table 2; the generator takes only
    // object bodies, so neither table may become the body.
    let p = page("211_");
    assert!(
        p.tables.iter().all(|t| t.role != Role::RequestBody),
        "{:#?}",
        p.tables.iter().map(|t| (&t.title, t.role)).collect::<Vec<_>>()
    );
    assert!(p.unread.iter().any(|u| u.reason.contains("`[Array]`")), "{:#?}", p.unread);
}
