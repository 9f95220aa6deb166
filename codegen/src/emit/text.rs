//! Rust source written line by line, for the parts of a module the emitter lays out itself
//! (see [`Part::Text`](super::Part::Text)): types, their constructors, setters and validators,
//! whose shape is the same every time, so that formatting them costs nothing.

/// Lines of Rust source at an indentation, four spaces a level.
#[derive(Debug, Default)]
pub(crate) struct Source {
    text: String,
    depth: usize,
}

/// The column past which a list is laid out one entry a line, as rustfmt would.
const WIDTH: usize = 100;

impl Source {
    /// One line at the current indentation.
    pub(crate) fn line(&mut self, line: impl AsRef<str>) {
        let line = line.as_ref();
        if !line.is_empty() {
            for _ in 0..self.depth {
                self.text.push_str("    ");
            }
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// `line` (ending in `{`, or a `(` or `[` that opens a list), then what follows one level
    /// deeper.
    pub(crate) fn open(&mut self, line: impl AsRef<str>) {
        self.line(line);
        self.depth += 1;
    }

    /// Back one level, then `line` (the closing bracket).
    pub(crate) fn close(&mut self, line: impl AsRef<str>) {
        self.depth = self.depth.saturating_sub(1);
        self.line(line);
    }

    /// `///` lines: no blank line at either end and never two in a row, as
    /// [`doc_attrs`](super::doc_attrs) makes them. A line with a control character is written
    /// as a `#[doc]` attribute, which can carry it.
    pub(crate) fn doc(&mut self, lines: &[String]) {
        for l in kept(lines) {
            if l.is_empty() {
                self.line("///");
            } else if l.chars().any(char::is_control) {
                self.line(format!("#[doc = {:?}]", format!(" {l}")));
            } else {
                self.line(format!("/// {l}"));
            }
        }
    }

    /// One level deeper from here on (after a [`list`](Self::list) that opens a block).
    pub(crate) fn indent(&mut self) {
        self.depth += 1;
    }

    /// `head`, the `items` separated by `, ` and `tail` on one line when it fits in 100
    /// columns; otherwise `head`, each item on a line of its own ending in `,`, and `tail`.
    /// `head` ends with the opening bracket and `tail` starts with the closing one; the spaces
    /// inside a brace (`Self { a, b }`) are dropped when the list is folded.
    pub(crate) fn list(&mut self, head: &str, items: &[String], tail: &str) {
        let inline = format!("{head}{}{tail}", items.join(", "));
        if self.depth * 4 + inline.len() <= WIDTH {
            self.line(inline);
            return;
        }
        self.open(head.trim_end());
        for item in items {
            self.line(format!("{item},"));
        }
        self.close(tail.trim_start());
    }

    /// The text written.
    pub(crate) fn finish(self) -> String {
        self.text
    }
}

/// The lines of a documentation comment as written: blank lines at either end and runs of them
/// dropped.
pub(crate) fn kept(lines: &[String]) -> Vec<&String> {
    let mut kept: Vec<&String> = Vec::new();
    for l in lines {
        if l.is_empty() && kept.last().is_none_or(|p| p.is_empty()) {
            continue;
        }
        kept.push(l);
    }
    while kept.last().is_some_and(|l| l.is_empty()) {
        kept.pop();
    }
    kept
}

/// A Rust string literal of `text`.
pub(crate) fn string(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_indent_and_lists_fold_past_the_width() {
        let mut s = Source::default();
        s.doc(&["".into(), "One.".into(), "".into(), "".into(), "Two\u{7}.".into(), "".into()]);
        s.open("impl A {");
        s.list("f(", &["a".into(), "b".into()], ");");
        let long: Vec<String> = (0..20).map(|i| format!("argument_{i}")).collect();
        s.list("g(", &long, ");");
        s.list("Self { ", &long, " }");
        s.close("}");
        let text = s.finish();
        assert!(text.starts_with("/// One.\n///\n#[doc = \" Two\\u{7}.\"]\nimpl A {\n    f(a, b);\n    g(\n        argument_0,\n"), "{text}");
        assert!(text.contains("        argument_19,\n    );\n    Self {\n        argument_0,\n"), "{text}");
        assert!(text.ends_with("        argument_19,\n    }\n}\n"), "{text}");
    }

    #[test]
    fn a_string_literal_parses_back_to_its_text() {
        for text in ["plain", "with \"quotes\" and \\", "line\nbreak\ttab", "一", "\u{7f}\u{0}"] {
            let lit: syn::LitStr = syn::parse_str(&string(text)).expect("a literal");
            assert_eq!(lit.value(), text);
        }
    }
}
