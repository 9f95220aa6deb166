//! Quick start: every documented API called against the mock server generated from the spec,
//! first one by one, then chained into one restore workflow per service.
//! No account and no network are needed.
//!
//! ```sh
//! cargo run -p huaweicloud-restore --features mock --example quickstart
//! ```

use futures_util::TryStreamExt;
use huaweicloud_restore::mock::{MockOptions, MockServer};
use huaweicloud_restore::runtime::waiter::WaitOptions;
use huaweicloud_restore::runtime::{Config, Credential, Error};
use huaweicloud_restore::{cbr, ddm, rds};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. A mock of every API on 127.0.0.1, accepting one token.
    let server =
        MockServer::start_with(MockOptions::default().with_token("quickstart-token")).await?;
    println!("mock server listening on {}", server.uri());

    // 2. One client per service, pointed at it. In production: `.with_region("ap-southeast-1")`.
    let config = Config::new(Credential::token("quickstart-token")).with_endpoint(server.uri());
    let ddm = ddm::Client::new(config.clone())?;
    let rds = rds::Client::new(config.clone())?;
    let cbr = cbr::Client::new(config.clone())?;

    // 3. The five restores, with the values of the pages' examples.
    let body = ddm::RestoreToNewInstanceBody::new(
        ddm::RestoreInstSource::new(1747732352076),
        ddm::RestoreInstTarget::new("2f0324a93859487eb5566d75951fcd2din09"),
        vec![ddm::DataNodeRelation::new(
            "f4e2949e9b9b4d60b42c89ed39bfe34cin01",
            "f4e2949e9b9b4d60b42c89ed39bfe34cin01",
        )],
    );
    let r = ddm
        .restore_to_new_instance(
            "619d3e78f61b4be68bc5aa0b59edcf7b",
            "1f5c9fd6cd984056ba89c8c87cc03278in09",
            &body,
        )
        .await?;
    println!(
        "ddm restore_to_new_instance: HTTP {}, job_id {:?}, request id {:?}",
        r.status(),
        r.body().job_id,
        r.request_id()
    );

    let body = ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new().with_backup_id("defa45b24d314e878fde930a61732e9dbr09"),
        ddm::RestoreMetaDataTarget::new(
            vec!["f4e2949e9b9b4d60b42c89ed39bfe34cin01".into()],
            "2f0324a93859487eb5566d75951fcd2din09",
        ),
    );
    let r = ddm
        .restore_metadata(
            "619d3e78f61b4be68bc5aa0b59edcf7b",
            "1f5c9fd6cd984056ba89c8c87cc03278in09",
            &body,
        )
        .await?;
    println!("ddm restore_metadata: HTTP {}, job_id {:?}", r.status(), r.body().job_id);

    let r = ddm
        .list_restorable_instances(
            "619d3e78f61b4be68bc5aa0b59edcf7b",
            "1f5c9fd6cd984056ba89c8c87cc03278in09",
            &ddm::ListRestorableInstancesQuery::new(),
        )
        .await?;
    let first = r.body().instances.as_ref().and_then(|i| i.first());
    println!(
        "ddm list_restorable_instances: HTTP {}, total {:?}, first {:?}",
        r.status(),
        r.body().total,
        first.and_then(|i| i.instance_name.as_deref())
    );

    let body = rds::RestoreToExistingInstanceBody::new(
        rds::RestoreSource::new("d8e6ca5a624745bcb546a227aa3ae1cfin01")
            .with_type(rds::RestoreType::Timestamp)
            .with_restore_time(1532001446987),
        rds::RestoreTarget::new("d8e6ca5a624745bcb546a227aa3ae1cfin01"),
    );
    let r = rds.restore_to_existing_instance("619d3e78f61b4be68bc5aa0b59edcf7b", &body).await?;
    println!("rds restore_to_existing_instance: HTTP {}, job_id {:?}", r.status(), r.body().job_id);

    let body = cbr::RestoreBackupBody::new(
        cbr::BackupRestore::new()
            .with_mappings(vec![cbr::BackupRestoreServerMapping::new(
                "5d822633-2bbf-4af8-a16e-5ab1c7705235",
                "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376",
            )])
            .with_power_on(true)
            .with_server_id("94eba8b2-acc9-4d82-badc-127144cc5526"),
    );
    let r = cbr
        .restore_backup(
            "f841e01fd2b14e7fa41b6ae7aa6b0594",
            "a5200268-74a5-4806-acc6-95793ab0228b",
            &body,
        )
        .await?;
    println!("cbr restore_backup: HTTP {} (no body)", r.status());

    // 4. Whole workflows, as the pages chain the APIs: find what to restore from and to,
    //    restore, and wait for the job the restore started, printing each status change. The
    //    mock answers a pending status twice, then done.
    ddm_point_in_time_restore(&ddm).await?;
    rds_restore_from_backup(&rds).await?;
    cbr_restore_from_backup(&cbr).await?;

    // 5. A request the pages forbid is caught before anything is sent.
    let sent_before = server.requests().len();
    let bad = rds::RestoreToExistingInstanceBody::new(
        rds::RestoreSource::new("d8e6ca5a624745bcb546a227aa3ae1cfin01")
            .with_type(rds::RestoreType::Timestamp),
        rds::RestoreTarget::new("d8e6ca5a624745bcb546a227aa3ae1cfin01"),
    );
    match rds.restore_to_existing_instance("619d3e78f61b4be68bc5aa0b59edcf7b", &bad).await {
        Err(Error::Validation(v)) => println!("caught before sending: {v}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    assert_eq!(server.requests().len(), sent_before, "nothing was sent");

    // 6. An error from the server: a token it does not accept.
    let wrong = ddm::Client::new(
        Config::new(Credential::token("not-the-token")).with_endpoint(server.uri()),
    )?;
    match wrong
        .restore_metadata(
            "619d3e78f61b4be68bc5aa0b59edcf7b",
            "1f5c9fd6cd984056ba89c8c87cc03278in09",
            &body_metadata(),
        )
        .await
    {
        Err(Error::Api(e)) => println!("API error from the server: {e}"),
        other => return Err(format!("expected an API error, got {other:?}").into()),
    }

    // 7. Paging through 300 restorable instances.
    let instances: Vec<ddm::DdmInstance4Restore> = (0..300)
        .map(|i| {
            ddm::DdmInstance4Restore::new()
                .with_instance_id(format!("inst-{i:03}"))
                .with_instance_name(format!("ddm-{i:03}"))
                .with_available(i % 7 != 0)
        })
        .collect();
    server.set_listing(&ddm::LIST_RESTORABLE_INSTANCES, &instances);
    server.clear_requests();
    let all: Vec<ddm::DdmInstance4Restore> = ddm
        .list_restorable_instances_all(
            "619d3e78f61b4be68bc5aa0b59edcf7b",
            "1f5c9fd6cd984056ba89c8c87cc03278in09",
            &ddm::ListRestorableInstancesQuery::new(),
        )
        .try_collect()
        .await?;
    let available = all.iter().filter(|i| i.available == Some(true)).count();
    println!(
        "paged through {} instances ({} available) in {} requests",
        all.len(),
        available,
        server.requests().len()
    );
    if all.len() != 300 {
        return Err(format!("expected 300 instances, got {}", all.len()).into());
    }
    println!("quickstart finished");
    Ok(())
}

fn body_metadata() -> ddm::RestoreMetadataBody {
    ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new().with_backup_id("defa45b24d314e878fde930a61732e9dbr09"),
        ddm::RestoreMetaDataTarget::new(
            vec!["f4e2949e9b9b4d60b42c89ed39bfe34cin01".into()],
            "2f0324a93859487eb5566d75951fcd2din09",
        ),
    )
}

