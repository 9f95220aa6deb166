//! With the `tracing` feature: a wait is one span, parent of its polls' `call` spans, with an
//! event per status change and one for its outcome, and never a secret.

use std::time::Duration;

use huaweicloud_restore::ddm;
use huaweicloud_restore::mock::{MockOptions, MockServer};
use huaweicloud_restore::prelude::*;
use huaweicloud_restore_tests::Captured;

#[tokio::test]
async fn a_wait_is_a_span_over_its_polls_with_its_status_changes_and_outcome() {
    const TOKEN: &str = "tok-SECRET-4d2e";
    const PROJECT: &str = "project-SECRET-81";
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .finish();
    // Global, and this file holds this one test: a callsite's interest is cached per process.
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let pending = 2;
    let server = MockServer::start_with(MockOptions::default().with_pending_polls(pending))
        .await
        .expect("start");
    let client =
        ddm::Client::new(Config::new(Credential::token(TOKEN)).with_endpoint(server.uri()))
            .expect("client");
    let body = ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new().with_backup_id("b"),
        ddm::RestoreMetaDataTarget::new(vec!["n".into()], "t"),
    );
    let job = client
        .restore_metadata(PROJECT, "i", &body)
        .await
        .expect("restore")
        .body()
        .job_id
        .clone()
        .expect("a job id");
    let options = WaitOptions::new()
        .with_interval(Duration::from_millis(2))
        .with_deadline(Duration::from_secs(20));
    client.wait_for_job(PROJECT, &job, &options).await.expect("done");

    let text = captured.text();
    let waiter_span = format!(
        "wait{{waiter=\"wait_for_job\" service=\"ddm\" operation=\"{}\" resource=\"{job}\"}}",
        ddm::SHOW_JOB.id
    );
    // Every poll's call span is inside the wait's span.
    let polls: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.contains("huaweicloud_restore: response") && l.contains("operation=\"showJob\"")
        })
        .collect();
    assert_eq!(polls.len(), pending as usize + 1, "one response per poll:\n{text}");
    for line in &polls {
        let (Some(w), Some(c)) = (line.find(&waiter_span), line.find(":call{")) else {
            panic!("a poll outside the wait's span: {line}")
        };
        assert!(w < c, "the wait's span is not the poll's parent: {line}");
    }
    // The restore before the wait is not in it.
    let restore = text
        .lines()
        .find(|l| l.contains("operation=\"restoreMetadata\""))
        .expect("the restore's event");
    assert!(!restore.contains("wait{"), "{restore}");
    // One event per status change, with the old and new status and the polls so far; then the outcome.
    let changes: Vec<&str> =
        text.lines().filter(|l| l.contains("huaweicloud_restore: status")).collect();
    assert_eq!(changes.len(), 2, "{text}");
    assert!(
        changes[0].contains(&waiter_span)
            && changes[0].contains("status=\"Running\"")
            && changes[0].contains("polls=1"),
        "{}",
        changes[0]
    );
    assert!(!changes[0].contains("previous="), "{}", changes[0]);
    let last = format!("polls={}", pending + 1);
    assert!(
        changes[1].contains("previous=\"Running\" status=\"Completed\"")
            && changes[1].contains(&last),
        "{}",
        changes[1]
    );
    let outcome: Vec<&str> =
        text.lines().filter(|l| l.contains("huaweicloud_restore: outcome")).collect();
    assert_eq!(outcome.len(), 1, "{text}");
    assert!(
        outcome[0].contains(&waiter_span)
            && outcome[0].contains("outcome=\"done\"")
            && outcome[0].contains(&last),
        "{}",
        outcome[0]
    );
    for secret in [TOKEN, PROJECT, "Authorization", "X-Auth-Token"] {
        assert!(!text.contains(secret), "`{secret}` shows in the trace:\n{text}");
    }
}
