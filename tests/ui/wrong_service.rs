// A DDM body cannot go where an RDS one is expected.
use huaweicloud_restore::{ddm, rds};

fn send(_body: &rds::RestoreToExistingInstanceBody) {}

fn main() {
    let body = ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new().with_backup_id("b"),
        ddm::RestoreMetaDataTarget::new(vec!["node".to_string()], "instance"),
    );
    send(&body);
}
