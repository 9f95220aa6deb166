//! Rust source written line by line, for the parts of a module the emitter lays out itself
//! (see [`Part::Text`](super::Part::Text)): types, their constructors, setters and validators,
//! whose shape is the same every time, so that formatting them costs nothing.

/// Lines of Rust source at an indentation, four spaces a level.
#[derive(Debug, Default)]
pub(crate) struct Source {
    text: String,
    depth: usize,
}

/// The column past which a list is laid out one entry a line, and doc text wrapped, as rustfmt
/// would.
pub(crate) const WIDTH: usize = 100;

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
        let width = WIDTH.saturating_sub(self.depth * 4 + 4);
        for l in &wrapped(&kept(lines), width) {
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

    /// A source for lines that will sit `levels` deeper than this one's (a template's
    /// [`Hole::Lines`]), laid out for the width left there.
    pub(crate) fn nested(&self, levels: usize) -> Source {
        Source { text: String::new(), depth: self.depth + levels }
    }

    /// The lines written, without the indentation of the depth it ends at (the one it was made
    /// at, when every level opened was closed): what a [`Hole::Lines`] takes.
    pub(crate) fn into_lines(self) -> Vec<String> {
        let indent = "    ".repeat(self.depth);
        self.text.lines().map(|l| l.strip_prefix(&indent).unwrap_or(l).to_string()).collect()
    }
}

impl Source {
    /// `prefix`, `head`, each of `links` and `suffix` on one line when it fits in 100 columns;
    /// otherwise `prefix` and `head`, then each link on a line of its own one level deeper, the
    /// last ending in `suffix`: a method chain (`Call::of(..)?` `.with_query(..)` `.with_json(..)?`).
    pub(crate) fn chain(&mut self, prefix: &str, head: &str, links: &[String], suffix: &str) {
        let inline = format!("{prefix}{head}{}{suffix}", links.concat());
        if self.depth * 4 + inline.len() <= WIDTH || links.is_empty() {
            self.line(inline);
            return;
        }
        self.line(format!("{prefix}{head}"));
        self.depth += 1;
        for (i, link) in links.iter().enumerate() {
            let end = if i + 1 == links.len() { suffix } else { "" };
            self.line(format!("{link}{end}"));
        }
        self.depth -= 1;
    }

    /// `expr` between `prefix` and `suffix`, folded as [`Expr::lines`] folds it.
    pub(crate) fn expr(&mut self, prefix: &str, expr: &Expr, suffix: &str) {
        let mut lines = Vec::new();
        expr.lines(prefix, suffix, 0, WIDTH.saturating_sub(self.depth * 4), &mut lines);
        for l in lines {
            self.line(l);
        }
    }
}

/// What fills a `$name` hole of a [`Source::template`].
#[derive(Debug, Clone)]
pub(crate) enum Hole {
    /// Text in the line.
    Text(String),
    /// Lines, each at the hole's line's indentation, in place of that line (the hole is the
    /// whole line); none drops it.
    Lines(Vec<String>),
    /// A bracketed list's items, `, `-separated in the line, or one a line when the line would
    /// pass 100 columns (as [`Source::list`] lays them out): the hole must come right after the
    /// opening bracket, and the closing one right after it.
    List(Vec<String>),
}

impl Hole {
    /// Text for a hole.
    pub(crate) fn text(text: impl Into<String>) -> Hole {
        Hole::Text(text.into())
    }
}

impl Source {
    /// `template`'s lines, each at the current indentation plus its own, with every `$name`
    /// replaced as `holes` say. A template is the shape of the code it emits, written as that
    /// code reads; a `$name` without a hole is an emitter bug, reported as an error.
    pub(crate) fn template(
        &mut self,
        template: &str,
        holes: &[(&str, Hole)],
    ) -> Result<(), String> {
        for line in template.lines() {
            let body = line.trim_start();
            let extra = (line.len() - body.len()) / 4;
            let (text, expanded) = fill(body, holes)?;
            self.depth += extra;
            match expanded {
                Some(lines) => lines.iter().for_each(|l| self.line(l)),
                None => match text {
                    Filled::Line(l) => self.line(l),
                    Filled::List { head, items, tail } => self.list(&head, &items, &tail),
                },
            }
            self.depth -= extra;
        }
        Ok(())
    }
}

/// One template line filled: plain, or around a list hole.
enum Filled {
    Line(String),
    List { head: String, items: Vec<String>, tail: String },
}

