//! The runtime's costs, beside their references: `validate()` of every documented request body
//! beside `serde_json::to_vec` of it, one `Signer::sign`, and one call over loopback to a
//! minimal hyper server with the generated client (token and AK/SK) beside raw reqwest sending
//! the same request, one at a time and 32 at once (and, 32 at once, raw reqwest doing a typed
//! call's JSON work too). Run with `cargo bench -p huaweicloud-restore-tests --bench runtime`.

mod common;

use std::time::UNIX_EPOCH;

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use huaweicloud_restore::prelude::*;
use huaweicloud_restore::runtime::signing::Signer;
use huaweicloud_restore::{cbr, ddm, rds};
use serde::Serialize;

use common::{concurrently, examples, minimal_server, raw_request, CONCURRENT};

fn bench_bodies<T: Validate + Serialize>(c: &mut Criterion, bodies: Vec<(String, T)>) {
    let mut group = c.benchmark_group("request body");
    for (name, body) in &bodies {
        group.bench_with_input(BenchmarkId::new("validate", name), body, |b, body| {
            b.iter(|| body.validate())
        });
        group.bench_with_input(BenchmarkId::new("serde_json::to_vec", name), body, |b, body| {
            b.iter(|| serde_json::to_vec(body))
        });
    }
    group.finish();
}

fn validate(c: &mut Criterion) {
    bench_bodies(c, examples::<ddm::RestoreToNewInstanceBody>("restoreToNewInstance"));
    bench_bodies(c, examples::<ddm::RestoreMetadataBody>("restoreMetadata"));
    bench_bodies(c, examples::<rds::RestoreToExistingInstanceBody>("restoreToExistingInstance"));
    bench_bodies(c, examples::<cbr::RestoreBackupBody>("restoreBackup"));
}

fn sign(c: &mut Criterion) {
    let (_, body) = examples::<ddm::RestoreMetadataBody>("restoreMetadata").remove(0);
    let body = serde_json::to_vec(&body).expect("json");
    let signer = Signer::new("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc");
    let url = "https://ddm.ap-southeast-1.myhuaweicloud.com/v3/619d3e78f61b4be68bc5aa0b59edcf7b/instances/1f5c9fd6cd984056ba89c8c87cc03278in09/backups/metadata-recovery";
    let headers = [
        ("Host", "ddm.ap-southeast-1.myhuaweicloud.com"),
        ("Content-Type", "application/json;charset=UTF-8"),
        ("User-Agent", "huaweicloud-restore/0.1.0"),
    ];
    c.bench_function("Signer::sign restoreMetadata", |b| {
        b.iter(|| signer.sign("POST", url, &headers, &body, UNIX_EPOCH))
    });
    // What the transport does for each request: its URL is parsed already.
    let parsed = reqwest::Url::parse(url).expect("url");
    c.bench_function("Signer::sign_url restoreMetadata", |b| {
        b.iter(|| signer.sign_url("POST", &parsed, &headers, &body, UNIX_EPOCH))
    });
}

fn loopback(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let addr = runtime.block_on(minimal_server());
    let endpoint = format!("http://{addr}");
    let (_, body) = examples::<ddm::RestoreMetadataBody>("restoreMetadata").remove(0);
    let token = ddm::Client::new(Config::new(Credential::token("t")).with_endpoint(&endpoint))
        .expect("client");
    let aksk = ddm::Client::new(
        Config::new(Credential::AkSk(AkSk::new("AK", "SK"))).with_endpoint(&endpoint),
    )
    .expect("client");
    let raw = huaweicloud_restore::runtime::reqwest::Client::new();
    let url = format!("{endpoint}/v3/p/instances/i/backups/metadata-recovery");
    let bytes = serde_json::to_vec(&body).expect("json");
    let mut group = c.benchmark_group("loopback call");
    group.bench_function("client, token", |b| {
        b.to_async(&runtime).iter(|| token.restore_metadata("p", "i", &body))
    });
    group.bench_function("client, AK/SK", |b| {
        b.to_async(&runtime).iter(|| aksk.restore_metadata("p", "i", &body))
    });
    group.bench_function("raw reqwest", |b| {
        b.to_async(&runtime).iter(|| {
            let request = raw_request(&raw, &url, bytes.clone());
            async move { request.send().await.expect("sent").bytes().await.expect("body") }
        })
    });
    group.finish();

    // The measure: 32 calls in flight at once, each its own task, so both worker threads
    // send; criterion reports calls per second.
    let mut group = c.benchmark_group("loopback 32 concurrent");
    group.throughput(Throughput::Elements(CONCURRENT as u64));
    let body = std::sync::Arc::new(body);
    let bytes = Bytes::from(bytes);
    group.bench_function("client, token", |b| {
        b.to_async(&runtime).iter(|| {
            concurrently(|| {
                let (client, body) = (token.clone(), body.clone());
                async move { client.restore_metadata("p", "i", &body).await.map(drop) }
            })
        })
    });
    group.bench_function("client, AK/SK", |b| {
        b.to_async(&runtime).iter(|| {
            concurrently(|| {
                let (client, body) = (aksk.clone(), body.clone());
                async move { client.restore_metadata("p", "i", &body).await.map(drop) }
            })
        })
    });
    group.bench_function("raw reqwest", |b| {
        b.to_async(&runtime).iter(|| {
            concurrently(|| {
                let request = raw_request(&raw, &url, bytes.clone());
                async move { request.send().await?.bytes().await.map(drop) }
            })
        })
    });
    // Not the reference, but what the rest of the client's cost is made of: raw reqwest
    // doing the JSON work a typed call does, writing the body and reading the answer as the
    // documented type.
    group.bench_function("raw reqwest, body written and answer read as JSON", |b| {
        b.to_async(&runtime).iter(|| {
            concurrently(|| {
                let json = serde_json::to_vec(&*body).expect("json");
                let request = raw_request(&raw, &url, json);
                async move {
                    let answer = request.send().await?.bytes().await?;
                    let _: ddm::RestoreMetadataResponse =
                        serde_json::from_slice(&answer).expect("answer");
                    Ok::<_, huaweicloud_restore::runtime::reqwest::Error>(())
                }
            })
        })
    });
    group.finish();
}

criterion_group!(benches, validate, sign, loopback);
criterion_main!(benches);
