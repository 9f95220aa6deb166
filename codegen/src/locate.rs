//! Where each node of a YAML document stands: a map from YAML path to line and column.
//!
//! serde_yaml builds the typed model but does not say where a value came from, so this pass
//! reads the same text once more with yaml-rust2's event parser and records the position of
//! every mapping key and sequence item under the path the checker uses to name it.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Builds YAML paths in the one format used everywhere in codegen's messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct YamlPath(String);

impl YamlPath {
    /// The document root.
    pub fn root() -> Self {
        YamlPath(String::new())
    }
    /// The path of `key` inside the mapping at `self`.
    pub fn key(&self, key: &str) -> Self {
        if self.0.is_empty() {
            YamlPath(key.to_string())
        } else {
            YamlPath(format!("{}.{}", self.0, key))
        }
    }
    /// The path of item `i` of the sequence at `self`.
    pub fn index(&self, i: usize) -> Self {
        YamlPath(format!("{}[{}]", self.0, i))
    }
    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The parent path (the root is its own parent).
    pub fn parent(&self) -> Self {
        let s = &self.0;
        if s.ends_with(']') {
            if let Some(i) = s.rfind('[') {
                return YamlPath(s[..i].to_string());
            }
        }
        match s.rfind('.') {
            Some(i) => YamlPath(s[..i].to_string()),
            None => YamlPath::root(),
        }
    }
}

/// 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Positions of the nodes of one document, by YAML path.
///
/// Loading a spec only scans it for duplicate keys; the positions themselves are read from the
/// text the first time a diagnostic asks for one, since a spec that checks clean needs none.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    text: std::sync::Arc<str>,
    map: std::sync::OnceLock<HashMap<String, Position>>,
    duplicates: Vec<Duplicate>,
}

/// A key that appears twice in one mapping: YAML forbids it, and a loader keeps only one of
/// the two values, so it is refused rather than read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The key's path.
    pub path: YamlPath,
    /// Where the key first appears.
    pub first: Position,
    /// Where it appears again.
    pub again: Position,
}

impl Locations {
    /// Scan `text` for duplicate keys, or say where and why it does not parse as YAML.
    pub fn index(text: &str) -> Result<Self, (Position, String)> {
        let builder = Builder::run(text, false)?;
        Ok(Locations {
            text: text.into(),
            map: std::sync::OnceLock::new(),
            duplicates: builder.duplicates,
        })
    }

    /// Keys that appear twice in one mapping, in the order met.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// The position of the node at `path`, or of its nearest indexed ancestor.
    pub fn find(&self, path: &YamlPath) -> Position {
        // The text parsed once already, so it parses again; a failure leaves the map empty and
        // every position at the start of the file.
        let map = self.positions();
        let mut p = path.clone();
        loop {
            if let Some(pos) = map.get(p.as_str()) {
                return *pos;
            }
            if p.as_str().is_empty() {
                return Position { line: 1, column: 1 };
            }
            p = p.parent();
        }
    }
}

/// The lines a node spans in its document: from its key (or its sequence item) to its last
/// line, trailing blank and comment lines excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Where the node's key (or, for a sequence item, the item) starts.
    pub start: Position,
    /// The 1-based last line of the node's value.
    pub end_line: usize,
}

impl Locations {
    fn positions(&self) -> &HashMap<String, Position> {
        self.map.get_or_init(|| Builder::run(&self.text, true).map(|b| b.map).unwrap_or_default())
    }

    /// The position of the node at exactly `path`, if the document has it.
    pub fn get(&self, path: &YamlPath) -> Option<Position> {
        self.positions().get(path.as_str()).copied()
    }

    /// The paths of the direct children of the mapping at `path` (keys, not items), with their
    /// positions, in the order they stand in the text.
    pub fn children(&self, path: &YamlPath) -> Vec<(String, Position)> {
        let prefix =
            if path.as_str().is_empty() { String::new() } else { format!("{}.", path.as_str()) };
        let mut out: Vec<(String, Position)> = self
            .positions()
            .iter()
            .filter_map(|(p, pos)| {
                p.strip_prefix(&prefix).filter(|rest| !rest.is_empty()).map(|rest| (rest, pos))
            })
            .filter(|(rest, _)| !rest.contains(['.', '[']))
            .map(|(rest, pos)| (rest.to_string(), *pos))
            .collect();
        out.sort_by_key(|(_, p)| (p.line, p.column));
        out
    }

