//! The generated clients against a real HTTP server on 127.0.0.1 (wiremock): what goes on the
//! wire for every documented example, what comes back for every documented response, and the
//! error paths.

use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use huaweicloud_restore::runtime::validation::Rule;
use huaweicloud_restore::runtime::{Config, Credential, Error, PagingError, RetryPolicy};
use huaweicloud_restore::{cbr, ddm, rds};
use huaweicloud_restore_tests::spec_services;
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "tok-SECRET-6f1c2d";

fn config(server: &MockServer) -> Config {
    Config::new(Credential::token(TOKEN)).with_endpoint(server.uri())
}

fn op(service: &str, id: &str) -> codegen::ir::Operation {
    spec_services()
        .into_iter()
        .find(|s| s.module == service)
        .and_then(|s| s.operations.into_iter().find(|o| o.id == id))
        .unwrap_or_else(|| panic!("{service}.{id} in the spec"))
}

fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_raw(body.to_string(), "application/json")
        .insert_header("X-Request-Id", "req-123")
}

/// The one request the server received, after asserting there was exactly one.
async fn only_request(server: &MockServer) -> Request {
    let mut got = server.received_requests().await.expect("recording on");
    assert_eq!(got.len(), 1, "requests received: {got:?}");
    got.remove(0)
}

fn assert_common_headers(r: &Request, with_body: bool) {
    let h = |n: &str| r.headers.get(n).and_then(|v| v.to_str().ok()).map(str::to_string);
    assert_eq!(h("x-auth-token").as_deref(), Some(TOKEN));
    assert_eq!(h("user-agent").as_deref(), Some(huaweicloud_restore::USER_AGENT));
    // The generated crate's name and version, as its manifest says them.
    let manifest = include_str!("../generated/Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \"")?.strip_suffix('"'))
        .expect("the generated crate's version");
    assert_eq!(huaweicloud_restore::USER_AGENT, format!("huaweicloud-restore/{version}"));
    if with_body {
        assert_eq!(h("content-type").as_deref(), Some("application/json;charset=UTF-8"));
    } else {
        assert_eq!(h("content-type"), None);
    }
}

// ---- every documented request example, exactly as it arrives -----------------------------------

#[tokio::test]
async fn ddm_restore_to_new_instance_sends_the_documented_example() {
    let o = op("ddm", "restoreToNewInstance");
    let ok = &o.responses[0].examples[0].value;
    for ex in &o.body_examples {
        let server = MockServer::start().await;
        Mock::given(method("POST")).respond_with(json_response(202, ok)).mount(&server).await;
        let client = ddm::Client::new(config(&server)).expect("client");
        let body: ddm::RestoreToNewInstanceBody =
            serde_json::from_value(ex.value.clone()).expect("example parses");
        let r = client.restore_to_new_instance("proj-1", "inst-1", &body).await.expect("accepted");
        assert_eq!((r.status(), r.request_id()), (202, Some("req-123")));
        assert_eq!(r.body().job_id.as_deref(), Some("09902ee7866649b8908ec209bfee2747"));
        assert_eq!(
            &serde_json::to_value(r.body()).expect("json"),
            ok,
            "the typed body is the documented one"
        );
        let req = only_request(&server).await;
        assert_eq!(req.method.as_str(), "POST");
        assert_eq!(req.url.path(), "/v3/proj-1/instances/inst-1/backups/recovery");
        assert_eq!(req.url.query(), None);
        assert_common_headers(&req, true);
        assert_eq!(serde_json::from_slice::<Value>(&req.body).expect("json body"), ex.value);
    }
}

#[tokio::test]
async fn ddm_restore_metadata_sends_the_documented_example() {
    let o = op("ddm", "restoreMetadata");
    for ex in &o.body_examples {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(json_response(202, &o.responses[0].examples[0].value))
            .mount(&server)
            .await;
        let client = ddm::Client::new(config(&server)).expect("client");
        let body: ddm::RestoreMetadataBody =
            serde_json::from_value(ex.value.clone()).expect("example parses");
        let r = client.restore_metadata("p", "i", &body).await.expect("accepted");
        assert_eq!(serde_json::to_value(r.body()).expect("json"), o.responses[0].examples[0].value);
        let req = only_request(&server).await;
        assert_eq!(req.url.path(), "/v3/p/instances/i/backups/metadata-recovery");
        assert_common_headers(&req, true);
        assert_eq!(serde_json::from_slice::<Value>(&req.body).expect("json"), ex.value);
    }
}

