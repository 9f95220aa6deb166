//! Calls built for the operations of the generated crate: every template filled, every URL as
//! one parser would read it. (Real generated tables; the unit tests beside the code use none.)

use huaweicloud_restore_runtime::for_generated::encode;
use huaweicloud_restore_runtime::for_generated::{Call, Transport};
use huaweicloud_restore_runtime::{Config, Credential};

#[test]
fn a_call_fills_every_template_parameter_in_order_or_fails() {
    for service in huaweicloud_restore::SERVICES {
        for operation in service.operations {
            let params = operation.path_template.matches('{').count();
            let names: Vec<String> = (0..params).map(|i| format!("v{i}/.")).collect();
            let values: Vec<&str> = names.iter().map(String::as_str).collect();
            let call = Call::of(operation, &values).expect("every value given");
            let mut want = operation.path_template.to_string();
            for (i, name) in names.iter().enumerate() {
                let open = want.find('{').expect("a parameter left");
                let close = open + want[open..].find('}').expect("closed");
                want.replace_range(open..=close, &encode(name));
                assert!(call.path.contains(&format!("v{i}%2F.")), "{}", call.path);
            }
            assert_eq!(call.path, want, "{}", operation.id);
            assert!(
                Call::of(operation, &[values.as_slice(), &["extra"]].concat()).is_err(),
                "{}: one too many",
                operation.id
            );
            if params > 0 {
                assert!(
                    Call::of(operation, &values[1..]).is_err(),
                    "{}: one too few",
                    operation.id
                );
            }
        }
    }
}

#[test]
fn a_call_url_is_the_base_and_path_as_one_url_would_parse() {
    let operation = &huaweicloud_restore::ddm::OPERATIONS[0];
    for endpoint in
        ["http://127.0.0.1:8080", "https://ddm.example.com/gateway", "http://h.example.com/a/b/"]
    {
        let config = Config::new(Credential::token("t")).with_endpoint(endpoint);
        let transport =
            Transport::new(&config, &huaweicloud_restore::ddm::SERVICE, "test").expect("transport");
        for path in ["/v3/p/instances/i%2Fj/backups", "/v3/p/./x/../y", "/v3/%E4%B8%80/z%20w"] {
            let call = Call {
                operation,
                path: path.to_string(),
                query: vec![("limit", "2".into())],
                headers: Vec::new(),
                body: None,
            };
            let mut want =
                reqwest::Url::parse(&format!("{}{path}", transport.base_url())).expect("url");
            want.set_query(Some("limit=2"));
            assert_eq!(transport.url(&call).expect("url"), want, "{endpoint} {path}");
        }
    }
}
