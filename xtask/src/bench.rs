//! `cargo xtask bench-gen N`: the generator's cost, stage by stage, on a synthetic spec of N
//! operations that uses the constructs the generator supports.
//!
//! Each operation has two path parameters, an optional query (an int32 offset and limit with a
//! range, an enum), a JSON body of nested objects, an array and an enum with an `anyOf` rule, and
//! 202, 400 and 500 responses with examples. Time is measured per stage (load, check, emit,
//! format); memory as the process's peak resident set (`VmHWM`), so run one N per process.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

/// The synthetic spec of `n` operations, as YAML.
pub fn synthetic_spec(n: usize) -> String {
    let mut y = String::from(
        "openapi: 3.0.3\ninfo:\n  title: Synthetic benchmark service\n  version: v1\n  x-service: bench\nservers:\n  - url: https://bench.{region}.example.com\n    variables:\n      region:\n        default: r1\nsecurity:\n  - token: []\npaths:\n",
    );
    for i in 0..n {
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
        - name: project_id
          in: path
          required: true
          description: The project.
          schema:
            type: string
        - name: thing_id
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
        - name: X-Auth-Token
          in: header
          required: true
          x-credential: token
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
                value: {{"source": {{"mode": "time", "at": 5, "items": [{{"id": "x", "size": 1}}]}}, "target": {{"id": "t", "name": "n"}}}}
              by-backup:
                value: {{"source": {{"mode": "backup", "backup_id": "b", "items": []}}, "target": {{"id": "t"}}}}
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
    y.push_str("components:\n  securitySchemes:\n    token:\n      type: apiKey\n      in: header\n      name: X-Auth-Token\n  schemas:\n");
    for i in 0..n {
        let _ = write!(
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
      required: [id]
      properties:
        id:
          type: string
        name:
          type: string
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
        );
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
    let loaded = codegen::load::load_str(Path::new("spec/bench.yaml"), &spec).map_err(|d| codegen::Diagnostics(d).to_string())?;
    let load = t.elapsed();
    let t = Instant::now();
    let service = codegen::check::check(&loaded).map_err(|d| codegen::Diagnostics(d).to_string())?;
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
    if parallel != code {
        return Err("generating on several threads gave other code than on one".to_string());
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let total = load + check + threads;
    let memory = peak_memory().map_or_else(|| "unknown".to_string(), |b| format!("{:.0} MB", b as f64 / 1e6));
    let lines = code.lines().count();
    Ok(format!(
        "| {n} | {} KB | {} | {} | {} | {} | {} on {cores} | {} | {memory} | {lines} ({} per operation) |",
        spec.len() / 1024,
        ms(load),
        ms(check),
        ms(emit),
        ms(format),
        ms(threads),
        ms(total),
        lines / n.max(1)
    ))
}

/// The table's header.
pub const HEADER: &str = "| operations | spec | load | check | emit (1 core) | format (1 core) | emit + format (cores) | total (load + check + cores) | peak memory | generated lines |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synthetic_spec_generates() {
        let row = run(3, None).expect("generates");
        assert!(row.starts_with("| 3 | "), "{row}");
    }
}
