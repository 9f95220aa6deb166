//! Validation: every rule the pages state, checked on a request before it is sent.
//!
//! [`Validate::validate`] returns *every* violation, each with the path of the offending field
//! (`source.restore_time`, `data_node_relations[0].target_instance_id`), the [`Rule`] broken and
//! a readable message.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use super::wire::OpenEnum;

/// A rule a request can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// A field that a rule between fields makes mandatory is missing.
    Required,
    /// None of the alternatives of a rule between fields holds.
    AnyOf,
    /// A value is not one of the documented values.
    Enum,
    /// A number is below the documented minimum.
    Minimum,
    /// A number is above the documented maximum.
    Maximum,
    /// A path parameter is empty (it would change the URL).
    NonEmpty,
    /// A path parameter is `.` or `..`, which URLs resolve away, changing the path.
    PathSegment,
    /// A header parameter's value holds a character an HTTP header cannot carry (a line break,
    /// a control character).
    HeaderValue,
    /// A string is shorter than the documented minimum length (counted in characters).
    MinLength,
    /// A string is longer than the documented maximum length (counted in characters).
    MaxLength,
    /// A string does not match the documented pattern.
    Pattern,
    /// An array has fewer items than documented.
    MinItems,
    /// An array has more items than documented.
    MaxItems,
}

impl Rule {
    /// The rule's name in snake_case (`any_of`, `non_empty`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::AnyOf => "any_of",
            Rule::Enum => "enum",
            Rule::Minimum => "minimum",
            Rule::Maximum => "maximum",
            Rule::NonEmpty => "non_empty",
            Rule::PathSegment => "path_segment",
            Rule::HeaderValue => "header_value",
            Rule::MinLength => "min_length",
            Rule::MaxLength => "max_length",
            Rule::Pattern => "pattern",
            Rule::MinItems => "min_items",
            Rule::MaxItems => "max_items",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The path of a field inside a request, such as `data_node_relations[0].target_instance_id`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(String);

impl FieldPath {
    /// The root of a request body or parameter set (displayed as an empty path).
    pub fn root() -> Self {
        FieldPath(String::new())
    }
    /// The path of field `name` of the object at `self`.
    pub fn field(&self, name: &str) -> Self {
        if self.0.is_empty() {
            FieldPath(name.to_string())
        } else {
            FieldPath(format!("{}.{name}", self.0))
        }
    }
    /// The path of item `i` of the array at `self`.
    pub fn index(&self, i: usize) -> Self {
        FieldPath(format!("{}[{i}]", self.0))
    }
    /// The path as text; empty for the root.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "(body)" } else { &self.0 })
    }
}

/// Where a value stands in a request while it is checked: a chain of borrowed steps from the
/// root, so checking a valid request allocates nothing. The text of the path
/// ([`FieldPath`]) is made only when a violation is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At<'a> {
    /// The root of a request body or parameter set.
    Root,
    /// Field (or map key) `.1` of the object at `.0`.
    Field(&'a At<'a>, &'a str),
    /// Item `.1` of the array at `.0`.
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    /// Field (or map key) `name` of the object here.
    pub fn field<'b>(&'b self, name: &'b str) -> At<'b> {
        At::Field(self, name)
    }
    /// Item `i` of the array here.
    pub fn index(&self, i: usize) -> At<'_> {
        At::Index(self, i)
    }
    /// The path as text.
    pub fn path(&self) -> FieldPath {
        match self {
            At::Root => FieldPath::root(),
            At::Field(parent, name) => parent.path().field(name),
            At::Index(parent, i) => parent.path().index(*i),
        }
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where: the field's path.
    pub path: FieldPath,
    /// Which rule.
    pub rule: Rule,
    /// What is wrong, readably.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.path, self.message, self.rule)
    }
}

