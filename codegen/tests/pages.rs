//! The page reader on our own test pages, one per layout the help centres use (`tests/pages/`,
//! written for these tests): what it reads, where it places it, what it reports, and that the
//! draft of every page generates and agrees with its page.

use std::path::{Path, PathBuf};

use codegen::docs::drift;
use codegen::docs::import::draft;
use codegen::docs::page::{parse, Page, Place, Role, Row, Table};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

fn pages() -> Vec<PathBuf> {
    let mut p: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages"))
            .expect("pages")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
    p.sort();
    p
}

fn page(name: &str) -> Page {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages").join(name);
    parse(&std::fs::read_to_string(&path).expect("page")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn table(p: &Page, number: u32) -> &Table {
    p.tables
        .iter()
        .find(|t| t.number == Some(number))
        .unwrap_or_else(|| panic!("no Table {number}: {:#?}", p.tables))
}

fn row<'a>(p: &'a Page, name: &str) -> &'a Row {
    p.tables
        .iter()
        .flat_map(|t| &t.rows)
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no row `{name}`"))
}

fn draft_of(name: &str) -> (Page, String, codegen::model::Document) {
    let p = page(name);
    let yaml = draft(name, &p, &format!("draft-test-{}", name.split('.').next().unwrap_or(name)));
    let doc = serde_yaml::from_str(&yaml)
        .unwrap_or_else(|e| panic!("{name}: the draft does not load: {e}\n{yaml}"));
    (p, yaml, doc)
}

#[test]
fn every_page_drafts_a_spec_that_generates_and_that_its_page_agrees_with() {
    let pages = pages();
    assert!(!pages.is_empty());
    for path in pages {
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        let (p, yaml, doc) = draft_of(&name);
        // Saved as a new spec beside the real ones, it generates as it stands.
        let file = PathBuf::from(format!("spec/draft-test-{}.yaml", name.replace('.', "-")));
        if let Err(d) = codegen::generate_with(&root(), &[(file, yaml.clone())]) {
            panic!("{name}: the draft does not generate:\n{d}\n{yaml}");
        }
        // docs-check on the page it came from finds no difference, and counts what was not read.
        let (diffs, summary) = drift::compare(&name, &p, &doc);
        assert!(diffs.is_empty(), "{name}: {diffs:#?}");
        assert_eq!(summary.not_compared, p.unread.len());
        // What was not read closes the draft, one comment per item.
        for u in &p.unread {
            assert!(
                yaml.contains(&format!("# - {u}"))
                    || yaml
                        .contains(&format!("# - {}", u.to_string().lines().next().unwrap_or(""))),
                "{name}: {u}"
            );
        }
    }
}

#[test]
fn otc_layout_type_before_mandatory_query_table_links_and_no_date() {
    let p = page("otc-layout.txt");
    assert_eq!(
        (p.title.as_str(), p.updated.as_deref()),
        ("Listing Widgets of a Garden (a V3 API)", None)
    );
    let t1 = table(&p, 1);
    assert!(t1.has_type && t1.has_mandatory);
    assert_eq!(
        (
            row(&p, "garden_id").mandatory,
            row(&p, "garden_id").ty.as_deref(),
            row(&p, "garden_id").place
        ),
        (Some(true), Some("String"), Some(Place::Path))
    );
    assert_eq!(row(&p, "offset").place, Some(Place::Query));
    assert_eq!(row(&p, "X-Auth-Token").place, Some(Place::Header));
    let limit = &row(&p, "limit").constraints;
    assert_eq!(
        (limit.minimum, limit.maximum, limit.default.as_deref()),
        (Some(1), Some(50), Some("20"))
    );
    let offset = &row(&p, "offset").constraints;
    assert_eq!((offset.minimum, offset.default.as_deref()), (Some(0), Some("0")));
    assert_eq!(row(&p, "colour").constraints.values, ["red", "green"]);
    // `Array of Widget objects` by caption, `Object` by "see Table 6".
    assert_eq!(row(&p, "widgets").link.map(|k| p.tables[k].number), Some(Some(5)));
    assert_eq!(row(&p, "size").link.map(|k| p.tables[k].number), Some(Some(6)));
    assert_eq!(table(&p, 4).role, Role::ResponseBody(None));
    assert_eq!(table(&p, 5).role, Role::Object);
    // "Normal response example" is an example heading; the JSON is not a description.
    assert_eq!(p.response_examples.len(), 1);
    assert!(row(&p, "height").description.iter().all(|d| !d.contains('{')));
    assert_eq!(p.status_codes, [200]);
    assert!(p.unread.is_empty(), "{:#?}", p.unread);

    let (_, yaml, _) = draft_of("otc-layout.txt");
    // `Long` is an int64 whose page word is kept; two tables named `Widget` stay two schemas.
    assert!(yaml.contains("format: int64\n          x-page-type: Long"), "{yaml}");
    assert!(yaml.contains("Widget2:") && yaml.contains("x-page-table: Table 7 Widget"), "{yaml}");
    assert!(yaml.contains("updated: unknown"), "{yaml}");
    assert!(yaml.contains("url: https://garden.{region}.example.com"), "{yaml}");
}