#[tokio::test]
async fn ddm_list_sends_the_documented_path_and_query() {
    let o = op("ddm", "listRestorableInstances");
    let value = |n: &str| {
        o.parameter_examples
            .iter()
            .find(|(k, _)| k == n)
            .and_then(|(_, v)| v.as_str())
            .expect("example")
            .to_string()
    };
    let (project, instance) = (value("project_id"), value("instance_id"));
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, &o.responses[0].examples[0].value))
        .mount(&server)
        .await;
    let client = ddm::Client::new(config(&server)).expect("client");
    // Without paging parameters, no query string at all.
    let r = client
        .list_restorable_instances(&project, &instance, &ddm::ListRestorableInstancesQuery::new())
        .await
        .expect("ok");
    assert_eq!(r.body().total, Some(1));
    assert_eq!(serde_json::to_value(r.body()).expect("json"), o.responses[0].examples[0].value);
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(req.url.path(), "/v3/619d3e78f61b4be68bc5aa0b59edcf7b/instances/1f5c9fd6cd984056ba89c8c87cc03278in09/backups/restorable-instances");
    assert_eq!(req.url.query(), None);
    assert_common_headers(&req, false);
    assert!(req.body.is_empty());
    // With them, in canonical (sorted) order.
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, &o.responses[0].examples[0].value))
        .mount(&server)
        .await;
    let q = ddm::ListRestorableInstancesQuery::new().with_offset(20).with_limit(128);
    client.list_restorable_instances(&project, &instance, &q).await.expect("ok");
    assert_eq!(only_request(&server).await.url.query(), Some("limit=128&offset=20"));
}

/// The URL path and sorted query pairs the page's example request gives an operation: its
/// path template filled with the parameters' examples, and the query parameters that have one.
fn example_url(service: &str, id: &str) -> (String, Vec<(String, String)>) {
    let s = spec_services().into_iter().find(|s| s.module == service).expect("service");
    let o = s.operations.iter().find(|o| o.id == id).expect("operation");
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    let mut path = o.path.clone();
    for (name, v) in &o.parameter_examples {
        path = path.replace(&format!("{{{name}}}"), &text(v));
    }
    let query_names: Vec<String> = o
        .query
        .and_then(|q| s.struct_def(q))
        .map(|q| q.fields.iter().map(|f| f.wire_name.clone()).collect())
        .unwrap_or_default();
    let mut query: Vec<(String, String)> = o
        .parameter_examples
        .iter()
        .filter(|(n, _)| query_names.contains(n))
        .map(|(n, v)| (n.clone(), text(v)))
        .collect();
    query.sort();
    (path, query)
}

/// A parameter's example value on the page, as text.
fn example(service: &str, id: &str, name: &str) -> String {
    let o = op(service, id);
    o.parameter_examples
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str().map_or_else(|| v.to_string(), str::to_string))
        .expect("example")
}

#[tokio::test]
async fn the_apis_around_a_restore_send_the_pages_example_requests() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, &serde_json::json!({})))
        .mount(&server)
        .await;
    let (d, r) = (
        ddm::Client::new(config(&server)).expect("ddm"),
        rds::Client::new(config(&server)).expect("rds"),
    );
    let ex = |id: &str, name: &str| {
        example(if id.starts_with("ddm.") { "ddm" } else { "rds" }, &id[4..], name)
    };
    let num = |id: &str, name: &str| ex(id, name).parse::<i64>().expect("a number");
    let int = |id: &str, name: &str| ex(id, name).parse::<i32>().expect("a number");
    let id = "ddm.listRestorableTimeIntervals";
    d.list_restorable_time_intervals(
        &ex(id, "project_id"),
        &ex(id, "instance_id"),
        &ddm::ListRestorableTimeIntervalsQuery::new(),
    )
    .await
    .expect("ok");
    let id = "ddm.listRelatedDataNodes";
    let q = ddm::ListRelatedDataNodesQuery::new(num(id, "restore_time"));
    d.list_related_data_nodes(&ex(id, "project_id"), &ex(id, "instance_id"), &q).await.expect("ok");
    let id = "ddm.listRestorableDataNodes";
    let q = ddm::ListRestorableDataNodesQuery::new(
        ex(id, "target_instance_id"),
        ex(id, "source_dn_instance_id"),
        num(id, "restore_time"),
    );
    d.list_restorable_data_nodes(&ex(id, "project_id"), &ex(id, "instance_id"), &q)
        .await
        .expect("ok");
    let id = "rds.listRestoreTimes";
    r.list_restore_times(
        &ex(id, "project_id"),
        &ex(id, "instance_id"),
        &rds::ListRestoreTimesQuery::new(),
    )
    .await
    .expect("ok");
    let id = "rds.showJob";
    r.show_job(&ex(id, "project_id"), &rds::ShowJobQuery::new(ex(id, "id"))).await.expect("ok");
    let id = "rds.listBackups";
    let q = rds::ListBackupsQuery::new(ex(id, "instance_id"))
        .with_backup_id(ex(id, "backup_id"))
        .with_backup_type(rds::BackupTypeFilter::from(ex(id, "backup_type")))
        .with_offset(int(id, "offset"))
        .with_limit(int(id, "limit"))
        .with_begin_time(ex(id, "begin_time"))
        .with_end_time(ex(id, "end_time"));
    r.list_backups(&ex(id, "project_id"), &q).await.expect("ok");

    let got = server.received_requests().await.expect("recording on");
    let expected = [
        ("ddm", "listRestorableTimeIntervals"),
        ("ddm", "listRelatedDataNodes"),
        ("ddm", "listRestorableDataNodes"),
        ("rds", "listRestoreTimes"),
        ("rds", "showJob"),
        ("rds", "listBackups"),
    ];
    assert_eq!(got.len(), expected.len());
    for (req, (service, id)) in got.iter().zip(expected) {
        let (want_path, want_query) = example_url(service, id);
        let mut query: Vec<(String, String)> =
            req.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        query.sort();
        assert_eq!((req.url.path().to_string(), query), (want_path, want_query), "{service}.{id}");
        assert_common_headers(req, false);
    }
}