impl Violation {
    /// A violation of `rule` at `path`.
    pub fn new(path: FieldPath, rule: Rule, message: impl Into<String>) -> Self {
        Violation { path, rule, message: message.into() }
    }
    /// `value` is below `min`.
    pub fn below_minimum(path: FieldPath, value: i64, min: i64) -> Self {
        Violation::new(path, Rule::Minimum, format!("{value} is below the minimum {min}"))
    }
    /// `value` is above `max`.
    pub fn above_maximum(path: FieldPath, value: i64, max: i64) -> Self {
        Violation::new(path, Rule::Maximum, format!("{value} is above the maximum {max}"))
    }
    /// A path parameter is empty.
    pub fn empty(path: FieldPath) -> Self {
        Violation::new(
            path,
            Rule::NonEmpty,
            "must not be empty: an empty path segment would change the URL",
        )
    }
    /// A path parameter is `.` or `..`.
    pub fn dot_segment(path: FieldPath, value: &str) -> Self {
        Violation::new(
            path,
            Rule::PathSegment,
            format!("`{value}` cannot be a path segment: URLs resolve it away"),
        )
    }
    /// A header parameter's value that cannot be sent as a header, or `None` when it can:
    /// visible ASCII, spaces and tabs, and no leading or trailing white space.
    pub fn header_value(path: FieldPath, value: &str) -> Option<Self> {
        (!header_sendable(value)).then(|| {
            Violation::new(path, Rule::HeaderValue, "cannot be sent as an HTTP header: only visible ASCII, no line breaks or white space at the ends")
        })
    }
    /// A string `chars` characters long is shorter than `min`.
    pub fn too_short(path: FieldPath, chars: usize, min: usize) -> Self {
        Violation::new(
            path,
            Rule::MinLength,
            format!("is {chars} characters long, shorter than the minimum length {min}"),
        )
    }
    /// A string `chars` characters long is longer than `max`.
    pub fn too_long(path: FieldPath, chars: usize, max: usize) -> Self {
        Violation::new(
            path,
            Rule::MaxLength,
            format!("is {chars} characters long, longer than the maximum length {max}"),
        )
    }
    /// `value` does not match the regular expression `pattern`.
    pub fn no_match(path: FieldPath, value: &str, pattern: &str) -> Self {
        Violation::new(
            path,
            Rule::Pattern,
            format!("`{value}` does not match the pattern `{pattern}`"),
        )
    }
    /// An array of `items` items has fewer than `min`.
    pub fn too_few_items(path: FieldPath, items: usize, min: usize) -> Self {
        Violation::new(
            path,
            Rule::MinItems,
            format!("has {items} items, fewer than the minimum {min}"),
        )
    }
    /// An array of `items` items has more than `max`.
    pub fn too_many_items(path: FieldPath, items: usize, max: usize) -> Self {
        Violation::new(
            path,
            Rule::MaxItems,
            format!("has {items} items, more than the maximum {max}"),
        )
    }
    /// `value` is not one of `allowed`.
    pub fn unknown_value(path: FieldPath, value: &str, allowed: &[&str]) -> Self {
        Violation::new(path, Rule::Enum, format!("`{value}` is not one of: {}", allowed.join(", ")))
    }
}

/// Every violation found in a request; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// Every violation in `parts`, in their order (a call's path parameters, query, headers,
    /// body), as an error; `Ok` when there is none. What a client method does before sending.
    pub fn check(parts: &[&dyn Validate]) -> Result<(), ValidationError> {
        let mut violations = Vec::new();
        for part in parts {
            part.validate_at(At::Root, &mut violations);
        }
        Self::from_violations(violations).map_or(Ok(()), Err)
    }

    /// An error holding `violations`, or `None` when there are none.
    pub fn from_violations(violations: Vec<Violation>) -> Option<Self> {
        (!violations.is_empty()).then_some(ValidationError { violations })
    }
    /// The violations, in field order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
    /// The violations, owned.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(f, "invalid request: {n} violation{}: ", if n == 1 { "" } else { "s" })?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

