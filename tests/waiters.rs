//! The generated waiters (`x-waiter`) against the generated mock, which plays a restore's
//! workflow, and against servers that fail, stall or never finish.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use huaweicloud_restore::mock::{Behavior, MockOptions, MockServer, Outcome};
use huaweicloud_restore::runtime::waiter::{StatusChange, WaitError, WaitOptions};
use huaweicloud_restore::runtime::{Config, Credential, Error, RetryPolicy};
use huaweicloud_restore::{cbr, ddm, rds};

const PROJECT: &str = "619d3e78f61b4be68bc5aa0b59edcf7b";

fn config(server: &MockServer) -> Config {
    Config::new(Credential::token("t")).with_endpoint(server.uri()).with_retry(RetryPolicy::none())
}

/// Fast polling, and a log of each status change.
fn options() -> (WaitOptions, Arc<Mutex<Vec<StatusChange>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&log);
    let o = WaitOptions::new()
        .with_interval(Duration::from_millis(2))
        .with_max_interval(Duration::from_millis(5))
        .with_deadline(Duration::from_secs(20))
        .on_status(move |c| {
            sink.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(c.clone())
        });
    (o, log)
}

fn statuses(log: &Arc<Mutex<Vec<StatusChange>>>) -> Vec<Option<String>> {
    log.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .map(|c| c.status.clone())
        .collect()
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

async fn ddm_restore(client: &ddm::Client) -> String {
    let body = ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new().with_backup_id("defa45b24d314e878fde930a61732e9dbr09"),
        ddm::RestoreMetaDataTarget::new(
            vec!["f4e2949e9b9b4d60b42c89ed39bfe34cin01".into()],
            "2f0324a93859487eb5566d75951fcd2din09",
        ),
    );
    let r = client
        .restore_metadata(PROJECT, "1f5c9fd6cd984056ba89c8c87cc03278in09", &body)
        .await
        .expect("restore");
    r.body().job_id.clone().expect("a job id")
}

#[tokio::test]
async fn a_ddm_restore_job_is_running_for_the_set_polls_then_completed() {
    let server =
        MockServer::start_with(MockOptions::default().with_pending_polls(3)).await.expect("mock");
    let client = ddm::Client::new(config(&server)).expect("client");
    let job = ddm_restore(&client).await;
    server.clear_requests();
    let (o, log) = options();
    let done = client.wait_for_job(PROJECT, &job, &o).await.expect("done");
    let status = done.body().job.as_ref().and_then(|j| j.status.clone());
    assert_eq!(status, Some(ddm::JobStatus::Completed));
    assert_eq!(statuses(&log), [s("Running"), s("Completed")]);
    // Three pending answers, then the done one: four polls, each for this job.
    let polls = server.requests();
    assert_eq!(polls.len(), 4);
    assert!(polls.iter().all(|r| r.path.ends_with(&format!("/jobs/{job}"))), "{polls:?}");
}

#[tokio::test]
async fn a_failed_job_is_an_error_with_its_status_reason_and_last_answer() {
    let server =
        MockServer::start_with(MockOptions::default().with_pending_polls(1)).await.expect("mock");
    server.set_outcome(Outcome::Failed);
    let client = rds::Client::new(config(&server)).expect("client");
    let body = rds::RestoreToExistingInstanceBody::new(
        rds::RestoreSource::new("d8e6ca5a624745bcb546a227aa3ae1cfin01")
            .with_type(rds::RestoreType::Backup)
            .with_backup_id("b-1"),
        rds::RestoreTarget::new("d8e6ca5a624745bcb546a227aa3ae1cfin01"),
    );
    let job = client
        .restore_to_existing_instance(PROJECT, &body)
        .await
        .expect("restore")
        .body()
        .job_id
        .clone()
        .expect("job id");
    let (o, log) = options();
    match client.wait_for_job(PROJECT, &rds::ShowJobQuery::new(job.as_str()), &o).await {
        Err(WaitError::Failed { status, reason, last }) => {
            assert_eq!(status, "Failed");
            assert!(reason.is_some_and(|r| r.contains("set_outcome")));
            assert_eq!(
                last.body().job.as_ref().and_then(|j| j.status.clone()),
                Some(rds::JobStatus::Failed)
            );
        }
        other => panic!("expected a failed job, got {other:?}"),
    }
    assert_eq!(statuses(&log), [s("Running"), s("Failed")]);
}

#[tokio::test]
async fn waiting_on_a_cbr_restore_sees_the_backup_restoring_then_available() {
    let server =
        MockServer::start_with(MockOptions::default().with_pending_polls(2)).await.expect("mock");
    let client = cbr::Client::new(config(&server)).expect("client");
    let backup = "a5200268-74a5-4806-acc6-95793ab0228b";
    client
        .restore_backup(PROJECT, backup, &cbr::RestoreBackupBody::new(cbr::BackupRestore::new()))
        .await
        .expect("restore");
    let (o, log) = options();
    let done = client.wait_for_restore(PROJECT, backup, &o).await.expect("available");
    assert_eq!(
        done.body().backup.as_ref().and_then(|b| b.status.clone()),
        Some(cbr::BackupStatus::Available)
    );
    assert_eq!(statuses(&log), [s("restoring"), s("available")]);
}

