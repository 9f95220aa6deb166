//! What the runtime benches share: the documented examples, the loopback server and a way to
//! have many calls in flight.

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use huaweicloud_restore::runtime::for_generated::JSON_CONTENT_TYPE;
use huaweicloud_restore::runtime::reqwest;
use huaweicloud_restore_tests::spec_services;
use serde::de::DeserializeOwned;

/// The documented request examples of operation `id`, parsed as `T`, each named
/// `id/example`.
pub fn examples<T: DeserializeOwned>(id: &str) -> Vec<(String, T)> {
    let op = spec_services()
        .into_iter()
        .flat_map(|s| s.operations)
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("{id}"));
    op.body_examples
        .iter()
        .map(|e| {
            (
                format!("{id}/{}", e.name),
                serde_json::from_value(e.value.clone()).expect("example parses"),
            )
        })
        .collect()
}

/// A minimal HTTP/1 server on 127.0.0.1 that answers every request 202 with a job id.
pub async fn minimal_server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            tokio::spawn(async move {
                let service = hyper::service::service_fn(
                    |req: hyper::Request<hyper::body::Incoming>| async move {
                        let _ = req.into_body().collect().await;
                        let mut r = hyper::Response::new(Full::new(Bytes::from_static(
                            br#"{"job_id":"j"}"#,
                        )));
                        *r.status_mut() = hyper::StatusCode::ACCEPTED;
                        Ok::<_, Infallible>(r)
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// What raw reqwest sends, the reference the client is measured beside: a POST of `body` to
/// `url` with the token and content type the client sends.
pub fn raw_request(
    raw: &reqwest::Client,
    url: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::RequestBuilder {
    raw.post(url).header("X-Auth-Token", "t").header("Content-Type", JSON_CONTENT_TYPE).body(body)
}

/// How many calls [`concurrently`] has in flight.
pub const CONCURRENT: usize = 32;

/// Run [`CONCURRENT`] calls made by `call`, each in its own task, and wait for them all.
pub async fn concurrently<F, E>(call: impl Fn() -> F)
where
    F: std::future::Future<Output = Result<(), E>> + Send + 'static,
    E: std::fmt::Debug + Send + 'static,
{
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENT {
        tasks.spawn(call());
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task").expect("call");
    }
}