/// A request type whose documented rules can be checked.
///
/// Also implemented for an `Option`, a `Vec` and a `BTreeMap` of such values, which check what
/// they hold (each item at its index, each map value at its key), so a field is checked with one
/// call whatever holds it.
pub trait Validate {
    /// Push every violation in `self`, which stands `at` a place in the request, onto `out`.
    ///
    /// The default checks nothing: a type that states no rule keeps it.
    #[doc(hidden)]
    fn validate_at(&self, at: At<'_>, out: &mut Vec<Violation>) {
        let _ = (at, out);
    }

    /// Every violation in `self`; empty when it is valid.
    fn violations(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        self.validate_at(At::Root, &mut out);
        out
    }

    /// `Ok` when `self` breaks no documented rule, otherwise every violation.
    fn validate(&self) -> Result<(), ValidationError> {
        let violations = self.violations();
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations })
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, at: At<'_>, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_at(at, out);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, at: At<'_>, out: &mut Vec<Violation>) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(at.index(i), out);
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, at: At<'_>, out: &mut Vec<Violation>) {
        for (key, value) in self {
            value.validate_at(at.field(key), out);
        }
    }
}

/// A field's value as a check of one value sees it: the value itself, or each value that an
/// `Option`, a `Vec` or a `BTreeMap` holds, each at its own place (`items[2]`, `tags.key`).
/// The checks below take any such field, so each is one call.
pub trait Each<T> {
    /// Call `check` with each value `self` holds and its place, `self` standing `at`.
    fn each(&self, at: At<'_>, check: &mut impl FnMut(At<'_>, &T));
}

macro_rules! each_itself {
    ($($t:ty),*) => {$(
        impl Each<$t> for $t {
            fn each(&self, at: At<'_>, check: &mut impl FnMut(At<'_>, &$t)) {
                check(at, self);
            }
        }
    )*};
}

each_itself!(i32, i64, String);

impl<E: OpenEnum> Each<E> for E {
    fn each(&self, at: At<'_>, check: &mut impl FnMut(At<'_>, &E)) {
        check(at, self);
    }
}

impl<T, U: Each<T>> Each<T> for Option<U> {
    fn each(&self, at: At<'_>, check: &mut impl FnMut(At<'_>, &T)) {
        if let Some(value) = self {
            value.each(at, check);
        }
    }
}

impl<T, U: Each<T>> Each<T> for Vec<U> {
    fn each(&self, at: At<'_>, check: &mut impl FnMut(At<'_>, &T)) {
        for (i, item) in self.iter().enumerate() {
            item.each(at.index(i), check);
        }
    }
}

impl<T, U: Each<T>> Each<T> for BTreeMap<String, U> {
    fn each(&self, at: At<'_>, check: &mut impl FnMut(At<'_>, &T)) {
        for (key, value) in self {
            value.each(at.field(key), check);
        }
    }
}

/// A value whose text on the wire a rule can compare: a string, or an enum's value.
pub trait WireText {
    /// The value as sent.
    fn wire_text(&self) -> &str;
}

impl WireText for String {
    fn wire_text(&self) -> &str {
        self
    }
}

impl<E: OpenEnum> WireText for E {
    fn wire_text(&self) -> &str {
        self.as_str()
    }
}

/// Whether every value in `value` is one of `values`, as an `anyOf` alternative restricts a
/// field; true when it holds none (an optional field that is absent).
pub fn among<T: WireText>(value: &impl Each<T>, values: &[&str]) -> bool {
    let mut all = true;
    value.each(At::Root, &mut |_, v: &T| all &= values.contains(&v.wire_text()));
    all
}

/// Check a documented range: each integer in `value`, at `at`, must be at least `min` and at
/// most `max` where they are given.
pub fn range<V: Copy + Into<i64>>(
    at: At<'_>,
    value: &impl Each<V>,
    min: Option<i64>,
    max: Option<i64>,
    out: &mut Vec<Violation>,
) {
    value.each(at, &mut |at, &value| {
        let value = value.into();
        if let Some(min) = min.filter(|&min| value < min) {
            out.push(Violation::below_minimum(at.path(), value, min));
        }
        if let Some(max) = max.filter(|&max| value > max) {
            out.push(Violation::above_maximum(at.path(), value, max));
        }
    });
}