#[tokio::test]
async fn rds_restore_sends_both_documented_examples() {
    let o = op("rds", "restoreToExistingInstance");
    assert_eq!(o.body_examples.len(), 2);
    for ex in &o.body_examples {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(json_response(202, &o.responses[0].examples[0].value))
            .mount(&server)
            .await;
        let client = rds::Client::new(config(&server)).expect("client");
        let body: rds::RestoreToExistingInstanceBody =
            serde_json::from_value(ex.value.clone()).expect("parses");
        let r = client.restore_to_existing_instance("proj", &body).await.expect("accepted");
        assert_eq!(r.body().job_id.as_deref(), Some("ff80808157127d9301571bf8160c001d"));
        assert_eq!(serde_json::to_value(r.body()).expect("json"), o.responses[0].examples[0].value);
        let req = only_request(&server).await;
        assert_eq!(req.url.path(), "/v3/proj/instances/recovery");
        assert_common_headers(&req, true);
        assert_eq!(
            serde_json::from_slice::<Value>(&req.body).expect("json"),
            ex.value,
            "{}",
            ex.name
        );
    }
}

#[tokio::test]
async fn rds_accepts_any_2xx_since_the_page_names_no_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(200, &serde_json::json!({"job_id": "j"})))
        .mount(&server)
        .await;
    let client = rds::Client::new(config(&server)).expect("client");
    let body = rds::RestoreToExistingInstanceBody::new(
        rds::RestoreSource::new("i").with_backup_id("b"),
        rds::RestoreTarget::new("t"),
    );
    let r = client.restore_to_existing_instance("p", &body).await.expect("200 accepted");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn cbr_restore_sends_the_documented_example_and_takes_a_202_without_body() {
    let o = op("cbr", "restoreBackup");
    let value = |n: &str| {
        o.parameter_examples
            .iter()
            .find(|(k, _)| k == n)
            .and_then(|(_, v)| v.as_str())
            .expect("example")
            .to_string()
    };
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(202)).mount(&server).await;
    let client = cbr::Client::new(config(&server)).expect("client");
    let body: cbr::RestoreBackupBody =
        serde_json::from_value(o.body_examples[0].value.clone()).expect("parses");
    let r = client
        .restore_backup(&value("project_id"), &value("backup_id"), &body)
        .await
        .expect("accepted");
    assert_eq!((r.status(), r.body()), (202, &()));
    let req = only_request(&server).await;
    assert_eq!(
        req.url.path(),
        "/v3/f841e01fd2b14e7fa41b6ae7aa6b0594/backups/a5200268-74a5-4806-acc6-95793ab0228b/restore"
    );
    assert_common_headers(&req, true);
    assert_eq!(serde_json::from_slice::<Value>(&req.body).expect("json"), o.body_examples[0].value);
}

// ---- every documented error example comes back as a typed API error ----------------------------

