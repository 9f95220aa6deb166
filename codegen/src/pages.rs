//! Reads a documentation page, saved as plain text, into its tables, examples and status codes.
//!
//! A saved page puts one table cell per paragraph: a line `Table N Title`, the header cells
//! (`Parameter`/`Name`, `Mandatory`, `Type`, `Description`, as the table has them), then the
//! cells row by row. A row starts with a parameter name followed by `Yes`/`No` (tables with a
//! Mandatory column) or by a type (`String`, `Array of X objects`, `X object`, ...); its
//! description runs until the next row, the next table or a section heading. Section headings
//! ("URI", "Request Parameters", "Example Responses", "Status code: 202", ...) say what a table
//! or example belongs to. The three page styles (DDM, RDS with its Explanation/Constraints
//! blocks, the older CBR) all read this way.

use std::fmt;

/// A page's operation, tables, examples and status codes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The page's title (the line after "Updated on").
    pub title: String,
    /// The page's "Updated on" date (`2026-05-30`).
    pub updated: String,
    /// The HTTP method of the URI line.
    pub method: String,
    /// The URI template.
    pub uri: String,
    /// The tables, in page order.
    pub tables: Vec<Table>,
    /// The example request line (`POST https://{endpoint}/v3/...`), when the page has one.
    pub example_request_line: Option<String>,
    /// The example request bodies, in page order.
    pub request_examples: Vec<PageExample>,
    /// The example responses, in page order.
    pub response_examples: Vec<PageExample>,
    /// The status codes the page documents, in page order, without repeats.
    pub status_codes: Vec<u16>,
}

/// Where on the page a table or example stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Before any section heading.
    Top,
    /// The URI section (path parameters).
    Uri,
    /// The request section (header, query and body tables).
    Request,
    /// The response section.
    Response,
    /// The example requests.
    ExampleRequest,
    /// The example responses.
    ExampleResponse,
    /// The status code list.
    StatusCodes,
    /// Error codes and anything after.
    End,
}

/// One table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// `Table 4 RestoreInstSource`.
    pub title: String,
    /// 1-based line of the title.
    pub line: usize,
    /// Whether the table has a Mandatory column.
    pub has_mandatory: bool,
    /// Whether the table has a Type column.
    pub has_type: bool,
    /// The rows.
    pub rows: Vec<Row>,
    /// The section the table stands in.
    pub section: Section,
    /// The status heading the table stands under (response tables).
    pub status: Option<u16>,
}

/// One row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The parameter or field name.
    pub name: String,
    /// 1-based line of the name.
    pub line: usize,
    /// `Yes`/`No`, when the table has a Mandatory column.
    pub mandatory: Option<bool>,
    /// The type as the page words it, when the table has a Type column.
    pub ty: Option<String>,
    /// The description's paragraphs.
    pub description: Vec<String>,
}

impl Row {
    /// The constraints the description states.
    pub fn constraints(&self) -> Constraints {
        constraints(&self.description)
    }
}

/// An example on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageExample {
    /// 1-based line where its JSON starts.
    pub line: usize,
    /// The status it answers with (responses; `None` for RDS's "normal response").
    pub status: Option<u16>,
    /// The caption before it, if any.
    pub caption: Option<String>,
    /// The JSON.
    pub value: serde_json::Value,
}

/// Constraints a row's description states in words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// Inclusive lower bound.
    pub minimum: Option<i64>,
    /// Inclusive upper bound.
    pub maximum: Option<i64>,
    /// The default value, as the page writes it.
    pub default: Option<String>,
    /// The documented values, when the page lists them.
    pub values: Vec<String>,
}

fn numbers(s: &str) -> Vec<i64> {
    s.split(|c: char| !(c.is_ascii_digit() || c == '-')).filter_map(|w| w.parse::<i64>().ok()).collect()
}

