//! `cargo xtask bench-gen N`: the generator's cost, stage by stage, on a synthetic spec of N
//! operations that uses the constructs the generator supports.
//!
//! The operations come in threes. A restore (POST): two path parameters, an optional query (a
//! ranged int32 offset and limit, an enum), an optional header parameter, a JSON body of nested
//! objects with an array, a map, a nullable field, a number, a boolean, a date-time and an enum
//! with an `anyOf` rule, and 202, 400 and 500 responses with examples. The restore's job (GET),
//! waited for (`x-waiter`) until its status says done. A listing (GET) paged by offset and limit
//! (`x-paging`), with a mandatory query parameter and an array of enums (repeated keys). Time
//! is measured per stage (load, check, emit, format); memory as the process's peak resident set
//! (`VmHWM`), so run one N per process.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

/// The parameters every operation has: the project, and the token header.
const COMMON_PARAMETERS: &str = r#"        - name: project_id
          in: path
          required: true
          description: The project.
          schema:
            type: string
        - name: X-Auth-Token
          in: header
          required: true
          x-credential: token
          schema:
            type: string
"#;

/// The restore, operation `i`.
fn restore(y: &mut String, i: usize) {
    let _ = write!(
        y,
        r#"  /v3/{{project_id}}/things{i}/{{thing_id}}/restore:
    post:
      operationId: restoreThing{i}
      summary: Restoring thing {i}
      description: Restores thing {i} from a backup or to a point in time.
      x-source:
        page: synthetic.txt
        title: Restoring thing {i}
        updated: "2026-01-01"
      parameters:
{COMMON_PARAMETERS}        - name: thing_id
          in: path
          required: true
          description: The thing.
          schema:
            type: string
        - name: offset
          in: query
          description: Where to start.
          schema:
            type: integer
            format: int32
            minimum: 0
        - name: limit
          in: query
          description: How many.
          schema:
            type: integer
            format: int32
            minimum: 1
            maximum: 128
        - name: kind
          in: query
          schema:
            $ref: '#/components/schemas/Mode{i}'
        - name: X-Language
          in: header
          description: The language of messages.
          schema:
            type: string
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Body{i}'
            examples:
              by-time:
                value: {{"source": {{"mode": "time", "at": 5, "items": [{{"id": "x", "size": 1}}], "labels": {{"team": "db"}}}}, "target": {{"id": "t", "name": "n", "note": null, "ratio": 0.5, "power_on": true, "not_before": "2026-01-01T00:00:00Z"}}}}
              by-backup:
                value: {{"source": {{"mode": "backup", "backup_id": "b", "items": []}}, "target": {{"id": "t", "note": "kept"}}}}
      responses:
        "202":
          description: Accepted
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Result{i}'
              examples:
                accepted:
                  value: {{"job_id": "j-{i}", "things": [{{"id": "x", "size": 1}}]}}
        "400":
          description: Bad request
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Error{i}'
              examples:
                bad:
                  value: {{"error_code": "BENCH.0400", "error_msg": "Parameter error."}}
        "500":
          description: Server error
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Error{i}'
              examples:
                failed:
                  value: {{"error_code": "BENCH.0500", "error_msg": "Server error."}}
"#
    );
}

/// The job that restore `i - 1` starts, operation `i`, with its waiter.
fn job(y: &mut String, i: usize) {
    let start = i - 1;
    let _ = write!(
        y,
        r#"  /v3/{{project_id}}/jobs{i}/{{job_id}}:
    get:
      operationId: showJob{i}
      summary: Querying job {i}
      description: The job a restore of thing {start} started, and its status.
      x-source:
        page: synthetic.txt
        title: Querying job {i}
        updated: "2026-01-01"
      x-waiter:
        method: wait_for_job{i}
        id: job_id
        status: [job, status]
        reason: [job, fail_reason]
        done: [Completed]
        failed: [Failed]
        pending: [Running]
        started-by:
          - operation: restoreThing{start}
            body: job_id
      parameters:
{COMMON_PARAMETERS}        - name: job_id
          in: path
          required: true
          description: The job.
          schema:
            type: string
      responses:
        "200":
          description: The job
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/JobResponse{i}'
              examples:
                running:
                  value: {{"job": {{"id": "j-{start}", "status": "Running", "created": "2026-01-01T00:00:00Z"}}}}
"#
    );
}

