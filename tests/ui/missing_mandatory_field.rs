// A request type cannot be built without one of its mandatory fields: `new` takes them all.
use huaweicloud_restore::ddm::DataNodeRelation;

fn main() {
    let _relation = DataNodeRelation::new("source-node");
}
