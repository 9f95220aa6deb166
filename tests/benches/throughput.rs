//! Loopback throughput as ratios, measured in alternation: the generated client (token and
//! AK/SK) and raw reqwest take turns in short rounds, so that the drift of a shared machine
//! (often 20 % between criterion's groups, run seconds apart) falls on each alike. Every round
//! gives each variant the same number of batches of 32 concurrent calls, in an order that
//! rotates from round to round, and a ratio per round; the report is the median of those
//! ratios with their quartiles.
//!
//! Run with `cargo bench -p huaweicloud-restore-tests --bench throughput [-- --rounds N
//! --batches N]` (defaults: 40 rounds of 60 batches each, about 15 s).

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use huaweicloud_restore::ddm;
use huaweicloud_restore::prelude::*;

use common::{concurrently, examples, minimal_server, raw_request, CONCURRENT};

/// One batch: [`CONCURRENT`] calls in flight, awaited together.
type Batch = Box<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>>>;

/// A variant measured, and the calls per second of each of its rounds.
struct Variant {
    name: &'static str,
    batch: Batch,
    rates: Vec<f64>,
}

/// A ratio reported: `of` against `to`, by their names.
const RATIOS: [(&str, &str, &str); 3] = [
    ("client, token", "raw reqwest", "issue 13: at least 0.95"),
    ("client, AK/SK", "client, token", "issue 13: at least 0.85"),
    ("raw reqwest, JSON written and read", "raw reqwest", "the JSON work alone"),
];

fn main() {
    let (rounds, batches) = arguments();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let addr = runtime.block_on(minimal_server());
    let endpoint = format!("http://{addr}");
    let (_, body) = examples::<ddm::RestoreMetadataBody>("restoreMetadata").remove(0);
    let body = Arc::new(body);
    let token = ddm::Client::new(Config::new(Credential::token("t")).with_endpoint(&endpoint))
        .expect("client");
    let aksk = ddm::Client::new(
        Config::new(Credential::AkSk(AkSk::new("AK", "SK"))).with_endpoint(&endpoint),
    )
    .expect("client");
    let raw = huaweicloud_restore::runtime::reqwest::Client::new();
    let url = Arc::new(format!("{endpoint}/v3/p/instances/i/backups/metadata-recovery"));
    let bytes = Bytes::from(serde_json::to_vec(&*body).expect("json"));

    let client_batch = |client: ddm::Client| -> Batch {
        let body = body.clone();
        Box::new(move || {
            let (client, body) = (client.clone(), body.clone());
            Box::pin(concurrently(move || {
                let (client, body) = (client.clone(), body.clone());
                async move { client.restore_metadata("p", "i", &body).await.map(drop) }
            }))
        })
    };
    let raw_batch = |json: bool| -> Batch {
        let (raw, url, bytes, body) = (raw.clone(), url.clone(), bytes.clone(), body.clone());
        Box::new(move || {
            let (raw, url, bytes, body) = (raw.clone(), url.clone(), bytes.clone(), body.clone());
            Box::pin(concurrently(move || {
                // Raw reqwest sends the prebuilt body, or (the JSON variant) writes it as a
                // typed call does and reads the answer as the documented type.
                let payload = if json {
                    Bytes::from(serde_json::to_vec(&*body).expect("json"))
                } else {
                    bytes.clone()
                };
                let request = raw_request(&raw, &url, payload);
                async move {
                    let answer = request.send().await?.bytes().await?;
                    if json {
                        let _: ddm::RestoreMetadataResponse =
                            serde_json::from_slice(&answer).expect("answer");
                    }
                    Ok::<_, huaweicloud_restore::runtime::reqwest::Error>(())
                }
            }))
        })
    };
    let mut variants = vec![
        Variant { name: "raw reqwest", batch: raw_batch(false), rates: Vec::new() },
        Variant { name: "client, token", batch: client_batch(token), rates: Vec::new() },
        Variant { name: "client, AK/SK", batch: client_batch(aksk), rates: Vec::new() },
        Variant {
            name: "raw reqwest, JSON written and read",
            batch: raw_batch(true),
            rates: Vec::new(),
        },
    ];

    // One round unrecorded, to open the connections and warm the caches.
    for round in 0..=rounds {
        let n = variants.len();
        for i in 0..n {
            let v = &mut variants[(round + i) % n];
            let started = Instant::now();
            runtime.block_on(async {
                for _ in 0..batches {
                    (v.batch)().await;
                }
            });
            if round > 0 {
                v.rates.push((batches * CONCURRENT) as f64 / started.elapsed().as_secs_f64());
            }
        }
    }

    println!(
        "{rounds} rounds of {batches} batches of {CONCURRENT} concurrent calls each, per variant\n"
    );
    println!("| variant | calls/s, median (quartiles) |\n| --- | --- |");
    for v in &variants {
        let [q1, median, q3] = quartiles(v.rates.clone());
        println!("| {} | {median:.0} ({q1:.0} to {q3:.0}) |", v.name);
    }
    println!("\n| ratio | per round, median (quartiles) | reference |\n| --- | --- | --- |");
    let rates = |name: &str| {
        &variants.iter().find(|v| v.name == name).expect("a variant of that name").rates
    };
    for (of, to, reference) in RATIOS {
        let ratios = rates(of).iter().zip(rates(to)).map(|(a, b)| a / b).collect();
        let [q1, median, q3] = quartiles(ratios);
        println!("| {of} / {to} | {median:.3} ({q1:.3} to {q3:.3}) | {reference} |");
    }
}

/// The first quartile, the median and the third quartile of `values` (not empty).
fn quartiles(mut values: Vec<f64>) -> [f64; 3] {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    [at(0.25), at(0.5), at(0.75)]
}

/// `--rounds N` and `--batches N`, each at least 1; anything else (such as cargo's `--bench`)
/// is ignored.
fn arguments() -> (usize, usize) {
    let (mut rounds, mut batches) = (40, 60);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let target = match arg.as_str() {
            "--rounds" => &mut rounds,
            "--batches" => &mut batches,
            _ => continue,
        };
        match args.next().and_then(|n| n.parse::<usize>().ok()).filter(|&n| n > 0) {
            Some(n) => *target = n,
            None => {
                eprintln!("{arg} takes a whole number of at least 1");
                std::process::exit(2);
            }
        }
    }
    (rounds, batches)
}
