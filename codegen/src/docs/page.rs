//! Reads a saved API page into one model: its operation, tables, examples and status codes,
//! and everything it could not read, line by line.
//!
//! A page is read as a document, not by position. Its grammar, common to the help centres'
//! layouts (see `spec/README.md` for the list):
//! - **Lines.** A saved page has one paragraph per line; bullets (`•`, `-`, `*`), Markdown
//!   headings (`#`), emphasis (`**`) and links (`[text](url)`) are markup, not text. A table is
//!   either one cell per paragraph (the help centre's text) or Markdown pipe rows (a browser's
//!   reader view).
//! - **Headings** open sections: URI, Request, Response, the examples, Status Codes, Error
//!   Codes, in the spellings the layouts use (`Request Parameters`, `Responses`, `Normal
//!   response example`, `Status code: 200`, ...). Anything after "Error Codes" is not read.
//! - **The URI line** is `METHOD [https://{endpoint}]/path[?query]`; the query string names
//!   query parameters, and spaces inside braces (`{begin _time}`) are the page's typos.
//! - **A table** is a header row (`Parameter`/`Name`, then `Mandatory` and `Type` in either
//!   order or absent, then `Description`) and its rows, titled by the caption `Table N Caption`
//!   before it, or, without one, by the bullet or heading before it (`Parameters in the snapshot
//!   field`; with the section's heading where two share it). A row is a name followed by the
//!   cells of the middle columns (`Yes`/`No`, a type as the pages word it); its description runs
//!   to the next row, across the labels descriptions use (`Constraints`, `Range`).
//! - **Places** come from the page's headings, captions and links only, never from a table's
//!   position alone: a caption's words (header, query, path, URI, request, response), else the
//!   section the table stands in; a table a placed row points to is an object of that row's
//!   side (request or response). A table nothing places is listed.
//! - **Links.** A row typed `X object` points to the table captioned `X` or about the field `X`;
//!   a row typed `Object` or `Array of objects` points to the table its description names (`see
//!   Table 4`, `see Parameters in the snapshot field`), or to the table about the row's field
//!   (`datastore field data structure description`), on the row's own side first.
//! - **Examples** are JSON wherever an example heading (or a JSON block in a request or
//!   response section) puts them; JSON that does not parse is kept with the reason.
//!
//! Whatever the reader meets and cannot place is kept in [`Page::unread`], never dropped.

use std::fmt;

use super::words::{self, Constraints};

/// A page's operation, tables, examples and status codes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// The page's title.
    pub title: String,
    /// The page's "Updated on" date (`2026-05-30`); `None` when the page does not say.
    pub updated: Option<String>,
    /// The HTTP method of the URI line.
    pub method: String,
    /// The URI's path template, without host or query string (`/v3/{project_id}/backups`).
    pub uri: String,
    /// 1-based line of the URI line.
    pub uri_line: usize,
    /// The query parameters the URI line's query string names, in its order.
    pub uri_query: Vec<String>,
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
    /// What the reader could not read or place, in page order.
    pub unread: Vec<Unread>,
}

/// Something on the page the reader did not take in, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// 1-based line.
    pub line: usize,
    /// The text, as the page has it (shortened when long).
    pub text: String,
    /// Why it was not read.
    pub reason: String,
}

impl fmt::Display for Unread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: \"{}\"", self.line, self.reason, self.text)
    }
}

/// Where on the page a table or example stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Before the URI (title, function, constraints).
    Top,
    /// The URI section (path, and in some layouts query, parameters).
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
    /// Error codes, abnormal responses: not read.
    End,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// What a table is on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Parameters; each row's [`Row::place`] says where it goes.
    Parameters,
    /// The request body.
    RequestBody,
    /// A response body, under its status (`None`: the page's unnamed "normal response").
    ResponseBody(Option<u16>),
    /// An object that rows of other tables point to.
    Object,
    /// A table the reader could not place (reported in [`Page::unread`]).
    Unplaced,
}

/// One table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// `Table 4 RestoreInstSource`: the caption line as the page has it.
    pub title: String,
    /// The table's number (`4`), when its caption has one.
    pub number: Option<u32>,
    /// The caption without `Table N` (`RestoreInstSource`).
    pub caption: String,
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
    /// The text of the heading that opened that section (`Request`, `Response Parameters`).
    pub heading: String,
    /// The status heading the table stands under (response tables).
    pub status: Option<u16>,
    /// What the table is.
    pub role: Role,
}

/// One row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The parameter or field name.
    pub name: String,
    /// 1-based line of the name.
    pub line: usize,
    /// `Yes`/`No`, when the table has a Mandatory column.
    pub mandatory: Option<bool>,
    /// The type as the page words it, when the table has a Type column.
    pub ty: Option<String>,
    /// The description's paragraphs (list items keep their `• `).
    pub description: Vec<String>,
    /// Where the parameter goes, for rows of parameter tables.
    pub place: Option<Place>,
    /// The index in [`Page::tables`] of the table this row's type points to.
    pub link: Option<usize>,
    /// The constraints the description states.
    pub constraints: Constraints,
    /// Whether the description has a sentence about a constraint the reader could not read
    /// (reported in [`Page::unread`]): a constraint missing from [`Row::constraints`] is then
    /// unknown, not absent.
    pub unread_constraints: bool,
    /// The description's rules that hold only under a condition ("for MySQL, 1024 to 65535"),
    /// never flattened into a constraint: a draft records them as open points.
    pub conditional: Vec<String>,
}

/// An example on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageExample {
    /// 1-based line where its JSON starts.
    pub line: usize,
    /// The status it answers with (responses; `None` for a "normal response").
    pub status: Option<u16>,
    /// The caption before it, if any.
    pub caption: Option<String>,
    /// The JSON as printed.
    pub text: String,
    /// The JSON, when it parses; `Value::Null` when it does not.
    pub value: serde_json::Value,
    /// Why the JSON does not parse, when it does not.
    pub invalid: Option<String>,
}

/// Why a page could not be read at all.
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

const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];

/// One paragraph of the page, its markup taken off.
#[derive(Debug, Clone)]
struct Cell {
    line: usize,
    text: String,
    /// A list item.
    bullet: bool,
    /// A line of a fenced code block.
    code: bool,
    /// The cells of a Markdown pipe row.
    pipe: Option<Vec<String>>,
}

static UNDERSCORE_EMPHASIS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(^|\s)__([^_\s](?:[^_]*[^_\s])?)__($|[\s.,;:])")
        .unwrap_or_else(|e| panic!("the emphasis pattern does not compile: {e}"))
});

