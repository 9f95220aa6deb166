#![allow(unexpected_cfgs)] // the snapshot gates its mock and its type table on the generated crate's features
// Compiles the constructs snapshot against the real runtime, and calls its client over loopback:
// what each construct puts on the wire, and what it makes of each kind of answer.
#[rustfmt::skip] // formatted by the generator (prettyplease)
#[path = "../snapshots/constructs/mod.rs"]
mod generated;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use huaweicloud_restore::runtime::validation::Validate;
use huaweicloud_restore::runtime::{Config, Credential};

/// A server on 127.0.0.1 that answers each connection with the next canned answer and hands
/// back each request as received: its head, a blank line, its body.
fn serve(answers: Vec<String>) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for answer in answers {
            let (mut stream, _) = listener.accept().expect("accept");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut head = String::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).expect("read");
                if line == "\r\n" || line.is_empty() {
                    break;
                }
                head.push_str(&line);
            }
            let len = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().expect("length")))
                .unwrap_or(0);
            let mut body = vec![0; len];
            reader.read_exact(&mut body).expect("body");
            seen.push(format!("{head}\r\n{}", String::from_utf8_lossy(&body)));
            stream.write_all(answer.as_bytes()).expect("answer");
        }
        seen
    });
    (url, handle)
}

fn answer(status: &str, content_type: Option<&str>, body: &str) -> String {
    let ct = content_type.map(|c| format!("content-type: {c}\r\n")).unwrap_or_default();
    format!("HTTP/1.1 {status}\r\n{ct}content-length: {}\r\nx-request-id: r-1\r\nconnection: close\r\n\r\n{body}", body.len())
}