#[tokio::test]
async fn documented_error_examples_become_api_errors() {
    let mut seen = 0;
    for id in ["restoreToNewInstance", "restoreMetadata", "listRestorableInstances"] {
        let o = op("ddm", id);
        for r in o.responses.iter().filter(|r| r.status.is_some_and(|s| s >= 400)) {
            for ex in &r.examples {
                let status = r.status.expect("status");
                let server = MockServer::start().await;
                Mock::given(method(if id == "listRestorableInstances" { "GET" } else { "POST" }))
                    .respond_with(json_response(status, &ex.value))
                    .mount(&server)
                    .await;
                let client = ddm::Client::new(config(&server)).expect("client");
                let err = match id {
                    "restoreToNewInstance" => {
                        let b = ddm::RestoreToNewInstanceBody::new(
                            ddm::RestoreInstSource::new(1),
                            ddm::RestoreInstTarget::new("t"),
                            vec![],
                        );
                        client.restore_to_new_instance("p", "i", &b).await.map(|_| ()).unwrap_err()
                    }
                    "restoreMetadata" => {
                        let b = ddm::RestoreMetadataBody::new(
                            ddm::RestoreMetaDataSource::new().with_backup_id("b"),
                            ddm::RestoreMetaDataTarget::new(vec![], "t"),
                        );
                        client.restore_metadata("p", "i", &b).await.map(|_| ()).unwrap_err()
                    }
                    _ => client
                        .list_restorable_instances(
                            "p",
                            "i",
                            &ddm::ListRestorableInstancesQuery::new(),
                        )
                        .await
                        .map(|_| ())
                        .unwrap_err(),
                };
                let Error::Api(api) = &err else { panic!("{id} {status}: {err:?}") };
                assert_eq!(api.status, status);
                assert_eq!(api.error_code.as_deref(), ex.value["error_code"].as_str());
                assert_eq!(api.error_msg.as_deref(), ex.value["error_msg"].as_str());
                assert_eq!(api.request_id.as_deref(), Some("req-123"));
                assert_eq!(
                    err.to_string(),
                    format!(
                        "{id}: HTTP {status} DBS.280001: Parameter error. (request id req-123)"
                    )
                );
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 6, "the 400 and 500 examples of the three DDM pages");
}

// ---- the error paths ---------------------------------------------------------------------------

fn metadata_body() -> ddm::RestoreMetadataBody {
    ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new().with_backup_id("b"),
        ddm::RestoreMetaDataTarget::new(vec!["n".into()], "t"),
    )
}

#[tokio::test]
async fn a_502_with_an_html_body_keeps_the_body() {
    let server = MockServer::start().await;
    let html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>\n";
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;
    let err = ddm::Client::new(config(&server))
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!((api.status, api.error_code.as_deref(), api.body.as_str()), (502, None, html));
    let line = err.to_string();
    assert!(!line.contains('\n') && line.contains("502 Bad Gateway"), "{line}");
}

#[tokio::test]
async fn a_truncated_json_body_is_an_invalid_response_that_keeps_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(202).set_body_raw(r#"{"job_id": "0990"#, "application/json"),
        )
        .mount(&server)
        .await;
    let err = ddm::Client::new(config(&server))
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .unwrap_err();
    let Error::InvalidResponse(inv) = &err else { panic!("{err:?}") };
    assert_eq!((inv.status, inv.body.as_str()), (202, r#"{"job_id": "0990"#));
    assert!(inv.reason.contains("does not parse"), "{}", inv.reason);
}

#[tokio::test]
async fn an_empty_202_where_json_is_documented_is_an_invalid_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(202)).mount(&server).await;
    let err = ddm::Client::new(config(&server))
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .unwrap_err();
    let Error::InvalidResponse(inv) = &err else { panic!("{err:?}") };
    assert!(inv.reason.contains("empty body"), "{}", inv.reason);
    assert_eq!(err.status(), Some(202));
}