    /// The lines the node at `path` spans. Where a node ends is read from the indentation of
    /// the lines after its start: a key's value ends before the next line indented no deeper
    /// than the key (a block sequence written at the key's own indentation continues it), a
    /// sequence item's before the next line indented no deeper than its dash. A node written
    /// in flow style over several lines is indented deeper than its key, so it is spanned too.
    pub fn span(&self, path: &YamlPath) -> Option<Span> {
        let start = self.get(path)?;
        let lines: Vec<&str> = self.text.lines().collect();
        let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
        let item = path.as_str().ends_with(']');
        // The deepest indentation that ends the node.
        let limit = if item { start.column.saturating_sub(3) } else { start.column - 1 };
        let key_line = lines.get(start.line - 1).copied().unwrap_or("");
        let opens_sequence = !item && key_line.trim_end().ends_with(':');
        let mut end = start.line;
        for (i, l) in lines.iter().enumerate().skip(start.line) {
            let t = l.trim_start_matches(' ');
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let n = indent(l);
            let same_level_item = opens_sequence && n == limit && (t == "-" || t.starts_with("- "));
            if n <= limit && !same_level_item {
                break;
            }
            end = i + 1;
        }
        Some(Span { start, end_line: end })
    }
}

/// Where a node stands in its parent.
enum Step {
    /// The document root.
    Root,
    /// The value of a mapping's key.
    Key(String),
    /// A sequence's item.
    Item(usize),
}

enum Frame {
    /// A mapping: `pending` holds the key just read, waiting for its value; `keys`, where each
    /// key of this mapping was first seen.
    Mapping {
        step: Step,
        pending: Option<String>,
        keys: HashMap<String, Position>,
    },
    Sequence {
        step: Step,
        next: usize,
    },
}

/// One pass over the events: the duplicate keys, and with `record` every node's position by
/// its path. Paths are made from the stack of open nodes only where they are needed.
struct Builder {
    stack: Vec<Frame>,
    record: bool,
    map: HashMap<String, Position>,
    duplicates: Vec<Duplicate>,
}

impl Builder {
    fn run(text: &str, record: bool) -> Result<Self, (Position, String)> {
        let mut builder =
            Builder { stack: Vec::new(), record, map: HashMap::new(), duplicates: Vec::new() };
        let mut parser = Parser::new_from_str(text);
        match parser.load(&mut builder, false) {
            Ok(()) => Ok(builder),
            Err(e) => {
                let m = e.marker();
                Err((Position { line: m.line(), column: m.col() + 1 }, e.info().to_string()))
            }
        }
    }

    /// The path of a node that stands at `last` in the innermost open node.
    fn path(&self, last: &Step) -> YamlPath {
        let mut p = YamlPath::root();
        let steps = self.stack.iter().map(|f| match f {
            Frame::Mapping { step, .. } | Frame::Sequence { step, .. } => step,
        });
        for step in steps.chain(std::iter::once(last)) {
            p = match step {
                Step::Root => p,
                Step::Key(k) => p.key(k),
                Step::Item(i) => p.index(*i),
            };
        }
        p
    }

