//! Constraints stated in words: ranges, minimums and maximums, defaults and value lists, in the
//! phrasings the pages use. A sentence that speaks of a constraint but cannot be read with
//! confidence yields nothing and is returned as [`Unread`]: a wrong constraint is worse than a
//! missing one.
//!
//! What is read:
//! - ranges: `Value range: 1 to 128`, `ranges from 1 to 100`, `The minimum value is 1 and the
//!   maximum value is 100`, `greater than 0 and less than or equal to 128` (integers), `cannot be
//!   a negative number`, `non-negative`;
//! - defaults: `Default: true`, `Default value: 10` (or the paragraph after `Default value:`),
//!   `The default value is 100`, a sentence with `by default` and exactly one number;
//! - value lists: list items `value` or `value: meaning` after `Value:`, `Values:`, `Value
//!   range:`, `Enumeration values:`, `The value can be:`; inline `Possible values are a, b, and c`;
//! - the labelled paragraphs of the RDS layouts (`Explanation:`/`Definition`, `Constraints:`,
//!   `Value range:`/`Range`, `Default value:`), `N/A` meaning nothing.
//!
//! Numeric ranges are read for numeric types only, value lists for strings only; on other
//! types they are reported.

use std::sync::LazyLock;

use regex::Regex;

/// Constraints a row's description states in words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// Inclusive lower bound.
    pub minimum: Option<i64>,
    /// Inclusive upper bound.
    pub maximum: Option<i64>,
    /// The default value, as the page writes it.
    pub default: Option<String>,
    /// The documented values, in the page's order.
    pub values: Vec<String>,
}

/// A sentence about a constraint that was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// The sentence.
    pub sentence: String,
    /// Why it was not read.
    pub reason: String,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("a pattern of the constraint reader does not compile: {e}"))
}

const INT: &str = r"(-?\d+)";

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?i)(?:value range(?: is)?:?|ranges? from|ranging from|range:|in the range of|between)\s*{INT}\s*(?:to|-|–|~|and)\s*{INT}"))
});
static MIN_MAX: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)the (minimum|maximum) value is {INT}")));
static GE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)greater than or equal to {INT}")));
static GT: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)greater than {INT}")));
static LE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)less than or equal to {INT}")));
static LT: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)less than {INT}")));
static NON_NEGATIVE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)non-negative|cannot be (?:a )?negative|must not be (?:a )?negative|not less than 0\b"));
static DEFAULT_IS: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?i)(?:^default(?: value)?:|the default value is|defaults to)\s*"?([A-Za-z0-9_.-]+)"?\s*\.?$"#));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[^\w.+-])(-?\d+)(?:$|[^\w.%])"));
static BARE_RANGE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^{INT}\s*(?:to|-|–|~)\s*{INT}\.?$")));
static TOKEN: LazyLock<Regex> = LazyLock::new(|| re(r"^[A-Za-z0-9_.-]+$"));
static ITEM: LazyLock<Regex> = LazyLock::new(|| re(r"^([A-Za-z0-9_.-]+)(?:\s*[:：]\s*(.*)|\s+[-–]\s+(.*))?$"));
static TWO_ITEMS: LazyLock<Regex> = LazyLock::new(|| re(r"\.\s+[A-Za-z0-9_-]+:\s"));
static INLINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:possible values are|valid values are|the value can be|value options are|the options are)\s+([^.]+)\.?"));
static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|\W)(?:value|values|value range|range|enumeration values|enumerated values|the value can be|the value can be one of the following|possible values|valid values|options|value options)\s*:$",
    )
});
/// Words that say a sentence speaks of a constraint.
static CONSTRAINT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i:\b(?:value range|ranges? from|minimum value|maximum value|the minimum|the maximum|default|greater than|less than|negative|positive|at least|at most|no more than|cannot exceed|characters|enumerat|possible values?|valid values?|value can be|values are|can be any of|one of the following))|which can be [A-Z"']"#,
    )
});

const LABELS: &[(&str, Label)] = &[
    ("explanation", Label::Explanation),
    ("definition", Label::Explanation),
    ("constraints", Label::Constraints),
    ("constraint", Label::Constraints),
    ("value range", Label::Range),
    ("range", Label::Range),
    ("values", Label::Range),
    ("default value", Label::Default),
    ("default", Label::Default),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Explanation,
    Constraints,
    Range,
    Default,
}