#[tokio::test]
async fn a_job_that_never_finishes_ends_at_the_deadline_with_the_last_status() {
    let server = MockServer::start_with(MockOptions::default().with_pending_polls(u32::MAX))
        .await
        .expect("mock");
    let client = ddm::Client::new(config(&server)).expect("client");
    let job = ddm_restore(&client).await;
    let (o, _) = options();
    let o = o.with_deadline(Duration::from_millis(60));
    match client.wait_for_job(PROJECT, &job, &o).await {
        Err(WaitError::DeadlineExceeded { last_status, polls, waited }) => {
            assert_eq!(last_status.as_deref(), Some("Running"));
            assert!(polls >= 2 && waited >= Duration::from_millis(60), "{polls} {waited:?}");
        }
        other => panic!("expected the deadline, got {other:?}"),
    }
}

#[tokio::test]
async fn a_server_that_fails_or_stalls_ends_waiting_with_the_call_error() {
    let server = MockServer::start().await.expect("mock");
    let client = ddm::Client::new(config(&server)).expect("client");
    let (o, _) = options();
    server.set_behavior(
        &ddm::SHOW_JOB,
        Behavior::Respond {
            status: 500,
            body: r#"{"error_code":"DBS.200001","error_msg":"Server error."}"#.into(),
        },
    );
    match client.wait_for_job(PROJECT, "job-1", &o).await {
        Err(WaitError::Call(Error::Api(e))) => assert_eq!(e.status, 500),
        other => panic!("expected the server's error, got {other:?}"),
    }
    server.set_behavior(&ddm::SHOW_JOB, Behavior::Stall);
    let stalled =
        ddm::Client::new(config(&server).with_request_timeout(Duration::from_millis(200)))
            .expect("client");
    match stalled.wait_for_job(PROJECT, "job-1", &o).await {
        Err(WaitError::Call(e)) => assert!(e.to_string().to_lowercase().contains("time"), "{e}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_status_the_spec_does_not_list_stops_waiting() {
    let server = MockServer::start().await.expect("mock");
    let client = cbr::Client::new(config(&server)).expect("client");
    server.set_behavior(
        &cbr::SHOW_BACKUP,
        Behavior::Respond { status: 200, body: r#"{"backup":{"status":"deleting"}}"#.into() },
    );
    let (o, _) = options();
    match client.wait_for_restore(PROJECT, "b-1", &o).await {
        Err(WaitError::Unexpected { status, .. }) => assert_eq!(status, "deleting"),
        other => panic!("expected an unexpected status, got {other:?}"),
    }
}

/// A server on 127.0.0.1 that accepts every connection and never answers: each poll stalls.
async fn silent_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket); // kept open, never read or written
        }
    });
    format!("http://{addr}/{{service}}")
}

#[tokio::test]
async fn the_deadline_holds_when_a_poll_stalls_longer_than_it() {
    let endpoint = silent_server().await;
    // The request timeout (60 s) is far beyond the deadline: only the deadline can end the wait.
    let config = Config::new(Credential::token("t"))
        .with_endpoint(endpoint)
        .with_request_timeout(Duration::from_secs(60));
    let client = ddm::Client::new(config).expect("client");
    let deadline = Duration::from_millis(500);
    let o = WaitOptions::new().with_deadline(deadline);
    let outcome =
        tokio::time::timeout(Duration::from_secs(20), client.wait_for_job(PROJECT, "job-1", &o))
            .await
            .expect("the waiter outlived its deadline by far more than its margin");
    match outcome {
        Err(WaitError::DeadlineExceeded { last_status, polls, waited }) => {
            // The one poll was sent and cut short: it counts, and it saw no status.
            assert_eq!((last_status, polls), (None, 1));
            assert!(waited >= deadline && waited < Duration::from_secs(20), "{waited:?}");
        }
        other => panic!("expected the deadline, got {other:?}"),
    }
}

#[tokio::test]
async fn a_waiter_owns_its_arguments_so_it_can_be_spawned() {
    let server =
        MockServer::start_with(MockOptions::default().with_pending_polls(2)).await.expect("mock");
    let (log, handle) = {
        let client = ddm::Client::new(config(&server)).expect("client");
        let job = ddm_restore(&client).await;
        let project = PROJECT.to_string();
        let (o, log) = options();
        let handle = tokio::spawn(client.wait_for_job(&project, &job, &o));
        // The client, the ids and the options are dropped here, before the wait is awaited.
        drop((client, job, project, o));
        (log, handle)
    };
    let done = handle.await.expect("the task").expect("done");
    assert_eq!(
        done.body().job.as_ref().and_then(|j| j.status.clone()),
        Some(ddm::JobStatus::Completed)
    );
    assert_eq!(statuses(&log), [s("Running"), s("Completed")]);
    // The RDS waiter takes its query by reference: it owns a copy.
    let rds = rds::Client::new(config(&server)).expect("client");
    let (o, _) = options();
    let query = rds::ShowJobQuery::new("job-1");
    let handle = tokio::spawn(rds.wait_for_job(
        PROJECT,
        &query,
        &o.with_deadline(Duration::from_millis(50)),
    ));
    drop((rds, query));
    // Nothing started job-1 on the mock, so it keeps its pending status until the deadline:
    // the spawned waiter ran to its end on its own copies.
    match handle.await.expect("the task") {
        Err(WaitError::DeadlineExceeded { polls, .. }) => assert!(polls >= 1),
        Ok(done) => assert!(done.body().job.is_some()),
        Err(other) => panic!("{other:?}"),
    }
}
