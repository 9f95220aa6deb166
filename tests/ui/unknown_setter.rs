// Nor through a setter.
use huaweicloud_restore::cbr::BackupRestore;

fn main() {
    let _restore = BackupRestore::new().with_reboot(true);
}