/// Check values of a documented list: each one in `value`, at `at`, must be one of its enum's
/// documented values.
pub fn known<E: OpenEnum>(at: At<'_>, value: &impl Each<E>, out: &mut Vec<Violation>) {
    value.each(at, &mut |at, value: &E| {
        if !value.is_known() {
            out.push(Violation::unknown_value(at.path(), value.as_str(), E::VALUES));
        }
    });
}

/// Check a path parameter: it must not be empty, `.` or `..`, which would change the URL.
pub fn segment(at: At<'_>, value: &impl Each<String>, out: &mut Vec<Violation>) {
    value.each(at, &mut |at, value| {
        if value.is_empty() {
            out.push(Violation::empty(at.path()));
        } else if value == "." || value == ".." {
            out.push(Violation::dot_segment(at.path(), value));
        }
    });
}

/// Check a documented length: each string in `value`, at `at`, must be at least `min` and at
/// most `max` characters long where they are given.
///
/// Length is counted in characters (Unicode scalar values, `str::chars`), not bytes: `"né"` is
/// two characters long (three bytes). The pages give lengths in characters.
pub fn length(
    at: At<'_>,
    value: &impl Each<String>,
    min: Option<usize>,
    max: Option<usize>,
    out: &mut Vec<Violation>,
) {
    value.each(at, &mut |at, value| {
        // Counting stops past the maximum: a long string is not walked to its end.
        let limit = max.map_or(usize::MAX, |m| m.saturating_add(1));
        let chars = value.chars().take(limit).count();
        if let Some(min) = min.filter(|&min| chars < min) {
            out.push(Violation::too_short(at.path(), chars, min));
        }
        if let Some(max) = max.filter(|&max| chars > max) {
            out.push(Violation::too_long(at.path(), value.chars().count(), max));
        }
    });
}

/// A documented pattern: a regular expression, compiled the first time a value is checked
/// against it and kept for every later check. Generated code declares one `static` per
/// pattern: `static P: Pattern = Pattern::new("^[a-z]+$");`.
///
/// The syntax is the `regex` crate's (close to ECMAScript's for what the pages use: classes,
/// anchors, repetition; no look-around or backreferences). The generator refuses a pattern that
/// does not compile, so [`Pattern::is_match`] finds none in generated code. As in OpenAPI, a
/// pattern matches anywhere in the value unless it is anchored with `^` and `$`.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// The pattern `source`, not compiled yet.
    pub const fn new(source: &'static str) -> Self {
        Pattern { source, compiled: OnceLock::new() }
    }

    /// The regular expression, as documented.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `text` matches (anywhere, unless anchored); `None` when the pattern does not
    /// compile.
    pub fn is_match(&self, text: &str) -> Option<bool> {
        self.compiled
            .get_or_init(|| regex::Regex::new(self.source).ok())
            .as_ref()
            .map(|re| re.is_match(text))
    }
}

/// Check a documented pattern: each string in `value`, at `at`, must match `pattern`. A pattern
/// that does not compile (which the generator never emits) is reported on every value, as a
/// violation rather than a panic.
pub fn pattern(at: At<'_>, value: &impl Each<String>, pattern: &Pattern, out: &mut Vec<Violation>) {
    value.each(at, &mut |at, value| match pattern.is_match(value) {
        Some(true) => {}
        Some(false) => out.push(Violation::no_match(at.path(), value, pattern.source())),
        None => out.push(Violation::new(
            at.path(),
            Rule::Pattern,
            format!("the pattern `{}` does not compile", pattern.source()),
        )),
    });
}

/// An array field as a count of items: a `Vec`, or an `Option` of one (`None` when absent).
pub trait ItemCount {
    /// How many items; `None` when there is no array.
    fn item_count(&self) -> Option<usize>;
}