#[test]
fn rds_layout_query_string_in_the_uri_line_and_labelled_descriptions() {
    let p = page("rds-layout.txt");
    assert_eq!((p.title.as_str(), p.updated.as_deref()), ("Querying Seeds", Some("2024-02-03")));
    assert_eq!((p.method.as_str(), p.uri.as_str()), ("GET", "/v3/{project_id}/seeds"));
    assert_eq!(p.uri_query, ["garden_id", "kind", "begin_time"]);
    let t1 = table(&p, 1);
    assert!(t1.has_mandatory && !t1.has_type);
    assert_eq!(row(&p, "project_id").place, Some(Place::Path));
    assert_eq!(
        (row(&p, "garden_id").place, row(&p, "garden_id").mandatory),
        (Some(Place::Query), Some(true))
    );
    assert_eq!(row(&p, "kind").constraints.values, ["flower", "tree"]);
    assert_eq!(row(&p, "seeds").link.map(|k| p.tables[k].number), Some(Some(3)));
    assert_eq!(row(&p, "origin").link.map(|k| p.tables[k].number), Some(Some(4)));
    let count = &row(&p, "count").constraints;
    assert_eq!(
        (count.minimum, count.maximum, count.default.as_deref()),
        (Some(0), Some(1000), None)
    );
    assert!(p.example_request_line.as_deref().is_some_and(|l| l.ends_with("kind=tree")));
    assert_eq!(p.response_examples.len(), 1);

    let (_, _, doc) = draft_of("rds-layout.txt");
    let op = doc.paths["/v3/{project_id}/seeds"].get.as_ref().expect("a GET");
    assert!(op.request_body.is_none(), "query parameters are not a body");
    let garden = op.parameters.iter().find(|x| x.name == "garden_id").expect("garden_id");
    assert!(garden.required && format!("{:?}", garden.location).contains("Query"));
    assert_eq!(garden.example, Some(serde_json::json!("g-42")));
}

#[test]
fn cbr_layout_status_headings_errors_and_request_examples() {
    let p = page("cbr-layout.txt");
    assert_eq!(p.status_codes, [202, 400]);
    assert_eq!(table(&p, 5).role, Role::ResponseBody(Some(202)));
    assert_eq!(table(&p, 6).role, Role::ResponseBody(Some(400)));
    assert_eq!(table(&p, 3).role, Role::RequestBody);
    // "Error code" as a description is not the "Error Codes" heading.
    assert_eq!(table(&p, 6).rows.len(), 2);
    let mode = &row(&p, "mode").constraints;
    assert_eq!(
        (mode.values.as_slice(), mode.default.as_deref()),
        (&["drip".to_string(), "spray".to_string()][..], Some("drip"))
    );
    let litres = &row(&p, "litres").constraints;
    assert_eq!((litres.minimum, litres.maximum), (Some(1), Some(500)));
    assert_eq!(p.request_examples.len(), 1);
    // Response headers are not request headers: reported, not placed.
    assert_eq!(table(&p, 7).role, Role::Unplaced);
    assert!(p.unread.iter().any(|u| u.reason.contains("response header")), "{:#?}", p.unread);
    let statuses: Vec<Option<u16>> = p.response_examples.iter().map(|e| e.status).collect();
    assert_eq!(statuses, [Some(202), Some(400)]);
}

#[test]
fn markdown_layout_pipe_tables_headings_and_fenced_examples() {
    let p = page("markdown-layout.md");
    assert_eq!((p.title.as_str(), p.method.as_str()), ("Pruning a Hedge", "DELETE"));
    assert_eq!(row(&p, "hedge_id").place, Some(Place::Path));
    assert_eq!(row(&p, "depth").place, Some(Place::Query));
    assert_eq!(
        (row(&p, "depth").constraints.minimum, row(&p, "depth").constraints.maximum),
        (Some(1), Some(30))
    );
    assert_eq!(row(&p, "tidy").constraints.default.as_deref(), Some("false"));
    assert_eq!(row(&p, "cut").ty.as_deref(), Some("Array of strings"));
    assert_eq!(p.response_examples.len(), 1);
    assert_eq!(p.response_examples[0].value, serde_json::json!({"cut": ["b-1", "b-2"]}));
    assert_eq!(p.status_codes, [200]);
    assert!(p.unread.is_empty(), "{:#?}", p.unread);
}

