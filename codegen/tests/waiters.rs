//! `x-waiter`: what the checker accepts and what it refuses, each refusal naming its place.

use std::path::Path;

const FIXTURE: &str = include_str!("fixtures/waiter.yaml");

fn problems(text: &str) -> Vec<String> {
    match codegen::load::load_str(Path::new("fixtures/waiter.yaml"), text)
        .and_then(|s| codegen::check::check(&s).map(|_| ()))
    {
        Ok(()) => Vec::new(),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    }
}

fn mutate(from: &str, to: &str) -> String {
    assert_eq!(FIXTURE.matches(from).count(), 1, "`{from}` must occur once in the fixture");
    FIXTURE.replacen(from, to, 1)
}

fn refused(from: &str, to: &str, says: &str) {
    let p = problems(&mutate(from, to));
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].contains(says) && p[0].contains("x-waiter"), "`{says}` not in {}", p[0]);
    assert!(p[0].starts_with("fixtures/waiter.yaml:"), "{}", p[0]);
}

#[test]
fn the_fixture_is_valid_and_its_waiter_resolved() {
    let spec = codegen::load::load_str(Path::new("fixtures/waiter.yaml"), FIXTURE).expect("loads");
    let service = codegen::check::check(&spec).unwrap_or_else(|d| panic!("{d:#?}"));
    let show = service.operations.iter().find(|o| o.id == "showTask").expect("showTask");
    let w = show.waiter.as_ref().expect("a waiter");
    assert_eq!(
        (w.method.as_str(), w.status_is_enum, w.status.len(), w.reason.len()),
        ("wait_for_task", true, 2, 2)
    );
    assert_eq!(w.started_by.len(), 1);
    // The emitted client has the method, and the mock plays it.
    let code = codegen::emit::joined(&codegen::emit::service(&service).expect("emits"));
    assert!(code.contains("pub fn wait_for_task("), "no waiter method");
    // Its future owns what it needs, and the runtime bounds each poll by the deadline.
    assert!(
        code.contains("+ Send + 'static {") && code.contains("rt::wait_on("),
        "the waiter borrows or is untraced"
    );
    assert!(code.contains("MockWait"), "the mock does not play the waiter");
}

#[test]
fn each_mistake_is_refused_at_its_place() {
    refused("status: [task, state]", "status: [task, stage]", "`stage` is not a field");
    refused("status: [task, state]", "status: [task, id, x]", "is not an object");
    refused(
        "        done: [finished]\n",
        "        done: [done]\n",
        "`done` is not a value of the status enum",
    );
    refused("pending: [queued, working]", "pending: [queued, finished]", "listed twice");
    refused("reason: [task, error]", "reason: [task]", "the reason is a string field");
    refused("        id: task_id\n", "        id: project\n", "is not a path parameter");
    refused(
        "          - operation: startTask\n",
        "          - operation: stopTask\n",
        "no operation `stopTask`",
    );
    refused(
        "            body: task_id\n",
        "            body: id\n",
        "is not a string field of `startTask`'s success body",
    );
    refused(
        "            body: task_id\n",
        "            path: task_id\n",
        "is not a path parameter of `startTask`",
    );
    refused(
        "        method: wait_for_task\n",
        "        method: show_task\n",
        "is not a snake_case method name free in this client",
    );
    refused(
        "        method: wait_for_task\n",
        "        method: wait_for_task\n        colour: red\n",
        "unsupported keyword `colour`",
    );
}