/// `line` with its holes filled; the second value is the lines a [`Hole::Lines`] puts in its
/// place.
fn fill(line: &str, holes: &[(&str, Hole)]) -> Result<(Filled, Option<Vec<String>>), String> {
    let mut out = String::new();
    let mut list: Option<(String, Vec<String>)> = None;
    let mut rest = line;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let len =
            after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        let name = &after[..len];
        let Some((_, hole)) = holes.iter().find(|(n, _)| *n == name) else {
            return Err(format!("template line `{line}`: no hole `${name}`"));
        };
        match hole {
            Hole::Text(t) => out.push_str(t),
            Hole::Lines(lines) if line == format!("${name}") => {
                return Ok((Filled::Line(String::new()), Some(lines.clone())));
            }
            Hole::Lines(_) => {
                return Err(format!("template line `{line}`: `${name}` must be the whole line"))
            }
            Hole::List(_) if list.is_some() => {
                return Err(format!("template line `{line}`: a second list hole `${name}`"));
            }
            Hole::List(items) => list = Some((std::mem::take(&mut out), items.clone())),
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    Ok(match list {
        Some((head, items)) => (Filled::List { head, items, tail: out }, None),
        None => (Filled::Line(out), None),
    })
}

/// A Rust expression as the emitter builds one (a doc example's values, a waiter's reading),
/// laid out on one line when it fits and folded as rustfmt folds it when it does not.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    /// Text that is never broken: a literal, a path, `&query`.
    Atom(String),
    /// An opening (`f(`, `vec![`), the arguments, and the closing bracket.
    Call(String, Vec<Expr>, &'static str),
    /// A value and what follows it: method calls (`.with_name(..)`, with their arguments) and
    /// bare suffixes (`.await?`, with none).
    Chain(Box<Expr>, Vec<(String, Option<Vec<Expr>>)>),
}

impl Expr {
    /// An atom of `text`.
    pub(crate) fn atom(text: impl Into<String>) -> Self {
        Expr::Atom(text.into())
    }

    /// `head(args)`, `head` naming what is called (`f`, `module::T::new`).
    pub(crate) fn call(head: impl Into<String>, args: Vec<Expr>) -> Self {
        Expr::Call(format!("{}(", head.into()), args, ")")
    }

    /// `self.name(args)`; with no arguments, the bare `name` (`.await?`).
    pub(crate) fn then(self, name: impl Into<String>, args: Option<Vec<Expr>>) -> Self {
        let link = (name.into(), args);
        match self {
            Expr::Chain(base, mut links) => {
                links.push(link);
                Expr::Chain(base, links)
            }
            other => Expr::Chain(Box::new(other), vec![link]),
        }
    }

    /// The expression on one line.
    pub(crate) fn flat(&self) -> String {
        let list = |args: &[Expr]| args.iter().map(Expr::flat).collect::<Vec<_>>().join(", ");
        match self {
            Expr::Atom(a) => a.clone(),
            Expr::Call(open, args, close) => format!("{open}{}{close}", list(args)),
            Expr::Chain(base, links) => {
                let mut text = base.flat();
                for (name, args) in links {
                    text.push_str(name);
                    if let Some(args) = args {
                        text.push_str(&format!("({})", list(args)));
                    }
                }
                text
            }
        }
    }

    /// The lines of `prefix`, the expression and `suffix`, `depth` levels in from a margin
    /// `width` columns wide: one line when it fits; otherwise a call's arguments one a line,
    /// and a chain's links one a line below its value.
    pub(crate) fn lines(
        &self,
        prefix: &str,
        suffix: &str,
        depth: usize,
        width: usize,
        out: &mut Vec<String>,
    ) {
        let pad = "    ".repeat(depth);
        let flat = format!("{prefix}{}{suffix}", self.flat());
        if depth * 4 + flat.len() <= width {
            out.push(format!("{pad}{flat}"));
            return;
        }
        match self {
            Expr::Atom(_) => out.push(format!("{pad}{flat}")),
            Expr::Call(_, args, _) if args.is_empty() => out.push(format!("{pad}{flat}")),
            Expr::Call(open, args, close) => {
                out.push(format!("{pad}{prefix}{open}"));
                for a in args {
                    a.lines("", ",", depth + 1, width, out);
                }
                out.push(format!("{pad}{close}{suffix}"));
            }
            Expr::Chain(base, links) => {
                base.lines(prefix, "", depth, width, out);
                for (i, (name, args)) in links.iter().enumerate() {
                    let end = if i + 1 == links.len() { suffix } else { "" };
                    match args {
                        Some(args) => Expr::Call(format!("{name}("), args.clone(), ")").lines(
                            "",
                            end,
                            depth + 1,
                            width,
                            out,
                        ),
                        None => out.push(format!("{pad}    {name}{end}")),
                    }
                }
            }
        }
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

/// Doc lines with the prose wrapped at spaces to `width` columns, as a maintainer would wrap
/// them: a list item's continuation lines are indented under its text, a line's own indentation
/// is kept. Fenced code, headings, table rows and a word longer than the width stay as they
/// are, since breaking them would change what they say.
pub(crate) fn wrapped<S: AsRef<str>>(lines: &[S], width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in lines.iter().map(AsRef::as_ref) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            fenced = !fenced;
        }
        if fenced
            || trimmed.starts_with("```")
            || trimmed.starts_with('#')
            || trimmed.starts_with('|')
            || line.chars().count() <= width
        {
            out.push(line.to_string());
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        let marker = trimmed
            .find(". ")
            .filter(|&i| i > 0 && trimmed[..i].bytes().all(|b| b.is_ascii_digit()))
            .map(|i| i + 2);
        let hanging = match (trimmed.starts_with("- ") || trimmed.starts_with("* "), marker) {
            (true, _) => 2,
            (false, Some(n)) => n,
            (false, None) => 0,
        };
        let next = format!("{indent}{}", " ".repeat(hanging));
        let mut current = indent.to_string();
        for word in trimmed.split(' ').filter(|w| !w.is_empty()) {
            let fits = current.chars().count() + 1 + word.chars().count() <= width;
            if current.trim().is_empty() {
                current.push_str(word);
            } else if fits {
                current.push(' ');
                current.push_str(word);
            } else {
                // A line must not start with what Markdown reads as a list item, a quote or a
                // heading: such a word goes down with the word before it.
                let (kept, moved) = match current.rsplit_once(' ') {
                    Some((kept, last)) if starts_block(word) && !kept.trim().is_empty() => {
                        (kept.to_string(), format!("{next}{last} {word}"))
                    }
                    _ => (current.clone(), format!("{next}{word}")),
                };
                out.push(kept);
                current = moved;
            }
        }
        out.push(current);
    }
    out
}

/// Whether a line starting with `word` would open a Markdown block: a list item (`-`, `*`, `+`,
/// `1.`, `1)`), a quote (`>`), a heading (`#`) or a rule.
fn starts_block(word: &str) -> bool {
    let numbered = word
        .strip_suffix(['.', ')'])
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    numbered
        || ["-", "*", "+", ">"].contains(&word)
        || word.starts_with('#')
        || word.starts_with("---")
}

/// A Rust string literal of `text`.
pub(crate) fn string(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_fills_its_holes_folds_a_long_list_and_refuses_an_unknown_hole() {
        let template = "fn $name($params) {\n    $body\n    call($args);\n}";
        let short = |n: usize| Hole::List((0..n).map(|i| format!("a{i}")).collect());
        let mut src = Source::default();
        let holes = [
            ("name", Hole::Text("f".into())),
            ("params", short(2)),
            ("body", Hole::Lines(vec!["let x = 1;".into(), "let y = 2;".into()])),
            ("args", short(1)),
        ];
        src.template(template, &holes).expect("filled");
        assert_eq!(
            src.finish(),
            "fn f(a0, a1) {\n    let x = 1;\n    let y = 2;\n    call(a0);\n}\n"
        );
        // A list that would pass 100 columns is one item a line; no lines drop the line.
        let long = Hole::List((0..30).map(|i| format!("argument_{i}")).collect());
        let mut src = Source::default();
        let holes = [
            ("name", Hole::Text("g".into())),
            ("params", short(0)),
            ("body", Hole::Lines(vec![])),
            ("args", long),
        ];
        src.template(template, &holes).expect("filled");
        let text = src.finish();
        assert!(text.starts_with("fn g() {\n    call(\n        argument_0,\n"), "{text}");
        assert!(text.lines().all(|l| l.len() <= WIDTH), "{text}");
        // An emitter bug is an error naming the hole, not a silent gap.
        let err = Source::default().template("x($nope)", &[]).unwrap_err();
        assert!(err.contains("$nope"), "{err}");
        let err = Source::default()
            .template("let a = $body;", &[("body", Hole::Lines(vec![]))])
            .unwrap_err();
        assert!(err.contains("whole line"), "{err}");
    }

    #[test]
    fn doc_prose_is_wrapped_and_code_tables_and_headings_are_not() {
        let long = "word ".repeat(30).trim_end().to_string();
        let code = format!("let x = \"{}\";", "y".repeat(120));
        let lines = vec![
            long.clone(),
            format!("- {long}"),
            format!("12. {long}"),
            "```".to_string(),
            code.clone(),
            "```".to_string(),
            format!("| {long} |"),
            format!("# {long}"),
            "a".repeat(150),
        ];
        let out = wrapped(&lines, 40);
        assert!(
            out.iter()
                .filter(|l| !l.contains("y".repeat(50).as_str())
                    && !l.starts_with('|')
                    && !l.starts_with('#')
                    && !l.starts_with("aaaa"))
                .all(|l| l.chars().count() <= 40),
            "{out:#?}"
        );
        // A word that would open a Markdown block never starts a line.
        let prose = format!("{} - b + c > d # e 1. f", "word ".repeat(7));
        for width in 10..60 {
            let out = wrapped(std::slice::from_ref(&prose), width);
            assert!(
                out.iter()
                    .skip(1)
                    .all(|l| !starts_block(l.split_whitespace().next().unwrap_or(""))),
                "{width}: {out:#?}"
            );
            assert!(out.iter().all(|l| !l.ends_with(' ')), "{out:#?}");
        }
        // Nothing is lost or reordered: the words come back when the lines are joined.
        let joined: Vec<&str> = out.iter().flat_map(|l| l.split_whitespace()).collect();
        let given: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(joined, given);
        // A list item continues under its text; fenced code, a table row, a heading and an
        // unbreakable word are kept whole.
        let item = out.iter().position(|l| l.starts_with("- ")).expect("the item");
        assert!(out[item + 1].starts_with("  word"), "{:?}", out[item + 1]);
        let numbered = out.iter().position(|l| l.starts_with("12. ")).expect("the numbered item");
        assert!(out[numbered + 1].starts_with("    word"), "{:?}", out[numbered + 1]);
        for whole in [&code, &format!("| {long} |"), &format!("# {long}"), &"a".repeat(150)] {
            assert!(out.contains(whole), "{whole} was broken");
        }
    }

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
        assert!(
            text.contains("        argument_19,\n    );\n    Self {\n        argument_0,\n"),
            "{text}"
        );
        assert!(text.ends_with("        argument_19,\n    }\n}\n"), "{text}");
    }

    #[test]
    fn an_expression_is_one_line_when_it_fits_and_folds_by_calls_and_links() {
        let short = Expr::call("m::T::new", vec![Expr::atom("\"t\"")])
            .then(".with_name", Some(vec![Expr::atom("\"n\"")]));
        assert_eq!(short.flat(), "m::T::new(\"t\").with_name(\"n\")");
        let mut lines = Vec::new();
        short.lines("let x = ", ";", 0, 100, &mut lines);
        assert_eq!(lines, ["let x = m::T::new(\"t\").with_name(\"n\");"]);
        let long: Vec<Expr> =
            (0..6).map(|i| Expr::atom(format!("\"argument-number-{i}\""))).collect();
        let call = Expr::call("client.f", long).then(".await?", None);
        let mut lines = Vec::new();
        call.lines("let r = ", ";", 0, 60, &mut lines);
        assert_eq!(lines[0], "let r = client.f(");
        assert_eq!(lines[1], "    \"argument-number-0\",");
        assert_eq!(lines[7], ")");
        assert_eq!(lines[8], "    .await?;");
        let mut src = Source::default();
        src.chain(
            "let call = ",
            "Call::of(&X, &[&a])?",
            &[".with_query(q)".to_string(), ".with_json(body)?".to_string()],
            ";",
        );
        assert_eq!(
            src.finish(),
            "let call = Call::of(&X, &[&a])?.with_query(q).with_json(body)?;\n"
        );
    }

    #[test]
    fn a_string_literal_parses_back_to_its_text() {
        for text in ["plain", "with \"quotes\" and \\", "line\nbreak\ttab", "一", "\u{7f}\u{0}"] {
            let lit: syn::LitStr = syn::parse_str(&string(text)).expect("a literal");
            assert_eq!(lit.value(), text);
        }
    }
}
