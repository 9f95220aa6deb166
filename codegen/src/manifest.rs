//! The generated crate's manifest: one cargo feature per service, all on by default, in a block
//! the generator owns; the rest of the manifest is written by hand.

/// The generated crate's manifest, relative to the workspace root.
pub const MANIFEST: &str = "generated/Cargo.toml";
/// The line that opens the generator's block in the manifest's `[features]` table.
pub const BEGIN: &str = "# begin: one feature per service, written by `cargo xtask gen` from spec/";
/// The line that closes it.
pub const END: &str = "# end: the services' features";

/// `manifest` with its block of service features made for `modules` (each service's module
/// name, which is also its feature's). Fails, saying why, when the block's lines are missing or
/// out of order, or when a service's name is already a hand-written feature of the manifest.
pub fn with_service_features(manifest: &str, modules: &[&str]) -> Result<String, String> {
    let (Some(begin), Some(end)) = (manifest.find(BEGIN), manifest.find(END)) else {
        return Err(format!("the lines `{BEGIN}` and `{END}` are missing from [features]: the services' features go between them"));
    };
    if end < begin {
        return Err(format!("`{END}` comes before `{BEGIN}`"));
    }
    // The block starts on the line after the marker's, whatever ends that line (`\n`, `\r\n`).
    let Some(body_start) =
        manifest[begin..].find('\n').map(|i| begin + i + 1).filter(|&s| s <= end)
    else {
        return Err(format!("`{BEGIN}` and `{END}` must be lines of their own"));
    };
    let outside = format!("{}{}", &manifest[..begin], &manifest[end..]);
    // The keys of the `[features]` table outside the block: the names a service cannot take.
    let features = outside
        .lines()
        .skip_while(|l| l.trim() != "[features]")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['));
    let keys: Vec<&str> =
        features.filter_map(|l| l.split_once('=')).map(|(key, _)| key.trim()).collect();
    for name in modules.iter().copied().chain(["default"]) {
        let taken = keys.contains(&name);
        if taken {
            return Err(format!("`{name}` is defined by hand outside the services' block, where the generator writes it"));
        }
    }
    let mut block = format!(
        "default = [{}]\n",
        modules.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ")
    );
    for m in modules {
        block.push_str(&format!("{m} = []\n"));
    }
    Ok(format!("{}{}{}", &manifest[..body_start], block, &manifest[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(block: &str) -> String {
        format!("[package]\nname = \"x\"\n\n[features]\nmock = []\n{BEGIN}\n{block}{END}\n\n[dev-dependencies]\n")
    }

    #[test]
    fn the_block_holds_one_feature_per_service_and_the_default() {
        let out =
            with_service_features(&manifest("stale = []\n"), &["cbr", "ddm"]).expect("written");
        assert_eq!(out, manifest("default = [\"cbr\", \"ddm\"]\ncbr = []\nddm = []\n"));
        // Written again, it is the same.
        assert_eq!(with_service_features(&out, &["cbr", "ddm"]).expect("again"), out);
    }

    #[test]
    fn a_manifest_without_the_block_or_with_a_clash_is_refused() {
        let e = with_service_features("[features]\nmock = []\n", &["ddm"]).unwrap_err();
        assert!(e.contains("missing"), "{e}");
        let swapped = format!("[features]\n{END}\n{BEGIN}\n");
        assert!(with_service_features(&swapped, &["ddm"]).unwrap_err().contains("before"));
        let e = with_service_features(&manifest(""), &["mock"]).unwrap_err();
        assert!(e.contains("`mock` is defined by hand"), "{e}");
        // Keys of other tables are not features: a service may be called `name`.
        assert!(with_service_features(&manifest(""), &["name"]).is_ok());
        // Markers that are not lines of their own are refused, not sliced.
        let glued = format!("[features]\n{BEGIN}{END}\n");
        assert!(with_service_features(&glued, &["ddm"])
            .unwrap_err()
            .contains("lines of their own"));
    }

    #[test]
    fn a_crlf_manifest_keeps_its_marker_lines_whole() {
        let crlf = manifest("").replace('\n', "\r\n");
        let out = with_service_features(&crlf, &["ddm"]).expect("written");
        assert!(out.contains(&format!("{BEGIN}\r\ndefault = [\"ddm\"]\n")), "{out:?}");
    }
}
