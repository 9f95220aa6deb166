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
#[derive(Debug, Clone, Default)]
pub struct Locations {
    map: HashMap<String, Position>,
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
    /// Index `text`, or say where and why it does not parse as YAML.
    pub fn index(text: &str) -> Result<Self, (Position, String)> {
        let mut builder = Builder { stack: Vec::new(), locations: Locations::default() };
        let mut parser = Parser::new_from_str(text);
        match parser.load(&mut builder, false) {
            Ok(()) => Ok(builder.locations),
            Err(e) => {
                let m = e.marker();
                Err((Position { line: m.line(), column: m.col() + 1 }, e.info().to_string()))
            }
        }
    }

    /// Keys that appear twice in one mapping, in the order met.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// The position of the node at `path`, or of its nearest indexed ancestor.
    pub fn find(&self, path: &YamlPath) -> Position {
        let mut p = path.clone();
        loop {
            if let Some(pos) = self.map.get(p.as_str()) {
                return *pos;
            }
            if p.as_str().is_empty() {
                return Position { line: 1, column: 1 };
            }
            p = p.parent();
        }
    }
}

enum Frame {
    /// A mapping: `pending` holds the path of the key just read, waiting for its value;
    /// `keys`, where each key of this mapping was first seen.
    Mapping {
        path: YamlPath,
        pending: Option<YamlPath>,
        keys: HashMap<String, Position>,
    },
    Sequence {
        path: YamlPath,
        next: usize,
    },
}

struct Builder {
    stack: Vec<Frame>,
    locations: Locations,
}

impl Builder {
    /// Called for each node start; says whether it is a key, and the path of the node.
    fn enter(&mut self, mark: Marker) -> (bool, YamlPath) {
        let pos = Position { line: mark.line(), column: mark.col() + 1 };
        match self.stack.last_mut() {
            None => (false, YamlPath::root()),
            Some(Frame::Sequence { path, next }) => {
                let p = path.index(*next);
                *next += 1;
                self.locations.map.entry(p.as_str().to_string()).or_insert(pos);
                (false, p)
            }
            Some(Frame::Mapping { pending, path, .. }) => match pending.take() {
                Some(p) => (false, p),
                None => (true, path.clone()),
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                let (is_key, p) = self.enter(mark);
                if is_key {
                    let key_path = p.key(&value);
                    let pos = Position { line: mark.line(), column: mark.col() + 1 };
                    self.locations.map.entry(key_path.as_str().to_string()).or_insert(pos);
                    if let Some(Frame::Mapping { pending, keys, .. }) = self.stack.last_mut() {
                        if let Some(first) = keys.get(&value) {
                            self.locations.duplicates.push(Duplicate { path: key_path.clone(), first: *first, again: pos });
                        } else {
                            keys.insert(value, pos);
                        }
                        *pending = Some(key_path);
                    }
                }
            }
            Event::Alias(_) => {
                let _ = self.enter(mark);
            }
            Event::MappingStart(..) => {
                let (_, p) = self.enter(mark);
                self.stack.push(Frame::Mapping { path: p, pending: None, keys: HashMap::new() });
            }
            Event::SequenceStart(..) => {
                let (_, p) = self.enter(mark);
                self.stack.push(Frame::Sequence { path: p, next: 0 });
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
        assert_eq!((dups[0].first, dups[0].again), (Position { line: 2, column: 3 }, Position { line: 4, column: 3 }));
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