fn strip_markup(s: &str) -> String {
    // `__x__` is emphasis only around words; `__isregistered` and `__system__cmkid` are names.
    let emphasis = UNDERSCORE_EMPHASIS.replace_all(s, "$1$2$3");
    let mut out = emphasis.replace("**", "").replace('`', "");
    // `[text](url)` -> `text`
    while let Some(open) = out.find('[') {
        let Some(mid) = out[open..].find("](").map(|m| open + m) else { break };
        let Some(close) = out[mid..].find(')').map(|c| mid + c) else { break };
        out = format!("{}{}{}", &out[..open], &out[open + 1..mid], &out[close + 1..]);
    }
    out.replace("&nbsp;", " ").trim().to_string()
}

/// The paragraphs of a page, with their line numbers.
fn cells(text: &str) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let t = raw.trim();
        if t.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            if !t.is_empty() {
                out.push(Cell { line, text: t.to_string(), bullet: false, code: true, pipe: None });
            }
            continue;
        }
        if t.is_empty() {
            continue;
        }
        if t.starts_with('|') {
            let inner = t.trim_start_matches('|').trim_end_matches('|');
            let parts: Vec<String> = inner.split('|').map(|c| strip_markup(c.trim())).collect();
            if parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| matches!(c, '-' | ':' | ' ')))
            {
                continue; // the separator row
            }
            out.push(Cell {
                line,
                text: parts.join(" | "),
                bullet: false,
                code: false,
                pipe: Some(parts),
            });
            continue;
        }
        let t = t.strip_prefix('#').map_or(t, |rest| rest.trim_start_matches('#').trim());
        let (t, bullet) = match t
            .strip_prefix("• ")
            .or_else(|| t.strip_prefix("- "))
            .or_else(|| t.strip_prefix("* "))
        {
            Some(rest) => (rest.trim(), true),
            None => (t, t == "•"),
        };
        let text = if t.starts_with('{') || t.starts_with('[') || t.starts_with('"') {
            t.to_string()
        } else {
            strip_markup(t)
        };
        if !text.is_empty() && text != "•" {
            out.push(Cell { line, text, bullet, code: false, pipe: None });
        }
    }
    out
}

/// What a heading does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    /// Opens a section.
    Section(Section),
    /// `Example`: the request's example before the response, the response's after.
    Example,
    /// A status heading (`Status code: 200`).
    Status(u16),
    /// A heading inside a section (`Parameter description`, `Normal`): ends a table only.
    Sub,
}

fn heading(cell: &str) -> Option<Heading> {
    // Headings are capitalised; field names (`description`, `status`) are not.
    if !cell.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let lower = cell.to_ascii_lowercase();
    let h = match lower.as_str() {
        "uri" | "url" | "uri format" | "url format" | "uris" => Heading::Section(Section::Uri),
        "request" | "requests" | "request parameters" | "request parameter" | "request body"
        | "request message" | "request messages" => Heading::Section(Section::Request),
        "response"
        | "responses"
        | "response parameters"
        | "response parameter"
        | "normal response"
        | "response body"
        | "response message"
        | "response messages" => Heading::Section(Section::Response),
        "example" | "examples" => Heading::Example,
        "example request"
        | "example requests"
        | "request example"
        | "request examples"
        | "sample request"
        | "example of a request" => Heading::Section(Section::ExampleRequest),
        "example response"
        | "example responses"
        | "response example"
        | "response examples"
        | "example normal response"
        | "normal response example"
        | "sample response"
        | "example of a normal response" => Heading::Section(Section::ExampleResponse),
        "status code" | "status codes" | "returned value" | "returned values" => {
            Heading::Section(Section::StatusCodes)
        }
        "error code"
        | "error codes"
        | "abnormal response"
        | "abnormal responses"
        | "example abnormal response"
        | "abnormal response example"
        | "sdk sample code"
        | "sample code"
        | "sdk code samples" => Heading::Section(Section::End),
        "function"
        | "functions"
        | "constraints"
        | "constraint"
        | "restrictions"
        | "debugging"
        | "authorization"
        | "authorization information"
        | "api description"
        | "precautions" => Heading::Section(Section::Top),
        "parameter description"
        | "parameter descriptions"
        | "normal"
        | "abnormal"
        | "uri parameters"
        | "uri example"
        | "url example" => Heading::Sub,
        _ => return status_heading(&lower).map(Heading::Status),
    };
    Some(h)
}

/// `status code: 200`, `status code 200`, `status code: normal 200`.
fn status_heading(lower: &str) -> Option<u16> {
    let rest = lower.strip_prefix("status code")?.trim_start_matches('s');
    let rest = rest.trim_start_matches(':').trim();
    let last = rest.split_whitespace().last()?;
    let code: u16 = last.parse().ok()?;
    ((100..600).contains(&code) && rest.split_whitespace().count() <= 2).then_some(code)
}

/// `Table 4 RestoreInstSource` -> (4, "RestoreInstSource").
fn table_title(cell: &str) -> Option<(u32, &str)> {
    let rest = cell.strip_prefix("Table ")?;
    let (num, caption) = rest.split_once(' ')?;
    let num = num.trim_end_matches(['.', ':']);
    let n: u32 = num.parse().ok()?;
    let caption = caption.trim();
    // "Table 1 describes the parameters in the URI." is a sentence about a table, not its caption.
    let sentence = caption.ends_with('.')
        || caption.split_whitespace().next().is_some_and(|w| {
            matches!(w, "describes" | "lists" | "shows" | "provides" | "gives" | "contains")
        });
    (!caption.is_empty() && caption.len() < 120 && !sentence).then_some((n, caption))
}

/// A parameter or field name as the pages write them.
pub fn is_name(cell: &str) -> bool {
    let mut chars = cell.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']' | ':' | '@' | '$')
        })
}

const SCALARS: &[&str] = &[
    "String",
    "Integer",
    "Number",
    "Boolean",
    "Object",
    "Long",
    "Float",
    "Double",
    "Int",
    "Int32",
    "Int64",
    "BigDecimal",
];

/// An object name as the pages write it in a type (`RestoreInstSource`, `DDMInstance4Restore`,
/// and field names: `backup object`, `Array of lbaas_listeners objects`).
fn object_name(n: &str) -> bool {
    is_name(n)
        && !n.contains(['.', '[', ']'])
        && !matches!(
            n.to_ascii_lowercase().as_str(),
            "a" | "an" | "the" | "one" | "each" | "this" | "json"
        )
}

