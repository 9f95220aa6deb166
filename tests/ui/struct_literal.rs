// Nor can one be written as a struct literal, which could leave a field out once the page grows
// one: types are non-exhaustive, so the constructor is the way in.
use huaweicloud_restore::ddm::RestoreInstTarget;

fn main() {
    let _target = RestoreInstTarget { instance_id: "i".to_string() };
}