/// DDM: a time in the restorable ranges, the source data nodes at that time, a target for each,
/// the restore, and waiting for its job.
async fn ddm_point_in_time_restore(ddm: &ddm::Client) -> Result<(), Box<dyn std::error::Error>> {
    let (project, source, target) = (
        "619d3e78f61b4be68bc5aa0b59edcf7b",
        "1f5c9fd6cd984056ba89c8c87cc03278in09",
        "2f0324a93859487eb5566d75951fcd2din09",
    );
    let ranges = ddm
        .list_restorable_time_intervals(
            project,
            source,
            &ddm::ListRestorableTimeIntervalsQuery::new(),
        )
        .await?;
    for r in ranges.body().restorable_time_intervals.iter().flatten() {
        println!(
            "ddm restorable from {:?} to {:?}",
            r.start_time.as_deref(),
            r.end_time.as_deref()
        );
    }
    // A UNIX time in milliseconds inside a range (the pages' example value).
    let restore_time = 1747728424956;
    let related = ddm
        .list_related_data_nodes(
            project,
            source,
            &ddm::ListRelatedDataNodesQuery::new(restore_time),
        )
        .await?;
    let mut relations = Vec::new();
    for node in related.body().related_data_nodes.iter().flatten() {
        let Some(source_node) = node.instance_id.as_deref() else { continue };
        let query = ddm::ListRestorableDataNodesQuery::new(target, source_node, restore_time);
        let candidates = ddm.list_restorable_data_nodes(project, source, &query).await?;
        let chosen = candidates
            .body()
            .target_data_nodes
            .iter()
            .flatten()
            .find(|t| t.available == Some(true))
            .and_then(|t| t.instance_id.clone());
        if let Some(target_node) = chosen {
            println!("ddm data node {source_node} restores to {target_node}");
            relations.push(ddm::DataNodeRelation::new(source_node, target_node));
        }
    }
    let body = ddm::RestoreToNewInstanceBody::new(
        ddm::RestoreInstSource::new(restore_time),
        ddm::RestoreInstTarget::new(target),
        relations,
    );
    let restored = ddm.restore_to_new_instance(project, source, &body).await?;
    let job_id = restored.body().job_id.clone().ok_or("the restore answered no job id")?;
    let job = ddm.wait_for_job(project, &job_id, &quick_polls("ddm restore job")).await?;
    let status = job.body().job.as_ref().and_then(|j| j.status.as_ref());
    println!("ddm restore job {job_id}: {}", status.map_or("no status", ddm::JobStatus::as_str));
    Ok(())
}