/// A body of another JSON type than the documented object (serde alone reads `[]` as a struct
/// whose fields all have defaults) is an invalid response at once, for every operation whose
/// success the spec documents with a JSON body, each called through its generated method
/// (`SERVICE.calls`, the doc examples' arguments).
#[tokio::test]
async fn a_body_of_another_json_type_is_an_invalid_response_for_every_operation() {
    use huaweicloud_restore_tests::generated;
    let server = MockServer::start().await;
    let mut checked = 0;
    for s in spec_services() {
        let info = generated(&s.module).unwrap_or_else(|| panic!("{} is generated", s.module));
        for o in &s.operations {
            let Some(success) = o.success().filter(|r| r.body.is_some()) else { continue };
            let status = success.status.expect("a status");
            let (_, call) = info
                .calls
                .iter()
                .find(|(id, _)| *id == o.id)
                .unwrap_or_else(|| panic!("{} has a stand-in call", o.id));
            // The documented type is read (so what follows fails for its type alone) ...
            server.reset().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(json_response(status, &serde_json::json!({})))
                .mount(&server)
                .await;
            assert_eq!(
                call(config(&server)).await.unwrap_or_else(|e| panic!("{}: {e}", o.id)),
                status,
                "{}",
                o.id
            );
            // ... and no other.
            for body in ["[]", "[{}]", " \n[1]", "\"x\"", "1", "-1.5", "null", "true", "false"] {
                server.reset().await;
                Mock::given(wiremock::matchers::any())
                    .respond_with(
                        ResponseTemplate::new(status).set_body_raw(body, "application/json"),
                    )
                    .mount(&server)
                    .await;
                let err =
                    call(config(&server)).await.expect_err(&format!("{}: {body} is refused", o.id));
                let err = err.downcast::<Error>().unwrap_or_else(|e| panic!("{}: {e}", o.id));
                let Error::InvalidResponse(inv) = *err else { panic!("{}: {body}: {err:?}", o.id) };
                assert!(
                    inv.reason.contains("where an object is documented"),
                    "{}: {body}: {}",
                    o.id,
                    inv.reason
                );
                assert_eq!((inv.status, inv.body.as_str()), (status, body), "{}", o.id);
                assert_eq!(
                    server.received_requests().await.expect("recording on").len(),
                    1,
                    "{}: sent once",
                    o.id
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "the spec documents JSON success bodies");
}

/// A waiter whose poll answers `[]` ends at once with the call's error, rather than reading
/// "no status yet" and polling until its deadline.
#[tokio::test]
async fn a_waiter_whose_poll_answers_an_array_ends_at_once() {
    use huaweicloud_restore::runtime::waiter::{WaitError, WaitOptions};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .mount(&server)
        .await;
    let client = ddm::Client::new(config(&server)).expect("client");
    let options = WaitOptions::new()
        .with_interval(Duration::from_millis(10))
        .with_deadline(Duration::from_secs(3600));
    let waited =
        tokio::time::timeout(Duration::from_secs(60), client.wait_for_job("p", "job-1", &options))
            .await
            .expect("the waiter ends at once, not at its deadline");
    match waited {
        Err(WaitError::Call(Error::InvalidResponse(inv))) => {
            assert!(inv.reason.contains("an array where an object"), "{}", inv.reason)
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.received_requests().await.expect("recording on").len(), 1, "one poll");
}

#[tokio::test]
async fn an_unknown_extra_field_is_accepted() {
    let server = MockServer::start().await;
    let body = serde_json::json!({"job_id": "j", "new_field": {"x": 1}, "instances": []});
    Mock::given(method("POST")).respond_with(json_response(202, &body)).mount(&server).await;
    let r = ddm::Client::new(config(&server))
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .expect("lenient");
    assert_eq!(r.body().job_id.as_deref(), Some("j"));
}

#[tokio::test]
async fn a_stalled_server_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            json_response(202, &serde_json::json!({"job_id": "j"}))
                .set_delay(Duration::from_secs(10)),
        )
        .mount(&server)
        .await;
    let cfg = config(&server).with_request_timeout(Duration::from_millis(200));
    let err = ddm::Client::new(cfg)
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { operation: "restoreMetadata", .. }), "{err:?}");
}

#[tokio::test]
async fn a_closed_port_is_a_connection_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let cfg = Config::new(Credential::token(TOKEN)).with_endpoint(format!("http://{addr}"));
    let err = ddm::Client::new(cfg)
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    // The cause is kept as a source chain, not only as text.
    let source = std::error::Error::source(&err).expect("a source");
    assert!(
        source.downcast_ref::<reqwest::Error>().is_some_and(reqwest::Error::is_connect),
        "{source:?}"
    );
}

// ---- bounded response bodies ------------------------------------------------------------------

#[tokio::test]
async fn a_huge_error_body_is_cut_at_the_limit_and_says_so() {
    let server = MockServer::start().await;
    let huge = "x".repeat(20 * 1024 * 1024);
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(huge, "text/plain"))
        .mount(&server)
        .await;
    let cfg = config(&server).with_max_response_body(4096);
    let err = ddm::Client::new(cfg)
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!((api.status, api.body.len(), api.body_truncated), (500, 4096, true));
    assert!(err.to_string().contains("cut at the size limit"), "{err}");
}

#[tokio::test]
async fn a_success_body_over_the_limit_is_an_invalid_response() {
    let server = MockServer::start().await;
    let big = serde_json::json!({"job_id": "j".repeat(10_000)});
    Mock::given(method("POST")).respond_with(json_response(202, &big)).mount(&server).await;
    let cfg = config(&server).with_max_response_body(1000);
    let err = ddm::Client::new(cfg)
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .unwrap_err();
    let Error::InvalidResponse(inv) = &err else { panic!("{err:?}") };
    assert!(inv.reason.contains("over the limit of 1000 bytes"), "{}", inv.reason);
    assert_eq!((inv.body.len(), inv.body_truncated), (1000, true));
    // At the limit exactly, the same body is taken.
    let exact = big.to_string().len();
    let cfg = config(&server).with_max_response_body(exact);
    let ok = ddm::Client::new(cfg)
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .expect("at the limit");
    assert_eq!(ok.body().job_id.as_deref().map(str::len), Some(10_000));
}

#[tokio::test]
async fn an_error_body_within_the_limit_is_kept_whole() {
    let server = MockServer::start().await;
    let body = serde_json::json!({"error_code": "DBS.280001", "error_msg": "m"});
    Mock::given(method("POST")).respond_with(json_response(400, &body)).mount(&server).await;
    let err = ddm::Client::new(config(&server))
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!((api.body.as_str(), api.body_truncated), (body.to_string().as_str(), false));
}

