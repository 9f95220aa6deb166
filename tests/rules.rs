//! A negative case for every rule the pages state, asserting each violation's path and rule,
//! and the positive cases at the edges of each rule.

use huaweicloud_restore::runtime::validation::{Rule, Validate};
use huaweicloud_restore::{cbr, ddm, rds};

/// The (path, rule) pairs of every violation.
fn broken(v: &impl Validate) -> Vec<(String, Rule)> {
    v.violations().into_iter().map(|v| (v.path.as_str().to_string(), v.rule)).collect()
}

fn pairs(expected: &[(&str, Rule)]) -> Vec<(String, Rule)> {
    expected.iter().map(|(p, r)| (p.to_string(), *r)).collect()
}

// ---- DDM: list restorable instances, limit 1..=128 and offset >= 0 ----------------------------

#[test]
fn limit_below_one_is_refused() {
    let q = ddm::ListRestorableInstancesQuery::new().with_limit(0);
    assert_eq!(broken(&q), pairs(&[("limit", Rule::Minimum)]));
}

#[test]
fn limit_above_128_is_refused() {
    let q = ddm::ListRestorableInstancesQuery::new().with_limit(129);
    assert_eq!(broken(&q), pairs(&[("limit", Rule::Maximum)]));
}

#[test]
fn negative_offset_is_refused() {
    let q = ddm::ListRestorableInstancesQuery::new().with_offset(-1);
    assert_eq!(broken(&q), pairs(&[("offset", Rule::Minimum)]));
}

#[test]
fn paging_edges_are_accepted() {
    for (offset, limit) in [(0, 1), (0, 128), (i32::MAX, 10)] {
        let q = ddm::ListRestorableInstancesQuery::new().with_offset(offset).with_limit(limit);
        assert!(q.validate().is_ok(), "offset {offset}, limit {limit}");
    }
    assert!(ddm::ListRestorableInstancesQuery::new().validate().is_ok(), "both unset");
}

#[test]
fn every_paging_violation_is_reported_at_once() {
    let q = ddm::ListRestorableInstancesQuery::new().with_offset(-5).with_limit(500);
    assert_eq!(broken(&q), pairs(&[("offset", Rule::Minimum), ("limit", Rule::Maximum)]));
    let err = q.validate().unwrap_err();
    assert_eq!(err.violations().len(), 2);
    assert!(err.to_string().contains("-5 is below the minimum 0"), "{err}");
}

#[test]
fn query_pairs_carry_only_what_is_set() {
    assert!(ddm::ListRestorableInstancesQuery::new().query_pairs().is_empty());
    let q = ddm::ListRestorableInstancesQuery::new().with_limit(20);
    assert_eq!(q.query_pairs(), vec![("limit", "20".to_string())]);
}

// ---- DDM: restore metadata, restore_time or backup_id -------------------------------------------

fn metadata(source: ddm::RestoreMetaDataSource) -> ddm::RestoreMetadataBody {
    ddm::RestoreMetadataBody::new(
        source,
        ddm::RestoreMetaDataTarget::new(vec!["node".into()], "inst"),
    )
}

#[test]
fn metadata_source_needs_restore_time_or_backup_id() {
    let body = metadata(ddm::RestoreMetaDataSource::new());
    assert_eq!(broken(&body), pairs(&[("source", Rule::AnyOf)]));
    let msg = &body.violations()[0].message;
    assert!(msg.contains("restore_time is given") && msg.contains("backup_id is given"), "{msg}");
}

#[test]
fn metadata_source_with_either_or_both_is_accepted() {
    for source in [
        ddm::RestoreMetaDataSource::new().with_restore_time(1747732352076),
        ddm::RestoreMetaDataSource::new().with_backup_id("b"),
        ddm::RestoreMetaDataSource::new().with_restore_time(1).with_backup_id("b"),
    ] {
        assert!(metadata(source.clone()).validate().is_ok(), "{source:?}");
    }
}

// ---- RDS: the type / backup_id / restore_time rule, and the enum ------------------------------

fn rds_body(source: rds::RestoreSource) -> rds::RestoreToExistingInstanceBody {
    rds::RestoreToExistingInstanceBody::new(source, rds::RestoreTarget::new("target"))
}

#[test]
fn timestamp_mode_needs_restore_time() {
    let body = rds_body(rds::RestoreSource::new("i").with_type(rds::RestoreType::Timestamp));
    assert_eq!(broken(&body), pairs(&[("source.restore_time", Rule::Required)]));
    assert!(body.violations()[0].message.contains("point-in-time"), "{:?}", body.violations());
}