/// RDS: the instance's completed backups, a restore from one, and waiting for its job.
async fn rds_restore_from_backup(rds: &rds::Client) -> Result<(), Box<dyn std::error::Error>> {
    let (project, instance) =
        ("619d3e78f61b4be68bc5aa0b59edcf7b", "d8e6ca5a624745bcb546a227aa3ae1cfin01");
    let backups = rds
        .list_backups(
            project,
            &rds::ListBackupsQuery::new(instance).with_backup_type(rds::BackupTypeFilter::Auto),
        )
        .await?;
    let backup = backups
        .body()
        .backups
        .iter()
        .flatten()
        .find(|b| b.status == Some(rds::BackupStatus::Completed))
        .and_then(|b| b.id.clone())
        .ok_or("no completed backup")?;
    println!("rds restoring from backup {backup}");
    let body = rds::RestoreToExistingInstanceBody::new(
        rds::RestoreSource::new(instance)
            .with_type(rds::RestoreType::Backup)
            .with_backup_id(backup),
        rds::RestoreTarget::new(instance),
    );
    let restored = rds.restore_to_existing_instance(project, &body).await?;
    let job_id = restored.body().job_id.clone().ok_or("the restore answered no job id")?;
    let job = rds
        .wait_for_job(
            project,
            &rds::ShowJobQuery::new(job_id.as_str()),
            &quick_polls("rds restore job"),
        )
        .await?;
    let status = job.body().job.as_ref().and_then(|j| j.status.as_ref());
    println!("rds restore job {job_id}: {}", status.map_or("no status", rds::JobStatus::as_str));
    Ok(())
}

/// CBR: the backup's status and restore modes, the restore, and the backup until it is
/// available again.
async fn cbr_restore_from_backup(cbr: &cbr::Client) -> Result<(), Box<dyn std::error::Error>> {
    let (project, backup) =
        ("f841e01fd2b14e7fa41b6ae7aa6b0594", "a5200268-74a5-4806-acc6-95793ab0228b");
    let shown = cbr.show_backup(project, backup).await?;
    let b = shown.body().backup.as_ref().ok_or("no backup in the answer")?;
    let mode = b.extend_info.as_ref().and_then(|e| e.supported_restore_mode.as_ref());
    println!(
        "cbr backup {backup}: {:?}, restore mode {:?}",
        b.status.as_ref().map(cbr::BackupStatus::as_str),
        mode.map(cbr::SupportedRestoreMode::as_str)
    );
    let body = cbr::RestoreBackupBody::new(cbr::BackupRestore::new().with_power_on(true));
    let restored = cbr.restore_backup(project, backup, &body).await?;
    println!("cbr restore_backup: HTTP {}", restored.status());
    let after = cbr.wait_for_restore(project, backup, &quick_polls("cbr backup")).await?;
    let status = after.body().backup.as_ref().and_then(|b| b.status.as_ref());
    println!(
        "cbr backup {backup} after the restore: {}",
        status.map_or("no status", cbr::BackupStatus::as_str)
    );
    Ok(())
}

/// Polling fit for the mock (a real restore wants `WaitOptions::new()`: 10 s growing to a
/// minute, for up to six hours), printing each status change.
fn quick_polls(what: &'static str) -> WaitOptions {
    WaitOptions::new().with_interval(std::time::Duration::from_millis(20)).on_status(
        move |change| {
            println!(
                "  {what}: {} -> {} (poll {})",
                change.previous.as_deref().unwrap_or("-"),
                change.status.as_deref().unwrap_or("-"),
                change.polls
            )
        },
    )
}