    /// Called for each node start: whether it is a key, and where the node stands.
    fn enter(&mut self, mark: Marker) -> (bool, Step) {
        let pos = Position { line: mark.line(), column: mark.col() + 1 };
        let step = match self.stack.last_mut() {
            None => return (false, Step::Root),
            Some(Frame::Sequence { next, .. }) => {
                *next += 1;
                Step::Item(*next - 1)
            }
            Some(Frame::Mapping { pending, .. }) => match pending.take() {
                Some(k) => return (false, Step::Key(k)),
                None => return (true, Step::Root),
            },
        };
        if self.record {
            let p = self.path(&step);
            self.map.entry(p.as_str().to_string()).or_insert(pos);
        }
        (false, step)
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                let (is_key, _) = self.enter(mark);
                if is_key {
                    let pos = Position { line: mark.line(), column: mark.col() + 1 };
                    let step = Step::Key(value.clone());
                    if self.record {
                        let p = self.path(&step);
                        self.map.entry(p.as_str().to_string()).or_insert(pos);
                    }
                    let first = match self.stack.last() {
                        Some(Frame::Mapping { keys, .. }) => keys.get(&value).copied(),
                        _ => None,
                    };
                    if let Some(first) = first {
                        let path = self.path(&step);
                        self.duplicates.push(Duplicate { path, first, again: pos });
                    }
                    if let Some(Frame::Mapping { pending, keys, .. }) = self.stack.last_mut() {
                        keys.entry(value.clone()).or_insert(pos);
                        *pending = Some(value);
                    }
                }
            }
            Event::Alias(_) => {
                let _ = self.enter(mark);
            }
            Event::MappingStart(..) => {
                let (_, step) = self.enter(mark);
                self.stack.push(Frame::Mapping { step, pending: None, keys: HashMap::new() });
            }
            Event::SequenceStart(..) => {
                let (_, step) = self.enter(mark);
                self.stack.push(Frame::Sequence { step, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_items_are_located() {
        let text = "a:\n  b: 1\n  c:\n    - x\n    - {d: 2}\n";
        let loc = Locations::index(text).expect("valid YAML");
        let p = YamlPath::root().key("a").key("c").index(1).key("d");
        assert_eq!(loc.find(&p), Position { line: 5, column: 8 });
        assert_eq!(loc.find(&YamlPath::root().key("a").key("b")), Position { line: 2, column: 3 });
        // An unknown child falls back to its nearest known ancestor.
        assert_eq!(loc.find(&YamlPath::root().key("a").key("zz")), Position { line: 1, column: 1 });
    }

    #[test]
    fn duplicate_keys_are_found_with_both_positions() {
        let text = "a:\n  b: 1\n  c: 2\n  b: 3\nd:\n  b: 4\n";
        let loc = Locations::index(text).expect("valid YAML");
        let dups = loc.duplicates();
        assert_eq!(dups.len(), 1, "{dups:?}: the same key in another mapping is no duplicate");
        assert_eq!(dups[0].path.as_str(), "a.b");
        assert_eq!(
            (dups[0].first, dups[0].again),
            (Position { line: 2, column: 3 }, Position { line: 4, column: 3 })
        );
    }

    #[test]
    fn spans_end_where_the_indentation_returns() {
        let text = "a:\n  b: 1\n  c:\n    - x: 1\n      y: 2\n\n    - {d: 2}\n  # a comment\n  e: |-\n    two\n    lines\nf:\n- 1\n- 2\ng: 3\n";
        let loc = Locations::index(text).expect("valid YAML");
        let span = |p: YamlPath| loc.span(&p).map(|s| (s.start.line, s.end_line));
        let a = YamlPath::root().key("a");
        assert_eq!(span(a.clone()), Some((1, 11)));
        assert_eq!(span(a.key("b")), Some((2, 2)));
        assert_eq!(span(a.key("c")), Some((3, 7)));
        assert_eq!(
            span(a.key("c").index(0)),
            Some((4, 5)),
            "an item ends before its sibling, blank lines left out"
        );
        assert_eq!(span(a.key("c").index(1)), Some((7, 7)));
        assert_eq!(span(a.key("e")), Some((9, 11)));
        assert_eq!(
            span(YamlPath::root().key("f")),
            Some((12, 14)),
            "a sequence at its key's indentation"
        );
        assert_eq!(span(a.key("zz")), None);
        let kids: Vec<String> = loc.children(&a).into_iter().map(|(k, _)| k).collect();
        assert_eq!(kids, ["b", "c", "e"]);
    }

    #[test]
    fn parent_paths() {
        let p = YamlPath::root().key("a").index(3).key("b");
        assert_eq!(p.as_str(), "a[3].b");
        assert_eq!(p.parent().as_str(), "a[3]");
        assert_eq!(p.parent().parent().as_str(), "a");
        assert_eq!(p.parent().parent().parent().as_str(), "");
    }
}
