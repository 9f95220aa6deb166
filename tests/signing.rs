//! AK/SK signing (SDK-HMAC-SHA256): Huawei's published test vectors, the canonical URI and
//! query rules, and signing end to end against the mock server.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use huaweicloud_restore::runtime::signing::{canonical_query, canonical_uri, parse_date, Signer};

fn at(date: &str) -> SystemTime {
    parse_date(date).expect("date")
}

// ---- the published vectors (HUAWEI-CLOUD.md) ---------------------------------------------------

#[test]
fn vector_a_api_signing_guide() {
    let signer = Signer::new("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc");
    let url = "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0";
    let headers = [("Content-Type", "application/json"), ("Host", "service.region.example.com"), ("X-Sdk-Date", "20191115T033655Z")];
    let s = signer.sign("GET", url, &headers, b"", UNIX_EPOCH).expect("signs");
    assert_eq!(s.signed_headers, "content-type;host;x-sdk-date");
    assert_eq!(s.canonical_request_hash, "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
    assert_eq!(s.signature, "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
    assert_eq!(
        s.authorization,
        "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    );
    // The date was given, so only Authorization is to be added.
    assert_eq!(s.headers().len(), 1);
    // A blank line stands before the signed-header list, and the empty body's hash ends it.
    assert!(s.canonical_request.contains("x-sdk-date:20191115T033655Z\n\ncontent-type;host;x-sdk-date\n"));
    assert!(s.canonical_request.ends_with("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

#[test]
fn vector_b_python_sdk() {
    let signer = Signer::new("AccessKey", "SecretKey");
    let headers = [("X-Sdk-Date", "20200608T023900Z"), ("Host", "service.endpoint.myhuaweicloud.com"), ("TEST_UNDERSCORE", "TEST_VALUE")];
    let url = "https://service.endpoint.myhuaweicloud.com/resources?size=1";
    let get = signer.sign("GET", url, &headers, b"", UNIX_EPOCH).expect("signs");
    assert_eq!(get.signed_headers, "host;x-sdk-date");
    assert_eq!(get.signature, "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842");
    let post = signer.sign("POST", url, &headers, br#"{"name":"test","id":1}"#, UNIX_EPOCH).expect("signs");
    assert_eq!(post.signed_headers, "host;x-sdk-date");
    assert_eq!(post.signature, "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f");
}

#[test]
fn vector_c_go_sdk() {
    // The Go signer signs neither Host nor Content-Type, so they are not handed to it.
    let signer = Signer::new("AccessKey", "SecretKey");
    let headers = [("X-Sdk-Date", "20060102T150405Z"), ("TEST_UNDERSCORE", "TEST_VALUE")];
    let get = signer.sign("GET", "https://service.endpoint.myhuaweicloud.com/path?limit=1", &headers, b"", UNIX_EPOCH).expect("signs");
    assert_eq!(get.signed_headers, "x-sdk-date");
    assert_eq!(get.signature, "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
    let body = b"{\"Name\":\"test\",\"Id\":1}\n";
    let post = signer.sign("POST", "https://service.endpoint.myhuaweicloud.com/path?key=value", &headers, body, UNIX_EPOCH).expect("signs");
    assert_eq!(post.signed_headers, "x-sdk-date");
    assert_eq!(post.signature, "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59");
}

#[test]
fn vector_d_query_encoding() {
    let want = "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29";
    // From a query string as a client would send it (any order, any correct encoding) ...
    let sent = "limit=1&enable=true&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29&path=%2Ftmp%2F123&multi=3&multi=1&multi=2";
    assert_eq!(canonical_query(sent), want);
    // ... and from the values, through the transport's own query builder.
    let pairs = [
        ("limit", "1".to_string()),
        ("enable", "true".to_string()),
        ("test", "一 (&=?!#%.*)".to_string()),
        ("path", "/tmp/123".to_string()),
        ("multi", "1".to_string()),
        ("multi", "2".to_string()),
        ("multi", "3".to_string()),
    ];
    assert_eq!(huaweicloud_restore::runtime::transport::canonical_query(&pairs), want);
}

// ---- canonical URI and query ------------------------------------------------------------------

#[test]
fn canonical_uri_rules() {
    assert_eq!(canonical_uri("/v3/p/instances"), "/v3/p/instances/", "a slash is appended");
    assert_eq!(canonical_uri("/v3/p/"), "/v3/p/", "a trailing slash is kept");
    assert_eq!(canonical_uri(""), "/", "an empty path");
    assert_eq!(canonical_uri("/"), "/");
    // The path as sent is encoded already; each segment is encoded once more.
    assert_eq!(canonical_uri("/v3/a%2Fb/x"), "/v3/a%252Fb/x/");
    assert_eq!(canonical_uri("/v3/%E5%AE%9E%E4%BE%8B"), "/v3/%25E5%25AE%259E%25E4%25BE%258B/");
    // Reserved characters that stand unencoded in a path get encoded; unreserved stay.
    assert_eq!(canonical_uri("/a:b@c!d$e&f'g(h)i*j+k,l;m=n/~-_."), "/a%3Ab%40c%21d%24e%26f%27g%28h%29i%2Aj%2Bk%2Cl%3Bm%3Dn/~-_./");
}

#[test]
fn canonical_query_rules() {
    assert_eq!(canonical_query(""), "");
    assert_eq!(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2", "repeated keys: values sorted too");
    assert_eq!(canonical_query("empty=&flag"), "empty=&flag=", "empty values");
    assert_eq!(canonical_query("q=a%20b&r=c+d"), "q=a%20b&r=c%20d", "spaces are %20");
    assert_eq!(canonical_query("p=/tmp&t=~x"), "p=%2Ftmp&t=~x", "`/` is encoded, `~` is not");
}

#[test]
fn the_date_is_made_from_the_clock_when_not_given() {
    let signer = Signer::new("ak", "sk");
    let now = at("20261123T010203Z");
    let s = signer.sign("GET", "https://h/x", &[("Host", "h")], b"", now).expect("signs");
    assert_eq!(s.sdk_date, "20261123T010203Z");
    assert_eq!(s.headers()[0], ("X-Sdk-Date", "20261123T010203Z".to_string()));
    let later = signer.sign("GET", "https://h/x", &[("Host", "h")], b"", now + Duration::from_secs(1)).expect("signs");
    assert_ne!(s.signature, later.signature, "a new date, a new signature");
}

#[test]
fn the_secret_key_never_shows() {
    let signer = Signer::new("AK-VISIBLE", "SK-HIDDEN-123");
    let shown = format!("{signer:?}");
    assert!(shown.contains("AK-VISIBLE") && !shown.contains("SK-HIDDEN-123"), "{shown}");
}