/// A paged listing, operation `i`.
fn listing(y: &mut String, i: usize) {
    let _ = write!(
        y,
        r#"  /v3/{{project_id}}/backups{i}:
    get:
      operationId: listBackups{i}
      summary: Listing backups {i}
      description: The backups of an instance, a page at a time.
      x-source:
        page: synthetic.txt
        title: Listing backups {i}
        updated: "2026-01-01"
      x-paging:
        offset: offset
        limit: limit
        items: backups
        total: total
      parameters:
{COMMON_PARAMETERS}        - name: instance_id
          in: query
          required: true
          description: The instance.
          schema:
            type: string
        - name: status
          in: query
          description: Only backups in these statuses.
          schema:
            type: array
            items:
              $ref: '#/components/schemas/StatusFilter{i}'
        - name: offset
          in: query
          description: Where to start.
          schema:
            type: integer
            format: int32
            minimum: 0
            default: 0
        - name: limit
          in: query
          description: How many.
          schema:
            type: integer
            format: int32
            minimum: 1
            maximum: 100
            default: 50
      responses:
        "200":
          description: A page of backups
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/BackupPage{i}'
              examples:
                page:
                  value: {{"backups": [{{"id": "b-1", "status": "COMPLETED", "size": 10, "tags": {{"env": "prod"}}}}], "total": 1}}
"#
    );
}

/// The schemas of operation `i`.
fn schemas(y: &mut String, i: usize) {
    let _ = match i % 3 {
        0 => write!(
            y,
            r#"    Mode{i}:
      type: string
      enum: [time, backup]
    Body{i}:
      type: object
      required: [source, target]
      properties:
        source:
          $ref: '#/components/schemas/Source{i}'
        target:
          $ref: '#/components/schemas/Target{i}'
    Source{i}:
      type: object
      required: [items]
      properties:
        mode:
          $ref: '#/components/schemas/Mode{i}'
        at:
          description: Milliseconds since the epoch.
          type: integer
          format: int64
          minimum: 0
        backup_id:
          type: string
        items:
          type: array
          items:
            $ref: '#/components/schemas/Item{i}'
        labels:
          description: Labels to set on the restored thing.
          type: object
          additionalProperties:
            type: string
      anyOf:
        - description: point-in-time mode needs at
          required: [mode, at]
          properties:
            mode:
              enum: [time]
        - description: backup mode needs backup_id
          required: [backup_id]
          properties:
            mode:
              enum: [backup]
    Target{i}:
      type: object
      required: [id, note]
      properties:
        id:
          type: string
        name:
          type: string
        note:
          description: Mandatory, and may be null.
          type: string
          nullable: true
        ratio:
          type: number
        power_on:
          type: boolean
          default: true
        not_before:
          type: string
          format: date-time
    Item{i}:
      type: object
      required: [id]
      properties:
        id:
          type: string
        size:
          type: integer
          format: int32
          minimum: 0
    Result{i}:
      type: object
      properties:
        job_id:
          type: string
        things:
          type: array
          items:
            $ref: '#/components/schemas/Thing{i}'
    Thing{i}:
      type: object
      properties:
        id:
          type: string
        size:
          type: integer
          format: int32
    Error{i}:
      type: object
      properties:
        error_code:
          type: string
        error_msg:
          type: string
"#
        ),
        1 => write!(
            y,
            r#"    JobResponse{i}:
      type: object
      properties:
        job:
          $ref: '#/components/schemas/Job{i}'
    Job{i}:
      type: object
      properties:
        id:
          type: string
        status:
          $ref: '#/components/schemas/JobStatus{i}'
        fail_reason:
          type: string
        created:
          type: string
          format: date-time
    JobStatus{i}:
      type: string
      enum: [Running, Completed, Failed]
"#
        ),
        _ => write!(
            y,
            r#"    StatusFilter{i}:
      type: string
      enum: [BUILDING, COMPLETED, FAILED]
    BackupStatus{i}:
      type: string
      enum: [BUILDING, COMPLETED, FAILED]
    BackupPage{i}:
      type: object
      properties:
        backups:
          type: array
          items:
            $ref: '#/components/schemas/Backup{i}'
        total:
          type: integer
          format: int32
    Backup{i}:
      type: object
      properties:
        id:
          type: string
        status:
          $ref: '#/components/schemas/BackupStatus{i}'
        size:
          type: integer
          format: int64
        tags:
          type: object
          additionalProperties:
            type: string
"#
        ),
    };
}

/// The synthetic spec of `n` operations, as YAML.
pub fn synthetic_spec(n: usize) -> String {
    let mut y = String::from(
        "openapi: 3.0.3\ninfo:\n  title: Synthetic benchmark service\n  version: v1\n  x-service: bench\nservers:\n  - url: https://bench.{region}.example.com\n    variables:\n      region:\n        default: r1\nsecurity:\n  - token: []\npaths:\n",
    );
    for i in 0..n {
        match i % 3 {
            0 => restore(&mut y, i),
            1 => job(&mut y, i),
            _ => listing(&mut y, i),
        }
    }
    y.push_str("components:\n  securitySchemes:\n    token:\n      type: apiKey\n      in: header\n      name: X-Auth-Token\n  schemas:\n");
    for i in 0..n {
        schemas(&mut y, i);
    }
    y
}

