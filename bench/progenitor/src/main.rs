//! Progenitor on the synthetic spec of `cargo xtask bench-gen N --write DIR`, timed the same way
//! (load, generate tokens, format) with the process's peak memory: the reference column of the
//! generator figures in bench/README.md.
//!
//! `cargo run --release --manifest-path bench/progenitor/Cargo.toml -- DIR/bench.yaml [OUT.rs]`

use std::time::Instant;

fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1000)
}

/// With feature `mimalloc`, the allocator `cargo xtask` uses.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(spec_path) = args.first() else {
        return Err("usage: progenitor-bench SPEC.yaml [OUT.rs]".into());
    };
    let text = std::fs::read_to_string(spec_path)?;
    let t = Instant::now();
    let spec: openapiv3::OpenAPI = serde_yaml::from_str(&text)?;
    let load = t.elapsed();
    let operations: usize = spec.paths.paths.values().filter_map(|p| p.as_item()).map(|p| p.iter().count()).sum();
    let t = Instant::now();
    let tokens = progenitor::Generator::new(&progenitor::GenerationSettings::default()).generate_tokens(&spec)?;
    let generate = t.elapsed();
    let t = Instant::now();
    let file: syn::File = syn::parse2(tokens)?;
    let code = prettyplease::unparse(&file);
    let format = t.elapsed();
    if let Some(out) = args.get(1) {
        std::fs::write(out, &code)?;
    }
    let ms = |d: std::time::Duration| d.as_millis();
    let lines = code.lines().count();
    let docs = code.lines().map(str::trim_start).filter(|l| l.starts_with("///") || l.starts_with("//!")).count();
    println!(
        "| progenitor {operations} | load {} ms | generate {} ms | format {} ms | total {} ms | peak {} MB | {lines} lines ({} per operation), {docs} of them doc comments ({} per operation) |",
        ms(load),
        ms(generate),
        ms(format),
        ms(load + generate + format),
        peak_memory_mb().unwrap_or(0),
        lines / operations.max(1),
        docs / operations.max(1)
    );
    Ok(())
}
