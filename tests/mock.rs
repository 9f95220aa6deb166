//! The mock server's own tests, with real HTTP over loopback: raw requests (as any HTTP tool
//! would send them) and the generated clients.

use std::time::Duration;

use huaweicloud_restore::mock::{Behavior, MockOptions, MockServer, MAX_BODY};
use huaweicloud_restore::runtime::{Config, Credential, Error};
use huaweicloud_restore::{cbr, ddm, rds};
use huaweicloud_restore_tests::spec_services;
use serde_json::{json, Value};

async fn send(
    server: &huaweicloud_restore::runtime::mock::MockServer,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&[u8]>,
) -> (u16, reqwest::header::HeaderMap, String) {
    send_with(server, method, path, token, &[], body).await
}

async fn send_with(
    server: &huaweicloud_restore::runtime::mock::MockServer,
    method: &str,
    path: &str,
    token: Option<&str>,
    headers: &[(String, String)],
    body: Option<&[u8]>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let client = reqwest::Client::new();
    let mut req = client.request(
        reqwest::Method::from_bytes(method.as_bytes()).expect("method"),
        format!("http://{}{path}", server.addr()),
    );
    for (n, v) in headers {
        req = req.header(n.as_str(), v.as_str());
    }
    if let Some(t) = token {
        req = req.header("X-Auth-Token", t);
    }
    if let Some(b) = body {
        req = req.header("Content-Type", "application/json").body(b.to_vec());
    }
    let resp = req.send().await.expect("the mock answers");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.text().await.expect("body"))
}

fn error_of(body: &str) -> (String, String) {
    let v: Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("error body is JSON: {e}: {body}"));
    (
        v["error_code"].as_str().unwrap_or_default().to_string(),
        v["error_msg"].as_str().unwrap_or_default().to_string(),
    )
}

/// A value for a parameter: the page's example, else one of its type that keeps its rules.
fn example_value(
    s: &codegen::ir::Service,
    o: &codegen::ir::Operation,
    f: &codegen::ir::Field,
) -> String {
    use codegen::ir::Ty;
    if let Some((_, v)) = o.parameter_examples.iter().find(|(n, _)| n == &f.wire_name) {
        return v.as_str().map_or_else(|| v.to_string(), str::to_string);
    }
    match &f.ty {
        Ty::I32 | Ty::I64 => f.minimum.unwrap_or(0).to_string(),
        Ty::F64 => "0".into(),
        Ty::Bool => "false".into(),
        Ty::Enum(e) => s
            .enum_def(*e)
            .and_then(|d| d.values.first())
            .map(|v| v.wire.clone())
            .unwrap_or_default(),
        // A string that keeps the documented length and pattern.
        _ => f.stand_in_string(),
    }
}

/// The path and query of an operation with the page's example values (and a value for each
/// mandatory query parameter the page gives none), under its service's prefix.
fn example_path(s: &codegen::ir::Service, o: &codegen::ir::Operation) -> String {
    let mut p = format!("/{}{}", s.module, o.path);
    for name in codegen::check::template_parameters(&o.path).expect("template") {
        let field = o
            .path_params
            .and_then(|pp| s.struct_def(pp))
            .and_then(|pp| pp.fields.iter().find(|f| f.wire_name == name));
        let v = match field {
            Some(f) => example_value(s, o, f),
            None => "x".to_string(),
        };
        p = p.replace(&format!("{{{name}}}"), &v);
    }
    let query =
        o.query.and_then(|q| s.struct_def(q)).map(|q| q.fields.as_slice()).unwrap_or_default();
    let pairs: Vec<(&str, String)> = query
        .iter()
        .filter(|f| f.required || o.parameter_examples.iter().any(|(n, _)| n == &f.wire_name))
        .map(|f| (f.wire_name.as_str(), example_value(s, o, f)))
        .collect();
    if !pairs.is_empty() {
        p.push('?');
        p.push_str(&huaweicloud_restore::runtime::for_generated::canonical_query(&pairs));
    }
    p
}

/// A value for each mandatory header parameter of an operation.
fn example_headers(s: &codegen::ir::Service, o: &codegen::ir::Operation) -> Vec<(String, String)> {
    let fields =
        o.headers.and_then(|h| s.struct_def(h)).map(|h| h.fields.as_slice()).unwrap_or_default();
    fields
        .iter()
        .filter(|f| f.required)
        .map(|f| (f.wire_name.clone(), example_value(s, o, f)))
        .collect()
}

