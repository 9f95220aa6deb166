//! With the `tracing` feature: a span per call and an event per attempt, with the fields an
//! operator needs, and never a token, key, signature, filled path or body.

use huaweicloud_restore::ddm;
use huaweicloud_restore::mock::{MockOptions, MockServer};
use huaweicloud_restore::prelude::*;
use huaweicloud_restore_tests::Captured;

#[tokio::test]
async fn tracing_shows_each_call_and_never_a_secret() {
    const TOKEN: &str = "tok-SECRET-9a1b";
    const SK: &str = "sk-SECRET-77c2";
    const PROJECT: &str = "project-SECRET-55";
    const BACKUP: &str = "backup-SECRET-31";
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .finish();
    // Global, and this file holds this one test: a callsite's interest is cached per process.
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let server = MockServer::start().await.expect("start");
    let client =
        ddm::Client::new(Config::new(Credential::token(TOKEN)).with_endpoint(server.uri()))
            .expect("client");
    let body = ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new().with_backup_id(BACKUP),
        ddm::RestoreMetaDataTarget::new(vec!["n".into()], "t"),
    );
    client.restore_metadata(PROJECT, "i", &body).await.expect("token call");

    let signed =
        MockServer::start_with(MockOptions::default().with_aksk("AK-1", SK)).await.expect("start");
    let aksk = Credential::AkSk(AkSk::new("AK-1", SK));
    let client = ddm::Client::new(Config::new(aksk).with_endpoint(signed.uri())).expect("client");
    client.restore_metadata(PROJECT, "i", &body).await.expect("signed call");

    let text = captured.text();
    let calls: Vec<&str> =
        text.lines().filter(|l| l.contains("huaweicloud_restore: response")).collect();
    assert_eq!(calls.len(), 2, "one event per call's one attempt:\n{text}");
    let template = ddm::RESTORE_METADATA.path_template;
    for line in &calls {
        for want in [
            "call{",
            "operation=\"restoreMetadata\"",
            "method=\"POST\"",
            template,
            "status=202",
            "attempt=0",
            "request_id=\"",
            "elapsed_ms=",
        ] {
            assert!(line.contains(want), "`{want}` missing from: {line}");
        }
    }
    for secret in [TOKEN, SK, PROJECT, BACKUP, "Signature", "SDK-HMAC-SHA256"] {
        assert!(!text.contains(secret), "`{secret}` shows in the trace:\n{text}");
    }
}