/// Read the constraints a description states: value ranges ("Value range: 1 to 128", "a
/// non-negative number", "greater than 0 and less than or equal to 128"), defaults ("10 ...
/// by default", "The value is 0 by default", "Default: true") and listed values (RDS's
/// "Value range:" paragraphs `value: meaning`).
pub fn constraints(description: &[String]) -> Constraints {
    let mut c = Constraints::default();
    let mut in_values = false;
    for p in description {
        let lower = p.to_ascii_lowercase();
        if p == "Value range:" {
            in_values = true;
            continue;
        }
        if in_values {
            match p.split_once(": ") {
                Some((v, _)) if !v.is_empty() && v.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_') => {
                    c.values.push(v.to_string());
                    continue;
                }
                _ => in_values = false,
            }
        }
        if let Some(rest) = p.strip_prefix("Value range: ") {
            if let ([lo, hi], true) = (&numbers(rest)[..], rest.contains(" to ")) {
                c.minimum = Some(*lo);
                c.maximum = Some(*hi);
            }
        }
        if lower.contains("non-negative") || lower.contains("greater than or equal to 0") {
            c.minimum = Some(0);
        }
        if let Some(rest) = lower.strip_prefix("the value is greater than ") {
            if let Some((lo, hi)) = rest.split_once(" and less than or equal to ") {
                if let (Some(lo), Some(hi)) = (numbers(lo).first(), numbers(hi).first()) {
                    c.minimum = Some(lo + 1);
                    c.maximum = Some(*hi);
                }
            }
        }
        if let Some(v) = p.strip_prefix("Default: ") {
            c.default = Some(v.trim().trim_end_matches('.').to_string());
        } else if lower.contains("by default") {
            if let Some(n) = numbers(&lower).first() {
                c.default = Some(n.to_string());
            }
        }
    }
    c
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    /// 1-based line, 0 for the whole page.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for PageError {}

const HEADERS: &[&str] = &["Parameter", "Name", "Mandatory", "Type", "Description"];
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH"];

/// The section a heading opens, if the cell is a section heading.
fn section_of(cell: &str) -> Option<Section> {
    Some(match cell {
        "URI" => Section::Uri,
        "Request Parameters" | "Request" => Section::Request,
        "Response Parameters" | "Response" => Section::Response,
        "Example Request" | "Example Requests" => Section::ExampleRequest,
        "Example Response" | "Example Responses" | "Example normal response" => Section::ExampleResponse,
        "Status Codes" | "Status Code" => Section::StatusCodes,
        "Error Codes" | "Error Code" | "Abnormal response" => Section::End,
        _ => return None,
    })
}

fn status_heading(cell: &str) -> Option<u16> {
    cell.strip_prefix("Status code: ").and_then(|c| c.trim().parse().ok())
}

/// Lines that end a table: section headings of the three page styles.
fn is_heading(cell: &str) -> bool {
    section_of(cell).is_some() || status_heading(cell).is_some() || cell == "Normal response" || table_title(cell).is_some()
}

/// `Table 4 RestoreInstSource` -> the whole title, when the cell is a table title.
fn table_title(cell: &str) -> Option<&str> {
    let rest = cell.strip_prefix("Table ")?;
    let (num, title) = rest.split_once(' ')?;
    (num.chars().all(|c| c.is_ascii_digit()) && !num.is_empty() && !title.is_empty()).then_some(cell)
}

fn is_name(cell: &str) -> bool {
    let mut chars = cell.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Whether a cell is a type as the pages word them.
pub fn is_type(cell: &str) -> bool {
    const SCALARS: &[&str] = &["String", "Integer", "Number", "Boolean", "Object", "Long", "Float", "Double"];
    if SCALARS.contains(&cell) {
        return true;
    }
    // Object types are named in UpperCamelCase on the pages (`RestoreInstSource object`).
    let object_name = |n: &str| is_name(n) && n.starts_with(|c: char| c.is_ascii_uppercase());
    if let Some(inner) = cell.strip_prefix("Array of ") {
        return matches!(inner, "strings" | "integers" | "numbers" | "booleans") || inner.strip_suffix(" objects").is_some_and(object_name);
    }
    cell.strip_suffix(" object").is_some_and(object_name)
}

/// The non-empty lines of a page, trimmed and without list bullets, with their line numbers.
fn cells(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = l.trim();
            let t = t.strip_prefix("• ").unwrap_or(t).trim();
            (!t.is_empty()).then(|| (i + 1, t.to_string()))
        })
        .collect()
}