/// The object a type names: `X object`, `Array of X objects` -> `X` (not `Object`, `Array of
/// objects`, which name none).
pub fn named_object(ty: &str) -> Option<&str> {
    let inner = ty
        .strip_prefix("Array of ")
        .or_else(|| ty.strip_prefix("array of "))
        .or_else(|| ty.strip_prefix("List of "))
        .unwrap_or(ty);
    let n = inner.strip_suffix(" objects").or_else(|| inner.strip_suffix(" object"))?;
    object_name(n).then_some(n)
}

/// Whether a cell is a type as the pages word them: a scalar (`String`, `Long`, ...), `Object`,
/// `X object`, `Array of X objects`, `Array of objects`, `Array of strings`, `Array`,
/// `Map<String,String>`.
pub fn is_type(cell: &str) -> bool {
    let scalar = |w: &str| SCALARS.iter().any(|s| s.eq_ignore_ascii_case(w));
    if scalar(cell) || cell.eq_ignore_ascii_case("Array") || cell.eq_ignore_ascii_case("List") {
        return true;
    }
    if let Some(inner) = cell
        .strip_prefix("Array of ")
        .or_else(|| cell.strip_prefix("array of "))
        .or_else(|| cell.strip_prefix("List of "))
    {
        return inner.eq_ignore_ascii_case("objects")
            || inner.eq_ignore_ascii_case("object")
            || scalar(inner)
            || inner.strip_suffix('s').is_some_and(scalar)
            || inner
                .strip_suffix(" objects")
                .or_else(|| inner.strip_suffix(" object"))
                .is_some_and(object_name);
    }
    if generic_type(cell).is_some() {
        return true;
    }
    cell.strip_suffix(" object").is_some_and(object_name)
}

/// A type written with angle brackets (`Map<String,String>`, `list<map<String,String>>`,
/// `Map<String, Array of objects>`): whether it is a list, and its parameters, each a type as
/// [`is_type`] knows them.
pub fn generic_type(cell: &str) -> Option<(bool, Vec<String>)> {
    let (head, rest) = cell.trim().split_once('<')?;
    let inner = rest.strip_suffix('>')?;
    let list = match head.to_ascii_lowercase().as_str() {
        "list" | "array" | "set" => true,
        "map" | "dict" => false,
        _ => return None,
    };
    // Split the parameters at the commas outside brackets.
    let mut params = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in inner.chars() {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth == 0 => {
                params.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    params.push(cur.trim().to_string());
    let ok = |p: &String| is_type(p);
    let arity = if list { 1 } else { 2 };
    (params.len() == arity && params.iter().all(ok)).then_some((list, params))
}

/// The columns of a table header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Mandatory,
    Type,
    Description,
}

fn column(cell: &str) -> Option<Column> {
    // Header cells are capitalised; row names (`type`, `name`) are not.
    if !cell.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    Some(match cell.to_ascii_lowercase().as_str() {
        "parameter" | "name" | "field" | "parameter name" | "field name" => Column::Name,
        "mandatory" | "required" | "mandatory/optional" => Column::Mandatory,
        "type" | "data type" | "parameter type" => Column::Type,
        "description" => Column::Description,
        _ => return None,
    })
}

fn yes_no(cell: &str) -> Option<bool> {
    match cell.to_ascii_lowercase().as_str() {
        "yes" | "mandatory" | "true" => Some(true),
        "no" | "optional" | "false" => Some(false),
        _ => None,
    }
}

fn short(text: &str) -> String {
    if text.chars().count() > 100 {
        format!("{}...", text.chars().take(97).collect::<String>())
    } else {
        text.to_string()
    }
}

/// The URI line's parts: method, path template, query parameter names.
fn uri_line(cell: &str) -> Option<(String, String, Vec<String>)> {
    let (method, rest) = cell.split_once(' ')?;
    if !METHODS.contains(&method) {
        return None;
    }
    // Spaces inside braces are typos of the page (`{begin _time}`).
    let mut fixed = String::new();
    let mut depth = 0;
    for c in rest.trim().chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ' ' if depth > 0 => continue,
            _ => {}
        }
        fixed.push(c);
    }
    if fixed.contains(' ') {
        return None;
    }
    let path = match fixed.split_once("://") {
        Some((_, after)) => &after[after.find('/')?..],
        None => fixed.as_str(),
    };
    if !path.starts_with('/') {
        return None;
    }
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let names = query
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect();
    Some((method.to_string(), path.trim_end_matches('/').to_string(), names))
}

/// The variables of a path template, as the checker splits it ([`template_parameters`]); none
/// when it is not a template the checker accepts, which the checker then reports.
///
/// [`template_parameters`]: crate::check::template_parameters
pub fn path_variables(template: &str) -> Vec<String> {
    crate::check::template_parameters(template).unwrap_or_default()
}

fn json_start(cell: &Cell) -> bool {
    let t = cell.text.as_str();
    cell.pipe.is_none()
        && (t == "{"
            || t == "["
            || t.starts_with("{\"")
            || t.starts_with("[{")
            || t.starts_with("{ \"")
            || (t.starts_with('{') && t.ends_with('}')))
}

/// Read a JSON block from `cells[start]`: lines until they parse, or until the brackets close
/// (then it is kept as invalid), or until a heading. Returns the example and the next index.
fn read_json(cells: &[Cell], start: usize) -> (String, Result<serde_json::Value, String>, usize) {
    let mut text = String::new();
    let mut depth: i64 = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut j = start;
    while j < cells.len() {
        if j > start && !cells[j].code && heading(&cells[j].text).is_some() {
            break;
        }
        for c in cells[j].text.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '{' | '[' if !in_string => depth += 1,
                '}' | ']' if !in_string => depth -= 1,
                _ => {}
            }
        }
        text.push_str(&cells[j].text);
        text.push('\n');
        j += 1;
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
            return (text, Ok(v), j);
        }
        if depth <= 0 {
            break;
        }
    }
    let why = serde_json::from_str::<serde_json::Value>(&text)
        .err()
        .map_or_else(|| "it does not parse".to_string(), |e| e.to_string());
    (text, Err(why), j)
}