#[tokio::test]
async fn a_post_answered_503_is_sent_exactly_once_even_with_retries_on() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    let cfg =
        config(&server).with_retry(RetryPolicy::new(5).with_base_delay(Duration::from_millis(1)));
    let err = ddm::Client::new(cfg)
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

/// Answers with the given templates in turn, then repeats the last.
struct Sequence(std::sync::Mutex<Vec<ResponseTemplate>>);

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut v = self.0.lock().expect("lock");
        if v.len() > 1 {
            v.remove(0)
        } else {
            v[0].clone()
        }
    }
}

#[tokio::test]
async fn a_get_answered_503_then_200_succeeds_with_retries_on() {
    let server = MockServer::start().await;
    let ok = json_response(200, &serde_json::json!({"instances": [], "total": 0}));
    Mock::given(method("GET"))
        .respond_with(Sequence(std::sync::Mutex::new(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(429).insert_header("Retry-After", "0"),
            ok,
        ])))
        .mount(&server)
        .await;
    let cfg =
        config(&server).with_retry(RetryPolicy::new(3).with_base_delay(Duration::from_millis(1)));
    let r = ddm::Client::new(cfg)
        .expect("client")
        .list_restorable_instances("p", "i", &ddm::ListRestorableInstancesQuery::new())
        .await
        .expect("retried");
    assert_eq!(r.status(), 200);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}

#[tokio::test]
async fn a_get_is_not_retried_when_retries_are_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let err = ddm::Client::new(config(&server))
        .expect("client")
        .list_restorable_instances("p", "i", &ddm::ListRestorableInstancesQuery::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

// ---- validation before sending, and hostile path values -----------------------------------------

#[tokio::test]
async fn an_invalid_request_is_refused_with_every_violation_and_no_traffic() {
    let server = MockServer::start().await;
    let client = ddm::Client::new(config(&server)).expect("client");
    let body = ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new(),
        ddm::RestoreMetaDataTarget::new(vec![], "t"),
    );
    let err = client.restore_metadata("", "..", &body).await.unwrap_err();
    let Error::Validation(v) = &err else { panic!("{err:?}") };
    let got: Vec<(&str, Rule)> = v.violations().iter().map(|x| (x.path.as_str(), x.rule)).collect();
    assert_eq!(
        got,
        vec![
            ("project_id", Rule::NonEmpty),
            ("instance_id", Rule::PathSegment),
            ("source", Rule::AnyOf)
        ]
    );
    let q = ddm::ListRestorableInstancesQuery::new().with_limit(0);
    assert!(matches!(
        client.list_restorable_instances("p", "i", &q).await,
        Err(Error::Validation(_))
    ));
    assert!(server.received_requests().await.expect("recorded").is_empty());
}

#[tokio::test]
async fn hostile_ids_stay_inside_their_path_segment() {
    let cases = [
        ("a/b", "/v3/p/instances/a%2Fb/backups/metadata-recovery"),
        ("x?limit=1", "/v3/p/instances/x%3Flimit%3D1/backups/metadata-recovery"),
        ("x#frag", "/v3/p/instances/x%23frag/backups/metadata-recovery"),
        ("../../admin", "/v3/p/instances/..%2F..%2Fadmin/backups/metadata-recovery"),
        ("a b%20", "/v3/p/instances/a%20b%2520/backups/metadata-recovery"),
        ("实例", "/v3/p/instances/%E5%AE%9E%E4%BE%8B/backups/metadata-recovery"),
    ];
    for (id, want) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(json_response(202, &serde_json::json!({"job_id": "j"})))
            .mount(&server)
            .await;
        ddm::Client::new(config(&server))
            .expect("client")
            .restore_metadata("p", id, &metadata_body())
            .await
            .expect("sent");
        let req = only_request(&server).await;
        assert_eq!(req.url.path(), want, "{id}");
        assert_eq!(req.url.query(), None, "{id}");
    }
}

// ---- paging ----------------------------------------------------------------------------------

/// Serves `n` instances honouring offset and limit, reporting `reported_total`.
struct Listing {
    n: usize,
    reported_total: Option<i64>,
    lie: Lie,
}

/// How a listing server lies.
#[derive(Clone, Copy, PartialEq)]
enum Lie {
    /// It does not: it honours offset and limit.
    No,
    /// It ignores the offset and answers the first full page again and again.
    SamePage,
    /// It answers a full page of new items for every offset, whatever `n` is: it never ends.
    Endless,
}