/// A paragraph that is only a label (`Value range:`, `Range`), the RDS layouts' way of
/// dividing a description.
fn label(p: &str) -> Option<Label> {
    let l = p.trim().trim_end_matches([':', '：']).to_ascii_lowercase();
    LABELS.iter().find(|(w, _)| *w == l).map(|(_, k)| *k)
}

fn is_numeric(ty: Option<&str>) -> bool {
    matches!(ty.map(str::to_ascii_lowercase).as_deref(), Some("integer" | "long" | "int" | "int32" | "int64" | "number" | "float" | "double"))
}

fn is_integer(ty: Option<&str>) -> bool {
    matches!(ty.map(str::to_ascii_lowercase).as_deref(), Some("integer" | "long" | "int" | "int32" | "int64"))
}

fn is_string(ty: Option<&str>) -> bool {
    matches!(ty.map(str::to_ascii_lowercase).as_deref(), Some("string") | None)
}

fn sentences(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = p.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        let ends = matches!(c, '.' | ';') && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if ends {
            out.push(cur.trim().to_string());
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn na(p: &str) -> bool {
    matches!(p.trim().trim_end_matches('.').to_ascii_lowercase().as_str(), "n/a" | "none" | "-" | "")
}

struct Reader<'a> {
    ty: Option<&'a str>,
    c: Constraints,
    unread: Vec<Unread>,
    /// Value lists read, each with the sentence it came from.
    lists: Vec<(Vec<String>, String)>,
}

impl Reader<'_> {
    fn skip(&mut self, sentence: &str, reason: &str) {
        self.unread.push(Unread { sentence: sentence.to_string(), reason: reason.to_string() });
    }

    fn min(&mut self, v: i64) {
        self.c.minimum = Some(self.c.minimum.map_or(v, |m| m.max(v)));
    }

    fn max(&mut self, v: i64) {
        self.c.maximum = Some(self.c.maximum.map_or(v, |m| m.min(v)));
    }

    fn default(&mut self, sentence: &str, v: &str) {
        let v = v.trim().trim_end_matches('.').trim_matches('"').to_string();
        match &self.c.default {
            Some(d) if *d != v => self.skip(sentence, "a second, different default"),
            _ => self.c.default = Some(v),
        }
    }

    /// Read one sentence; returns whether it said something the reader understood.
    fn sentence(&mut self, s: &str) -> bool {
        let mut read = false;
        let numeric = is_numeric(self.ty);
        let ranges = [&*RANGE, &*MIN_MAX, &*GE, &*GT, &*LE, &*LT];
        if ranges.iter().any(|r| r.is_match(s)) || NON_NEGATIVE.is_match(s) {
            if self.ty.is_none() {
                self.skip(s, "a range on a value whose type the page does not give: not recorded");
                return true;
            }
            if !numeric {
                self.skip(s, "a range on a value that is not a number (a length, perhaps): not recorded");
                return true;
            }
            if s.to_ascii_lowercase().contains("character") || s.to_ascii_lowercase().contains("length") {
                self.skip(s, "a length limit: not recorded (the spec does not state lengths)");
                return true;
            }
            let num = |m: &str| m.parse::<i64>().ok();
            if let Some(m) = RANGE.captures(s) {
                if let (Some(lo), Some(hi)) = (num(&m[1]), num(&m[2])) {
                    self.min(lo);
                    self.max(hi);
                    read = true;
                }
            }
            for m in MIN_MAX.captures_iter(s) {
                if let Some(v) = num(&m[2]) {
                    if m[1].eq_ignore_ascii_case("minimum") {
                        self.min(v)
                    } else {
                        self.max(v)
                    }
                    read = true;
                }
            }
            let integer = is_integer(self.ty);
            if let Some(v) = GE.captures(s).and_then(|m| num(&m[1])) {
                self.min(v);
                read = true;
            } else if let Some(v) = GT.captures(s).and_then(|m| num(&m[1])) {
                if integer {
                    self.min(v + 1);
                    read = true;
                } else {
                    self.skip(s, "an exclusive bound on a number that is not an integer: not recorded");
                    return true;
                }
            }
            if let Some(v) = LE.captures(s).and_then(|m| num(&m[1])) {
                self.max(v);
                read = true;
            } else if let Some(v) = LT.captures(s).and_then(|m| num(&m[1])) {
                if integer {
                    self.max(v - 1);
                    read = true;
                } else {
                    self.skip(s, "an exclusive bound on a number that is not an integer: not recorded");
                    return true;
                }
            }
            if NON_NEGATIVE.is_match(s) {
                self.min(0);
                read = true;
            }
        }
        if let Some(m) = DEFAULT_IS.captures(s.trim()) {
            self.default(s, &m[1]);
            read = true;
        } else if s.to_ascii_lowercase().contains("by default") {
            let nums: Vec<&str> = NUMBER.captures_iter(s).map(|m| m.get(1).map_or("", |g| g.as_str())).collect();
            match nums.as_slice() {
                [n] => {
                    self.default(s, n);
                    read = true;
                }
                _ => {
                    self.skip(s, "a default in words: not recorded");
                    return true;
                }
            }
        }
        if let Some(m) = INLINE.captures(s) {
            let items: Vec<String> = m[1]
                .replace(", and ", ", ")
                .replace(" and ", ", ")
                .replace(", or ", ", ")
                .replace(" or ", ", ")
                .split(',')
                .map(|v| v.trim().to_string())
                .collect();
            if is_string(self.ty) && items.len() > 1 && items.iter().all(|v| TOKEN.is_match(v)) {
                self.lists.push((items, s.to_string()));
                read = true;
            } else {
                self.skip(s, "a list of values in words: not recorded");
                return true;
            }
        }
        read
    }

    /// Read list items from `paras[at..]`; returns the values and how many paragraphs they take.
    fn list(&mut self, paras: &[String], at: usize, intro: &str) -> usize {
        let mut values = Vec::new();
        let mut j = at;
        let bulleted = paras.get(at).is_some_and(|p| p.starts_with("• "));
        while let Some(p) = paras.get(j) {
            let item = p.strip_prefix("• ").unwrap_or(p).trim();
            if bulleted != p.starts_with("• ") || label(p).is_some() {
                break;
            }
            let Some(m) = ITEM.captures(item) else { break };
            let meaning = m.get(2).or(m.get(3)).map_or("", |g| g.as_str());
            if TWO_ITEMS.is_match(meaning) {
                self.skip(item, "several values in one paragraph: not recorded");
                return j + 1 - at;
            }
            values.push(m[1].to_string());
            j += 1;
        }
        if values.is_empty() {
            // `Value range:` then `1 to 128` alone.
            if let Some(m) = paras.get(at).and_then(|p| BARE_RANGE.captures(p.trim())) {
                let bounds = (m[1].parse::<i64>(), m[2].parse::<i64>());
                if let (Ok(lo), Ok(hi), true) = (bounds.0, bounds.1, is_numeric(self.ty)) {
                    self.min(lo);
                    self.max(hi);
                    return 1;
                }
            }
            if let Some(p) = paras.get(at).filter(|p| !na(p)) {
                if !self.sentence(p) {
                    self.skip(p, "the values after this list's introduction are not `value` or `value: meaning` items");
                }
                return 1;
            }
            return 0;
        }
        if intro.to_ascii_lowercase().contains("case-insensitive") {
            self.skip(intro, "values that are case-insensitive: not recorded as an enumeration");
        } else if !is_string(self.ty) {
            self.skip(intro, "a list of values for a type that is not a string: not recorded");
        } else {
            self.lists.push((values, intro.to_string()));
        }
        j - at
    }
}