fn main() {
    // A mandatory query parameter is the constructor's; an array is sent as repeated keys,
    // sorted as the signer sorts them; numbers and booleans as they print.
    let query = generated::ListItemsQuery::new("item 1")
        .with_tags(vec!["b".into(), "a".into()])
        .with_kind(generated::ItemKind::Large)
        .with_ratio(0.25)
        .with_flag(true)
        .with_since("2026-01-01T00:00:00Z");
    assert!(query.validate().is_ok());
    let pairs = query.query_pairs();
    assert_eq!(pairs.iter().filter(|(k, _)| *k == "tags").count(), 2, "{pairs:?}");

    // Maps, free-form objects, numbers, nullable fields: parsed and checked.
    let list: generated::ItemList = serde_json::from_str(
        r#"{"items":[{"id":"a","score":0.5,"created":"2026-01-01T00:00:00Z","note":null,"labels":{"env":"prod"},"meta":{"any":[1,"two"]}}]}"#,
    )
    .expect("parses");
    let item = &list.items.as_ref().expect("items")[0];
    assert_eq!((item.note.as_deref(), item.score), (None, Some(0.5)));
    assert_eq!(item.labels.as_ref().and_then(|l| l.get("env")).map(String::as_str), Some("prod"));
    assert_eq!(item.meta.as_ref().and_then(|m| m["any"][1].as_str()), Some("two"));
    let body = generated::CreateItemBody::new("n", None)
        .with_access_i_pv4("10.0.0.1")
        .with_type("plain")
        .with_labels(BTreeMap::from([("a".to_string(), "1".to_string())]))
        .with_attrs(serde_json::json!({"x": [true, null]}))
        .with_weight(2.5)
        .with_sizes(BTreeMap::from([("s".to_string(), 1)]));
    let sent = serde_json::to_value(&body).expect("serialises");
    assert_eq!(sent["comment"], serde_json::Value::Null, "a mandatory nullable field is sent, as null");
    assert!(generated::CreateItemBody::new("n", Some("c".into())).validate().is_ok());

    // Wire names that are not Rust names: each field is sent under its wire name and read from
    // it; a keyword is a raw field.
    let renamed = generated::CreateItemBody::new("n", None)
        .with_access_i_pv4("10.0.0.1")
        .with_os_ext_srv_attr_host("node-1")
        .with_os_extended_volumes_volumes_attached(vec!["v1".into()])
        .with_type("plain");
    let json = serde_json::to_value(&renamed).expect("serialises");
    assert_eq!(
        json,
        serde_json::json!({"name": "n", "comment": null, "accessIPv4": "10.0.0.1", "OS-EXT-SRV-ATTR:host": "node-1",
            "os-extended-volumes:volumes_attached": ["v1"], "type": "plain"})
    );
    let item: generated::Item =
        serde_json::from_str(r#"{"hostId":"h-1","OS-EXT-SRV-ATTR:host":"node-1","host_id":"ignored","state":"unknown"}"#).expect("parses");
    assert_eq!((item.host_id.as_deref(), item.os_ext_srv_attr_host.as_deref()), (Some("h-1"), Some("node-1")));
    assert_eq!(serde_json::to_value(&item).expect("serialises")["hostId"], "h-1");
    // Enum values that make one Rust name get distinct variants; the wire values stay exact.
    assert_eq!(item.state, Some(generated::ItemState::Unknown3));
    for (state, wire) in [
        (generated::ItemState::Unknown2, "UNKNOWN"),
        (generated::ItemState::Unknown3, "unknown"),
        (generated::ItemState::V4, "4"),
        (generated::ItemState::V6, "6"),
        (generated::ItemState::AB, "a-b"),
        (generated::ItemState::AB2, "a_b"),
    ] {
        assert_eq!(state.as_str(), wire);
        assert_eq!(generated::ItemState::from(wire), state);
        assert_eq!(serde_json::to_value(&state).expect("serialises"), wire);
    }
    assert_eq!(generated::ItemState::from("Unknown"), generated::ItemState::Unknown("Unknown".into()));
    // A response example with `null` for optional fields (nullable or not) reads them as absent,
    // and prints back equal to the example with its nulls left out.
    let example = serde_json::json!({"items": [{"id": "a", "note": null, "hostId": "h-1", "state": "UNKNOWN"}, {"id": "b", "created": null, "hostId": null, "state": "4"}]});
    let list: generated::ItemList = serde_json::from_value(example).expect("parses");
    let items = list.items.as_ref().expect("items");
    assert_eq!((items[1].created.as_deref(), items[1].host_id.as_deref(), items[1].state.clone()), (None, None, Some(generated::ItemState::V4)));
    assert_eq!(
        serde_json::to_value(&list).expect("serialises"),
        serde_json::json!({"items": [{"id": "a", "hostId": "h-1", "state": "UNKNOWN"}, {"id": "b", "state": "4"}]})
    );

    // Lengths (in characters), patterns and item counts, each reported at its wire path.
    let rules = |v: Vec<huaweicloud_restore::runtime::Violation>| -> Vec<(String, String)> {
        v.into_iter().map(|v| (v.path.as_str().to_string(), v.rule.to_string())).collect()
    };
    let pairs = |want: &[(&str, &str)]| want.iter().map(|(p, r)| (p.to_string(), r.to_string())).collect::<Vec<_>>();
    let too_long = generated::CreateItemBody::new("abcdefghi", None);
    assert_eq!(rules(too_long.violations()), pairs(&[("name", "max_length")]));
    let too_short = generated::CreateItemBody::new("", None);
    assert_eq!(rules(too_short.violations()), pairs(&[("name", "min_length"), ("name", "pattern")]));
    let no_match = generated::CreateItemBody::new("abC", None);
    assert_eq!(rules(no_match.violations()), pairs(&[("name", "pattern")]));
    assert!(no_match.validate().unwrap_err().to_string().contains("`abC` does not match the pattern `^[a-z]+$`"));
    // Eight characters, nine bytes: within the maximum length of 8.
    let wide = generated::CreateItemBody::new("abcdefgé", None);
    assert_eq!(rules(wide.violations()), pairs(&[("name", "pattern")]));
    assert!(generated::CreateItemBody::new("abcdefgh", None).validate().is_ok());
    let many = generated::CreateItemBody::new("n", None).with_os_extended_volumes_volumes_attached(vec!["a".into(), "b".into(), "c".into()]);
    assert_eq!(rules(many.violations()), pairs(&[("os-extended-volumes:volumes_attached", "max_items")]));
    let query_rules = generated::ListItemsQuery::new("x".repeat(17)).with_not_tags(Vec::new());
    assert_eq!(rules(query_rules.violations()), pairs(&[("id", "max_length"), ("not-tags", "min_items")]));
    let bad_language = generated::ListItemsHeaders::new().with_x_language("EN");
    assert_eq!(rules(bad_language.violations()), pairs(&[("X-Language", "pattern")]));
    let short_key = generated::CreateItemHeaders::new("k");
    assert_eq!(rules(short_key.violations()), pairs(&[("X-Idempotency-Key", "min_length")]));
    let long_id = generated::ArchiveItemPathParams::new("p", "123456789");
    assert_eq!(rules(long_id.violations()), pairs(&[("item-id", "max_length")]));
    let query = query.with_not_tags(vec!["x y".into()]);
    assert_eq!(query.query_pairs().iter().filter(|(k, _)| *k == "not-tags").count(), 1);

    let answers = vec![
        answer("200 OK", Some("application/json"), r#"{"items":[{"id":"a","meta":{"k":1}}]}"#),
        answer("201 Created", Some("application/json"), r#"{"id":"new-1"}"#),
        answer("204 No Content", None, ""),
        answer("200 OK", Some("text/plain"), "3 items, all well"),
        answer("202 Accepted", None, ""),
        answer("200 OK", Some("application/json"), r#"{"items":[]}"#),
    ];
    let (url, server) = serve(answers);
    let url_again = url.clone();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let client = generated::Client::new(Config::new(Credential::token("tok")).with_endpoint(url)).expect("client");
        let language = generated::ListItemsHeaders::new().with_x_language("en-us");
        let list = client.list_items("p", &query, &language).await.expect("list");
        assert_eq!(list.body().items.as_ref().map(Vec::len), Some(1));
        // A header value that HTTP cannot carry is refused before sending.
        let broken = generated::CreateItemHeaders::new("key\r\nX-Injected: 1");
        let refused = client.create_item("p", &broken, &body).await.unwrap_err().to_string();
        assert!(refused.contains("X-Idempotency-Key") && refused.contains("[header_value]"), "{refused}");
        let key = generated::CreateItemHeaders::new("key-1");
        let created = client.create_item("p", &key, &body).await.expect("create");
        assert_eq!((created.status(), created.body().id.as_deref()), (201, Some("new-1")));
        let deleted = client.delete_item("p", "i").await.expect("delete");
        assert_eq!(deleted.status(), 204);
        let report = client.get_report("p", "i").await.expect("report");
        assert_eq!(report.body(), "3 items, all well");
        // A path parameter past its maximum length is refused before sending, at its wire name.
        let refused = client.archive_item("p", "123456789").await.unwrap_err().to_string();
        assert!(refused.contains("item-id: is 9 characters long") && refused.contains("[max_length]"), "{refused}");
        // 200 has a body, 202 none: the body is an `Option`, `None` for the 202.
        let archived = client.archive_item("p", "i").await.expect("archive");
        assert_eq!((archived.status(), archived.body().is_none()), (202, true));
        // Signed with AK/SK, the header parameter is among the signed headers.
        let aksk = Credential::AkSk(huaweicloud_restore::runtime::AkSk::new("AK", "SK"));
        let signed = generated::Client::new(Config::new(aksk).with_endpoint(url_again)).expect("client");
        signed.list_items("p", &query, &language).await.expect("signed list");
        // A mandatory query parameter left empty is still sent: the page says it is mandatory,
        // not that it is non-empty.
    });
    let seen = server.join().expect("server");
    assert!(
        seen[0].starts_with("GET /v1/p/items?flag=true&id=item%201&kind=large&not-tags=x%20y&ratio=0.25&since=2026-01-01T00%3A00%3A00Z&tags=a&tags=b HTTP/1.1"),
        "{}",
        seen[0]
    );
    assert!(seen[0].to_ascii_lowercase().contains("x-auth-token: tok"), "{}", seen[0]);
    assert!(seen[0].to_ascii_lowercase().contains("x-language: en-us"), "{}", seen[0]);
    assert!(seen[1].to_ascii_lowercase().contains("x-idempotency-key: key-1"), "{}", seen[1]);
    let authorization = seen[5].lines().find(|l| l.to_ascii_lowercase().starts_with("authorization:")).expect("signed");
    assert!(authorization.contains("SignedHeaders=host;user-agent;x-language;x-sdk-date"), "{authorization}");
    assert!(seen[1].starts_with("POST /v1/p/items HTTP/1.1") && seen[1].contains(r#""comment":null"#), "{}", seen[1]);
    assert!(seen[1].contains(r#""accessIPv4":"10.0.0.1""#) && seen[1].contains(r#""type":"plain""#), "{}", seen[1]);
    assert!(seen[2].starts_with("DELETE /v1/p/items/i HTTP/1.1"), "{}", seen[2]);
    assert!(seen[3].starts_with("GET /v1/p/items/i/report HTTP/1.1"), "{}", seen[3]);
    assert!(seen[4].starts_with("POST /v1/p/items/i/archive HTTP/1.1"), "{}", seen[4]);
}