/// Read a page.
pub fn parse(text: &str) -> Result<Page, PageError> {
    let cells = cells(text);
    if cells.is_empty() {
        return Err(PageError { line: 0, message: "the page is empty".into() });
    }
    let mut page = Page::default();
    let updated_at = cells.iter().position(|c| c.text.starts_with("Updated on "));
    page.updated = updated_at
        .and_then(|i| cells[i].text["Updated on ".len()..].split_whitespace().next())
        .map(str::to_string);
    // The title: the first paragraph that is neither the breadcrumb, nor the date, nor a heading.
    let title_at = cells
        .iter()
        .position(|c| {
            !c.text.starts_with("Help Center")
                && !c.text.starts_with("Updated on ")
                && heading(&c.text).is_none()
                && c.pipe.is_none()
        })
        .unwrap_or(0);
    page.title = cells.get(title_at).map(|c| c.text.clone()).ok_or_else(|| PageError {
        line: cells[cells.len() - 1].line,
        message: "no title after the \"Updated on\" line".into(),
    })?;

    // The URI line: the first in the URI section, else the first anywhere before the examples.
    let mut section = Section::Top;
    let mut found = None;
    for c in &cells {
        match heading(&c.text) {
            Some(Heading::Section(s)) => section = s,
            Some(Heading::Example) => section = Section::ExampleRequest,
            _ => {}
        }
        if matches!(section, Section::ExampleRequest | Section::ExampleResponse | Section::End) {
            if found.is_some() {
                break;
            }
            continue;
        }
        if let Some(u) = uri_line(&c.text) {
            let in_uri = section == Section::Uri;
            if found.is_none() || in_uri {
                found = Some((c.line, u));
            }
            if in_uri {
                break;
            }
        }
    }
    let Some((line, (method, uri, query))) = found else {
        return Err(PageError {
            line: 0,
            message: "no URI line (`METHOD /path` or `METHOD https://{endpoint}/path`) found: not a saved Huawei Cloud API page".into(),
        });
    };
    (page.method, page.uri, page.uri_query, page.uri_line) = (method, uri, query, line);

    let mut section = Section::Top;
    let mut section_heading = String::new();
    let mut status: Option<u16> = None;
    let mut caption: Option<String> = None;
    // What an uncaptioned table is titled by: the last heading or short paragraph before it.
    let mut label: Option<(String, usize)> = None;
    let mut i = title_at.max(updated_at.unwrap_or(0)) + 1;
    while i < cells.len() {
        let cell = &cells[i];
        let line = cell.line;
        if !cell.code && cell.pipe.is_none() && header_at(&cells, i).is_none() {
            match heading(&cell.text) {
                Some(Heading::Section(s)) => {
                    section = s;
                    section_heading = cell.text.clone();
                    status = None;
                    caption = None;
                    label = Some((cell.text.clone(), line));
                    i += 1;
                    continue;
                }
                Some(Heading::Example) => {
                    section = match section {
                        Section::Top
                        | Section::Uri
                        | Section::Request
                        | Section::ExampleRequest => Section::ExampleRequest,
                        _ => Section::ExampleResponse,
                    };
                    caption = None;
                    label = None;
                    i += 1;
                    continue;
                }
                Some(Heading::Status(code)) => {
                    if section != Section::End {
                        status = Some(code);
                        if !page.status_codes.contains(&code) {
                            page.status_codes.push(code);
                        }
                    }
                    caption = None;
                    label = None;
                    i += 1;
                    continue;
                }
                Some(Heading::Sub) => {
                    label = Some((cell.text.clone(), line));
                    i += 1;
                    continue;
                }
                None => {}
            }
        }
        if section == Section::End {
            i += 1;
            continue;
        }
        if section == Section::StatusCodes {
            // Codes in a list or in a table's first column alike.
            let first = cell
                .pipe
                .as_ref()
                .and_then(|p| p.first().cloned())
                .unwrap_or_else(|| cell.text.clone());
            if let Ok(code) = first.trim().parse::<u16>() {
                if (100..600).contains(&code) && !page.status_codes.contains(&code) {
                    page.status_codes.push(code);
                }
            }
            i += 1;
            continue;
        }
        if json_start(cell) && section != Section::Top && section != Section::Uri {
            let (json_text, value, next) = read_json(&cells, i);
            let (value, invalid) = match value {
                Ok(v) => (v, None),
                Err(why) => {
                    page.unread.push(Unread {
                        line,
                        text: short(json_text.lines().next().unwrap_or("")),
                        reason: format!("an example that is not valid JSON ({why})"),
                    });
                    (serde_json::Value::Null, Some(why))
                }
            };
            let example = PageExample {
                line,
                status,
                caption: caption.take(),
                text: json_text,
                value,
                invalid,
            };
            match section {
                Section::Request | Section::ExampleRequest => page.request_examples.push(example),
                _ => page.response_examples.push(example),
            }
            i = next;
            continue;
        }
        if matches!(section, Section::ExampleRequest | Section::Request)
            && page.example_request_line.is_none()
        {
            let is_line = cell.text.split_once(' ').is_some_and(|(m, rest)| {
                METHODS.contains(&m) && (rest.starts_with("http") || rest.starts_with('/'))
            });
            if is_line && line != page.uri_line {
                page.example_request_line = Some(cell.text.clone());
                i += 1;
                continue;
            }
        }
        let found = match table_title(&cell.text).filter(|_| cell.pipe.is_none() && !cell.code) {
            Some((number, cap)) => Some(read_table(
                &cells,
                i + 1,
                number,
                cap,
                cell.text.clone(),
                line,
                &mut page.unread,
            )),
            // A table with no `Table N` caption: titled by the heading or paragraph before it.
            None if header_at(&cells, i).is_some() => {
                let (cap, at) = label.take().unwrap_or_default();
                Some(read_table(
                    &cells,
                    i,
                    0,
                    &cap,
                    String::new(),
                    if at > 0 { at } else { line },
                    &mut page.unread,
                ))
            }
            None if cell.pipe.is_some() => {
                // Pipe rows that are no parameter table: reported, all of them skipped.
                page.unread.push(Unread {
                    line,
                    text: short(&cell.text),
                    reason: "a table whose header is not `Parameter/Name, [Mandatory], [Type], Description`; not read".into(),
                });
                let mut j = i;
                while cells.get(j).is_some_and(|c| c.pipe.is_some()) {
                    j += 1;
                }
                Some((None, j))
            }
            None => None,
        };
        match found {
            Some((table, next)) => {
                if let Some(mut table) = table {
                    table.section = section;
                    table.heading = section_heading.clone();
                    table.status = status;
                    page.tables.push(table);
                }
                label = None;
                i = next.max(i + 1);
            }
            None => {
                if matches!(
                    section,
                    Section::ExampleRequest
                        | Section::ExampleResponse
                        | Section::Response
                        | Section::Request
                ) {
                    caption = Some(cell.text.clone());
                }
                if caption_like(cell) {
                    label = Some((cell.text.clone(), line));
                }
                i += 1;
            }
        }
    }
    title_untitled(&mut page.tables);
    place(&mut page);
    for t in &mut page.tables {
        for r in &mut t.rows {
            let (mut c, mut unread) = words::read(&r.description, r.ty.as_deref());
            // An array or an object has no default, range or values of its own in the spec's
            // keywords (the items' would be another rule): what the words say of it is listed.
            let scalar = r.ty.as_deref().is_none_or(|t| {
                SCALARS.iter().any(|x| x.eq_ignore_ascii_case(t))
                    && !t.eq_ignore_ascii_case("object")
            });
            if !scalar && c != Constraints::default() {
                unread.push(words::Unread {
                    sentence: r.description.join(" "),
                    reason: format!(
                        "a value rule on a value of type `{}`, which is no scalar: not recorded",
                        r.ty.as_deref().unwrap_or("")
                    ),
                    conditional: false,
                });
                c = Constraints::default();
            }
            r.constraints = c;
            r.unread_constraints = !unread.is_empty();
            r.conditional =
                unread.iter().filter(|u| u.conditional).map(|u| u.sentence.clone()).collect();
            for u in unread {
                page.unread.push(Unread {
                    line: r.line,
                    text: short(&u.sentence),
                    reason: format!("`{}`: {}", r.name, u.reason),
                });
            }
        }
    }
    page.unread.sort_by_key(|u| u.line);
    Ok(page)
}