/// The mock routes a path, and the client fills it, by the segments the generator emits as the
/// operation's data: they must be the segments the generator checked.
#[test]
fn the_mock_routes_by_the_segments_the_generator_parsed() {
    use codegen::ir::Segment as Parsed;
    use huaweicloud_restore::runtime::for_generated::Segment;
    let mut checked = 0;
    for service in spec_services() {
        for op in &service.operations {
            let generated = huaweicloud_restore::SERVICES
                .iter()
                .flat_map(|s| s.operations)
                .find(|o| o.service == service.module && o.id == op.id)
                .unwrap_or_else(|| panic!("{} is not in the crate", op.id));
            // (is a parameter, text), from each side.
            let want: Vec<(bool, &str)> = op
                .segments
                .iter()
                .map(|s| match s {
                    Parsed::Literal(text) => (false, text.as_str()),
                    Parsed::Param(name) => (true, name.as_str()),
                })
                .collect();
            let got: Vec<(bool, &str)> = generated
                .segments
                .iter()
                .map(|s| match *s {
                    Segment::Literal(text) => (false, text),
                    Segment::Param(name) => (true, name),
                })
                .collect();
            assert_eq!(got, want, "{}", op.path);
            checked += 1;
        }
    }
    assert!(checked > 0, "the spec has operations");
}

