// The RDS restore mode is a typed value, not any string.
use huaweicloud_restore::rds::RestoreSource;

fn main() {
    let _source = RestoreSource::new("instance").with_type(42);
}