/// A label the descriptions use to divide themselves (`Definition`, `Constraints`, `Range`).
fn label_word(t: &str) -> Option<&str> {
    let l = t.trim().trim_end_matches(':').to_ascii_lowercase();
    [
        "definition",
        "constraints",
        "constraint",
        "range",
        "value range",
        "values",
        "value",
        "default value",
        "default",
        "example",
        "note",
        "remarks",
    ]
    .into_iter()
    .find(|w| *w == l)
}

/// `N/A`, `None`: a cell that says nothing.
fn na_word(t: &str) -> bool {
    matches!(t.trim().trim_end_matches('.').to_ascii_lowercase().as_str(), "n/a" | "none" | "-")
}

/// A paragraph that may title the table after it: short, not a sentence, not a note's label.
fn caption_like(cell: &Cell) -> bool {
    let t = cell.text.trim();
    !cell.code
        && cell.pipe.is_none()
        && !t.is_empty()
        && t.chars().count() <= 80
        && !t.ends_with('.')
        && !t.ends_with(':')
        && !matches!(
            t.to_ascii_lowercase().as_str(),
            "none" | "n/a" | "note" | "notice" | "caution"
        )
}

/// Titles for tables without a `Table N` caption: their caption (`Parameters in the snapshot
/// field`), with the section's heading where two share one (`Parameter description (Request)`),
/// and a number where even that is shared. A title names its table in the spec (`x-page-table`).
fn title_untitled(tables: &mut [Table]) {
    let base = |t: &Table| {
        if t.caption.is_empty() {
            "Untitled table".to_string()
        } else {
            t.caption.clone()
        }
    };
    let first: Vec<String> =
        tables.iter().map(|t| if t.title.is_empty() { base(t) } else { t.title.clone() }).collect();
    let mut titles = first.clone();
    for k in 0..tables.len() {
        if tables[k].title.is_empty()
            && first.iter().filter(|t| **t == first[k]).count() > 1
            && !tables[k].heading.is_empty()
        {
            titles[k] = format!("{} ({})", base(&tables[k]), tables[k].heading);
        }
    }
    for k in 0..tables.len() {
        if !tables[k].title.is_empty() {
            continue;
        }
        let earlier = titles[..k].iter().filter(|t| **t == titles[k]).count();
        if earlier > 0 {
            titles[k] = format!("{} {}", titles[k], earlier + 1);
        }
        tables[k].title = titles[k].clone();
    }
}

/// The table header at `cells[i]` (`Parameter`/`Name`, then the middle columns, then
/// `Description`, one cell each, or one Markdown pipe row): its columns and the index after it.
fn header_at(cells: &[Cell], i: usize) -> Option<(Vec<Column>, usize)> {
    let c = cells.get(i)?;
    if c.code {
        return None;
    }
    let mut header = Vec::new();
    let mut j = i;
    if let Some(p) = &c.pipe {
        header = p.iter().map(|h| column(h)).collect::<Option<Vec<_>>>()?;
        j += 1;
    } else {
        while let Some(col) = cells
            .get(j)
            .filter(|c| c.pipe.is_none() && !c.code && !c.bullet)
            .and_then(|c| column(&c.text))
        {
            header.push(col);
            j += 1;
            if col == Column::Description {
                break;
            }
        }
    }
    let distinct = header.iter().enumerate().all(|(k, c)| !header[..k].contains(c));
    (header.len() >= 2
        && header.first() == Some(&Column::Name)
        && header.last() == Some(&Column::Description)
        && distinct)
        .then_some((header, j))
}