#[tokio::test]
async fn every_documented_example_request_gets_the_documented_response() {
    let server = MockServer::start().await.expect("start");
    let services = spec_services();
    // One request per body example, or one without a body: derived from the spec, so a new
    // operation or example is checked with no change here.
    let expected: usize =
        services.iter().flat_map(|s| &s.operations).map(|o| o.body_examples.len().max(1)).sum();
    assert!(expected > 0, "the spec has operations");
    let mut checked = 0;
    for s in services {
        for o in &s.operations {
            // The first documented success with an example, else the first success.
            let successes: Vec<_> =
                o.responses.iter().filter(|r| matches!(r.status, Some(200..=299))).collect();
            let success = successes
                .iter()
                .find(|r| !r.examples.is_empty())
                .or(successes.first())
                .expect("a success");
            let want_status = success.status.expect("status");
            let want_body = success.examples.first().map(|e| e.value.clone());
            let bodies: Vec<Option<Vec<u8>>> = if o.body_examples.is_empty() {
                vec![None]
            } else {
                o.body_examples.iter().map(|e| Some(e.value.to_string().into_bytes())).collect()
            };
            let params = example_headers(&s, o);
            for body in bodies {
                let (status, headers, text) = send_with(
                    &server,
                    &o.method,
                    &example_path(&s, o),
                    Some("any-token"),
                    &params,
                    body.as_deref(),
                )
                .await;
                assert_eq!(status, want_status, "{}: {text}", o.id);
                assert!(headers.contains_key("x-request-id"), "{}", o.id);
                if let (Some(pg), Some(example)) = (&o.paging, &want_body) {
                    // A listing pages the example's items: the first page, as the request's
                    // limit (or its default) cuts it; the other fields as documented.
                    let got: Value = serde_json::from_str(&text).expect("json");
                    let items = example[&pg.items.wire].as_array().cloned().unwrap_or_default();
                    let page = got[&pg.items.wire].as_array().cloned().unwrap_or_default();
                    assert!(!page.is_empty() || items.is_empty(), "{}: {text}", o.id);
                    assert_eq!(page[..], items[..page.len()], "{}", o.id);
                    if let Some(t) = &pg.total {
                        assert_eq!(got[&t.wire], Value::from(items.len()), "{}", o.id);
                    }
                    let paging = [&pg.items.wire, &pg.offset.wire, &pg.limit.wire];
                    for (k, v) in example.as_object().into_iter().flatten() {
                        if !paging.contains(&k) && pg.total.as_ref().is_none_or(|t| &t.wire != k) {
                            assert_eq!(&got[k], v, "{}: `{k}`", o.id);
                        }
                    }
                    checked += 1;
                    continue;
                }
                match &want_body {
                    Some(Value::String(t)) if success.text => assert_eq!(&text, t, "{}", o.id),
                    Some(v) => assert_eq!(
                        &serde_json::from_str::<Value>(&text).expect("json"),
                        v,
                        "{}",
                        o.id
                    ),
                    // A documented body without an example is answered with the empty object.
                    None if success.body.is_some() => assert_eq!(text, "{}", "{}", o.id),
                    None => assert!(text.is_empty(), "{}: {text}", o.id),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, expected, "every operation and every body example");
}

#[tokio::test]
async fn the_generated_clients_are_accepted_for_every_operation() {
    let server =
        MockServer::start_with(MockOptions::default().with_token("t-1")).await.expect("start");
    let config = Config::new(Credential::token("t-1")).with_endpoint(server.uri());
    let (d, r, c) = (
        ddm::Client::new(config.clone()).expect("ddm"),
        rds::Client::new(config.clone()).expect("rds"),
        cbr::Client::new(config).expect("cbr"),
    );
    let body = ddm::RestoreToNewInstanceBody::new(
        ddm::RestoreInstSource::new(1),
        ddm::RestoreInstTarget::new("t"),
        vec![ddm::DataNodeRelation::new("a", "b")],
    );
    assert_eq!(d.restore_to_new_instance("p", "i", &body).await.expect("ok").status(), 202);
    let body = ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new().with_restore_time(5),
        ddm::RestoreMetaDataTarget::new(vec!["n".into()], "t"),
    );
    assert_eq!(
        d.restore_metadata("p", "i", &body).await.expect("ok").body().job_id.as_deref(),
        Some("09902ee7866649b8908ec209bfee2747")
    );
    assert_eq!(
        d.list_restorable_instances("p", "i", &ddm::ListRestorableInstancesQuery::new())
            .await
            .expect("ok")
            .body()
            .total,
        Some(1)
    );
    let body = rds::RestoreToExistingInstanceBody::new(
        rds::RestoreSource::new("i").with_backup_id("b"),
        rds::RestoreTarget::new("t"),
    );
    assert_eq!(r.restore_to_existing_instance("p", &body).await.expect("ok").status(), 202);
    let body = cbr::RestoreBackupBody::new(cbr::BackupRestore::new().with_volume_id("v"));
    assert_eq!(c.restore_backup("p", "b", &body).await.expect("ok").status(), 202);
    let ops: Vec<Option<&str>> = server.requests().iter().map(|r| r.operation).collect();
    assert_eq!(
        ops,
        vec![
            Some("restoreToNewInstance"),
            Some("restoreMetadata"),
            Some("listRestorableInstances"),
            Some("restoreToExistingInstance"),
            Some("restoreBackup")
        ]
    );
}

#[tokio::test]
async fn each_rule_broken_gets_400_naming_the_path() {
    let server = MockServer::start().await.expect("start");
    let cases: Vec<(&str, &str, Option<Value>, &str, &str)> = vec![
        (
            "GET",
            "/ddm/v3/p/instances/i/backups/restorable-instances?limit=0",
            None,
            "limit",
            "minimum",
        ),
        (
            "GET",
            "/ddm/v3/p/instances/i/backups/restorable-instances?limit=129",
            None,
            "limit",
            "maximum",
        ),
        (
            "GET",
            "/ddm/v3/p/instances/i/backups/restorable-instances?offset=-1",
            None,
            "offset",
            "minimum",
        ),
        (
            "POST",
            "/ddm/v3/p/instances/i/backups/metadata-recovery",
            Some(json!({"source": {}, "target": {"instance_id": "t", "data_nodes": []}})),
            "source",
            "any_of",
        ),
        (
            "POST",
            "/rds/v3/p/instances/recovery",
            Some(
                json!({"source": {"instance_id": "i", "type": "timestamp"}, "target": {"instance_id": "t"}}),
            ),
            "source.restore_time",
            "required",
        ),
        (
            "POST",
            "/rds/v3/p/instances/recovery",
            Some(json!({"source": {"instance_id": "i"}, "target": {"instance_id": "t"}})),
            "source.backup_id",
            "required",
        ),
        (
            "POST",
            "/rds/v3/p/instances/recovery",
            Some(
                json!({"source": {"instance_id": "i", "type": "snapshot", "backup_id": "b"}, "target": {"instance_id": "t"}}),
            ),
            "source.type",
            "enum",
        ),
        (
            "POST",
            "/cbr/v3/p/backups/b/restore",
            Some(json!({"restore": {"server_id": "vm"}})),
            "restore.mappings",
            "required",
        ),
        (
            "POST",
            "/cbr/v3//backups/b/restore",
            Some(json!({"restore": {}})),
            "project_id",
            "non_empty",
        ),
    ];
    for (method, path, body, at, rule) in cases {
        let bytes = body.map(|b| b.to_string().into_bytes());
        let (status, _, text) = send(&server, method, path, Some("t"), bytes.as_deref()).await;
        assert_eq!(status, 400, "{path}: {text}");
        let (code, msg) = error_of(&text);
        assert!(!code.is_empty(), "{text}");
        assert!(
            msg.contains(&format!("{at}: ")) && msg.contains(&format!("[{rule}]")),
            "{path}: {msg}"
        );
    }
}

#[tokio::test]
async fn malformed_and_incomplete_bodies_get_400() {
    let server = MockServer::start().await.expect("start");
    let path = "/ddm/v3/p/instances/i/backups/recovery";
    for (body, want) in [
        (&b"{not json"[..], "not valid JSON"),
        (&b""[..], "not valid JSON"),
        (br#"{"source": {}, "target": {"instance_id": "t"}, "data_node_relations": []}"#, "source: missing field `restore_time`"),
        (
            br#"{"source": {"restore_time": "yesterday"}, "target": {"instance_id": "t"}, "data_node_relations": []}"#,
            "source.restore_time: invalid type",
        ),
        (br#"{"source": {"restore_time": 1}, "target": {"instance_id": "t"}, "data_node_relations": [], "extra": 1}"#, "unknown field `extra`"),
    ] {
        let (status, _, text) = send(&server, "POST", path, Some("t"), Some(body)).await;
        assert_eq!(status, 400, "{text}");
        let (code, msg) = error_of(&text);
        assert_eq!(code, "DBS.280001", "the page's error code");
        assert!(msg.contains(want), "{msg}");
    }
}

/// A request body of another JSON type than the documented object (serde alone reads `[]` as
/// a struct whose fields all have defaults) gets 400, for every operation with a body.
#[tokio::test]
async fn a_request_body_of_another_json_type_gets_400_for_every_operation() {
    let server = MockServer::start().await.expect("start");
    let mut checked = 0;
    for s in spec_services() {
        for o in s.operations.iter().filter(|o| o.body.is_some()) {
            for body in ["[]", "[{}]", "\"x\"", "1", "null", "true"] {
                let (status, _, text) = send_with(
                    &server,
                    &o.method,
                    &example_path(&s, o),
                    Some("t"),
                    &example_headers(&s, o),
                    Some(body.as_bytes()),
                )
                .await;
                assert_eq!(status, 400, "{}: {body}: {text}", o.id);
                let (_, msg) = error_of(&text);
                assert!(msg.contains("where an object is documented"), "{}: {body}: {msg}", o.id);
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "the spec documents request bodies");
}

#[tokio::test]
async fn auth_is_refused_with_a_gateway_error() {
    let open = MockServer::start().await.expect("start");
    let strict =
        MockServer::start_with(MockOptions::default().with_token("right")).await.expect("start");
    let path = "/ddm/v3/p/instances/i/backups/restorable-instances";
    for (server, token) in
        [(&open, None), (&open, Some("")), (&strict, None), (&strict, Some("wrong"))]
    {
        let (status, _, text) = send(server, "GET", path, token, None).await;
        assert_eq!(status, 401, "{token:?}");
        let (code, msg) = error_of(&text);
        assert_eq!(code, "APIGW.0301");
        assert!(msg.starts_with("Incorrect IAM authentication information"), "{msg}");
    }
    assert_eq!(send(&strict, "GET", path, Some("right"), None).await.0, 200);
    assert_eq!(send(&open, "GET", path, Some("anything"), None).await.0, 200);
}

#[tokio::test]
async fn unknown_path_wrong_method_and_oversized_body() {
    let server = MockServer::start().await.expect("start");
    let (status, headers, text) =
        send(&server, "GET", "/ddm/v3/p/nothing-here", Some("t"), None).await;
    assert_eq!((status, error_of(&text).0.as_str()), (404, "APIGW.0101"));
    assert!(headers.contains_key("x-request-id"));
    // A path no service has, with or without a prefix, names the prefixes.
    let (status, _, text) = send(&server, "GET", "/v3/p/nothing-here", Some("t"), None).await;
    assert_eq!(status, 404, "{text}");
    assert!(error_of(&text).1.contains("/ddm, "), "{text}");
    // One service's route is not another's.
    assert_eq!(
        send(&server, "GET", "/rds/v3/p/instances/i/backups/restorable-instances", Some("t"), None)
            .await
            .0,
        404
    );
    let (status, headers, text) =
        send(&server, "GET", "/rds/v3/p/instances/recovery", Some("t"), None).await;
    assert_eq!(status, 405, "{text}");
    assert_eq!(headers.get("allow").and_then(|v| v.to_str().ok()), Some("POST"));
    assert!(!error_of(&text).1.is_empty());
    let big = vec![b' '; MAX_BODY + 1];
    let (status, _, text) =
        send(&server, "POST", "/rds/v3/p/instances/recovery", Some("t"), Some(&big)).await;
    assert_eq!(status, 413, "{text}");
    let just_fits = {
        let mut b =
            br#"{"source":{"instance_id":"i","backup_id":"b"},"target":{"instance_id":"t"}}"#
                .to_vec();
        b.resize(MAX_BODY, b' ');
        b
    };
    assert_eq!(
        send(&server, "POST", "/rds/v3/p/instances/recovery", Some("t"), Some(&just_fits)).await.0,
        202
    );
}

async fn page(server: &MockServer, query: &str) -> Value {
    let (status, _, text) = send(
        server,
        "GET",
        &format!("/ddm/v3/p/instances/i/backups/restorable-instances{query}"),
        Some("t"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{query}: {text}");
    serde_json::from_str(&text).expect("json")
}

#[tokio::test]
async fn paging_honours_offset_and_limit_at_the_edges() {
    let server = MockServer::start().await.expect("start");
    let items: Vec<ddm::DdmInstance4Restore> = (0..300)
        .map(|i| ddm::DdmInstance4Restore::new().with_instance_id(format!("i{i}")))
        .collect();
    server.set_listing(&ddm::LIST_RESTORABLE_INSTANCES, &items);
    let ids = |v: &Value| {
        v["instances"]
            .as_array()
            .expect("array")
            .iter()
            .map(|x| x["instance_id"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    let p = page(&server, "").await;
    assert_eq!(
        (ids(&p).len(), &p["offset"], &p["limit"], &p["total"]),
        (10, &json!(0), &json!(10), &json!(300)),
        "defaults: offset 0, limit 10"
    );
    assert_eq!(ids(&page(&server, "?offset=0&limit=1").await), vec!["i0"]);
    let p = page(&server, "?limit=128&offset=256").await;
    assert_eq!(ids(&p).len(), 44);
    assert_eq!(ids(&p).first().map(String::as_str), Some("i256"));
    let p = page(&server, "?offset=299&limit=128").await;
    assert_eq!(ids(&p), vec!["i299"]);
    let p = page(&server, "?offset=300").await;
    assert!(ids(&p).is_empty());
    assert_eq!(p["total"], json!(300));
    let p = page(&server, "?offset=2147483647&limit=128").await;
    assert!(ids(&p).is_empty());
    let (status, _, _) = send(
        &server,
        "GET",
        "/ddm/v3/p/instances/i/backups/restorable-instances?limit=ten",
        Some("t"),
        None,
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn requests_are_recorded_as_sent() {
    let server = MockServer::start().await.expect("start");
    let body = br#"{"restore":{"volume_id":"v"}}"#;
    send(&server, "POST", "/cbr/v3/p%20q/backups/b%2Fc/restore", Some("tok"), Some(body)).await;
    send(
        &server,
        "GET",
        "/ddm/v3/p/instances/i/backups/restorable-instances?limit=5&offset=1",
        Some("tok"),
        None,
    )
    .await;
    let got = server.requests();
    assert_eq!(got.len(), 2);
    assert_eq!(
        (got[0].method.as_str(), got[0].path.as_str(), got[0].query.as_deref()),
        ("POST", "/cbr/v3/p%20q/backups/b%2Fc/restore", None)
    );
    assert_eq!(got[0].header("X-AUTH-TOKEN"), Some("tok"));
    assert_eq!(got[0].header("content-type"), Some("application/json"));
    assert_eq!(got[0].body, body.to_vec());
    assert_eq!(got[0].operation, Some("restoreBackup"));
    assert_eq!(
        (got[1].method.as_str(), got[1].query.as_deref()),
        ("GET", Some("limit=5&offset=1"))
    );
    server.clear_requests();
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn behaviours_can_be_set_per_operation() {
    let server = MockServer::start().await.expect("start");
    let config = Config::new(Credential::token("t"))
        .with_endpoint(server.uri())
        .with_request_timeout(Duration::from_millis(300));
    let client = ddm::Client::new(config).expect("client");
    let body = ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new().with_backup_id("b"),
        ddm::RestoreMetaDataTarget::new(vec![], "t"),
    );

    server.set_behavior(
        &ddm::RESTORE_METADATA,
        Behavior::Respond {
            status: 500,
            body: r#"{"error_code":"DBS.200001","error_msg":"boom"}"#.into(),
        },
    );
    let err = client.restore_metadata("p", "i", &body).await.unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(
        (api.status, api.error_code.as_deref(), api.error_msg.as_deref()),
        (500, Some("DBS.200001"), Some("boom"))
    );
    assert!(api.request_id.is_some());

    server.set_behavior(&ddm::RESTORE_METADATA, Behavior::Stall);
    assert!(matches!(client.restore_metadata("p", "i", &body).await, Err(Error::Timeout { .. })));

    server.set_behavior(&ddm::RESTORE_METADATA, Behavior::DropConnection);
    let err = client.restore_metadata("p", "i", &body).await.unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");

    // Other operations keep the spec's behaviour, and clearing restores it.
    assert!(client
        .list_restorable_instances("p", "i", &ddm::ListRestorableInstancesQuery::new())
        .await
        .is_ok());
    server.clear_behavior(&ddm::RESTORE_METADATA);
    assert!(client.restore_metadata("p", "i", &body).await.is_ok());
}

#[tokio::test]
async fn hostile_input_never_brings_it_down() {
    let server = MockServer::start().await.expect("start");
    let mut rng = fastrand::Rng::with_seed(7);
    let paths = [
        "/",
        "/v3",
        "/ddm",
        "/ddm/v3/p/instances/i/backups/recovery",
        "/cbr/v3/%FF%FE/backups/%00/restore",
        "/%FF/v3",
        "/rds/v3/p/instances/recovery?x=%ZZ&&=",
        "//v3//",
        "/ddm/v3/p/instances/i/backups/restorable-instances?offset=99999999999999999999",
    ];
    for i in 0..200 {
        let path = paths[i % paths.len()];
        let len = rng.usize(0..64);
        let body: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
        let method = ["GET", "POST", "PUT", "DELETE"][rng.usize(0..4)];
        let (status, _, _) = send(&server, method, path, Some("t"), Some(&body)).await;
        assert!((200..600).contains(&status));
    }
    // Still serving.
    assert_eq!(
        send(&server, "GET", "/ddm/v3/p/instances/i/backups/restorable-instances", Some("t"), None)
            .await
            .0,
        200
    );
}

// ---- hostile clients: bounded in count and time, all on loopback ------------------------------

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Whether the server closes `stream` within `within`: a read gives end of file or an error.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(within, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            // An answer (a 408, say) before the close: keep reading until it closes.
            Ok(Ok(_)) => {}
        }
    }
}

/// The raw answer to `request` on a fresh connection, read until the server closes it.
async fn raw(server: &MockServer, request: &[u8], shutdown_write: bool) -> String {
    let mut stream = TcpStream::connect(server.addr()).await.expect("connect");
    stream.write_all(request).await.expect("write");
    if shutdown_write {
        stream.shutdown().await.expect("shutdown");
    }
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn slow_clients_are_cut_off_after_the_read_timeout() {
    let server = MockServer::start_with(
        MockOptions::default().with_read_timeout(Duration::from_millis(300)),
    )
    .await
    .expect("start");
    let mut slow = Vec::new();
    for _ in 0..50 {
        let mut s = TcpStream::connect(server.addr()).await.expect("connect");
        // Headers begun and never finished.
        s.write_all(
            b"GET /ddm/v3/p/instances/i/backups/restorable-instances HTTP/1.1\r\nHost: x\r\n",
        )
        .await
        .expect("write");
        slow.push(s);
    }
    for s in &mut slow {
        assert!(closed_within(s, Duration::from_secs(5)).await, "a slow connection stayed open");
    }
    // A body that never comes gets 408.
    let answer =
        raw(&server, b"POST /rds/v3/p/instances/recovery HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Length: 50\r\n\r\n{", false).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(
        send(&server, "GET", "/ddm/v3/p/instances/i/backups/restorable-instances", Some("t"), None)
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn connections_over_the_bound_are_closed_at_once() {
    let options =
        MockOptions::default().with_max_connections(3).with_read_timeout(Duration::from_secs(30));
    let server = MockServer::start_with(options).await.expect("start");
    let mut idle = Vec::new();
    for _ in 0..3 {
        idle.push(TcpStream::connect(server.addr()).await.expect("connect"));
    }
    let mut over = TcpStream::connect(server.addr()).await.expect("the kernel accepts");
    assert!(
        closed_within(&mut over, Duration::from_secs(5)).await,
        "the fourth connection was served"
    );
    for s in &mut idle {
        assert!(
            !closed_within(s, Duration::from_millis(50)).await,
            "a connection within the bound was closed"
        );
    }
    drop(idle);
    // Once the idle ones are gone, the server serves again.
    let mut status = 0;
    for _ in 0..50 {
        let answer = raw(
            &server,
            b"GET /ddm/v3/p/instances/i/backups/restorable-instances HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nConnection: close\r\n\r\n",
            false,
        )
        .await;
        if answer.starts_with("HTTP/1.1 200") {
            status = 200;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_record_keeps_only_the_most_recent_requests() {
    let server =
        MockServer::start_with(MockOptions::default().with_record_limit(5)).await.expect("start");
    for i in 0..20 {
        send(
            &server,
            "GET",
            &format!("/ddm/v3/p/instances/i/backups/restorable-instances?offset={i}"),
            Some("t"),
            None,
        )
        .await;
    }
    let queries: Vec<String> =
        server.requests().iter().map(|r| r.query.clone().unwrap_or_default()).collect();
    assert_eq!(queries, (15..20).map(|i| format!("offset={i}")).collect::<Vec<_>>());

    let silent =
        MockServer::start_with(MockOptions::default().with_record_limit(0)).await.expect("start");
    assert_eq!(
        send(&silent, "GET", "/ddm/v3/p/instances/i/backups/restorable-instances", Some("t"), None)
            .await
            .0,
        200
    );
    assert!(silent.requests().is_empty());
}

#[test]
fn mock_options_never_show_their_secrets() {
    let options =
        MockOptions::default().with_token("tok-SECRET-1").with_aksk("VISIBLE-AK", "sk-SECRET-2");
    let shown = format!("{options:?} {options:#?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("VISIBLE-AK") && shown.contains("redacted"), "{shown}");
}

#[tokio::test]
async fn a_short_or_broken_body_is_a_400_not_a_413() {
    let server = MockServer::start().await.expect("start");
    let head = "POST /rds/v3/p/instances/recovery HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Type: application/json\r\n";
    // Shorter than its Content-Length, then the client closes its side.
    let answer =
        raw(&server, format!("{head}Content-Length: 100\r\n\r\n{{\"source\":").as_bytes(), true)
            .await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("APIGW.0400"), "{answer}");
    // Broken chunked encoding.
    let answer = raw(
        &server,
        format!("{head}Transfer-Encoding: chunked\r\n\r\nZZ\r\n{{}}\r\n0\r\n\r\n").as_bytes(),
        false,
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
}

/// The official SDKs keep only an endpoint's scheme, host and port, so they send `/v3/...`:
/// every operation that is one service's alone is reached at the root path, by the same
/// operation of the same service as under its prefix.
#[tokio::test]
async fn each_operation_is_reached_at_the_root_path_when_it_is_one_services() {
    let server = MockServer::start().await.expect("start");
    let mut reached = 0;
    for s in spec_services() {
        let shared = server.ambiguous_at_root(&s.module);
        for o in &s.operations {
            let prefixed = example_path(&s, o);
            let root =
                prefixed.strip_prefix(&format!("/{}", s.module)).expect("prefixed").to_string();
            let body = o.body_examples.first().map(|e| e.value.to_string().into_bytes());
            let params = example_headers(&s, o);
            let (want, _, _) =
                send_with(&server, &o.method, &prefixed, Some("t"), &params, body.as_deref()).await;
            server.clear_requests();
            let (status, _, text) =
                send_with(&server, &o.method, &root, Some("t"), &params, body.as_deref()).await;
            let seen = server.requests();
            if shared.contains(&o.id.as_str()) {
                assert_eq!(status, 404, "{}: {text}", o.id);
                continue;
            }
            assert_eq!(status, want, "{} at {root}: {text}", o.id);
            assert_eq!(
                (seen[0].service, seen[0].operation),
                (Some(s.module.as_str()), Some(o.id.as_str())),
                "{root}"
            );
            assert_eq!(seen[0].path, root.split('?').next().unwrap_or_default());
            reached += 1;
        }
    }
    assert!(reached > 0, "some operation is one service's alone");
    assert!(
        server.root_uri().starts_with("http://127.0.0.1:") && !server.root_uri()[7..].contains('/'),
        "{}",
        server.root_uri()
    );
}

/// Two services with the same method and path: the root path cannot choose, so it answers 404
/// naming both and the prefixed paths to use; each prefix still reaches its own service.
#[tokio::test]
async fn the_root_path_refuses_a_method_and_path_of_two_services_naming_them() {
    use huaweicloud_restore::runtime::reflect::ServiceInfo;
    let ddm_info = huaweicloud_restore::SERVICES.iter().find(|s| s.name == "ddm").expect("ddm");
    let twin = ServiceInfo { name: "twin", ..**ddm_info };
    let server = huaweicloud_restore::runtime::mock::MockServer::start_for(
        &[ddm_info, &twin],
        MockOptions::default(),
    )
    .await
    .expect("start");
    let mut every: Vec<&str> = ddm_info.operations.iter().map(|o| o.id).collect();
    every.sort_unstable();
    for name in ["ddm", "twin"] {
        let mut shared = server.ambiguous_at_root(name);
        shared.sort_unstable();
        assert_eq!(shared, every, "{name}");
    }
    let path = "/v3/p/instances/i/backups/restorable-instances";
    let (status, _, text) = send(&server, "GET", path, Some("t"), None).await;
    assert_eq!(status, 404, "{text}");
    let (code, message) = error_of(&text);
    assert_eq!(code, "APIGW.0101");
    for candidate in ["ddm", "twin"] {
        assert!(
            message.contains(candidate) && message.contains(&format!("/{candidate}{path}")),
            "{message}"
        );
    }
    for prefix in ["ddm", "twin"] {
        server.clear_requests();
        let (status, _, text) =
            send(&server, "GET", &format!("/{prefix}{path}"), Some("t"), None).await;
        assert_eq!(status, 200, "{prefix}: {text}");
        assert_eq!(server.requests()[0].service, Some(prefix));
    }
    // A path both have, with a method neither has, is still a 405.
    let (status, headers, text) = send(&server, "DELETE", path, Some("t"), None).await;
    assert_eq!(status, 405, "{text}");
    assert_eq!(headers.get("allow").and_then(|v| v.to_str().ok()), Some("GET"));
    // Today's spec: no such conflict, so each service has none.
    let real = MockServer::start().await.expect("start");
    for s in huaweicloud_restore::SERVICES {
        let shared = real.ambiguous_at_root(s.name);
        let spec_shared: Vec<&str> = s
            .operations
            .iter()
            .filter(|o| {
                huaweicloud_restore::SERVICES.iter().filter(|t| t.name != s.name).flat_map(|t| t.operations).any(|t| {
                    use huaweicloud_restore::runtime::for_generated::Segment;
                    let (a, b) = (o.segments, t.segments);
                    t.method == o.method
                        && a.len() == b.len()
                        && a.iter().zip(b).all(|(x, y)| !matches!((x, y), (Segment::Literal(x), Segment::Literal(y)) if x != y))
                })
            })
            .map(|o| o.id)
            .collect();
        assert_eq!(shared, spec_shared, "{}", s.name);
    }
}