#[test]
fn what_cannot_be_read_is_reported_never_dropped_or_guessed() {
    let p = page("awkward.txt");
    let reasons: Vec<String> = p.unread.iter().map(ToString::to_string).collect();
    let has = |what: &str| {
        assert!(reasons.iter().any(|r| r.contains(what)), "`{what}` not in {reasons:#?}")
    };
    has("`door_id` is in a path parameter table but not in the URI");
    has("`Table 3 Notes`: not a parameter table");
    has("not valid JSON");
    has("positive number");
    // A length in words is read now, as the standard keywords would state it.
    assert_eq!(
        (row(&p, "name").constraints.min_length, row(&p, "name").constraints.max_length),
        (Some(1), Some(64))
    );
    assert_eq!(row(&p, "door_id").place, None);
    assert_eq!(row(&p, "floors").constraints.minimum, None, "\"positive\" is not guessed");
    assert!(p.request_examples[0].invalid.is_some());

    let (_, yaml, doc) = draft_of("awkward.txt");
    let op = doc.paths["/v1/{project_id}/sheds/{shed_id}"].put.as_ref().expect("a PUT");
    // The invalid example is kept with its reason; the contradicting one is an erratum.
    assert!(
        op.open_points
            .iter()
            .any(|o| o.contains("not valid JSON") && o.contains("\"floors\" : 2,")),
        "{:?}",
        op.open_points
    );
    let ok = &op.responses["200"].content["application/json"].examples;
    let erratum = ok.values().find_map(|e| e.erratum.as_ref()).expect("an erratum");
    assert!(
        erratum.page_says.contains("\"two\"") && erratum.reason.contains("`floors`"),
        "{erratum:?}"
    );
    assert!(!op.parameters.iter().any(|x| x.name == "door_id"));
    assert!(yaml.contains("# Not read or not drafted"), "{yaml}");
}

#[test]
fn a_page_with_any_one_line_missing_is_read_or_refused_never_a_panic() {
    let mut texts: Vec<(String, String)> = pages()
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).expect("page")))
        .collect();
    for f in std::fs::read_dir(root().join("spec/sources")).expect("sources").filter_map(Result::ok)
    {
        texts.push((
            f.path().display().to_string(),
            std::fs::read_to_string(f.path()).expect("page"),
        ));
    }
    for (name, text) in texts {
        let lines: Vec<&str> = text.lines().collect();
        for cut in 0..lines.len() {
            let mut shorter = lines.clone();
            shorter.remove(cut);
            let shorter = shorter.join("\n");
            let outcome = std::panic::catch_unwind(|| {
                parse(&shorter).map(|p| draft("page.txt", &p, "draft-cut"))
            });
            assert!(outcome.is_ok(), "{name} without line {}: a panic", cut + 1);
        }
    }
}

#[test]
fn a_page_with_only_a_uri_line_drafts_a_spec_that_generates_and_says_what_it_made_up() {
    let p = parse("Updated on 2024-01-01 GMT+08:00\n\nListing Things\n\nURI\n\nGET /v1/{project_id}/things?kind={kind}\n").expect("page");
    let yaml = draft("bare.txt", &p, "draft-test-bare");
    codegen::generate_with(&root(), &[(PathBuf::from("spec/draft-test-bare.yaml"), yaml.clone())])
        .unwrap_or_else(|d| panic!("{d}\n{yaml}"));
    for made in ["`{project_id}` has no row", "query names `kind`", "documents no response"] {
        assert!(yaml.contains(made), "`{made}` not noted:\n{yaml}");
    }
}

