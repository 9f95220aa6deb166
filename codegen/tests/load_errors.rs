//! What the loader and checker refuse, each with file, line, column and YAML path, and never
//! with a panic. Each case changes one thing in a valid fixture.

use std::path::Path;

use codegen::Diagnostic;

const FIXTURE: &str = include_str!("fixtures/rules.yaml");
const FILE: &str = "fixtures/rules.yaml";

fn problems(text: &str) -> Vec<Diagnostic> {
    match codegen::load::load_str(Path::new(FILE), text) {
        Err(d) => d,
        Ok(spec) => match codegen::check::check(&spec) {
            Err(d) => d,
            Ok(_) => Vec::new(),
        },
    }
}

/// The fixture with `from` replaced by `to` (which must occur exactly once).
fn mutate(from: &str, to: &str) -> String {
    assert_eq!(FIXTURE.matches(from).count(), 1, "`{from}` must occur once in the fixture");
    FIXTURE.replacen(from, to, 1)
}

/// 1-based line and column where `needle` starts in `text` (exactly one occurrence).
fn position(text: &str, needle: &str) -> (usize, usize) {
    assert_eq!(text.matches(needle).count(), 1, "`{needle}` must occur once");
    let at = text.find(needle).expect("present");
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

fn only(d: Vec<Diagnostic>) -> Diagnostic {
    assert_eq!(d.len(), 1, "expected one problem, got: {d:#?}");
    d.into_iter().next().expect("one")
}

#[test]
fn the_fixture_itself_is_valid() {
    assert!(problems(FIXTURE).is_empty(), "{:#?}", problems(FIXTURE));
}

#[test]
fn bad_yaml_names_the_place() {
    let text = mutate("      operationId: createJob\n", "      operationId: [createJob\n");
    let d = only(problems(&text));
    assert_eq!(d.file, Path::new(FILE));
    assert!(d.line > 0 && d.column > 0, "{d}");
    // The syntax error is found at or after the unclosed bracket.
    let (line, _) = position(&text, "[createJob");
    assert!(d.line >= line, "{d}");
    assert!(d.to_string().starts_with(&format!("{FILE}:{}:{}: ", d.line, d.column)), "{d}");
}

#[test]
fn a_dangling_ref_names_the_reference() {
    let text = mutate("$ref: '#/components/schemas/Item'", "$ref: '#/components/schemas/Nope'");
    let d = only(problems(&text));
    let (line, column) = position(&text, "$ref: '#/components/schemas/Nope'");
    assert_eq!((d.line, d.column), (line, column), "{d}");
    assert_eq!(d.path, "components.schemas.JobBody.properties.items.items.$ref");
    assert!(d.message.contains("dangling reference `#/components/schemas/Nope`"), "{d}");
}

#[test]
fn an_unsupported_keyword_names_the_keyword() {
    let text = mutate(
        "        at:\n          type: integer\n",
        "        at:\n          oneOf: []\n          type: integer\n",
    );
    let d = only(problems(&text));
    let (line, column) = position(&text, "oneOf: []");
    assert_eq!((d.line, d.column), (line, column), "{d}");
    assert!(d.message.contains("unsupported keyword `oneOf`"), "{d}");
    assert!(d.path.starts_with("components.schemas.JobBody.properties.at"), "{d}");
}

#[test]
fn an_undocumented_extension_is_refused() {
    let text = mutate(
        "      summary: Creating a Job\n",
        "      summary: Creating a Job\n      x-color: blue\n",
    );
    let d = only(problems(&text));
    let (line, column) = position(&text, "x-color: blue");
    assert_eq!((d.line, d.column), (line, column), "{d}");
    assert!(d.message.contains("`x-color`"), "{d}");
}

#[test]
fn a_path_parameter_missing_from_the_template_is_refused() {
    let text = mutate("  /v1/{project_id}/jobs:", "  /v1/{project}/jobs:");
    let d = problems(&text);
    assert_eq!(d.len(), 2, "{d:#?}");
    // The declared parameter that the template lacks ...
    let (line, column) = position(&text, "name: project_id");
    assert_eq!((d[0].line, d[0].column), (line, column), "{}", d[0]);
    assert!(d[0].message.contains("does not appear in the path template"), "{}", d[0]);
    // ... and the template parameter that is not declared.
    assert!(d[1].message.contains("`{project}` is not declared"), "{}", d[1]);
    assert_eq!(d[1].path, "paths./v1/{project}/jobs.post.parameters");
}

#[test]
fn an_example_that_contradicts_its_schema_is_refused() {
    let text = mutate(r#""at": 5"#, r#""at": -5"#);
    let d = only(problems(&text));
    assert!(d.message.contains("`at` = -5 is below the minimum 0"), "{d}");
    assert_eq!(d.path, "paths./v1/{project_id}/jobs.post.requestBody.content.application/json.examples.by-time.value");
    let (line, _) = position(&text, r#"value: {"mode": "time", "at": -5"#);
    assert_eq!(d.line, line, "{d}");
}

#[test]
fn an_example_that_breaks_a_rule_is_refused() {
    let text = mutate(r#""mode": "time", "at": 5, "#, r#""mode": "time", "#);
    let d = only(problems(&text));
    assert!(d.message.contains("breaks the rule"), "{d}");
}

#[test]
fn a_duplicate_operation_id_is_refused() {
    let text = FIXTURE.replacen(
        "components:\n",
        "  /v1/{project_id}/other:\n    get:\n      operationId: createJob\n      summary: S\n      x-source: {page: p, title: t, updated: u}\n      parameters:\n        - {name: project_id, in: path, required: true, schema: {type: string}}\n      responses:\n        \"200\": {description: OK}\ncomponents:\n",
        1,
    );
    let d = only(problems(&text));
    let (line, column) = position(&text, "operationId: createJob\n      summary: S");
    assert_eq!((d.line, d.column), (line, column), "{d}");
    assert!(d.message.contains("duplicate operationId `createJob`"), "{d}");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = mutate("$ref: '#/components/schemas/Item'", "$ref: '#/components/schemas/Nope'")
        .replacen("          format: int64\n", "          format: int128\n", 1);
    let d = problems(&text);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(d.iter().any(|x| x.message.contains("dangling")));
    assert!(d.iter().any(|x| x.message.contains("`int128`")));
}

#[test]
fn an_unreadable_file_is_an_error_not_a_panic() {
    let d = codegen::load::load_file(Path::new("/nonexistent/spec.yaml")).unwrap_err();
    assert!(d[0].message.contains("cannot read the spec"), "{:?}", d);
}

#[test]
fn garbage_never_panics() {
    for text in ["", "[]", "openapi: 3.0.3", "\t\t{{{", "openapi: [", "a: b: c", "paths: 5"] {
        let d = problems(text);
        assert!(!d.is_empty(), "`{text}` was accepted");
    }
}

// ---- never silently wrong: what would make a client send the wrong request -------------------

#[test]
fn a_query_string_in_a_path_template_is_refused_with_the_fix() {
    let text = mutate("  /v1/{project_id}/jobs:", "  /v1/{project_id}/jobs?id={id}:");
    let d = only(problems(&text));
    let (line, column) = position(&text, "/v1/{project_id}/jobs?id={id}:");
    assert_eq!((d.line, d.column), (line, column), "{d}");
    assert!(
        d.message.contains("holds a query") && d.message.contains("move `id` to query parameters"),
        "{d}"
    );
}

#[test]
fn a_fragment_or_a_parameter_inside_a_segment_is_refused() {
    for (template, want) in [
        ("/v1/{project_id}/jobs#top", "holds a fragment"),
        ("/v1/{project_id}.json/jobs", "mixes a parameter with other text"),
        ("v1/{project_id}/jobs", "must start with `/`"),
    ] {
        let text = mutate("  /v1/{project_id}/jobs:", &format!("  {template}:"));
        let d = only(problems(&text));
        assert!(d.message.contains(want), "{template}: {d}");
    }
}

#[test]
fn a_template_variable_declared_as_a_query_parameter_is_refused() {
    let text = mutate(
        "        - name: project_id\n          in: path\n",
        "        - name: project_id\n          in: query\n",
    );
    let d = only(problems(&text));
    assert!(
        d.message.contains("`project_id` is a variable of the path template")
            && d.message.contains("`in: path`"),
        "{d}"
    );
    let (line, _) = position(&text, "in: query");
    assert_eq!(d.line, line, "{d}");
}

#[test]
fn a_body_on_a_get_is_refused_and_on_a_delete_accepted() {
    let text = mutate("    post:\n", "    get:\n");
    let d = only(problems(&text));
    assert!(d.message.contains("has no body") && d.message.contains("query parameters"), "{d}");
    assert!(d.path.ends_with(".requestBody"), "{d}");
    // A DELETE may carry a body (the pages document some: a batch of ids to delete).
    let text = mutate("    post:\n", "    delete:\n");
    let found = problems(&text);
    assert!(found.iter().all(|d| !d.path.ends_with(".requestBody")), "{found:?}");
}

#[test]
fn a_duplicate_key_is_refused_naming_both_places() {
    // Two schemas of one name: YAML keeps one of the two, so the other would vanish unseen.
    let text = FIXTURE.replacen(
        "    Item:\n",
        "    Mode:\n      type: string\n      enum: [other]\n    Item:\n",
        1,
    );
    let d = only(problems(&text));
    let first = FIXTURE.lines().position(|l| l == "    Mode:").expect("Mode") + 1;
    assert!(
        d.message.contains("duplicate key: `Mode`")
            && d.message.contains(&format!("first at line {first} column 5")),
        "{d}"
    );
    assert_eq!(d.path, "components.schemas.Mode");
    assert!(d.line > first, "{d}");
}

#[test]
fn a_rule_on_array_items_is_refused_not_dropped() {
    let text = mutate(
        "          items:\n            $ref: '#/components/schemas/Item'\n",
        "          items:\n            $ref: '#/components/schemas/Item'\n            maximum: 3\n",
    );
    let d = only(problems(&text));
    assert!(d.message.contains("`maximum` on array items or map values is not supported"), "{d}");
    assert!(d.path.ends_with("items.items.maximum"), "{d}");
}

#[test]
fn unknown_string_and_number_formats_are_refused() {
    let text = mutate(
        "        copy_id:\n          type: string\n",
        "        copy_id:\n          type: string\n          format: uuid\n",
    );
    let d = only(problems(&text));
    assert!(d.message.contains("unsupported string format `uuid`"), "{d}");
}

#[test]
fn an_example_erratum_that_changes_nothing_is_refused() {
    let text = mutate(
        "                value: {\"mode\": \"time\", \"at\": 5, \"items\": [{\"id\": \"x\"}]}\n",
        "                value: {\"mode\": \"time\", \"at\": 5, \"items\": [{\"id\": \"x\"}]}\n                x-erratum:\n                  page-says: '{\"mode\": \"time\", \"at\": 5, \"items\": [{\"id\": \"x\"}]}'\n                  reason: none\n",
    );
    let d = only(problems(&text));
    assert!(d.message.contains("`page-says` is the example itself"), "{d}");
}

#[test]
fn the_constructs_fixture_is_valid_with_its_example_erratum() {
    let text = include_str!("fixtures/constructs.yaml");
    assert!(text.contains("x-erratum"));
    let spec = codegen::load::load_str(Path::new("fixtures/constructs.yaml"), text).expect("loads");
    assert!(codegen::check::check(&spec).is_ok());
}

#[test]
fn rules_between_query_parameters_need_query_parameters_and_name_them() {
    let rules = "      x-query-rules:\n        anyOf:\n          - description: both\n            required: [from, to]\n      parameters:\n";
    let text = mutate("      parameters:\n", rules);
    let p = problems(&text);
    assert!(p.iter().any(|d| d.message.contains("need query parameters")), "{p:#?}");
    assert!(p.iter().any(|d| d.message.contains("`from` is not a property")), "{p:#?}");
    assert!(p.iter().all(|d| d.path.contains("x-query-rules")), "{p:#?}");
}

#[test]
fn paging_an_operation_with_a_request_body_is_refused() {
    let paging = "      x-paging:\n        offset: offset\n        limit: limit\n        items: items\n      requestBody:\n";
    let text = mutate("      requestBody:\n", paging);
    let p = problems(&text);
    assert!(
        p.iter().any(|d| d.message.contains("with a request body is not supported")
            && d.path.ends_with(".x-paging")),
        "{p:#?}"
    );
}

// ---- wire names, enum values, nulls, lengths and patterns ------------------------------------

#[test]
fn two_properties_that_make_one_rust_name_are_refused_naming_both() {
    let text = mutate(
        "        copy_id:\n          type: string\n",
        "        copy_id:\n          type: string\n        copyId:\n          type: string\n",
    );
    let d = only(problems(&text));
    let (line, column) = position(&text, "copyId:");
    assert_eq!((d.line, d.column), (line, column), "{d}");
    assert_eq!(d.path, "components.schemas.JobBody.properties.copyId");
    assert!(
        d.message
            .contains("properties `copy_id` and `copyId` both make the Rust field name `copy_id`"),
        "{d}"
    );
}

#[test]
fn names_that_are_not_rust_names_are_accepted() {
    let text = mutate(
        "        copy_id:\n          type: string\n",
        "        copy_id:\n          type: string\n        hostId:\n          type: string\n        OS-EXT-SRV-ATTR:host:\n          type: string\n        os:scheduler_hints:\n          type: string\n        4xx:\n          type: string\n        self:\n          type: string\n",
    );
    assert!(problems(&text).is_empty(), "{:#?}", problems(&text));
}

#[test]
fn two_parameters_of_one_place_that_make_one_rust_name_are_refused_naming_both() {
    let params = "        - name: not-tags\n          in: query\n          schema:\n            type: string\n        - name: not_tags\n          in: query\n          schema:\n            type: string\n        - name: X-Auth-Token\n";
    let text = mutate("        - name: X-Auth-Token\n", params);
    let d = only(problems(&text));
    let (line, column) = position(&text, "name: not_tags");
    assert_eq!((d.line, d.column), (line, column), "{d}");
    assert!(
        d.message.contains(
            "query parameters `not-tags` and `not_tags` both make the Rust field name `not_tags`"
        ),
        "{d}"
    );
    // The same names in two places are two types' fields: no clash.
    let apart = params.replacen("          in: query\n", "          in: header\n", 1);
    assert!(problems(&mutate("        - name: X-Auth-Token\n", &apart)).is_empty());
}

#[test]
fn an_enum_value_listed_twice_is_refused_and_clashing_names_are_not() {
    let text = mutate("      enum: [time, copy]\n", "      enum: [time, copy, time]\n");
    let d = only(problems(&text));
    assert!(d.message.contains("enum value `time` is listed twice"), "{d}");
    assert_eq!(d.path, "components.schemas.Mode.enum[2]");
    let clashing = mutate(
        "      enum: [time, copy]\n",
        "      enum: [time, copy, UNKNOWN, unknown, \"4\", a-b, a_b, Time]\n",
    );
    assert!(problems(&clashing).is_empty(), "{:#?}", problems(&clashing));
}

#[test]
fn null_is_refused_in_a_request_example_unless_nullable() {
    let text = mutate(r#""items": [{"id": "x"}]}"#, r#""items": [{"id": "x", "target": null}]}"#);
    let d = only(problems(&text));
    assert!(d.message.contains("`items[0].target` is null, which the page does not allow"), "{d}");
    let nullable = text.replacen(
        "        target:\n          type: string\n      anyOf:",
        "        target:\n          type: string\n          nullable: true\n      anyOf:",
        1,
    );
    assert_ne!(nullable, text);
    assert!(problems(&nullable).is_empty(), "{:#?}", problems(&nullable));
}

#[test]
fn null_is_accepted_for_an_optional_field_of_a_response_example() {
    let with_body = "        \"202\":\n          description: Accepted\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Accepted'\n              examples:\n                ok:\n                  value: {\"job_id\": null, \"error_code\": null}\n";
    let schema = "  schemas:\n    Accepted:\n      type: object\n      properties:\n        job_id:\n          type: string\n        error_code:\n          type: string\n";
    let text = mutate("        \"202\":\n          description: Accepted\n", with_body).replacen(
        "  schemas:\n",
        schema,
        1,
    );
    assert!(problems(&text).is_empty(), "{:#?}", problems(&text));
    // Still a string where it is not null.
    let wrong = text.replacen("\"job_id\": null", "\"job_id\": 5", 1);
    let d = only(problems(&wrong));
    assert!(d.message.contains("`job_id` should be a string, not `5`"), "{d}");
}

#[test]
fn a_pattern_that_does_not_compile_is_refused_where_it_is() {
    let text = mutate(
        "        copy_id:\n          type: string\n",
        "        copy_id:\n          type: string\n          pattern: '[a-'\n",
    );
    let d = only(problems(&text));
    let (line, column) = position(&text, "pattern: '[a-'");
    assert_eq!((d.line, d.column), (line, column), "{d}");
    assert!(
        d.message.contains("`pattern` `[a-` does not compile") && !d.message.contains('\n'),
        "{d}"
    );
}

#[test]
fn an_example_that_breaks_a_length_or_a_pattern_is_refused() {
    let item_id = "        id:\n          type: string\n        target:";
    for (rule, want) in [
        ("pattern: '^[0-9]+$'", "`items[0].id` = `x` does not match the pattern `^[0-9]+$`"),
        (
            "minLength: 2",
            "`items[0].id` = `x` is 1 characters long, shorter than the minimum length 2",
        ),
        (
            "maxLength: 0",
            "`items[0].id` = `x` is 1 characters long, longer than the maximum length 0",
        ),
    ] {
        let text = mutate(
            item_id,
            &format!("        id:\n          type: string\n          {rule}\n        target:"),
        );
        let d = only(problems(&text));
        assert!(d.message.contains(want), "{rule}: {d}");
    }
    let text = mutate(
        "          items:\n            $ref: '#/components/schemas/Item'\n",
        "          maxItems: 0\n          items:\n            $ref: '#/components/schemas/Item'\n",
    );
    let d = only(problems(&text));
    assert!(d.message.contains("`items` has 1 items, more than the maximum 0"), "{d}");
}

#[test]
fn lengths_and_patterns_are_refused_where_they_would_not_be_checked() {
    for (from, to, want) in [
        ("          format: int64\n", "          format: int64\n          maxLength: 3\n", "`maxLength` is supported on strings only"),
        (
            "        copy_id:\n          type: string\n",
            "        copy_id:\n          type: string\n          minItems: 1\n",
            "`minItems` is supported on arrays only",
        ),
        (
            "          items:\n            $ref: '#/components/schemas/Item'\n",
            "          items:\n            $ref: '#/components/schemas/Item'\n            pattern: x\n",
            "`pattern` on array items or map values is not supported",
        ),
        ("      enum: [time, copy]\n", "      enum: [time, copy]\n      maxLength: 4\n", "`maxLength` on a component schema is not supported"),
        (
            "        copy_id:\n          type: string\n",
            "        copy_id:\n          type: string\n          minLength: 5\n          maxLength: 4\n",
            "`minLength` 5 is above the maximum 4",
        ),
    ] {
        let d = only(problems(&mutate(from, to)));
        assert!(d.message.contains(want), "{to}: {d}");
    }
}

#[test]
fn successes_with_two_body_types_are_refused_and_one_without_a_body_is_taken() {
    let constructs = include_str!("fixtures/constructs.yaml");
    let check =
        |text: &str| match codegen::load::load_str(Path::new("fixtures/constructs.yaml"), text) {
            Err(d) => d,
            Ok(spec) => codegen::check::check(&spec).err().unwrap_or_default(),
        };
    // As the fixture has it: 200 with a body, 202 without one.
    assert!(check(constructs).is_empty());
    let accepted = "        \"202\":\n          description: Accepted, no body\n";
    assert_eq!(constructs.matches(accepted).count(), 1);
    let other_body = "        \"202\":\n          description: Accepted\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/ItemRef'\n";
    let found = check(&constructs.replacen(accepted, other_body, 1));
    assert!(found.len() == 1 && found[0].message.contains("must share one body type"), "{found:?}");
    assert!(found[0].path.ends_with(".responses"), "{found:?}");
}

#[test]
fn a_listing_with_a_success_without_a_body_is_refused_at_its_paging() {
    // DDM's restorable instances, a streamed listing, given a 204 besides its 200.
    let ddm = include_str!("../../spec/ddm.yaml");
    let at = ddm.find("        items: instances\n").expect("a listing");
    let responses = at
        + ddm[at..].find("      responses:\n").expect("its responses")
        + "      responses:\n".len();
    let text = format!(
        "{}        \"204\":\n          description: Nothing\n{}",
        &ddm[..responses],
        &ddm[responses..]
    );
    let found = match codegen::load::load_str(Path::new("spec/ddm.yaml"), &text) {
        Err(d) => d,
        Ok(spec) => codegen::check::check(&spec).err().unwrap_or_default(),
    };
    assert!(
        found
            .iter()
            .any(|d| d.path.ends_with("x-paging")
                && d.message.contains("needs a body in every success")),
        "{found:?}"
    );
}

#[test]
fn a_field_read_both_ways_needs_its_erratum_a_readable_pair_and_a_response() {
    let ddm = include_str!("../../spec/ddm.yaml");
    let check = |text: &str| match codegen::load::load_str(Path::new("spec/ddm.yaml"), text) {
        Err(d) => d,
        Ok(spec) => codegen::check::check(&spec).err().unwrap_or_default(),
    };
    // The spec as it is: a size the table types String and the example prints as a number.
    let marked = "          type: string\n          x-example-types: [integer]\n";
    assert_eq!(ddm.matches(marked).count(), 1, "the spec reads one field both ways");
    assert!(check(ddm).is_empty());
    // Without the mark, the page's own example answer is refused.
    let found = check(&ddm.replacen(marked, "          type: string\n", 1));
    assert!(
        found.iter().any(|d| d.message.contains("should be a string, not `40000000000`")),
        "{found:?}"
    );
    // A pair the generated code could not read both ways.
    let found = check(&ddm.replacen(
        marked,
        "          type: string\n          x-example-types: [boolean]\n",
        1,
    ));
    assert!(
        found
            .iter()
            .any(|d| d.path.ends_with("x-example-types")
                && d.message.contains("can be read both ways")),
        "{found:?}"
    );
    // The disagreement unrecorded.
    let at = ddm.find(marked).expect("marked") + marked.len();
    let erratum_end = at + ddm[at..].find("        version:\n").expect("the next field");
    let found = check(&format!("{}{}", &ddm[..at], &ddm[erratum_end..]));
    assert!(
        found
            .iter()
            .any(|d| d.path.ends_with("x-example-types") && d.message.contains("in `x-erratum`")),
        "{found:?}"
    );
    // A request follows its table.
    let text = mutate(
        "        copy_id:\n          type: string\n",
        "        copy_id:\n          type: string\n          x-example-types: [integer]\n          x-erratum:\n            page-says: a number\n            reason: the example prints one\n",
    );
    let d = only(problems(&text));
    assert!(d.message.contains("for response fields only"), "{d}");
    assert_eq!(d.line, position(&text, "x-example-types").0, "{d}");
}

#[test]
fn a_title_or_description_that_counts_the_pages_is_refused() {
    let title = "  title: Fixture with a POST body and every kind of rule\n";
    for to in [
        "  title: Three pages of a fixture\n".to_string(),
        format!("{title}  description: The 2 operations of a fixture.\n"),
    ] {
        let d = only(problems(&mutate(title, &to)));
        assert!(d.message.contains("counts what the document holds"), "{d}");
        assert!(d.path.starts_with("info."), "{d}");
    }
}
