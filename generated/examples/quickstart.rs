//! Quick start: every documented API called against the mock server generated from the spec.
//! No account and no network are needed.
//!
//! ```sh
//! cargo run -p huaweicloud-restore --features mock --example quickstart
//! ```

use futures_util::TryStreamExt;
use huaweicloud_restore::mock::{MockOptions, MockServer};
use huaweicloud_restore::runtime::{Config, Credential, Error};
use huaweicloud_restore::{cbr, ddm, rds};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. A mock of all five APIs on 127.0.0.1, accepting one token.
    let server = MockServer::start_with(MockOptions::default().with_token("quickstart-token")).await?;
    println!("mock server listening on {}", server.uri());

    // 2. One client per service, pointed at it. In production: `.with_region("ap-southeast-1")`.
    let config = Config::new(Credential::token("quickstart-token")).with_endpoint(server.uri());
    let ddm = ddm::Client::new(config.clone())?;
    let rds = rds::Client::new(config.clone())?;
    let cbr = cbr::Client::new(config.clone())?;

    // 3. The five operations, with the values of the pages' examples.
    let body = ddm::RestoreToNewInstanceBody::new(
        ddm::RestoreInstSource::new(1747732352076),
        ddm::RestoreInstTarget::new("2f0324a93859487eb5566d75951fcd2din09"),
        vec![ddm::DataNodeRelation::new("f4e2949e9b9b4d60b42c89ed39bfe34cin01", "f4e2949e9b9b4d60b42c89ed39bfe34cin01")],
    );
    let r = ddm.restore_to_new_instance("619d3e78f61b4be68bc5aa0b59edcf7b", "1f5c9fd6cd984056ba89c8c87cc03278in09", &body).await?;
    println!("ddm restore_to_new_instance: HTTP {}, job_id {:?}, request id {:?}", r.status(), r.body().job_id, r.request_id());

    let body = ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new().with_backup_id("defa45b24d314e878fde930a61732e9dbr09"),
        ddm::RestoreMetaDataTarget::new(vec!["f4e2949e9b9b4d60b42c89ed39bfe34cin01".into()], "2f0324a93859487eb5566d75951fcd2din09"),
    );
    let r = ddm.restore_metadata("619d3e78f61b4be68bc5aa0b59edcf7b", "1f5c9fd6cd984056ba89c8c87cc03278in09", &body).await?;
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
        rds::RestoreSource::new("d8e6ca5a624745bcb546a227aa3ae1cfin01").with_type(rds::RestoreType::Timestamp).with_restore_time(1532001446987),
        rds::RestoreTarget::new("d8e6ca5a624745bcb546a227aa3ae1cfin01"),
    );
    let r = rds.restore_to_existing_instance("619d3e78f61b4be68bc5aa0b59edcf7b", &body).await?;
    println!("rds restore_to_existing_instance: HTTP {}, job_id {:?}", r.status(), r.body().job_id);

    let body = cbr::RestoreBackupBody::new(
        cbr::BackupRestore::new()
            .with_mappings(vec![cbr::BackupRestoreServerMapping::new("5d822633-2bbf-4af8-a16e-5ab1c7705235", "eccbcfdd-f843-4bbb-b2c0-a5ce861f9376")])
            .with_power_on(true)
            .with_server_id("94eba8b2-acc9-4d82-badc-127144cc5526"),
    );
    let r = cbr.restore_backup("f841e01fd2b14e7fa41b6ae7aa6b0594", "a5200268-74a5-4806-acc6-95793ab0228b", &body).await?;
    println!("cbr restore_backup: HTTP {} (no body)", r.status());

    // 4. A request the pages forbid is caught before anything is sent.
    let sent_before = server.requests().len();
    let bad = rds::RestoreToExistingInstanceBody::new(
        rds::RestoreSource::new("d8e6ca5a624745bcb546a227aa3ae1cfin01").with_type(rds::RestoreType::Timestamp),
        rds::RestoreTarget::new("d8e6ca5a624745bcb546a227aa3ae1cfin01"),
    );
    match rds.restore_to_existing_instance("619d3e78f61b4be68bc5aa0b59edcf7b", &bad).await {
        Err(Error::Validation(v)) => println!("caught before sending: {v}"),
        other => return Err(format!("expected a validation error, got {other:?}").into()),
    }
    assert_eq!(server.requests().len(), sent_before, "nothing was sent");

    // 5. An error from the server: a token it does not accept.
    let wrong = ddm::Client::new(Config::new(Credential::token("not-the-token")).with_endpoint(server.uri()))?;
    match wrong.restore_metadata("619d3e78f61b4be68bc5aa0b59edcf7b", "1f5c9fd6cd984056ba89c8c87cc03278in09", &body_metadata()).await {
        Err(Error::Api(e)) => println!("API error from the server: {e}"),
        other => return Err(format!("expected an API error, got {other:?}").into()),
    }

    // 6. Paging through 300 restorable instances.
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
    println!("paged through {} instances ({} available) in {} requests", all.len(), available, server.requests().len());
    if all.len() != 300 {
        return Err(format!("expected 300 instances, got {}", all.len()).into());
    }
    println!("quickstart finished");
    Ok(())
}

fn body_metadata() -> ddm::RestoreMetadataBody {
    ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new().with_backup_id("defa45b24d314e878fde930a61732e9dbr09"),
        ddm::RestoreMetaDataTarget::new(vec!["f4e2949e9b9b4d60b42c89ed39bfe34cin01".into()], "2f0324a93859487eb5566d75951fcd2din09"),
    )
}