#[test]
fn backup_mode_needs_backup_id() {
    let body = rds_body(rds::RestoreSource::new("i").with_type(rds::RestoreType::Backup));
    assert_eq!(broken(&body), pairs(&[("source.backup_id", Rule::Required)]));
}

#[test]
fn absent_type_is_backup_mode_and_needs_backup_id() {
    let body = rds_body(rds::RestoreSource::new("i").with_restore_time(1532001446987));
    assert_eq!(broken(&body), pairs(&[("source.backup_id", Rule::Required)]));
}

#[test]
fn restore_time_without_type_is_not_timestamp_mode() {
    // The page: in timestamp mode "type and restore_time are mandatory".
    let body = rds_body(rds::RestoreSource::new("i").with_restore_time(1));
    assert!(body.validate().is_err());
}

#[test]
fn unknown_type_is_refused_and_kept() {
    let source: rds::RestoreSource =
        serde_json::from_str(r#"{"instance_id":"i","type":"snapshot","backup_id":"b"}"#)
            .expect("parses");
    assert_eq!(source.r#type, Some(rds::RestoreType::Unknown("snapshot".into())));
    let body = rds_body(source);
    let got = broken(&body);
    assert_eq!(got[0], ("source.type".to_string(), Rule::Enum));
    assert!(body.violations()[0].message.contains("backup, timestamp"));
    // Nothing the user gave is lost: the unknown value serializes back as it came.
    let json = serde_json::to_value(&body).expect("serializes");
    assert_eq!(json["source"]["type"], "snapshot");
}

#[test]
fn both_rds_modes_are_accepted() {
    for source in [
        rds::RestoreSource::new("i").with_backup_id("b"),
        rds::RestoreSource::new("i").with_type(rds::RestoreType::Backup).with_backup_id("b"),
        rds::RestoreSource::new("i").with_type(rds::RestoreType::Timestamp).with_restore_time(1),
    ] {
        assert!(rds_body(source.clone()).validate().is_ok(), "{source:?}");
    }
}

// ---- CBR: server_id needs mappings -----------------------------------------------------------

fn cbr_body(restore: cbr::BackupRestore) -> cbr::RestoreBackupBody {
    cbr::RestoreBackupBody::new(restore)
}

#[test]
fn vm_restoration_needs_mappings() {
    let body = cbr_body(cbr::BackupRestore::new().with_server_id("vm"));
    assert_eq!(broken(&body), pairs(&[("restore.mappings", Rule::Required)]));
    assert!(body.violations()[0].message.contains("VM restoration"));
}

#[test]
fn disk_restoration_and_full_vm_restoration_are_accepted() {
    let mapping = cbr::BackupRestoreServerMapping::new("backup", "volume");
    for restore in [
        cbr::BackupRestore::new().with_volume_id("disk"),
        cbr::BackupRestore::new(),
        cbr::BackupRestore::new().with_server_id("vm").with_mappings(vec![mapping.clone()]),
    ] {
        assert!(cbr_body(restore.clone()).validate().is_ok(), "{restore:?}");
    }
}

// ---- the listings around a restore: their paging rules, one page at a time ---------------------

/// Each listing's limit outside its range and a negative offset, one violation each, and its
/// edges accepted: (name, query with the mandatory fields, limit's maximum).
macro_rules! paging_rules {
    ($($name:literal => $query:expr, $max:literal;)*) => {$(
        let q = || $query;
        assert_eq!(broken(&q().with_limit(0)), pairs(&[("limit", Rule::Minimum)]), $name);
        assert_eq!(broken(&q().with_limit($max + 1)), pairs(&[("limit", Rule::Maximum)]), $name);
        assert_eq!(broken(&q().with_offset(-1)), pairs(&[("offset", Rule::Minimum)]), $name);
        for (offset, limit) in [(0, 1), (0, $max)] {
            assert!(q().with_offset(offset).with_limit(limit).validate().is_ok(), "{} {offset} {limit}", $name);
        }
    )*};
}

#[test]
fn the_listings_around_a_restore_keep_their_paging_rules() {
    paging_rules! {
        "ddm time ranges" => ddm::ListRestorableTimeIntervalsQuery::new(), 128;
        "ddm related data nodes" => ddm::ListRelatedDataNodesQuery::new(1747728424956), 128;
        "ddm restorable data nodes" => ddm::ListRestorableDataNodesQuery::new("target", "source", 1747730765390), 128;
        "rds backups" => rds::ListBackupsQuery::new("instance"), 100;
    }
}

#[test]
fn a_backup_type_the_page_does_not_list_is_refused_and_kept() {
    let q = rds::ListBackupsQuery::new("instance")
        .with_backup_type(rds::BackupTypeFilter::Unknown("weekly".into()));
    assert_eq!(broken(&q), pairs(&[("backup_type", Rule::Enum)]));
    assert!(q.query_pairs().contains(&("backup_type", "weekly".to_string())));
    let ok =
        rds::ListBackupsQuery::new("instance").with_backup_type(rds::BackupTypeFilter::Incremental);
    assert!(ok.validate().is_ok());
}

#[test]
fn a_backup_listing_takes_both_ends_of_its_time_window_or_neither() {
    let q = || rds::ListBackupsQuery::new("instance");
    assert_eq!(
        broken(&q().with_begin_time("2018-08-06T10:41:14+0800")),
        pairs(&[("end_time", Rule::Required)])
    );
    assert_eq!(
        broken(&q().with_end_time("2018-08-16T10:41:14+0800")),
        pairs(&[("begin_time", Rule::Required)])
    );
    assert!(q().validate().is_ok());
    assert!(q()
        .with_begin_time("2018-08-06T10:41:14+0800")
        .with_end_time("2018-08-16T10:41:14+0800")
        .validate()
        .is_ok());
}

#[test]
fn the_ids_a_workflow_passes_on_must_not_be_empty() {
    assert_eq!(broken(&ddm::ShowJobPathParams::new("p", "")), pairs(&[("job_id", Rule::NonEmpty)]));
    assert_eq!(
        broken(&cbr::ShowBackupPathParams::new("p", "")),
        pairs(&[("backup_id", Rule::NonEmpty)])
    );
    assert_eq!(
        broken(&rds::ListRestoreTimesPathParams::new("", "i")),
        pairs(&[("project_id", Rule::NonEmpty)])
    );
}

// ---- path parameters must be non-empty ---------------------------------------------------------

#[test]
fn empty_path_parameters_are_refused_each_by_name() {
    let p = ddm::RestoreToNewInstancePathParams::new("", "");
    assert_eq!(
        broken(&p),
        pairs(&[("project_id", Rule::NonEmpty), ("instance_id", Rule::NonEmpty)])
    );
    let p = ddm::RestoreMetadataPathParams::new("p", "");
    assert_eq!(broken(&p), pairs(&[("instance_id", Rule::NonEmpty)]));
    let p = ddm::ListRestorableInstancesPathParams::new("", "i");
    assert_eq!(broken(&p), pairs(&[("project_id", Rule::NonEmpty)]));
    let p = rds::RestoreToExistingInstancePathParams::new("");
    assert_eq!(broken(&p), pairs(&[("project_id", Rule::NonEmpty)]));
    let p = cbr::RestoreBackupPathParams::new("p", "");
    assert_eq!(broken(&p), pairs(&[("backup_id", Rule::NonEmpty)]));
}

#[test]
fn path_parameters_are_in_template_order() {
    // CBR's page lists backup_id first, but the URL has project_id first.
    let p = cbr::RestoreBackupPathParams::new("project", "backup");
    assert_eq!((p.project_id.as_str(), p.backup_id.as_str()), ("project", "backup"));
}

// ---- parsing: strict requests, lenient responses ------------------------------------------------

#[test]
fn a_request_with_a_field_the_page_does_not_have_does_not_parse() {
    let r = serde_json::from_str::<ddm::RestoreInstTarget>(r#"{"instance_id":"i","region":"x"}"#);
    assert!(r.unwrap_err().to_string().contains("unknown field `region`"));
}

#[test]
fn a_request_without_a_mandatory_field_does_not_parse() {
    let r = serde_json::from_str::<ddm::RestoreInstSource>("{}");
    assert!(r.unwrap_err().to_string().contains("missing field `restore_time`"));
}

#[test]
fn a_response_with_an_unknown_field_parses() {
    let r: ddm::ListRestorableInstancesResponse = serde_json::from_str(
        r#"{"total": 3, "next_marker": "x", "instances": [{"instance_id": "a", "zone": "z"}]}"#,
    )
    .expect("lenient");
    assert_eq!(r.total, Some(3));
    assert_eq!(r.instances.as_ref().map(Vec::len), Some(1));
}

#[test]
fn optional_fields_are_left_out_of_json() {
    let json = serde_json::to_string(&ddm::RestoreMetaDataSource::new().with_backup_id("b"))
        .expect("json");
    assert_eq!(json, r#"{"backup_id":"b"}"#);
}

#[test]
fn restore_time_is_an_integer_on_the_wire() {
    let json = serde_json::to_string(&ddm::RestoreInstSource::new(1747732352076)).expect("json");
    assert_eq!(json, r#"{"restore_time":1747732352076}"#);
}