impl Respond for Listing {
    fn respond(&self, r: &Request) -> ResponseTemplate {
        let q = |k: &str| {
            r.url.query_pairs().find(|(n, _)| n == k).and_then(|(_, v)| v.parse::<usize>().ok())
        };
        let (offset, limit) = (q("offset").unwrap_or(0), q("limit").unwrap_or(10));
        let ids: Vec<usize> = match self.lie {
            Lie::No => (offset..self.n.min(offset + limit)).collect(),
            Lie::SamePage => (0..limit).collect(),
            Lie::Endless => (offset..offset + limit).collect(),
        };
        let instances: Vec<Value> = ids
            .iter()
            .map(|i| serde_json::json!({"instance_id": format!("inst-{i}"), "available": true}))
            .collect();
        let mut body =
            serde_json::json!({"instances": instances, "offset": offset, "limit": limit});
        if let Some(t) = self.reported_total {
            body["total"] = t.into();
        }
        json_response(200, &body)
    }
}

async fn listing(server: &MockServer, l: Listing) {
    Mock::given(method("GET"))
        .and(path("/v3/p/instances/i/backups/restorable-instances"))
        .respond_with(l)
        .mount(server)
        .await;
}

#[tokio::test]
async fn paging_streams_every_instance_across_pages() {
    let server = MockServer::start().await;
    listing(&server, Listing { n: 300, reported_total: Some(300), lie: Lie::No }).await;
    let client = ddm::Client::new(config(&server)).expect("client");
    let all: Vec<ddm::DdmInstance4Restore> = client
        .list_restorable_instances_all("p", "i", &ddm::ListRestorableInstancesQuery::new())
        .try_collect()
        .await
        .expect("all pages");
    let ids: Vec<String> = all.iter().map(|x| x.instance_id.clone().unwrap_or_default()).collect();
    assert_eq!(ids, (0..300).map(|i| format!("inst-{i}")).collect::<Vec<_>>());
    // 128 + 128 + 44: the last page is short, and the total is reached.
    let queries: Vec<String> = server
        .received_requests()
        .await
        .expect("rec")
        .iter()
        .map(|r| r.url.query().unwrap_or("").to_string())
        .collect();
    assert_eq!(queries, vec!["limit=128&offset=0", "limit=128&offset=128", "limit=128&offset=256"]);
}

#[tokio::test]
async fn paging_stops_on_an_empty_page_when_the_total_is_a_multiple_of_the_page() {
    let server = MockServer::start().await;
    listing(&server, Listing { n: 20, reported_total: None, lie: Lie::No }).await;
    let client = ddm::Client::new(config(&server)).expect("client");
    let q = ddm::ListRestorableInstancesQuery::new().with_limit(10);
    let all: Vec<_> =
        client.list_restorable_instances_all("p", "i", &q).try_collect().await.expect("pages");
    assert_eq!(all.len(), 20);
    assert_eq!(
        server.received_requests().await.expect("rec").len(),
        3,
        "10, 10, then an empty page"
    );
}

#[tokio::test]
async fn paging_is_bounded_against_a_server_that_never_ends() {
    let server = MockServer::start().await;
    listing(
        &server,
        Listing { n: 0, reported_total: Some(i64::from(i32::MAX)), lie: Lie::Endless },
    )
    .await;
    let client = ddm::Client::new(config(&server).with_max_pages(5)).expect("client");
    let q = ddm::ListRestorableInstancesQuery::new().with_limit(2);
    let got: Vec<_> = client.list_restorable_instances_all("p", "i", &q).collect().await;
    assert_eq!(got.iter().filter(|r| r.is_ok()).count(), 10, "the five pages' items come first");
    let err = got.into_iter().last().expect("an error").unwrap_err();
    assert!(
        matches!(err, Error::Paging { kind: PagingError::TooManyPages { max_pages: 5 }, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("did not end after 5 pages"), "{err}");
    assert_eq!(err.status(), None, "the client's bound is not a server's answer");
    assert_eq!(server.received_requests().await.expect("rec").len(), 5);
}

#[tokio::test]
async fn paging_ends_with_an_error_when_the_server_repeats_a_page() {
    let server = MockServer::start().await;
    // The same full page, whatever the offset, with a total that says 1000 items.
    listing(&server, Listing { n: 1000, reported_total: Some(1000), lie: Lie::SamePage }).await;
    let client = ddm::Client::new(config(&server)).expect("client");
    let q = ddm::ListRestorableInstancesQuery::new().with_limit(10);
    let got: Vec<_> = client.list_restorable_instances_all("p", "i", &q).collect().await;
    assert_eq!(got.len(), 11, "the first page's ten items, then one error: no duplicates");
    let err = got.into_iter().last().expect("an error").unwrap_err();
    assert!(
        matches!(err, Error::Paging { kind: PagingError::Repeated { offset: 10 }, .. }),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.expect("rec").len(), 2);
}

#[tokio::test]
async fn paging_surfaces_an_invalid_page_size_before_sending() {
    let server = MockServer::start().await;
    let client = ddm::Client::new(config(&server)).expect("client");
    let q = ddm::ListRestorableInstancesQuery::new().with_limit(500);
    let err = client
        .list_restorable_instances_all("p", "i", &q)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert!(server.received_requests().await.expect("rec").is_empty());
}

// ---- secrets ---------------------------------------------------------------------------------

#[tokio::test]
async fn the_token_never_shows_in_debug_or_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(401, &serde_json::json!({"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"})))
        .mount(&server)
        .await;
    let cfg = config(&server);
    let client = ddm::Client::new(cfg.clone()).expect("client");
    let mut shown =
        vec![format!("{cfg:?}"), format!("{client:?}"), format!("{:?}", Credential::token(TOKEN))];
    let api = client.restore_metadata("p", "i", &metadata_body()).await.unwrap_err();
    let invalid = client.restore_metadata("", "i", &metadata_body()).await.unwrap_err();
    let timeout = ddm::Client::new(cfg.clone().with_request_timeout(Duration::from_millis(1)))
        .expect("client");
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let slow = timeout.restore_metadata("p", "i", &metadata_body()).await.unwrap_err();
    for e in [&api, &invalid, &slow] {
        shown.push(e.to_string());
        shown.push(format!("{e:?}"));
        shown.push(format!("{e:#?}"));
    }
    for s in &shown {
        assert!(!s.contains(TOKEN) && !s.contains("SECRET"), "token leaked in: {s}");
    }
    assert!(matches!(api, Error::Api(_)) && shown.iter().any(|s| s.contains("APIGW.0301")));
    // The token did go on the wire, where it belongs.
    let sent = server.received_requests().await.expect("rec");
    assert!(sent.iter().all(|r| r.headers.get("x-auth-token").is_some_and(|v| v == TOKEN)));
}