/// Read the table whose header starts at `cells[start]` (numbered `number`, captioned
/// `caption`, titled `title` at `title_line`); returns it (`None` when it is not a parameter
/// table, which is then reported) and the index after it.
fn read_table(
    cells: &[Cell],
    start: usize,
    number: u32,
    caption: &str,
    title: String,
    title_line: usize,
    unread: &mut Vec<Unread>,
) -> (Option<Table>, usize) {
    let shown = if title.is_empty() && caption.is_empty() {
        "a table".to_string()
    } else {
        format!("`{}`", if title.is_empty() { caption } else { &title })
    };
    let Some((header, mut i)) = header_at(cells, start) else {
        let what = cells.get(start).map(|c| c.text.clone()).unwrap_or_default();
        unread.push(Unread {
            line: title_line,
            text: short(&what),
            reason: format!("{shown}: not a parameter table (its header is not `Parameter/Name, [Mandatory], [Type], Description`); not read"),
        });
        // Skip to the next caption or heading.
        let mut j = start;
        while j < cells.len()
            && heading(&cells[j].text).is_none()
            && table_title(&cells[j].text).is_none()
        {
            j += 1;
        }
        return (None, j);
    };
    let pipe = cells[start].pipe.is_some();
    let has_mandatory = header.contains(&Column::Mandatory);
    let has_type = header.contains(&Column::Type);
    let middle: Vec<Column> = header[1..header.len() - 1].to_vec();
    let mut rows = Vec::new();
    let new_row = |name: String, line: usize| Row {
        name,
        line,
        mandatory: None,
        ty: None,
        description: Vec::new(),
        place: None,
        link: None,
        constraints: Constraints::default(),
        unread_constraints: false,
        conditional: Vec::new(),
    };
    if pipe {
        while let Some(p) = cells.get(i).and_then(|c| c.pipe.clone()) {
            let line = cells[i].line;
            i += 1;
            if p.len() != header.len() {
                unread.push(Unread {
                    line,
                    text: short(&p.join(" | ")),
                    reason: format!(
                        "{shown}: a row with {} cells, the header has {}",
                        p.len(),
                        header.len()
                    ),
                });
                continue;
            }
            let mut row = new_row(p[0].clone(), line);
            for (col, value) in middle.iter().zip(&p[1..]) {
                match col {
                    Column::Mandatory => row.mandatory = yes_no(value),
                    Column::Type => row.ty = is_type(value).then(|| value.clone()),
                    _ => {}
                }
            }
            let bad = !is_name(&row.name)
                || (has_mandatory && row.mandatory.is_none())
                || (has_type && row.ty.is_none());
            if bad {
                unread.push(Unread {
                    line,
                    text: short(&p.join(" | ")),
                    reason: format!("{shown}: a row that is not `name, [Yes/No], [type], description`; not read"),
                });
                continue;
            }
            let description = p[p.len() - 1]
                .split("<br>")
                .map(|d| d.trim())
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .collect();
            row.description = description;
            rows.push(row);
        }
    } else {
        // A table ends at a section heading (not at a label inside a description: `Constraints`,
        // `Normal`), a caption, code, an example, or the next table's header (or the paragraph
        // titling it).
        let ends = |j: usize| -> bool {
            let Some(c) = cells.get(j) else { return true };
            let strong = matches!(heading(&c.text), Some(h) if !matches!(h, Heading::Sub | Heading::Section(Section::Top)));
            c.pipe.is_some()
                || c.code
                || strong
                || table_title(&c.text).is_some()
                || json_start(c)
                || header_at(cells, j).is_some()
                || (caption_like(c) && header_at(cells, j + 1).is_some())
        };
        let starts_row = |j: usize| -> bool {
            let Some(c) = cells.get(j) else { return false };
            if c.bullet || !is_name(&c.text) || ends(j) {
                return false;
            }
            middle.iter().enumerate().all(|(k, col)| {
                let Some(n) = cells.get(j + 1 + k) else { return false };
                match col {
                    Column::Mandatory => yes_no(&n.text).is_some(),
                    Column::Type => is_type(&n.text),
                    _ => true,
                }
            })
        };
        while i < cells.len() && !ends(i) {
            if !starts_row(i) {
                unread.push(Unread {
                    line: cells[i].line,
                    text: short(&cells[i].text),
                    reason: format!(
                        "{shown}: expected a row (a name, then {}); not read",
                        middle_words(&middle)
                    ),
                });
                i += 1;
                continue;
            }
            let mut row = new_row(cells[i].text.clone(), cells[i].line);
            for (k, col) in middle.iter().enumerate() {
                let v = &cells[i + 1 + k].text;
                match col {
                    Column::Mandatory => row.mandatory = yes_no(v),
                    Column::Type => row.ty = Some(v.clone()),
                    _ => {}
                }
            }
            i += 1 + middle.len();
            // The cell right after the middle columns is the description's first paragraph, even
            // when it reads like a heading ("Error code").
            let mut first = true;
            while i < cells.len()
                && (first && cells[i].pipe.is_none() && !cells[i].code || !ends(i))
                && !starts_row(i)
            {
                first = false;
                let c = &cells[i];
                row.description.push(if c.bullet {
                    format!("• {}", c.text)
                } else {
                    c.text.clone()
                });
                // A name followed by a word that looks like a type the reader does not know.
                if !c.bullet
                    && is_name(&c.text)
                    && label_word(&c.text).is_none()
                    && !matches!(c.text.as_str(), "true" | "false" | "null")
                {
                    if let Some(next) = cells.get(i + 1).filter(|n| {
                        let words = n.text.split_whitespace().count();
                        let typish = n.text.contains('<')
                            || n.text.starts_with("Array")
                            || n.text.starts_with("List")
                            || words == 1;
                        (c.text.contains('_') || typish)
                            && words <= 4
                            && n.text.starts_with(|ch: char| ch.is_ascii_uppercase())
                            && !n.text.ends_with('.')
                            && !n.text.ends_with(':')
                            && label_word(&n.text).is_none()
                            && heading(&n.text).is_none()
                            && !na_word(&n.text)
                    }) {
                        unread.push(Unread {
                            line: c.line,
                            text: short(&format!("{} / {}", c.text, next.text)),
                            reason: format!(
                                "{shown}: this may be a row whose type the reader does not know; read as part of `{}`'s description",
                                row.name
                            ),
                        });
                    }
                }
                i += 1;
            }
            rows.push(row);
        }
    }
    if rows.is_empty() {
        unread.push(Unread {
            line: title_line,
            text: short(if title.is_empty() { caption } else { &title }),
            reason: format!("{shown} has no rows the reader could read"),
        });
        return (None, i);
    }
    let table = Table {
        title,
        number: (number > 0).then_some(number),
        caption: caption.to_string(),
        line: title_line,
        has_mandatory,
        has_type,
        rows,
        section: Section::Top,
        heading: String::new(),
        status: None,
        role: Role::Unplaced,
    };
    (Some(table), i)
}

fn middle_words(middle: &[Column]) -> String {
    let words: Vec<&str> = middle
        .iter()
        .map(|c| match c {
            Column::Mandatory => "Yes/No",
            Column::Type => "a type",
            _ => "a cell",
        })
        .collect();
    words.join(", ")
}

/// A table's row names, backticked, for the list of what was not read.
fn row_names(t: &Table) -> String {
    t.rows.iter().map(|r| format!("`{}`", r.name)).collect::<Vec<_>>().join(", ")
}

/// Which side of the exchange a table belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The request: parameters and the request body.
    Request,
    /// A response.
    Response,
}

/// The side a section belongs to, if any.
pub fn section_side(s: Section) -> Option<Side> {
    match s {
        Section::Uri | Section::Request | Section::ExampleRequest => Some(Side::Request),
        Section::Response | Section::ExampleResponse => Some(Side::Response),
        Section::Top | Section::StatusCodes | Section::End => None,
    }
}

/// Words a caption uses around a field's name that are not the name.
const CAPTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "data",
    "body",
    "request",
    "requests",
    "response",
    "responses",
    "parameter",
    "parameters",
    "description",
    "structure",
    "of",
    "in",
    "header",
    "headers",
    "query",
    "path",
    "uri",
    "url",
];

