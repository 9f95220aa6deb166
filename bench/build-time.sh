#!/usr/bin/env bash
# Clean build time of the generated code alone, ours beside progenitor's, for
# bench/README.md. Not run by CI.
#
#   bench/build-time.sh N [DIR]          (CRATES=progenitor, or CRATES=ours, times one of them)
#
# Writes the synthetic spec of N operations (`cargo xtask bench-gen N --write DIR`), has
# progenitor generate from it (bench/progenitor), and puts each output in a crate of its own
# under DIR: `ours` depends on this workspace's generated crate (for its runtime), `progenitor`
# on progenitor-client. For the debug and the release profile, each crate's dependencies are
# built first; then the crate itself is built, and timed.
set -euo pipefail
n=${1:?usage: bench/build-time.sh N [DIR]}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${2:-$root/target/bench-build-$n}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

cargo run --quiet --release --manifest-path "$root/Cargo.toml" -p xtask -- bench-gen "$n" --write "$dir" > "$dir/gen.txt"
cargo run --quiet --release --manifest-path "$root/bench/progenitor/Cargo.toml" -- "$dir/bench.yaml" "$dir/progenitor.rs" > "$dir/progenitor.txt"

mkdir -p "$dir/ours/src" "$dir/progenitor/src"
cat > "$dir/ours/Cargo.toml" <<EOF
[package]
name = "bench-ours"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
huaweicloud-restore = { path = "$root/generated", default-features = false }
huaweicloud-restore-runtime = { path = "$root/runtime" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[features]
# The generated module's own feature gates, off as a user's default build has them.
mock = ["serde-requests"]
conformance = ["serde-requests"]
serde-requests = []
EOF
cp "$dir/bench.rs" "$dir/ours/src/bench.rs"
printf '//! The generated module alone.\n#[rustfmt::skip]\npub mod bench;\n' > "$dir/ours/src/lib.rs"

cat > "$dir/progenitor/Cargo.toml" <<EOF
[package]
name = "bench-progenitor"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
progenitor-client = "0.15"
reqwest = { version = "0.13", default-features = false, features = ["json", "query"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
# progenitor types \`format: date-time\` as chrono's DateTime.
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
EOF
cp "$dir/progenitor.rs" "$dir/progenitor/src/lib.rs"

# Seconds (one decimal) that `cargo build` of the crate alone takes: its dependencies (`deps`,
# package names) are built first, by name, so only the crate itself is timed.
timed() {
    local crate=$1 profile=$2
    shift 2
    local flag=()
    [ "$profile" = release ] && flag=(--release)
    local deps=()
    for d in "$@"; do deps+=(-p "$d"); done
    (cd "$dir/$crate" && cargo build --quiet "${flag[@]}" "${deps[@]}" && cargo clean --quiet "${flag[@]}" -p "bench-$crate") || return 1
    local start end
    start=$(date +%s%N)
    # A build that fails has no time to report.
    (cd "$dir/$crate" && cargo build --quiet "${flag[@]}") || return 1
    end=$(date +%s%N)
    local tenths=$(((end - start) / 100000000))
    printf '%d.%d' $((tenths / 10)) $((tenths % 10))
}

echo "| crate | lines | debug build | release build |"
echo "| --- | --- | --- | --- |"
deps_ours=(huaweicloud-restore serde serde_json)
deps_progenitor=(progenitor-client reqwest serde serde_json chrono)
for crate in ${CRATES:-ours progenitor}; do
    declare -n deps=deps_$crate
    lines=$(cat "$dir/$crate/src/"*.rs | wc -l)
    debug=$(timed "$crate" debug "${deps[@]}") || { echo "the $crate crate does not build (debug)" >&2; exit 1; }
    release=$(timed "$crate" release "${deps[@]}") || { echo "the $crate crate does not build (release)" >&2; exit 1; }
    echo "| $crate, $n operations | $lines | ${debug} s | ${release} s |"
done