#[tokio::test]
async fn bad_configuration_is_an_error_not_a_panic() {
    for (cfg, want) in [
        (Config::new(Credential::token("")), "token is empty"),
        (Config::new(Credential::token("t")), "no endpoint"),
        (Config::new(Credential::token("t")).with_endpoint("not a url"), "not a URL"),
        (
            Config::new(Credential::token("bad\ntoken")).with_region("ap-southeast-1"),
            "cannot go in an HTTP header",
        ),
        (Config::new(Credential::token("t")).with_region("ap southeast"), "not a region id"),
    ] {
        let err = ddm::Client::new(cfg).unwrap_err();
        assert!(err.to_string().contains(want), "{err}");
    }
    let c = ddm::Client::new(Config::new(Credential::token("t")).with_region("ap-southeast-1"))
        .expect("client");
    assert_eq!(c.base_url(), "https://ddm.ap-southeast-1.myhuaweicloud.com");
}

#[tokio::test]
async fn a_callers_own_http_client_is_used_with_the_request_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(202)
                .set_body_raw(r#"{"job_id":"j"}"#, "application/json")
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let own = reqwest::Client::builder()
        .user_agent("ignored-by-per-request-header")
        .build()
        .expect("client");
    let cfg = config(&server)
        .with_http_client(own)
        .with_request_timeout(Duration::from_millis(100))
        .with_user_agent("team-x/2.0");
    let err = ddm::Client::new(cfg)
        .expect("client")
        .restore_metadata("p", "i", &metadata_body())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    let req = only_request(&server).await;
    assert_eq!(req.headers.get("user-agent").and_then(|v| v.to_str().ok()), Some("team-x/2.0"));
}

/// A response field whose table and example disagree on its JSON type (`x-example-types`) is
/// read from the page's own example answer, served as printed, and from the other type too,
/// keeping what came.
#[tokio::test]
async fn the_pages_example_answer_is_read_where_it_prints_a_field_as_another_type() {
    let o = op("ddm", "listRelatedDataNodes");
    let printed =
        &o.responses.iter().find(|r| r.status == Some(200)).expect("a 200").examples[0].value;
    let size = &printed["related_data_nodes"][0]["data_volume_size"];
    assert!(size.is_number(), "the page prints the size as a number: {printed}");
    let mut as_text = printed.clone();
    as_text["related_data_nodes"][0]["data_volume_size"] = Value::String(size.to_string());
    for (body, came_as_number) in [(printed.clone(), true), (as_text, false)] {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(json_response(200, &body)).mount(&server).await;
        let client = ddm::Client::new(config(&server)).expect("client");
        let query = ddm::ListRelatedDataNodesQuery::new(1);
        let answer = client
            .list_related_data_nodes("p", "i", &query)
            .await
            .expect("the page's example answer is read");
        let got = answer
            .body()
            .related_data_nodes
            .as_ref()
            .and_then(|n| n[0].data_volume_size.clone())
            .expect("a size");
        assert_eq!(got.as_text(), size.to_string());
        assert_eq!(
            matches!(got, huaweicloud_restore::runtime::TextOrNumber::Number(_)),
            came_as_number
        );
        // Kept as it came: it prints back as the server sent it.
        assert_eq!(
            &serde_json::to_value(&got).expect("json"),
            &body["related_data_nodes"][0]["data_volume_size"]
        );
    }
}