/// The field a caption is about: the caption itself when it is one name (`Vpc`, `tasks`), else
/// the name before `field` or `object` (`os-stop field description`, `Data structure description
/// of the entities field`, `Parameters in the snapshot field`).
pub fn caption_subject(caption: &str) -> Option<String> {
    let words: Vec<&str> =
        caption.split_whitespace().map(|w| w.trim_matches(['"', '\'', '“', '”'])).collect();
    if let [one] = words.as_slice() {
        return (is_name(one) && !CAPTION_WORDS.contains(&one.to_ascii_lowercase().as_str()))
            .then(|| one.to_string());
    }
    for marker in ["field", "fields", "object", "objects"] {
        if let Some(k) = words.iter().position(|w| w.eq_ignore_ascii_case(marker)) {
            let name = words[..k].last()?;
            // `[Array]`: the page's name for a body that is an array.
            let bracketed = name.len() > 2 && name.starts_with('[') && name.ends_with(']');
            if (is_name(name) || bracketed)
                && !CAPTION_WORDS.contains(&name.to_ascii_lowercase().as_str())
            {
                return Some(name.to_string());
            }
        }
    }
    None
}

/// Whether the table's caption is about the field `name` (or `parent.name`).
fn about(t: &Table, name: &str) -> bool {
    caption_subject(&t.caption).is_some_and(|s| s == name || s.rsplit('.').next() == Some(name))
}

/// The index of the table a row's type points to: for `X object` and `Array of X objects`, the
/// table captioned `X` (or about the field `X`); for `Object`, `Array of objects` and the like,
/// the table its description names (`see Table 4`, `see Parameters in the snapshot field`), or
/// the table about the row's own field. Of the tables that fit, those of the row's own side
/// (request or response) first, then the nearest after the row's table, then before it.
fn link_of(page: &Page, from: usize, row: &Row) -> Option<usize> {
    let ty = row.ty.as_deref()?;
    let side = section_side(page.tables[from].section);
    let nearest = |fits: &dyn Fn(usize, &Table) -> bool| {
        (0..page.tables.len()).filter(|&k| fits(k, &page.tables[k])).min_by_key(|&k| {
            let other_side = side.is_some()
                && section_side(page.tables[k].section).is_some_and(|s| Some(s) != side);
            (other_side, k < from, k.abs_diff(from))
        })
    };
    if let Some(n) = named_object(ty) {
        // A table may point to itself (`children`, `Array of BackupResp objects`).
        if let Some(k) = nearest(&|_, t| t.caption == n || about(t, n)) {
            return Some(k);
        }
        // `Array of result objects` whose table is about `results`: as for `Object`, below.
    } else if !generic_object(ty) {
        return None;
    }
    // "For details, see Table 4." names it by number (a table whose caption places it, such as
    // `Table 1 Path parameters`, is no object: such a number is the page's slip) ...
    let by_number = row.description.iter().find_map(|d| {
        let at = d.find("Table ")?;
        let n: String = d[at + 6..].chars().take_while(char::is_ascii_digit).collect();
        let n: u32 = n.parse().ok()?;
        page.tables
            .iter()
            .position(|t| t.number == Some(n) && caption_kind(&t.caption) == Kind::Plain)
    });
    // ... or by its caption ("see Parameters in the snapshot field"), or the table is about the
    // row's field (`datastore field data structure description`).
    by_number
        .or_else(|| {
            nearest(&|k, t| {
                k != from
                    && caption_kind(&t.caption) == Kind::Plain
                    && caption_subject(&t.caption).is_some()
                    && row.description.iter().any(|d| d.contains(&t.caption))
            })
        })
        .or_else(|| {
            nearest(&|k, t| {
                k != from && caption_kind(&t.caption) == Kind::Plain && about(t, &row.name)
            })
        })
}

/// `Object`, `Array of objects` and the like: a type that names no table.
fn generic_object(ty: &str) -> bool {
    matches!(
        ty.to_ascii_lowercase().as_str(),
        "object" | "array of objects" | "array of object" | "array" | "list" | "list of objects"
    )
}

/// What a table's caption says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Header,
    Query,
    Path,
    Uri,
    Request,
    Response,
    /// The caption says nothing of where (`Parameter description`, `os-stop field description`).
    Plain,
}

fn caption_kind(caption: &str) -> Kind {
    // A caption about a field (`url_auth field description`, `Vpc`) names no place, whatever
    // its field's name holds; the place words are whole words of the rest.
    if caption_subject(caption).is_some() {
        return Kind::Plain;
    }
    let lower = caption.to_lowercase();
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if has(&["header", "headers"]) {
        Kind::Header
    } else if has(&["query"]) {
        Kind::Query
    } else if has(&["path"]) {
        Kind::Path
    } else if has(&["uri", "url"]) {
        Kind::Uri
    } else if has(&["request", "requests"]) {
        Kind::Request
    } else if has(&["response", "responses"]) {
        Kind::Response
    } else {
        Kind::Plain
    }
}