/// The peak resident set of this process so far, in bytes (Linux `VmHWM`), if known.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// Generate from a synthetic spec of `n` operations and report each stage; `write` saves the
/// spec (for other generators) and the generated module.
pub fn run(n: usize, write: Option<&Path>) -> Result<String, String> {
    let spec = synthetic_spec(n);
    let t = Instant::now();
    let loaded = codegen::load::load_str(Path::new("spec/bench.yaml"), &spec)
        .map_err(|d| codegen::Diagnostics(d).to_string())?;
    let load = t.elapsed();
    let t = Instant::now();
    let service =
        codegen::check::check(&loaded).map_err(|d| codegen::Diagnostics(d).to_string())?;
    let check = t.elapsed();
    // Emit and format alternate on this thread, one chunk at a time: the formatting is timed
    // inside the sink, and emitting is the rest.
    let t = Instant::now();
    let mut format = Duration::ZERO;
    let mut code = format!("{}\n\n", codegen::HEADER);
    codegen::emit::service_chunks(&service, &mut |chunk| {
        let f = Instant::now();
        code.push_str(&codegen::emit::format_chunk(&chunk)?);
        format += f.elapsed();
        Ok(())
    })
    .map_err(|e| e.to_string())?;
    let emit = t.elapsed() - format;
    if let Some(dir) = write {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::write(dir.join("bench.yaml"), &spec).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("bench.rs"), &code).map_err(|e| e.to_string())?;
    }
    // What `cargo xtask gen` does: emit and format on every core.
    let t = Instant::now();
    let parallel = codegen::emit::service(&service).map_err(|e| e.to_string())?;
    let threads = t.elapsed();
    if parallel != codegen::emit::service_on(&service, 1).map_err(|e| e.to_string())? {
        return Err("generating on several threads gave other code than on one".to_string());
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let total = load + check + threads;
    let memory = peak_memory()
        .map_or_else(|| "unknown".to_string(), |b| format!("{:.0} MB", b as f64 / 1e6));
    let lines = code.lines().count();
    let docs = doc_lines(&code);
    Ok(format!(
        "| {n} | {} KB | {} | {} | {} | {} | {} on {cores} | {} | {memory} | {lines} ({} per operation) | {docs} ({} per operation) |",
        spec.len() / 1024,
        ms(load),
        ms(check),
        ms(emit),
        ms(format),
        ms(threads),
        ms(total),
        lines / n.max(1),
        docs / n.max(1)
    ))
}

/// How many of `code`'s lines are doc comments (`///`, `//!`), which a comparison of generated
/// code counts apart: ours carry each operation's runnable examples.
fn doc_lines(code: &str) -> usize {
    code.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("///") || l.starts_with("//!"))
        .count()
}

/// The table's header.
pub const HEADER: &str = "| operations | spec | load | check | emit (1 core) | format (1 core) | emit + format (cores) | total (load + check + cores) | peak memory | generated lines | of which doc comments |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synthetic_spec_generates() {
        let row = run(3, None).expect("generates");
        assert!(row.starts_with("| 3 | "), "{row}");
    }

    #[test]
    fn the_synthetic_spec_uses_every_construct_it_names() {
        let service = codegen::check::check(
            &codegen::load::load_str(Path::new("spec/bench.yaml"), &synthetic_spec(6))
                .expect("loads"),
        )
        .expect("checks");
        assert_eq!(service.operations.len(), 6);
        assert!(service.operations.iter().any(|o| o.waiter.is_some()), "a waiter");
        assert!(service.operations.iter().any(|o| o.paging.is_some()), "paging");
        assert!(service.operations.iter().any(|o| o.headers.is_some()), "a header parameter");
        let fields = || {
            service
                .types
                .iter()
                .filter_map(|t| match t {
                    codegen::ir::TypeDef::Struct(d) => Some(d),
                    codegen::ir::TypeDef::Enum(_) => None,
                })
                .flat_map(|d| &d.fields)
        };
        assert!(fields().any(|f| matches!(f.ty, codegen::ir::Ty::Map(_))), "a map");
        assert!(fields().any(|f| f.nullable), "a nullable field");
        assert!(fields().any(|f| f.ty == codegen::ir::Ty::F64), "a number");
        assert!(
            service
                .types
                .iter()
                .any(|t| matches!(t, codegen::ir::TypeDef::Struct(d) if !d.any_of.is_empty())),
            "a rule"
        );
    }
}