#[test]
fn bullet_layout_tables_without_captions_are_titled_placed_and_linked_per_side() {
    let p = page("bullet-layout.txt");
    let titled = |title: &str| {
        p.tables
            .iter()
            .find(|t| t.title == title)
            .unwrap_or_else(|| panic!("no table `{title}`: {:#?}", p.tables))
    };
    // No `Table N` captions: each table is titled by the bullet before it, with its section's
    // heading where two share a caption, so that `x-page-table` names one table.
    assert_eq!(titled("Parameter description (URI format)").role, Role::Parameters);
    assert_eq!(titled("Parameter description (Request)").role, Role::RequestBody);
    assert_eq!(titled("Parameter description (Response)").role, Role::ResponseBody(None));
    assert_eq!(row(&p, "orchard_id").place, Some(Place::Path));
    // "see Parameters in the crate field" leads to the table of the row's own side.
    let request_crate = &titled("Parameter description (Request)").rows[0];
    let response_crate = &titled("Parameter description (Response)").rows[0];
    assert_eq!(
        request_crate.link.map(|k| p.tables[k].title.as_str()),
        Some("Parameters in the crate field (Request)")
    );
    assert_eq!(
        response_crate.link.map(|k| p.tables[k].title.as_str()),
        Some("Parameters in the crate field (Response)")
    );
    // `Array of fruit objects`: a field's name in a type leads to the table about that field.
    assert_eq!(
        row(&p, "fruits").link.map(|k| p.tables[k].title.as_str()),
        Some("Parameters in the fruit field")
    );
    // A table about a field whose name holds a place's word (`query_rule`) is that field's
    // object: never query parameters.
    assert_eq!(titled("Parameters in the query_rule field").role, Role::Object);
    assert!(
        p.tables.iter().flat_map(|t| &t.rows).all(|r| r.place != Some(Place::Query)),
        "{:#?}",
        p.tables
    );
    // `Constraints` inside a description is a label, not a section heading that ends the table.
    assert!(
        row(&p, "label").description.iter().any(|d| d == "Constraints"),
        "{:?}",
        row(&p, "label").description
    );
    assert_eq!(row(&p, "fruits").mandatory, Some(true));
    // A table about a field no row points to is listed, never made the response body.
    assert_eq!(titled("Parameters in the lid field").role, Role::Unplaced);
    assert!(p.unread.iter().any(|u| u.reason.contains("`lid`")), "{:#?}", p.unread);
    // The example printed under its status code belongs to the normal response.
    assert_eq!(p.response_examples.iter().map(|e| e.status).collect::<Vec<_>>(), [Some(200)]);

    let (_, yaml, doc) = draft_of("bullet-layout.txt");
    let op =
        doc.paths["/v2/{project_id}/orchards/{orchard_id}/crates"].post.as_ref().expect("a POST");
    assert!(
        op.parameters.iter().all(|x| format!("{:?}", x.location) == "Path"),
        "{:?}",
        op.parameters
    );
    assert!(!op.responses["200"].content["application/json"].examples.is_empty(), "{yaml}");
    // The request's and the response's crate are two schemas; only the request's has `required`.
    let schemas = &doc.components.schemas;
    let crates: Vec<&String> = schemas.keys().filter(|k| k.starts_with("Crate")).collect();
    assert_eq!(crates.len(), 2, "{crates:?}");
    assert!(
        !schemas["Crate"].required.is_empty() && schemas["CrateResponse"].required.is_empty(),
        "{yaml}"
    );
    assert!(
        schemas.iter().filter(|(k, _)| k.ends_with("Response")).all(|(_, s)| s.required.is_empty()),
        "{yaml}"
    );
    assert!(
        !schemas.values().any(|s| s.page_table.as_deref() == Some("Parameters in the lid field")),
        "{yaml}"
    );
}