/// Give each table its role and each parameter its place, from the page's headings, captions
/// and links only; report what cannot be placed.
fn place(page: &mut Page) {
    // Links first: a table some other table's row points to is an object.
    let mut links = Vec::new();
    for (k, t) in page.tables.iter().enumerate() {
        for (r, row) in t.rows.iter().enumerate() {
            let link = link_of(page, k, row);
            let wants = row.ty.as_deref().is_some_and(|ty| {
                named_object(ty).is_some()
                    || matches!(
                        ty.to_ascii_lowercase().as_str(),
                        "object" | "array of objects" | "array of object" | "list of objects"
                    )
            });
            if link.is_none() && wants {
                page.unread.push(Unread {
                    line: row.line,
                    text: short(&format!("{} {}", row.name, row.ty.as_deref().unwrap_or(""))),
                    reason: format!("`{}`: its type names a table the page does not have (by caption or by \"see Table N\")", row.name),
                });
            }
            links.push((k, r, link));
        }
    }
    let mut pointed = vec![false; page.tables.len()];
    for (k, r, link) in links {
        page.tables[k].rows[r].link = link;
        if let Some(l) = link.filter(|&l| l != k) {
            pointed[l] = true;
        }
    }
    let path_vars = path_variables(&page.uri);
    let method = page.method.clone();
    let mut body_seen = false;
    let mut response_seen: Vec<Option<u16>> = Vec::new();
    let mut unread = Vec::new();
    for (k, t) in page.tables.iter_mut().enumerate() {
        let kind = caption_kind(&t.caption);
        let in_query = |n: &str| page.uri_query.iter().any(|q| q == n);
        let all_query = t.rows.iter().all(|r| in_query(&r.name));
        let says_body = caption_kind(&t.caption) != Kind::Plain
            && t.caption.to_lowercase().split_whitespace().any(|w| w == "body");
        let bodyless =
            matches!(method.as_str(), "GET" | "HEAD") || (method == "DELETE" && !says_body);
        let side = section_side(t.section);
        let request_side = kind == Kind::Request
            || (kind == Kind::Plain && matches!(t.section, Section::Request | Section::Uri));
        let response_side =
            kind == Kind::Response || (kind == Kind::Plain && side == Some(Side::Response));
        let mut not_placed = |t: &mut Table, why: String| {
            t.role = Role::Unplaced;
            unread.push(Unread {
                line: t.line,
                text: t.title.clone(),
                reason: format!("{why} (its rows: {})", row_names(t)),
            });
        };
        if kind == Kind::Header
            && (side == Some(Side::Response) || t.caption.to_lowercase().contains("response"))
        {
            not_placed(
                t,
                "response header parameters: the spec does not describe response headers; not read"
                    .into(),
            );
            continue;
        }
        // A table a row points to is an object, whatever its caption says; a table of the
        // response is never parameters.
        if pointed[k] {
            t.role = Role::Object;
            continue;
        }
        let parameters = side != Some(Side::Response)
            && (matches!(kind, Kind::Header | Kind::Query | Kind::Path | Kind::Uri)
                || (kind == Kind::Plain && t.section == Section::Uri)
                || (request_side && (bodyless && t.section == Section::Uri || all_query)));
        let subject = caption_subject(&t.caption).filter(|_| kind == Kind::Plain);
        if parameters {
            t.role = Role::Parameters;
            for r in &mut t.rows {
                r.place = if kind == Kind::Header {
                    Some(Place::Header)
                } else if path_vars.contains(&r.name) {
                    Some(Place::Path)
                } else if kind == Kind::Path && !in_query(&r.name) {
                    unread.push(Unread {
                        line: r.line,
                        text: r.name.clone(),
                        reason: format!(
                            "`{}` is in a path parameter table but not in the URI `{}`; not placed",
                            r.name, page.uri
                        ),
                    });
                    None
                } else {
                    Some(Place::Query)
                };
            }
        } else if let Some(subject) = subject {
            not_placed(
                t,
                format!(
                    "a table about the field `{subject}` that no placed row points to; not placed"
                ),
            );
        } else if request_side && bodyless {
            not_placed(t, format!("a request table of a {method} whose rows are not the URI's query parameters; not placed (a body, or the query?)"));
        } else if request_side && !body_seen {
            body_seen = true;
            t.role = Role::RequestBody;
        } else if response_side && !response_seen.contains(&t.status) {
            response_seen.push(t.status);
            t.role = Role::ResponseBody(t.status);
        } else {
            not_placed(t, "a table that no heading, caption or link places (parameters, a body, or an object a row points to); not placed".into());
        }
    }
    // An object only unplaced tables lead to is not placed either.
    let mut reached: Vec<bool> = page
        .tables
        .iter()
        .map(|t| matches!(t.role, Role::RequestBody | Role::ResponseBody(_)))
        .collect();
    let mut grew = true;
    while grew {
        grew = false;
        for k in 0..page.tables.len() {
            if !reached[k] {
                continue;
            }
            for l in page.tables[k].rows.iter().filter_map(|r| r.link).collect::<Vec<_>>() {
                if !reached[l] && page.tables[l].role == Role::Object {
                    reached[l] = true;
                    grew = true;
                }
            }
        }
    }
    for (k, t) in page.tables.iter_mut().enumerate() {
        if t.role == Role::Object && !reached[k] {
            t.role = Role::Unplaced;
            let reason = format!(
                "a table that only unplaced tables point to; not placed (its rows: {})",
                row_names(t)
            );
            unread.push(Unread { line: t.line, text: t.title.clone(), reason });
        }
    }
    page.unread.extend(unread);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_as_the_pages_word_them() {
        for t in [
            "String",
            "Integer",
            "Long",
            "Number",
            "Boolean",
            "Object",
            "Array of strings",
            "Array of objects",
            "Array of DataNodeRelation objects",
            "RestoreInstSource object",
            "Map<String,String>",
        ] {
            assert!(is_type(t), "{t}");
        }
        for t in ["Definition", "N/A", "Task ID.", "Array of", "an object", "Array of things"] {
            assert!(!is_type(t), "{t}");
        }
    }

    #[test]
    fn underscores_are_emphasis_only_around_words() {
        assert_eq!(strip_markup("__isregistered"), "__isregistered");
        assert_eq!(strip_markup("__system__cmkid"), "__system__cmkid");
        assert_eq!(strip_markup("a __bold__ word"), "a bold word");
        assert_eq!(strip_markup("**Table 1** Things"), "Table 1 Things");
    }

    #[test]
    fn empty_and_foreign_pages_are_errors() {
        assert_eq!(parse("").unwrap_err().message, "the page is empty");
        assert!(parse("Hello\n\nworld\n")
            .unwrap_err()
            .message
            .contains("not a saved Huawei Cloud API page"));
        let no_uri = "Updated on 2026-01-01 GMT+08:00\n\nTitle\n\nFunction\n";
        assert!(parse(no_uri).unwrap_err().message.contains("no URI line"));
    }

    #[test]
    fn uri_lines_with_hosts_queries_and_stray_spaces() {
        assert_eq!(
            uri_line("GET /v3/{project_id}/x"),
            Some(("GET".into(), "/v3/{project_id}/x".into(), vec![]))
        );
        assert_eq!(
            uri_line("GET https://{Endpoint}/v3/{project_id}/backups?instance_id={instance_id}&begin_time={begin _time}"),
            Some(("GET".into(), "/v3/{project_id}/backups".into(), vec!["instance_id".into(), "begin_time".into()]))
        );
        assert_eq!(uri_line("GET the list"), None);
        assert_eq!(uri_line("Get /v3"), None);
    }

    #[test]
    fn status_headings_in_their_spellings() {
        for (h, code) in [
            ("Status code: 200", 200),
            ("Status Code: Normal 200", 200),
            ("Status code 202", 202),
            ("Status Codes: 400", 400),
        ] {
            assert_eq!(heading(h), Some(Heading::Status(code)), "{h}");
        }
        assert_eq!(heading("Status code: the job"), None);
    }

    #[test]
    fn a_table_without_a_header_is_reported_not_read() {
        let page = parse(
            "Updated on 2026-01-01\n\nT\n\nURI\n\nPOST /v1/x\n\nTable 1 Things\n\nfoo\n\nbar\n",
        )
        .expect("page");
        assert!(page.tables.is_empty());
        assert!(
            page.unread.iter().any(|u| u.reason.contains("not a parameter table")),
            "{:?}",
            page.unread
        );
    }
}
