// A field the page does not have cannot be set.
use huaweicloud_restore::ddm::RestoreInstTarget;

fn main() {
    let mut target = RestoreInstTarget::new("instance");
    target.region = "ap-southeast-1".to_string();
}