impl<T> ItemCount for Vec<T> {
    fn item_count(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<T: ItemCount> ItemCount for Option<T> {
    fn item_count(&self) -> Option<usize> {
        self.as_ref().and_then(ItemCount::item_count)
    }
}

/// Check a documented number of items: the array `value`, at `at`, when present, must have at
/// least `min` and at most `max` items where they are given.
pub fn items(
    at: At<'_>,
    value: &impl ItemCount,
    min: Option<usize>,
    max: Option<usize>,
    out: &mut Vec<Violation>,
) {
    let Some(n) = value.item_count() else { return };
    if let Some(min) = min.filter(|&min| n < min) {
        out.push(Violation::too_few_items(at.path(), n, min));
    }
    if let Some(max) = max.filter(|&max| n > max) {
        out.push(Violation::too_many_items(at.path(), n, max));
    }
}

/// Whether `value` can be sent as an HTTP header value: visible ASCII, spaces and tabs, and no
/// leading or trailing white space.
fn header_sendable(value: &str) -> bool {
    value.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b)) && value.trim() == value
}

/// Check a header parameter: it must be sendable as an HTTP header value.
pub fn header(at: At<'_>, value: &impl Each<String>, out: &mut Vec<Violation>) {
    value.each(at, &mut |at, value| {
        if !header_sendable(value) {
            out.extend(Violation::header_value(at.path(), value));
        }
    });
}

/// One alternative of a rule between fields (an OpenAPI `anyOf` branch), as evaluated on a value.
#[derive(Debug, Clone, Copy)]
pub struct Alternative<'a> {
    /// What the alternative means, from the spec.
    pub description: &'a str,
    /// Whether its conditions hold: its restricted values, the fields it needs absent, and
    /// the restricted fields it needs present.
    pub condition: bool,
    /// The other fields it needs: each one's wire name, and whether it is present.
    pub needs: &'a [(&'a str, bool)],
}