/// Read a page.
pub fn parse(text: &str) -> Result<Page, PageError> {
    let cells = cells(text);
    if cells.is_empty() {
        return Err(PageError { line: 0, message: "the page is empty".into() });
    }
    let updated_at = cells
        .iter()
        .position(|(_, c)| c.starts_with("Updated on "))
        .ok_or_else(|| PageError { line: 0, message: "no \"Updated on\" line: not a saved Huawei Cloud API page (DDM, RDS or CBR style)".into() })?;
    let updated = cells[updated_at].1["Updated on ".len()..].split_whitespace().next().unwrap_or_default().to_string();
    let title = cells
        .get(updated_at + 1)
        .map(|(_, c)| c.clone())
        .ok_or_else(|| PageError { line: cells[updated_at].0, message: "no title after the \"Updated on\" line".into() })?;
    let (method, uri) = cells
        .iter()
        .find_map(|(_, c)| {
            let (m, u) = c.split_once(' ')?;
            (METHODS.contains(&m) && u.starts_with('/') && !u.contains(' ')).then(|| (m.to_string(), u.to_string()))
        })
        .ok_or_else(|| PageError { line: 0, message: "no URI line (`METHOD /path`) found".into() })?;

    let mut page = Page {
        title,
        updated,
        method,
        uri,
        tables: Vec::new(),
        example_request_line: None,
        request_examples: Vec::new(),
        response_examples: Vec::new(),
        status_codes: Vec::new(),
    };
    let mut section = Section::Top;
    let mut status: Option<u16> = None;
    let mut caption: Option<String> = None;
    let mut i = 0;
    while i < cells.len() {
        let (line, cell) = (cells[i].0, cells[i].1.as_str());
        if let Some(sec) = section_of(cell) {
            section = sec;
            status = None;
            caption = None;
            i += 1;
            continue;
        }
        if let Some(code) = status_heading(cell) {
            status = Some(code);
            if !page.status_codes.contains(&code) {
                page.status_codes.push(code);
            }
            caption = None;
            i += 1;
            continue;
        }
        if matches!(section, Section::ExampleRequest | Section::ExampleResponse) && (cell.starts_with('{') || cell.starts_with('[')) {
            // An example: read lines until they make one JSON value.
            let mut text = String::new();
            let mut j = i;
            let mut value = None;
            while j < cells.len() {
                text.push_str(&cells[j].1);
                text.push('\n');
                j += 1;
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                    value = Some(v);
                    break;
                }
            }
            let value = value.ok_or_else(|| PageError { line, message: "an example does not parse as JSON".into() })?;
            let example = PageExample { line, status, caption: caption.take(), value };
            if section == Section::ExampleRequest {
                page.request_examples.push(example);
            } else {
                page.response_examples.push(example);
            }
            i = j;
            continue;
        }
        if section == Section::ExampleRequest && page.example_request_line.is_none() {
            let is_line = cell.split_once(' ').is_some_and(|(m, rest)| METHODS.contains(&m) && rest.starts_with("http"));
            if is_line {
                page.example_request_line = Some(cell.to_string());
                i += 1;
                continue;
            }
        }
        if section == Section::StatusCodes {
            if let Ok(code) = cell.parse::<u16>() {
                if (100..600).contains(&code) && !page.status_codes.contains(&code) {
                    page.status_codes.push(code);
                }
            }
            i += 1;
            continue;
        }
        match table_title(cell) {
            Some(title) => {
                let (mut table, next) = read_table(&cells, i, title, line)?;
                table.section = section;
                table.status = status;
                page.tables.push(table);
                i = next;
            }
            None => {
                if matches!(section, Section::ExampleRequest | Section::ExampleResponse) {
                    caption = Some(cell.to_string());
                }
                i += 1;
            }
        }
    }
    Ok(page)
}

