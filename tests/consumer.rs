//! The crate as another team uses it: one `use` of the prelude, the HTTP types it re-exports,
//! and a listing stream handed to another task. (Tracing is `tests/tracing.rs`.)

use huaweicloud_restore::ddm;
use huaweicloud_restore::mock::MockServer;
use huaweicloud_restore::prelude::*;
use huaweicloud_restore::runtime::{reqwest, HeaderMap};

/// A stream returned from a function that owns nothing it borrows: the ids are dropped here.
fn every_instance(
    client: &ddm::Client,
    project: &str,
) -> impl futures_core::Stream<Item = Result<ddm::DdmInstance4Restore, Error>> + Send + 'static {
    let project = project.to_string();
    let instance = String::from("1f5c9fd6cd984056ba89c8c87cc03278in09");
    client.list_restorable_instances_all(
        project,
        instance,
        &ddm::ListRestorableInstancesQuery::new().with_limit(2),
    )
}

#[tokio::test]
async fn the_prelude_and_the_reexports_are_all_a_caller_needs() {
    let server = MockServer::start().await.expect("start");
    let items: Vec<_> = (0..5)
        .map(|i| ddm::DdmInstance4Restore::new().with_instance_id(format!("inst-{i}")))
        .collect();
    server.set_listing(&ddm::LIST_RESTORABLE_INSTANCES, &items);
    // The caller's own HTTP client, named through the re-export.
    let http: reqwest::Client = reqwest::Client::builder().build().expect("http client");
    let config =
        Config::new(Credential::token("t")).with_endpoint(server.uri()).with_http_client(http);
    let client = ddm::Client::new(config).expect("client");

    // `validate` with no path to the trait.
    let body = ddm::RestoreMetadataBody::new(
        ddm::RestoreMetaDataSource::new(),
        ddm::RestoreMetaDataTarget::new(vec![], "i"),
    );
    let err: ValidationError = body.validate().unwrap_err();
    assert_eq!(err.violations()[0].rule, Rule::AnyOf);

    // The stream runs on another task: it is Send + 'static.
    let stream = every_instance(&client, "p");
    let got: Vec<ddm::DdmInstance4Restore> =
        tokio::spawn(stream.try_collect()).await.expect("joined").expect("listed");
    assert_eq!(got, items);

    // Response headers are a type the caller can name.
    let response = client
        .list_restorable_instances("p", "i", &ddm::ListRestorableInstancesQuery::new())
        .await
        .expect("listed");
    let headers: &HeaderMap = response.headers();
    assert!(headers.contains_key("x-request-id"));
}