/// Check a rule between fields of the object `at` a place: at least one alternative must hold.
///
/// When none holds and exactly one alternative's conditions hold, that alternative is the one
/// the caller meant, so each field it still needs is reported as [`Rule::Required`] at its
/// own path. Otherwise one [`Rule::AnyOf`] violation at the object's path lists the alternatives.
pub fn any_of(at: At<'_>, alternatives: &[Alternative<'_>], out: &mut Vec<Violation>) {
    if alternatives.iter().any(|a| a.condition && a.needs.iter().all(|&(_, present)| present)) {
        return;
    }
    let mut applicable = alternatives.iter().filter(|a| a.condition);
    match (applicable.next(), applicable.next()) {
        (Some(only), None) => {
            for (field, _) in only.needs.iter().filter(|&&(_, present)| !present) {
                out.push(Violation::new(
                    at.path().field(field),
                    Rule::Required,
                    format!("is mandatory here: {}", only.description),
                ));
            }
        }
        _ => {
            let alts: Vec<&str> = alternatives.iter().map(|a| a.description).collect();
            out.push(Violation::new(
                at.path(),
                Rule::AnyOf,
                format!("at least one of these must hold: {}", alts.join("; or ")),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_compose() {
        let p = FieldPath::root().field("a").index(2).field("b");
        assert_eq!(p.as_str(), "a[2].b");
        assert_eq!(FieldPath::root().to_string(), "(body)");
    }

    #[test]
    fn places_make_the_same_paths() {
        let root = At::Root;
        let a = root.field("a");
        let i = a.index(2);
        assert_eq!(i.field("b").path(), FieldPath::root().field("a").index(2).field("b"));
        assert_eq!(At::Root.path(), FieldPath::root());
    }

    /// An open enum whose one documented value is `x`.
    struct Letter(&'static str);

    impl OpenEnum for Letter {
        const VALUES: &'static [&'static str] = &["x"];
        fn as_str(&self) -> &str {
            self.0
        }
        fn is_known(&self) -> bool {
            Self::VALUES.contains(&self.0)
        }
    }

    #[test]
    fn helpers_report_only_what_is_broken() {
        let mut out = Vec::new();
        let root = At::Root;
        range(root.field("n"), &5_i32, Some(1), Some(9), &mut out);
        known(root.field("e"), &Letter("x"), &mut out);
        segment(root.field("p"), &"id".to_string(), &mut out);
        header(root.field("h"), &"fine value".to_string(), &mut out);
        assert!(out.is_empty(), "{out:?}");
        range(root.field("n"), &0_i64, Some(1), None, &mut out);
        range(root.field("n"), &10_i64, None, Some(9), &mut out);
        known(root.field("e"), &Letter("y"), &mut out);
        segment(root.field("p"), &"..".to_string(), &mut out);
        segment(root.field("p"), &String::new(), &mut out);
        header(root.field("h"), &"two\nlines".to_string(), &mut out);
        let got: Vec<(&str, Rule)> = out.iter().map(|v| (v.path.as_str(), v.rule)).collect();
        let want = [
            ("n", Rule::Minimum),
            ("n", Rule::Maximum),
            ("e", Rule::Enum),
            ("p", Rule::PathSegment),
            ("p", Rule::NonEmpty),
            ("h", Rule::HeaderValue),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn lengths_count_characters_patterns_match_anywhere_and_items_count() {
        let mut out = Vec::new();
        let root = At::Root;
        // "né" is two characters and three bytes: within a maximum of 2.
        length(root.field("ok"), &Some("né".to_string()), Some(2), Some(2), &mut out);
        assert!(out.is_empty(), "{out:?}");
        length(root.field("short"), &"a".to_string(), Some(2), None, &mut out);
        length(
            root.field("long"),
            &vec!["abc".to_string(), "日本語です".to_string()],
            None,
            Some(4),
            &mut out,
        );
        static LOWER: Pattern = Pattern::new("^[a-z]+$");
        static DIGIT: Pattern = Pattern::new("[0-9]");
        pattern(
            root.field("p"),
            &Some(vec!["abc".to_string(), "aBc".to_string()]),
            &LOWER,
            &mut out,
        );
        pattern(root.field("q"), &"x1y".to_string(), &DIGIT, &mut out);
        static BROKEN: Pattern = Pattern::new("(");
        pattern(root.field("b"), &"x".to_string(), &BROKEN, &mut out);
        items(root.field("few"), &Some(vec![1]), Some(2), Some(3), &mut out);
        items(root.field("many"), &vec![1, 2, 3, 4], Some(2), Some(3), &mut out);
        items(root.field("none"), &None::<Vec<i32>>, Some(2), None, &mut out);
        let got: Vec<(&str, Rule)> = out.iter().map(|v| (v.path.as_str(), v.rule)).collect();
        let want = [
            ("short", Rule::MinLength),
            ("long[1]", Rule::MaxLength),
            ("p[1]", Rule::Pattern),
            ("b", Rule::Pattern),
            ("few", Rule::MinItems),
            ("many", Rule::MaxItems),
        ];
        assert_eq!(got, want);
        assert_eq!(out[1].message, "is 5 characters long, longer than the maximum length 4");
        assert_eq!(out[2].message, "`aBc` does not match the pattern `^[a-z]+$`");
        assert_eq!(LOWER.source(), "^[a-z]+$");
    }

    #[test]
    fn a_check_reaches_every_value_an_option_a_list_or_a_map_holds() {
        let mut out = Vec::new();
        let root = At::Root;
        range(root.field("none"), &None::<i32>, Some(1), None, &mut out);
        known(root.field("none"), &None::<Vec<Letter>>, &mut out);
        assert!(out.is_empty(), "{out:?}");
        range(root.field("one"), &Some(0_i32), Some(1), None, &mut out);
        range(root.field("list"), &vec![Some(1_i64), None, Some(0)], Some(1), None, &mut out);
        let map = BTreeMap::from([
            ("a".to_string(), vec![Letter("x"), Letter("z")]),
            ("b".to_string(), vec![Letter("y")]),
        ]);
        known(root.field("map"), &Some(map), &mut out);
        header(root.field("h"), &Some("a\rb".to_string()), &mut out);
        let got: Vec<(&str, Rule)> = out.iter().map(|v| (v.path.as_str(), v.rule)).collect();
        let want = [
            ("one", Rule::Minimum),
            ("list[2]", Rule::Minimum),
            ("map.a[1]", Rule::Enum),
            ("map.b[0]", Rule::Enum),
            ("h", Rule::HeaderValue),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn among_holds_for_listed_values_and_for_none() {
        assert!(among(&Letter("x"), &["x", "y"]));
        assert!(!among(&Letter("z"), &["x", "y"]));
        assert!(among(&None::<Letter>, &["x"]));
        assert!(among(&Some("b".to_string()), &["a", "b"]));
        assert!(!among(&Some("c".to_string()), &["a", "b"]));
    }

    /// A request type with one rule: `n` is at least 1.
    struct Positive(i32);

    impl Validate for Positive {
        fn validate_at(&self, at: At<'_>, out: &mut Vec<Violation>) {
            range(at.field("n"), &self.0, Some(1), None, out);
        }
    }

    #[test]
    fn an_option_a_list_and_a_map_of_request_types_check_what_they_hold() {
        let value = (
            Some(Positive(0)),
            vec![Positive(1), Positive(-1)],
            BTreeMap::from([("k".to_string(), Positive(0))]),
        );
        let mut out = Vec::new();
        value.0.validate_at(At::Root.field("o"), &mut out);
        value.1.validate_at(At::Root.field("v"), &mut out);
        value.2.validate_at(At::Root.field("m"), &mut out);
        None::<Positive>.validate_at(At::Root.field("none"), &mut out);
        let got: Vec<&str> = out.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(got, ["o.n", "v[1].n", "m.k.n"]);
    }

    #[test]
    fn any_of_reports_the_one_applicable_alternative_field_by_field() {
        let mut out = Vec::new();
        let alts = [
            Alternative { description: "a", condition: false, needs: &[] },
            Alternative {
                description: "b needs x",
                condition: true,
                needs: &[("x", false), ("y", false)],
            },
        ];
        any_of(At::Root.field("s"), &alts, &mut out);
        let got: Vec<(&str, Rule)> = out.iter().map(|v| (v.path.as_str(), v.rule)).collect();
        assert_eq!(got, vec![("s.x", Rule::Required), ("s.y", Rule::Required)]);
    }

    #[test]
    fn any_of_lists_alternatives_when_none_or_several_apply() {
        for condition in [true, false] {
            let mut out = Vec::new();
            let alts = [
                Alternative { description: "one", condition, needs: &[("x", false)] },
                Alternative { description: "two", condition, needs: &[("y", false)] },
            ];
            any_of(At::Root, &alts, &mut out);
            assert_eq!(out.len(), 1);
            assert_eq!(out[0].rule, Rule::AnyOf);
            assert!(out[0].message.contains("one; or two"), "{}", out[0].message);
        }
    }

    #[test]
    fn any_of_accepts_a_satisfied_alternative() {
        let mut out = Vec::new();
        let alts = [
            Alternative { description: "one", condition: true, needs: &[("x", false)] },
            Alternative { description: "two", condition: true, needs: &[] },
        ];
        any_of(At::Root, &alts, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn error_display_is_one_line_with_every_violation() {
        let e = ValidationError {
            violations: vec![
                Violation::below_minimum(FieldPath::root().field("limit"), 0, 1),
                Violation::empty(FieldPath::root().field("instance_id")),
            ],
        };
        let s = e.to_string();
        assert!(!s.contains('\n'));
        assert!(s.starts_with("invalid request: 2 violations: limit: 0 is below the minimum 1 [minimum]; instance_id:"), "{s}");
    }
}