/// Read the constraints a description (its paragraphs, list items starting `• `) states for a
/// value of the page's type `ty`.
pub fn read(description: &[String], ty: Option<&str>) -> (Constraints, Vec<Unread>) {
    let mut r = Reader { ty, c: Constraints::default(), unread: Vec::new(), lists: Vec::new() };
    let mut current: Option<Label> = None;
    let mut i = 0;
    while i < description.len() {
        let p = description[i].as_str();
        if let Some(l) = label(p) {
            current = Some(l);
            i += 1;
            if matches!(l, Label::Range) {
                i += r.list(description, i, p);
            }
            continue;
        }
        let text = p.strip_prefix("• ").unwrap_or(p);
        match current {
            Some(Label::Default) => {
                if !na(text) {
                    if TOKEN.is_match(text.trim().trim_end_matches('.')) {
                        r.default(text, text);
                    } else if !r.sentence(text) {
                        r.skip(text, "a default in words: not recorded");
                    }
                }
                i += 1;
                continue;
            }
            Some(Label::Range) if !na(text) => {
                if !r.sentence(text) {
                    r.skip(text, "a value range in words: not recorded");
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        if na(text) {
            i += 1;
            continue;
        }
        // A paragraph ending with a list's introduction (`... Value:`).
        if INTRO.is_match(text.trim()) {
            i += 1;
            i += r.list(description, i, text);
            continue;
        }
        // `value: meaning` list items with no introduction: values, perhaps, but not said to be.
        if p.starts_with("• ") && (i == 0 || !description[i - 1].starts_with("• ")) {
            let items = description[i..].iter().take_while(|q| q.starts_with("• ")).count();
            let shaped =
                description[i..i + items].iter().all(|q| ITEM.captures(q.trim_start_matches("• ").trim()).is_some_and(|m| m.get(2).is_some()));
            if items > 1 && shaped {
                r.skip(text, "a list of `value: meaning` items that no sentence introduces as the values: not recorded");
                i += items;
                continue;
            }
        }
        for s in sentences(text) {
            if !r.sentence(&s) && CONSTRAINT_WORDS.is_match(&s) && !p.starts_with("• ") {
                r.skip(&s, "a constraint in words the reader does not know");
            }
        }
        i += 1;
    }
    // Value lists: one, or several that agree.
    if let Some((first, _)) = r.lists.first().cloned() {
        let same = |a: &Vec<String>, b: &Vec<String>| {
            let mut a = a.clone();
            let mut b = b.clone();
            a.sort();
            b.sort();
            a == b
        };
        let bullet = r.lists.iter().find(|(_, intro)| INTRO.is_match(intro.trim())).map(|(v, _)| v.clone()).unwrap_or(first);
        if r.lists.iter().all(|(v, _)| same(v, &bullet)) {
            r.c.values = bullet;
        } else {
            let s = r.lists.iter().map(|(_, s)| s.clone()).collect::<Vec<_>>().join(" / ");
            r.skip(&s, "two lists of values that disagree: not recorded");
        }
    }
    // A default outside the range: one of them is wrong; neither is recorded.
    if let (Some(d), true) = (r.c.default.as_ref().and_then(|d| d.parse::<i64>().ok()), is_numeric(ty)) {
        if r.c.minimum.is_some_and(|m| d < m) || r.c.maximum.is_some_and(|m| d > m) {
            let said = format!("default {d}, range {:?} to {:?}", r.c.minimum, r.c.maximum);
            r.skip(&said, "the default is outside the stated range: neither is recorded");
            r.c.minimum = None;
            r.c.maximum = None;
            r.c.default = None;
        }
    }
    if let (Some(d), false) = (&r.c.default, r.c.values.is_empty()) {
        if !r.c.values.contains(d) {
            let said = format!("default {d}, values {}", r.c.values.join(", "));
            r.skip(&said, "the default is not one of the listed values: the default is not recorded");
            r.c.default = None;
        }
    }
    if r.c.minimum.zip(r.c.maximum).is_some_and(|(lo, hi)| lo > hi) {
        r.skip(&format!("{:?} to {:?}", r.c.minimum, r.c.maximum), "a range whose minimum is above its maximum: not recorded");
        r.c.minimum = None;
        r.c.maximum = None;
    }
    (r.c, r.unread)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(ty: &str, lines: &[&str]) -> (Constraints, Vec<Unread>) {
        read(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>(), Some(ty))
    }

    #[test]
    fn ranges_in_their_phrasings() {
        assert_eq!(c("Integer", &["Value range: 1 to 128"]).0, Constraints { minimum: Some(1), maximum: Some(128), ..Default::default() });
        assert_eq!(c("Integer", &["Records. The minimum value is 1 and the maximum value is 100."]).0.maximum, Some(100));
        assert_eq!(c("Integer", &["The value is greater than 0 and less than or equal to 128."]).0.minimum, Some(1));
        assert_eq!(c("Integer", &["The value must be a number but cannot be a negative number."]).0.minimum, Some(0));
        assert_eq!(c("Long", &["The value ranges from 5 to 10."]).0.maximum, Some(10));
        // The tighter bound stands.
        let (k, _) = c("Integer", &["The value cannot be a negative number. The minimum value is 1 and the maximum value is 100."]);
        assert_eq!((k.minimum, k.maximum), (Some(1), Some(100)));
    }

    #[test]
    fn defaults_in_their_phrasings() {
        assert_eq!(c("Integer", &["If the parameter value is not specified, 10 records are queried by default."]).0.default.as_deref(), Some("10"));
        assert_eq!(c("Integer", &["The default value is 100."]).0.default.as_deref(), Some("100"));
        assert_eq!(c("Boolean", &["Default: true"]).0.default.as_deref(), Some("true"));
        assert_eq!(c("String", &["Default value:", "N/A"]).0, Constraints::default());
        // Only the sentence that says "by default" counts: not the N+1 of another sentence.
        let (k, u) = c(
            "Integer",
            &["If offset is set to N, the query starts from the N+1 piece of data. The value is 0 by default, so it starts at the first."],
        );
        assert_eq!(k.default.as_deref(), Some("0"), "{u:?}");
        // A default in words is reported, not guessed.
        let (k, u) = c("Boolean", &["By default it is powered on after restoration."]);
        assert_eq!(k.default, None);
        assert_eq!(u.len(), 1);
    }

    #[test]
    fn value_lists_in_their_layouts() {
        assert_eq!(c("String", &["The type. Value:", "• auto: automated", "• manual: by hand"]).0.values, vec!["auto", "manual"]);
        assert_eq!(c("String", &["Status", "Enumeration values:", "• available", "• error"]).0.values, vec!["available", "error"]);
        assert_eq!(c("String", &["Value range:", "backup: a.", "timestamp: b.", "Default value:", "N/A"]).0.values, vec!["backup", "timestamp"]);
        let (k, u) = c(
            "String",
            &["Mode. Possible values are na, snapshot, and backup.", "Default: na", "Enumeration values:", "• na", "• backup", "• snapshot"],
        );
        assert_eq!((k.values, k.default.as_deref()), (vec!["na".to_string(), "backup".into(), "snapshot".into()], Some("na")), "{u:?}");
    }

    #[test]
    fn what_cannot_be_read_with_confidence_is_reported_and_not_recorded() {
        // A list no sentence introduces as the values.
        let (k, u) = c("String", &["The instance type.", "• Single: one node", "• Ha: two nodes"]);
        assert!(k.values.is_empty() && u.len() == 1, "{k:?} {u:?}");
        // Several values run together in one paragraph.
        let (k, u) = c("String", &["The value can be:", "Running: is running. Completed: is done. Failed: failed."]);
        assert!(k.values.is_empty() && u.len() == 1, "{k:?} {u:?}");
        // Case-insensitive values are not an enumeration.
        let (k, u) = c("String", &["Its value can be any of the following and is case-insensitive:", "• MySQL", "• PostgreSQL"]);
        assert!(k.values.is_empty() && !u.is_empty(), "{k:?} {u:?}");
        // A "positive" number whose default is 0 says two things; neither is guessed.
        let (k, u) = c("Integer", &["The value is 0 by default. The value must be a positive number."]);
        assert_eq!((k.minimum, k.default.as_deref()), (None, Some("0")));
        assert_eq!(u.len(), 1, "{u:?}");
        // A range on a string is a length, perhaps: not recorded.
        let (k, u) = c("String", &["The value contains 1 to 64 characters. Value range: 1 to 64"]);
        assert_eq!((k.minimum, u.is_empty()), (None, false));
        // A default outside the range: neither.
        let (k, u) = c("Integer", &["Value range: 1 to 10", "The default value is 20."]);
        assert_eq!((k, u.len()), (Constraints::default(), 1));
    }
}