/// Read the table whose title is at `cells[start]`; returns it and the index after it.
fn read_table(cells: &[(usize, String)], start: usize, title: &str, line: usize) -> Result<(Table, usize), PageError> {
    let mut i = start + 1;
    let mut header = Vec::new();
    while i < cells.len() && HEADERS.contains(&cells[i].1.as_str()) {
        header.push(cells[i].1.clone());
        i += 1;
    }
    if !(header.first().is_some_and(|h| h == "Parameter" || h == "Name") && header.last().is_some_and(|h| h == "Description")) {
        return Err(PageError { line, message: format!("`{title}`: expected a header row `Parameter/Name ... Description`") });
    }
    let has_mandatory = header.iter().any(|h| h == "Mandatory");
    let has_type = header.iter().any(|h| h == "Type");
    let starts_row = |j: usize| -> bool {
        let Some((_, c)) = cells.get(j) else { return false };
        if !is_name(c) || is_heading(c) {
            return false;
        }
        let next = cells.get(j + 1).map(|(_, c)| c.as_str()).unwrap_or("");
        if has_mandatory {
            matches!(next, "Yes" | "No")
        } else if has_type {
            is_type(next)
        } else {
            true
        }
    };
    let mut rows = Vec::new();
    while i < cells.len() && !is_heading(&cells[i].1) {
        if !starts_row(i) {
            return Err(PageError {
                line: cells[i].0,
                message: format!(
                    "`{title}`: expected a row (a name, then {}), found `{}`",
                    if has_mandatory { "Yes/No" } else { "a type" },
                    cells[i].1
                ),
            });
        }
        let (row_line, name) = cells[i].clone();
        i += 1;
        let mandatory = if has_mandatory {
            let m = cells[i].1 == "Yes";
            i += 1;
            Some(m)
        } else {
            None
        };
        let ty = if has_type {
            match cells.get(i) {
                Some((_, t)) if is_type(t) => {
                    i += 1;
                    Some(t.clone())
                }
                other => {
                    return Err(PageError { line: other.map_or(row_line, |(l, _)| *l), message: format!("`{title}`, `{name}`: expected a type") });
                }
            }
        } else {
            None
        };
        let mut description = Vec::new();
        while i < cells.len() && !is_heading(&cells[i].1) && !starts_row(i) {
            description.push(cells[i].1.clone());
            i += 1;
        }
        rows.push(Row { name, line: row_line, mandatory, ty, description });
    }
    if rows.is_empty() {
        return Err(PageError { line, message: format!("`{title}` has no rows") });
    }
    Ok((Table { title: title.to_string(), line, has_mandatory, has_type, rows, section: Section::Top, status: None }, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_as_the_pages_word_them() {
        for t in
            ["String", "Integer", "Number", "Boolean", "Object", "Array of strings", "Array of DataNodeRelation objects", "RestoreInstSource object"]
        {
            assert!(is_type(t), "{t}");
        }
        for t in ["Definition", "N/A", "Task ID.", "Array of", "an object"] {
            assert!(!is_type(t), "{t}");
        }
    }

    #[test]
    fn empty_and_foreign_pages_are_errors() {
        assert_eq!(parse("").unwrap_err().message, "the page is empty");
        assert!(parse("Hello\n\nworld\n").unwrap_err().message.contains("not a saved Huawei Cloud API page"));
        let no_uri = "Updated on 2026-01-01 GMT+08:00\n\nTitle\n\nFunction\n";
        assert!(parse(no_uri).unwrap_err().message.contains("no URI line"));
    }

    #[test]
    fn constraints_in_words() {
        let c = |lines: &[&str]| constraints(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            c(&["Value range: 1 to 128", "If the parameter value is not specified, 10 records are queried by default."]),
            Constraints { minimum: Some(1), maximum: Some(128), default: Some("10".into()), values: vec![] }
        );
        assert_eq!(c(&["The value is 0 by default.", "The value must be a non-negative number."]).minimum, Some(0));
        assert_eq!(c(&["The value is greater than 0 and less than or equal to 128."]).maximum, Some(128));
        assert_eq!(c(&["Default: true"]).default.as_deref(), Some("true"));
        assert_eq!(c(&["Value range:", "backup: a.", "timestamp: b.", "Default value:", "N/A"]).values, vec!["backup", "timestamp"]);
        assert_eq!(c(&["Value range:", "N/A"]), Constraints::default());
    }

    #[test]
    fn a_table_without_a_header_is_an_error() {
        let page = "Updated on 2026-01-01\n\nT\n\nPOST /v1/x\n\nTable 1 Things\n\nfoo\n\nbar\n";
        assert!(parse(page).unwrap_err().message.contains("expected a header row"));
    }
}