#[test]
fn message_layout_sentences_about_tables_and_a_response_mandatory_column() {
    let p = page("message-layout.txt");
    // "Table 1 describes ..." is a sentence, not the caption; "Request Message" and "Response
    // Message" are the sections.
    assert_eq!(table(&p, 1).title, "Table 1 URI parameter");
    assert_eq!(table(&p, 2).role, Role::RequestBody);
    assert_eq!(table(&p, 3).role, Role::ResponseBody(None));
    assert!(p
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .all(|r| r.place.is_none() || r.name == "project_id"));
    assert_eq!(p.status_codes, [200]);
    assert!(p.unread.is_empty(), "{:#?}", p.unread);

    let (_, yaml, doc) = draft_of("message-layout.txt");
    let op = doc.paths["/v1.0/{project_id}/vault/seal-box"].post.as_ref().expect("a POST");
    assert_eq!(op.parameters.len(), 1, "{yaml}");
    // The request example lacks the mandatory `keeper`, and the table says nothing to complete
    // it with: kept as printed in an open point, not as an example the generator would refuse.
    let body = op.request_body.as_ref().expect("a body");
    assert!(body.content["application/json"].examples.is_empty(), "{yaml}");
    assert!(
        op.open_points
            .iter()
            .any(|o| o.contains("lacks the mandatory `keeper`") && o.contains(r#""box_id":"b-3""#)),
        "{yaml}"
    );
    // The response's Mandatory column is kept as the page's word, not as `required`.
    let response = doc
        .components
        .schemas
        .values()
        .find(|s| s.page_table.as_deref() == Some("Table 3 Response parameters"))
        .expect("response");
    assert!(response.required.is_empty());
    let flags: Vec<Option<bool>> =
        response.properties.iter().flatten().map(|(_, f)| f.page_mandatory).collect();
    assert_eq!(flags, [Some(true), Some(false)]);
}

#[test]
fn a_request_example_lacking_a_mandatory_field_is_completed_from_its_table_and_kept_as_printed() {
    let text = "Updated on 2025-01-01 GMT+08:00\n\nLocking a Gate\n\nURI\n\nPOST /v1/gates\n\nRequest\n\nTable 1 Request body parameters\n\n\
                Parameter\n\nMandatory\n\nType\n\nDescription\n\ngate_id\n\nYes\n\nString\n\nThe gate.\n\n\
                lock\n\nYes\n\nString\n\nThe lock to use. The value can be brass or steel.\n\n\
                Example Request\n\n{\"gate_id\": \"g-1\"}\n\nStatus Codes\n\n200\n";
    let p = parse(text).expect("page");
    let yaml = draft("gate.txt", &p, "draft-test-gate");
    codegen::generate_with(&root(), &[(PathBuf::from("spec/draft-test-gate.yaml"), yaml.clone())])
        .unwrap_or_else(|d| panic!("{d}\n{yaml}"));
    let doc: codegen::model::Document = serde_yaml::from_str(&yaml).expect("draft");
    let ex = &doc.paths["/v1/gates"]
        .post
        .as_ref()
        .expect("POST")
        .request_body
        .as_ref()
        .expect("body")
        .content["application/json"]
        .examples["page-example"];
    assert_eq!(ex.value, serde_json::json!({"gate_id": "g-1", "lock": "brass"}));
    let erratum = ex.erratum.as_ref().expect("an erratum");
    assert!(
        erratum.page_says.contains("g-1")
            && !erratum.page_says.contains("brass")
            && erratum.reason.contains("lacks the mandatory `lock`"),
        "{erratum:?}"
    );
    let (diffs, _) = drift::compare("gate.txt", &p, &doc);
    assert!(diffs.is_empty(), "{diffs:#?}");
}

#[test]
fn a_response_field_the_example_prints_as_another_type_is_read_both_ways_and_the_example_kept() {
    let text = "Updated on 2025-01-01 GMT+08:00\n\nWeighing a Crate\n\nURI\n\nGET /v1/crates/{crate_id}\n\nTable 1 Path parameters\n\n\
                Parameter\n\nMandatory\n\nType\n\nDescription\n\ncrate_id\n\nYes\n\nString\n\nThe crate.\n\n\
                Response\n\nTable 2 Response body parameters\n\nParameter\n\nType\n\nDescription\n\n\
                weight\n\nString\n\nWhat the crate weighs, in grams.\n\nlabel\n\nString\n\nIts label.\n\n\
                Example Response\n\n{\"weight\": 1200, \"label\": \"north\"}\n\nStatus Codes\n\n200\n";
    let p = parse(text).expect("page");
    let yaml = draft("crate.txt", &p, "draft-test-crate");
    codegen::generate_with(&root(), &[(PathBuf::from("spec/draft-test-crate.yaml"), yaml.clone())])
        .unwrap_or_else(|d| panic!("{d}\n{yaml}"));
    let doc: codegen::model::Document = serde_yaml::from_str(&yaml).expect("draft");
    let ok = &doc.paths["/v1/crates/{crate_id}"].get.as_ref().expect("GET").responses["200"]
        .content["application/json"];
    // The example stays as the page prints it, with no erratum of its own.
    let ex = ok.examples.values().next().expect("an example");
    assert_eq!(ex.value, serde_json::json!({"weight": 1200, "label": "north"}));
    assert!(ex.erratum.is_none(), "{:?}", ex.erratum);
    // The field records the disagreement and reads both ways; the field that agrees does not.
    let body = doc
        .components
        .schemas
        .values()
        .find(|s| s.properties.as_ref().is_some_and(|p| p.contains_key("weight")))
        .expect("the body");
    let props = body.properties.as_ref().expect("properties");
    assert_eq!(props["weight"].example_types, ["integer"]);
    let erratum = props["weight"].erratum.as_ref().expect("an erratum");
    assert!(
        erratum.page_says.contains("String") && erratum.page_says.contains("1200"),
        "{erratum:?}"
    );
    assert!(props["label"].example_types.is_empty() && props["label"].erratum.is_none());
    let (diffs, _) = drift::compare("crate.txt", &p, &doc);
    assert!(diffs.is_empty(), "{diffs:#?}");
}
