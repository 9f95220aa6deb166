//! Reads a documentation page, saved as plain text, into its tables.
//!
//! A saved page puts one table cell per paragraph: a line `Table N Title`, the header cells
//! (`Parameter`/`Name`, `Mandatory`, `Type`, `Description`, as the table has them), then the
//! cells row by row. A row starts with a parameter name followed by `Yes`/`No` (tables with a
//! Mandatory column) or by a type (`String`, `Array of X objects`, `X object`, ...); its
//! description runs until the next row, the next table or a section heading. The three page
//! styles (DDM, RDS with its Explanation/Constraints blocks, the older CBR) all read this way.

use std::fmt;

/// A page's operation and tables.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Lines that end a table: section headings of the three page styles.
fn is_heading(cell: &str) -> bool {
    const HEADINGS: &[&str] = &[
        "Request Parameters",
        "Response Parameters",
        "Request",
        "Response",
        "Example Request",
        "Example Requests",
        "Example Response",
        "Example Responses",
        "Status Code",
        "Status Codes",
        "Error Code",
        "Error Codes",
        "Normal response",
        "Example normal response",
        "Abnormal response",
    ];
    HEADINGS.contains(&cell) || cell.starts_with("Status code: ") || table_title(cell).is_some()
}

/// `Table 4 RestoreInstSource` -> the whole title, when the cell is a table title.
fn table_title(cell: &str) -> Option<&str> {
    let rest = cell.strip_prefix("Table ")?;
    let (num, title) = rest.split_once(' ')?;
    (num.chars().all(|c| c.is_ascii_digit()) && !num.is_empty() && !title.is_empty()).then_some(cell)
}

fn is_name(cell: &str) -> bool {
    let mut chars = cell.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
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
        return matches!(inner, "strings" | "integers" | "numbers" | "booleans")
            || inner.strip_suffix(" objects").is_some_and(object_name);
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
    let updated_at = cells.iter().position(|(_, c)| c.starts_with("Updated on ")).ok_or_else(|| PageError {
        line: 0,
        message: "no \"Updated on\" line: not a saved Huawei Cloud API page (DDM, RDS or CBR style)".into(),
    })?;
    let updated = cells[updated_at].1["Updated on ".len()..].split_whitespace().next().unwrap_or_default().to_string();
    let title = cells.get(updated_at + 1).map(|(_, c)| c.clone()).ok_or_else(|| PageError {
        line: cells[updated_at].0,
        message: "no title after the \"Updated on\" line".into(),
    })?;
    let (method, uri) = cells
        .iter()
        .find_map(|(_, c)| {
            let (m, u) = c.split_once(' ')?;
            (METHODS.contains(&m) && u.starts_with('/') && !u.contains(' ')).then(|| (m.to_string(), u.to_string()))
        })
        .ok_or_else(|| PageError { line: 0, message: "no URI line (`METHOD /path`) found".into() })?;

    let mut tables = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let (line, cell) = &cells[i];
        let Some(title) = table_title(cell) else {
            i += 1;
            continue;
        };
        i += 1;
        let mut header = Vec::new();
        while i < cells.len() && HEADERS.contains(&cells[i].1.as_str()) {
            header.push(cells[i].1.clone());
            i += 1;
        }
        if !(header.first().is_some_and(|h| h == "Parameter" || h == "Name") && header.last().is_some_and(|h| h == "Description")) {
            return Err(PageError { line: *line, message: format!("`{title}`: expected a header row `Parameter/Name ... Description`") });
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
                    message: format!("`{title}`: expected a row (a name, then {}), found `{}`", if has_mandatory { "Yes/No" } else { "a type" }, cells[i].1),
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
                        return Err(PageError {
                            line: other.map_or(row_line, |(l, _)| *l),
                            message: format!("`{title}`, `{name}`: expected a type"),
                        })
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
            return Err(PageError { line: *line, message: format!("`{title}` has no rows") });
        }
        tables.push(Table { title: title.to_string(), line: *line, has_mandatory, has_type, rows });
    }
    Ok(Page { title, updated, method, uri, tables })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_as_the_pages_word_them() {
        for t in ["String", "Integer", "Number", "Boolean", "Object", "Array of strings", "Array of DataNodeRelation objects", "RestoreInstSource object"] {
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
    fn a_table_without_a_header_is_an_error() {
        let page = "Updated on 2026-01-01\n\nT\n\nPOST /v1/x\n\nTable 1 Things\n\nfoo\n\nbar\n";
        assert!(parse(page).unwrap_err().message.contains("expected a header row"));
    }
}
