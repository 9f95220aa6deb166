//! Constraints stated in words: ranges, minimums and maximums, lengths, defaults, value lists and
//! the characters a value may hold, in the phrasings the pages use. The reader is a small grammar,
//! not a list of known sentences. A sentence that speaks of a constraint but cannot be read with
//! confidence yields nothing and is returned as [`Unread`]: a wrong constraint is worse than a
//! missing one. A rule that holds only under a condition (another field's value, an engine, a
//! billing mode) is never flattened into one constraint: it is an [`Unread`] marked
//! [`Unread::conditional`].
//!
//! What is read:
//! - ranges (numbers; thousands separators such as `1,024` and a unit after a number such as `GB`
//!   are allowed): `Value range: 1 to 128`, `The value range is 1 to 732`, `ranges from 1 to 100`,
//!   `between 1 and 10`, `can be from 0 to 20`, `The minimum value is 1 and the maximum value is
//!   100`, `Minimum value: 1` / `Maximum: 64` lines, `greater than 0 and less than or equal to 128`
//!   (exclusive bounds on integers only), `at least 1`, `cannot exceed 100`, `cannot be a negative
//!   number`, `non-negative`, `must be a positive integer` (a minimum of 1; "positive number" is
//!   used loosely by the pages and is not read);
//! - lengths (strings, or rows without a type): `can contain 4 to 64 characters`, `4 to 64
//!   characters in length`, `The length ranges from 1 to 255 characters`, `a maximum of 255
//!   characters`, `up to 255 characters`, `cannot exceed 64 characters`, `no more than`, `at least 8
//!   characters`, `exactly 32 characters`, `Minimum length: 4 characters`, `cannot be left blank`
//!   (a minimum of 1), and a bare range (`Value range: 1 to 64`) that repeats a length read from
//!   another sentence. A limit in bytes is a length only when the description also restricts the
//!   value to ASCII characters (a character rule read into [`Constraints::pattern`]); otherwise it is
//!   reported, since a byte is not a character;
//! - defaults: `Default: true`, `Default value: 10` (or the paragraph after `Default value:`), `The
//!   default value is 100`, `defaults to 300`, `If this parameter is not specified, 10 is used` (or
//!   `..., the default value is 10`), a sentence with `by default` and exactly one number, a value
//!   marked `(default)` in a list;
//! - value lists (strings): list items `value`, `value: meaning`, `value - meaning` or `value
//!   indicates ...` after an introduction ending `Value:`, `Values:`, `Value range:`, `Options:`,
//!   `Enumeration values:`, `Enumerated values include:`, `Available values include:`, `The value
//!   can be:`, `The options are as follows:`, `The value can be one of the following:`; a `Range`
//!   label followed by such items or by one paragraph `A, B, and C`; inline `Possible values are a,
//!   b, and c`, `The value can be a, b, or c` (a meaning in parentheses after a value is dropped),
//!   `Valid value: x` (one value). A sentence about a format (`hh:mm`, `yyyy-mm-dd`) is never a
//!   value list. On a Boolean, a list of `true` and `false` says nothing the type does not, and is
//!   read as such;
//! - characters, into an anchored regular expression ([`Constraints::pattern`]) in the syntax the
//!   Rust `regex` crate and ECMAScript share: `contains only letters, digits, hyphens (-) and
//!   underscores (_)`, `can contain only lowercase letters and digits`, `consists of ...`, `must
//!   start with a letter`, `must end with a letter or digit`, `cannot start or end with a hyphen`,
//!   `cannot contain angle brackets (< or >)`, `cannot contain the following special characters:
//!   !<>`, and a regular expression the page gives (`matches the regular expression ^[a-z]+$`).
//!   Known names are letters (upper- and lowercase), digits, and punctuation named with its
//!   character in parentheses (`tildes (~)`) or by a common name (`periods`, `spaces`). "Special
//!   characters" without a list, non-ASCII classes ("Chinese characters"), and characters a value
//!   "can contain" or "including" (not said to be the only ones) are reported. A length never goes
//!   into the pattern;
//! - the labelled paragraphs of the RDS and VPC layouts (`Explanation:`/`Definition`,
//!   `Constraints:`, `Value range:`/`Range`, `Default value:`), alone on a paragraph or at the
//!   start of one (`• Range: 0-2000`), `N/A` and `None` meaning nothing. Every sentence under a
//!   `Constraints` or `Range` label is a rule: what is not read there is reported;
//! - the type: for a row whose table gives no type, `stated_type` is `integer` or `number` when
//!   the words say so (`a positive integer`, `an integer from 1 to 100`), and only then are ranges
//!   read for it.
//!
//! Sentences that only point elsewhere (`For details, see ...`) are not rules and are not
//! reported. Numeric ranges are read for numbers only, lengths and value lists for strings only;
//! on other types they are reported.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

/// Constraints a row's description states in words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// Inclusive lower bound (numbers).
    pub minimum: Option<i64>,
    /// Inclusive upper bound (numbers).
    pub maximum: Option<i64>,
    /// The default value, as the page writes it.
    pub default: Option<String>,
    /// The documented values, in the page's order.
    pub values: Vec<String>,
    /// The least number of characters of a string (`minLength`).
    pub min_length: Option<u64>,
    /// The greatest number of characters of a string (`maxLength`).
    pub max_length: Option<u64>,
    /// An anchored regular expression (`^...$`) the whole value matches, in the syntax the Rust
    /// `regex` crate and ECMAScript share (`pattern`). It never restates a length.
    pub pattern: Option<String>,
    /// For a row whose table gives no type: `integer` or `number` when the words say the value is
    /// one (`a positive integer`); `None` otherwise, and always when the table gives a type.
    pub stated_type: Option<&'static str>,
}

/// A sentence about a constraint that was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// The sentence.
    pub sentence: String,
    /// Why it was not read.
    pub reason: String,
    /// Whether the rule holds only under a condition (another field's value, an engine, a
    /// billing mode): an open point for whoever writes the spec, never a constraint of its own.
    pub conditional: bool,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern)
        .unwrap_or_else(|e| panic!("a pattern of the constraint reader does not compile: {e}"))
}

/// An integer, perhaps with thousands separators (`1,024`).
const INT: &str = r"(-?\d{1,3}(?:,\d{3})+|-?\d+)";
/// A unit after a number, which a range may repeat (`1 GB to 1,024 GB`).
const UNIT: &str = r"(?:\s*(?:GB|MB|KB|TB|MB/s|ms|seconds?|minutes?|hours?|days?|s)\b|\s*%)?";
/// Words that may stand between a number and `characters`.
const ADJ: &str = r"(?:(?:unicode|ascii|english|single-byte) )?";

fn num(s: &str) -> Option<i64> {
    s.replace(',', "").parse().ok()
}

fn unum(s: &str) -> Option<u64> {
    s.replace(',', "").parse().ok()
}

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:value range(?: is)?:?|^values?:|(?:an integer|a number|integers) (?:from|between)|ranges? from|ranging from|range:|in the range of|between|(?:can|must|should) be from)\s*{INT}{UNIT}\s*(?:to|-|–|~|and)\s*{INT}{UNIT}"
    ))
});
static MIN_MAX: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:^|\bthe )(minimum|maximum|min\.?|max\.?)(?: value)?\s*(?:is|:)\s*{INT}{UNIT}(?:$|\W)"
    ))
});
static GE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:greater than or equal to|no less than|not less than|(?:be|is) at least) {INT}"
    ))
});
static GT: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)greater than {INT}")));
static LE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:less than or equal to|no greater than|not greater than|(?:be|is) at most|cannot exceed|must not exceed|no more than) {INT}"
    ))
});
static LT: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)less than {INT}")));
static NON_NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)non-negative|cannot be (?:a )?negative|must not be (?:a )?negative|not less than 0\b")
});
static POSITIVE_INTEGER: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bpositive integer"));
/// Words that say a value is an integer or a number (for rows without a type).
static SAYS_INTEGER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:an|positive|non-negative) integers?\b"));
static SAYS_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:is|be) an? (?:positive |non-negative |negative )?(?:number|decimal|floating-point number)(?:$|[^\w ]| (?:from|between|ranging|in|that|which)\b)",
    )
});

/// A value: letters, digits and `_ . - + : /` (not ending in `:`).
const VALUE: &str = r"[A-Za-z0-9_.+/-](?:[A-Za-z0-9_.:+/-]*[A-Za-z0-9_.+/-])?";
static DEFAULT_IS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?i)(?:^default(?: value)?:|the default value is|the default is|defaults to|is set to (?:\S+ )?by default:?)\s*(?:"({VALUE}|)"|'({VALUE})'|({VALUE}))\s*\.?$"#
    ))
});
/// `If this parameter is not specified, ...`: what follows says the default.
static DEFAULT_IF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:if|when) (?:[\w-]+ ){1,4}?(?:is|are) (?:not specified|not set|not configured|left (?:blank|empty|unspecified|out)|not (?:transferred|passed|provided|carried|included|given)|empty|omitted|absent)\s*,\s*(.+)$",
    )
});
static DEFAULT_THEN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?i)^(?:the (?:default )?value (?:is|will be)(?: set to)? |it (?:is set to|defaults to) )?(?:"({VALUE})"|({VALUE}))(?: is used| will be used| is applied| applies)?(?: by default)?\.?$"#
    ))
});
static BY_DEFAULT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bby default\b"));
/// A number that opens its clause, or follows `is`, `be` or `to`: a value, not a quantity in passing.
static VALUE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:^|[,;:]\s*|\b(?:is|be|to)\s+)(-?\d+)\b"));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[^\w.+-])(-?\d+)(?:$|[^\w.%])"));
static BARE_RANGE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^{INT}{UNIT}\s*(?:to|-|–|~)\s*{INT}{UNIT}\.?$")));
static TOKEN: LazyLock<Regex> = LazyLock::new(|| re(r"^[A-Za-z0-9_.-]+$"));
/// A value as a list or a default may give it (`OS::Nova::Server`, `application/json`, `4.0+`).
static WIDE_TOKEN: LazyLock<Regex> = LazyLock::new(|| re(&format!("^{VALUE}$")));
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^([A-Za-z0-9_.+-]+)(\s*\((?i:default|default value)\))?(?:\s*[:：]\s*(.*)|\s+[-–]\s+(.*)|\s+(?:indicates|means|refers to)\s+(.*))?$",
    )
});
static DEFAULT_MARK: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\((?:default|default value)\)|\((?:default|default value)\)\.?$"));
static TWO_ITEMS: LazyLock<Regex> = LazyLock::new(|| re(r"\.\s+[A-Za-z0-9_-]+:\s"));
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:possible values (?:are|include)|valid values (?:are|include)|available values (?:are|include)|enumerated values (?:are|include)|(?:the |its )?value can be(?: one of)?|(?:the|its) [\w-]+ can be(?: one of)?|(?:it|this parameter|this field) can be(?: one of)?|value options are|the options are|options include|must be one of)\s+([^.;]+)\.?",
    )
});
/// `..., which can be A, B, or C` (a capital or a quote after `can be`: values, not `can be used`).
static WHICH_CAN_BE: LazyLock<Regex> = LazyLock::new(|| re(r#"\bwhich can be ([A-Z"'][^.;]*)\.?"#));
/// `can be used`, `can be obtained`: the passive voice, not a value.
static PASSIVE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:[a-z]+ed|[a-z]+en|set|left|read|put)\b"));
/// `Valid value: x`, `Value: x`, `Values: a, b`: a sentence that is only the values.
static VALUES_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:(?:valid|possible|available|allowed|supported) )?values?\s*[:：]\s*([^:]+?)\.?$")
});
/// A sentence about a format, whose numbers and words are not values.
static FORMAT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bformat\b|\b(?:hh|HH):mm\b|\byyyy\b|\bYYYY\b"));
static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|\W)(?:value|values|value range|range|enumeration values|enumerated values|enumerated values include|possible values|possible values include|valid values|available values include|the value can be|the value can be one of the following|one of the following values|options|value options|the options are as follows|the values are as follows|possible values are as follows|the following values are enumerated|the following values are supported)\s*:$",
    )
});
/// `Example value:`, `For example:`: an example follows, not a list of values.
static EXAMPLE_INTRO: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:example(?: value)?|for example|an example|e\.g\.)\s*:$"));
/// `The value can be one of the following:`, `Its value can be any of the following and ...:`.
static FOLLOWING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:value|values|options)\b.*\b(?:the following|as follows)\b|\bthe following (?:values|options)\b",
    )
});
/// `The value can contain:` followed by items naming characters.
static CHAR_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:can|may|must)? ?(only )?(?:contain|include|consist of|be composed of)( only)?\s*:$",
    )
});
/// A sentence that only points elsewhere.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:for (?:details|more (?:details|information))\b[^.]*\bsee\b|see\b|you can obtain\b|obtain (?:it|the value|the id)\b|(?:it|the value|this value|the id) can be obtained\b)",
    )
});
/// Words that say a sentence speaks of a constraint.
static CONSTRAINT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i:\b(?:value range|ranges? from|ranging from|minimum value|maximum value|default value|by default|defaults? to|default:|the default is|greater than|less than|negative|positive|at least|at most|no more than|up to \d|cannot exceed|characters|length|enumerat|possible values?|valid values?|value can be|values are|can be any of|one of the following|must|(?:cannot|can't) (?:be (?:empty|blank|left|specified|changed|modified|the same|duplicated|repeated|longer|shorter|greater|less|more|null|set)|contain|start|begin|end|exceed|include|co-exist|overlap)|can only|mandatory|a maximum of|a minimum of|only [\w-]+ (?:is|are) (?:supported|allowed|available))\b|\((?:default|default value)\))|which can be [A-Z"']"#,
    )
});
/// A condition: the rule holds for some values of something else.
static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|\W)(?:if|when|whenever|unless|otherwise|only when|depending on|depends on|varies with|in (?:the |a )?[\w-]+(?: [\w-]+)? (?:scenario|mode|case)s?|(?:mandatory|valid|available|supported) (?:only )?for|co-exist|at the same time|both specified|specified together|used together|together with)\b",
    )
});
/// `for MySQL`, `for a yearly/monthly`, `for c6 instances`: a condition unless it is `for details`.
static FOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|\W)[Ff]or (?:(?:an?|the) ([\w-]+)|([A-Z0-9][\w.-]*)|([a-z][\w.-]*\d[\w.-]*)|(yearly|monthly|pay-per-use))",
    )
});
const NOT_CONDITIONS: &[&str] = &[
    "details",
    "example",
    "more",
    "instance",
    "each",
    "every",
    "information",
    "single",
    "one",
    "querying",
    "query",
    "use",
    "same",
];

// Lengths.
static L_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:between\s+)?{INT}\s*(?:to|-|–|~|and)\s*{INT}\s+{ADJ}(characters?|chars|bytes?)\b"
    ))
});
static L_MAX: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:a maximum of|maximum of|max\.|up to|at most|no more than|not more than|no longer than|not longer than|cannot exceed|can't exceed|must not exceed|should not exceed|not exceed|not exceeding|does not exceed|cannot be longer than|less than or equal to|maximum length(?: is|:)?|max(?:imum)? length of)\s*{INT}\s*{ADJ}(characters?|chars|bytes?)?\b"
    ))
});
static L_LT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?i)\b(?:less|fewer|shorter) than {INT}\s*{ADJ}(characters?|chars|bytes?)\b"))
});
static L_MIN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:a minimum of|minimum of|min\.|at least|no less than|not less than|no shorter than|minimum length(?: is|:)?|min(?:imum)? length of)\s*{INT}\s*{ADJ}(characters?|chars|bytes?)?\b"
    ))
});
static L_EXACT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:exactly|must be|is|fixed length of|a length of|length (?:is|must be))\s*{INT}\s*{ADJ}(characters?|chars|bytes?)(?: long| in length)?\b"
    ))
});
static L_RANGE_WORDS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\blength\b"));
static NOT_BLANK: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:cannot|can't|must not|can not) be (?:left )?(?:blank|empty)\b"));

// Characters.
static ONLY_LIST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:can|may|must) only (?:contain|include|consist of|be composed of)|(?:contains?|includes?|consists? of|(?:is|be) composed of|comprises?) only|(?:can|may|must)? ?(?:contain|include) only|consists? of|(?:is|be) composed of)\s+(.+)$",
    )
});
static ONLY_ALLOWED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?:^|\band )only (.+?) (?:are|is) (?:allowed|supported|permitted)\b")
});
static MAY_LIST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:including|can contain|can include|may contain|may include|contains|includes|include)\s*:?\s+(.+)$",
    )
});
static ENDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(must|should|can only|cannot|can't|can not|must not|should not|may not|does not|do not)\s+(start or end|begin or end|start and end|begin and end|start|begin|end)\s+with\s+(.+)$",
    )
});
static EXCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:cannot|can't|can not|must not|should not|may not|does not|do not)\s+(?:contain|include|use)\s+(?:any\s+)?(.+)$",
    )
});
/// Where a list of characters ends inside a longer sentence.
static LIST_END: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:,\s*|\s+)(?:and |but )?(?:cannot|can't|can not|must|should|is|are|can|start|begin|end|which|the value|it|with a length|and contains?|contains?|in length|only)\b|[;]|\.(?:\s|$)",
    )
});
static LITERAL_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:regular expression|regex|pattern)\s*:?\s*(\^\S+\$)"));
static LITERAL_CLASS: LazyLock<Regex> = LazyLock::new(|| re(r"^\^(\[[^\]]+\])\{(\d+),(\d+)\}\$$"));

/// A set of ASCII characters: the characters a rule allows, or (negated) all but these.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chars {
    set: BTreeSet<char>,
    negated: bool,
}

impl Chars {
    fn of(set: BTreeSet<char>) -> Chars {
        Chars { set, negated: false }
    }

    fn and(&self, o: &Chars) -> Chars {
        match (self.negated, o.negated) {
            (false, false) => Chars::of(self.set.intersection(&o.set).copied().collect()),
            (false, true) => Chars::of(self.set.difference(&o.set).copied().collect()),
            (true, false) => Chars::of(o.set.difference(&self.set).copied().collect()),
            (true, true) => Chars { set: self.set.union(&o.set).copied().collect(), negated: true },
        }
    }

    fn is_empty(&self) -> bool {
        !self.negated && self.set.is_empty()
    }

    /// The class in the syntax Rust's `regex` and ECMAScript share: runs of three or more become
    /// ranges; `\ ] [ ^ -` are escaped.
    fn class(&self) -> String {
        if self.negated && self.set.is_empty() {
            return r"[\s\S]".to_string();
        }
        let chars: Vec<char> = self.set.iter().copied().collect();
        let esc = |c: char| {
            if matches!(c, '\\' | ']' | '[' | '^' | '-') {
                format!("\\{c}")
            } else {
                c.to_string()
            }
        };
        let mut out = String::from(if self.negated { "[^" } else { "[" });
        let mut i = 0;
        while i < chars.len() {
            let mut j = i;
            while j + 1 < chars.len()
                && chars[j + 1] as u32 == chars[j] as u32 + 1
                && chars[j].is_ascii_alphanumeric()
            {
                j += 1;
            }
            if j >= i + 2 {
                out.push_str(&format!("{}-{}", esc(chars[i]), esc(chars[j])));
            } else {
                for &c in &chars[i..=j] {
                    out.push_str(&esc(c));
                }
            }
            i = j + 1;
        }
        out.push(']');
        out
    }
}

fn span(from: char, to: char) -> BTreeSet<char> {
    (from..=to).collect()
}

/// The characters a name stands for (`letters`, `a hyphen`, `underscores`); `None` when the
/// name is not one the reader knows.
fn named(name: &str) -> Option<BTreeSet<char>> {
    let n = name.trim().to_ascii_lowercase();
    let n = n
        .strip_prefix("a ")
        .or_else(|| n.strip_prefix("an "))
        .or_else(|| n.strip_prefix("the "))
        .unwrap_or(&n)
        .trim();
    let n = n.trim_end_matches('s');
    let letters = || span('A', 'Z').into_iter().chain(span('a', 'z')).collect::<BTreeSet<char>>();
    let one = |c: char| Some(BTreeSet::from([c]));
    match n {
        "letter"
        | "english letter"
        | "case-sensitive letter"
        | "upper- and lowercase letter"
        | "uppercase and lowercase letter" => Some(letters()),
        "uppercase letter"
        | "upper-case letter"
        | "capital letter"
        | "uppercase english letter" => Some(span('A', 'Z')),
        "lowercase letter" | "lower-case letter" | "lowercase english letter" => {
            Some(span('a', 'z'))
        }
        "digit" | "number" | "arabic numeral" => Some(span('0', '9')),
        "underscore" => one('_'),
        "hyphen" | "minus sign" => one('-'),
        "period" | "dot" | "full stop" => one('.'),
        "space" => one(' '),
        "colon" => one(':'),
        "plus sign" => one('+'),
        "at sign" => one('@'),
        "equal sign" | "equals sign" => one('='),
        "slash" | "slashe" | "forward slash" | "forward slashe" => one('/'),
        "comma" => one(','),
        "asterisk" => one('*'),
        "tilde" => one('~'),
        "ampersand" => one('&'),
        "exclamation mark" => one('!'),
        "dollar sign" => one('$'),
        "percent sign" => one('%'),
        "angle bracket" => Some(BTreeSet::from(['<', '>'])),
        "parenthese" | "round bracket" => Some(BTreeSet::from(['(', ')'])),
        _ => None,
    }
}

/// The characters written out in `( - )`, `(< or >)`, `!<>'&`: ASCII punctuation, each alone or
/// separated by spaces, commas, `or`, `and`.
fn literal_chars(s: &str) -> Option<BTreeSet<char>> {
    let s = s.trim();
    let mut out = BTreeSet::new();
    let parts: Vec<&str> =
        if s.contains(char::is_whitespace) { s.split_whitespace().collect() } else { vec![s] };
    for p in parts {
        if matches!(p, "or" | "and" | ",") {
            continue;
        }
        let p = if p.len() > 1 { p.trim_end_matches(',') } else { p };
        if p.is_empty() || !p.chars().all(|c| c.is_ascii_punctuation()) {
            return None;
        }
        out.extend(p.chars());
    }
    (!out.is_empty()).then_some(out)
}

/// What a list of character names gives: the characters, or why it cannot be read.
enum CharList {
    /// Every item is a known name or written-out characters.
    Known(BTreeSet<char>),
    /// Some items are character names, some are not known (`special characters`, `Chinese
    /// characters`): the list speaks of characters but cannot be read.
    Unknown,
    /// Not a list of characters at all.
    NotChars,
}

/// `4 to 64 characters`, `a maximum of 255 Unicode characters`: a length among characters.
fn length_phrase(item: &str) -> bool {
    let l = item.to_ascii_lowercase();
    item.contains(|c: char| c.is_ascii_digit()) && (l.contains("character") || l.contains("byte"))
}

/// Read `letters, digits, underscores (_), and hyphens (-)` (cut at where the list ends).
fn char_list(text: &str) -> CharList {
    let text = match LIST_END.find(text) {
        Some(m) => &text[..m.start()],
        None => text,
    };
    let text = text.trim().trim_end_matches(['.', ',']);
    // `the following special characters: !<>`, `the special characters (>!<)`
    let lower = text.to_ascii_lowercase();
    if let Some(rest) =
        lower.strip_prefix("special characters:").map(|_| &text["special characters:".len()..])
    {
        if let known @ CharList::Known(_) = char_list(rest) {
            return known;
        }
    }
    if let Some(rest) = [
        "the following special characters",
        "the following characters",
        "special characters",
        "the special characters",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p).map(|_| &text[p.len()..]))
    {
        let rest = rest.trim().trim_start_matches(':').trim();
        let rest = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(rest);
        return match literal_chars(rest) {
            Some(s) => CharList::Known(s),
            None => CharList::Unknown,
        };
    }
    let mut out = BTreeSet::new();
    let mut known = 0;
    let mut unknown = 0;
    // Split at commas and `and`/`or` outside parentheses.
    let mut items = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            items.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    items.push(cur);
    let items: Vec<String> = items
        .into_iter()
        .flat_map(|i| {
            // ` or ` / ` and ` outside parentheses.
            let mut parts = Vec::new();
            let mut depth = 0;
            let mut start = 0;
            let b = i.as_bytes();
            let mut k = 0;
            while k < b.len() {
                match b[k] {
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    for w in [" or ", " and "] {
                        // Bytes, not `&i[k..]`: `k` may fall inside a character.
                        if b[k..].starts_with(w.as_bytes()) {
                            parts.push(i[start..k].to_string());
                            start = k + w.len();
                        }
                    }
                }
                k += 1;
            }
            parts.push(i[start..].to_string());
            parts
        })
        .map(|i| {
            i.trim()
                .trim_start_matches("and ")
                .trim_start_matches("or ")
                .trim_start_matches("including ")
                .trim()
                .to_string()
        })
        .filter(|i| !i.is_empty())
        .collect();
    for item in &items {
        // `4 to 64 characters` in `can contain 4 to 64 characters, including ...`: a length.
        if length_phrase(item) {
            continue;
        }
        let (name, paren) = match item.find('(') {
            Some(k) if item.ends_with(')') => {
                (item[..k].trim(), Some(&item[k + 1..item.len() - 1]))
            }
            _ => (item.as_str(), None),
        };
        let by_name = named(name);
        let by_paren = paren.and_then(literal_chars);
        let chars = match (by_name, by_paren, paren) {
            (Some(n), Some(p), _) if n == p => Some(n),
            (Some(_), Some(_), _) => None,
            (Some(n), None, None) => Some(n),
            // `letters (case-sensitive)`: a remark the reader does not know.
            (Some(_), None, Some(_)) => None,
            (None, Some(p), _) => Some(p),
            (None, None, _) => None,
        };
        match chars {
            Some(c) => {
                known += 1;
                out.extend(c);
            }
            None => unknown += 1,
        }
    }
    let speaks_of_chars =
        items.iter().any(|i| i.to_ascii_lowercase().contains("character") && !length_phrase(i));
    match (known, unknown) {
        (k, 0) if k > 0 => CharList::Known(out),
        (0, _) if !speaks_of_chars => CharList::NotChars,
        _ => CharList::Unknown,
    }
}

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

/// A paragraph that is only a label (`Value range:`, `Range`, `• Range:`), the RDS and VPC
/// layouts' way of dividing a description.
fn label(p: &str) -> Option<Label> {
    let p = p.strip_prefix("• ").unwrap_or(p);
    let l = p.trim().trim_end_matches([':', '：']).to_ascii_lowercase();
    LABELS.iter().find(|(w, _)| *w == l).map(|(_, k)| *k)
}

/// Paragraphs with a label at their start (`• Range: 0-2000`) split into the label and the rest.
/// Each paragraph comes with whether it is the label of a labelled paragraph (and so holds for
/// the next paragraph only).
fn expand_labels(description: &[String]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for p in description {
        let text = p.strip_prefix("• ").unwrap_or(p);
        let split = text
            .find([':', '：'])
            .map(|k| (&text[..k], text[k..].trim_start_matches([':', '：']).trim()));
        match split {
            Some((head, rest))
                if label(head).is_some() && head.trim() == head && !rest.is_empty() =>
            {
                out.push((format!("{head}:"), true));
                out.push((rest.to_string(), false));
            }
            _ => out.push((p.clone(), false)),
        }
    }
    out
}

fn lower(ty: Option<&str>) -> Option<String> {
    ty.map(str::to_ascii_lowercase)
}

fn is_numeric(ty: Option<&str>) -> bool {
    matches!(
        lower(ty).as_deref(),
        Some("integer" | "long" | "int" | "int32" | "int64" | "number" | "float" | "double")
    )
}

fn is_integer(ty: Option<&str>) -> bool {
    matches!(lower(ty).as_deref(), Some("integer" | "long" | "int" | "int32" | "int64"))
}

fn is_string(ty: Option<&str>) -> bool {
    matches!(lower(ty).as_deref(), Some("string") | None)
}

fn is_boolean(ty: Option<&str>) -> bool {
    matches!(lower(ty).as_deref(), Some("boolean" | "bool"))
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
    matches!(
        p.trim().trim_end_matches('.').to_ascii_lowercase().as_str(),
        "n/a" | "none" | "-" | ""
    )
}

/// Whether `s` states its rule only under a condition.
fn conditional(s: &str) -> bool {
    CONDITION.is_match(s)
        || FOR.captures_iter(s).any(|m| {
            let word = m
                .get(1)
                .or(m.get(2))
                .or(m.get(3))
                .or(m.get(4))
                .map_or("", |g| g.as_str())
                .to_ascii_lowercase();
            !NOT_CONDITIONS.contains(&word.as_str())
        })
}

/// Whether `s` states a rule at all (a condition on a sentence that does not is no matter).
fn rule(s: &str) -> bool {
    CONSTRAINT_WORDS.is_match(s)
        || RANGE.is_match(s)
        || MIN_MAX.is_match(s)
        || L_SPAN.is_match(s)
        || DEFAULT_IS.is_match(s.trim())
        || BARE_RANGE.is_match(s.trim())
        || re_words(s)
}

static RULE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:required|optional|valid only|only valid|available only|only available|unavailable|not allowed|not supported|is fixed|only)\b|{INT}\s*(?:to|-|–|~)\s*{INT}"
    ))
});

fn re_words(s: &str) -> bool {
    RULE_WORDS.is_match(s)
}

/// How a string's characters are bounded: `start`/`end` rules and whether the value may be empty.
#[derive(Default, Clone)]
struct CharRules {
    /// The only characters allowed, with the sentence that says so.
    allowed: Option<(BTreeSet<char>, String)>,
    /// Characters that may not appear.
    excluded: BTreeSet<char>,
    /// What the first character must be, and whether a first character is required.
    start: Option<(Chars, bool)>,
    /// What the last character must be, and whether a last character is required.
    end: Option<(Chars, bool)>,
    /// A regular expression the page gives.
    literal: Option<(String, String)>,
    /// Whether anything was read.
    any: bool,
}

struct Reader<'a> {
    ty: Option<&'a str>,
    c: Constraints,
    unread: Vec<Unread>,
    /// Value lists read, each with the sentence it came from.
    lists: Vec<(Vec<String>, String)>,
    /// Ranges with no unit on a string (`Value range: 1 to 64`), each with its sentence: a length
    /// only if they repeat a length read elsewhere.
    bare: Vec<(Option<u64>, Option<u64>, String)>,
    /// Limits in bytes, each with its sentence: lengths only if the value is ASCII.
    bytes: Vec<(Option<u64>, Option<u64>, String)>,
    chars: CharRules,
}

impl<'a> Reader<'a> {
    fn skip(&mut self, sentence: &str, reason: &str) {
        self.unread.push(Unread {
            sentence: sentence.to_string(),
            reason: reason.to_string(),
            conditional: false,
        });
    }

    fn skip_conditional(&mut self, sentence: &str) {
        self.unread.push(Unread {
            sentence: sentence.to_string(),
            reason: "a rule that holds only under a condition: not recorded".to_string(),
            conditional: true,
        });
    }

    /// The type ranges are read for: the page's, or the one the words state.
    fn number_type(&self) -> Option<&'a str> {
        self.ty.or(self.c.stated_type)
    }

    fn min(&mut self, v: i64) {
        self.c.minimum = Some(self.c.minimum.map_or(v, |m| m.max(v)));
    }

    fn max(&mut self, v: i64) {
        self.c.maximum = Some(self.c.maximum.map_or(v, |m| m.min(v)));
    }

    fn min_length(&mut self, v: u64) {
        self.c.min_length = Some(self.c.min_length.map_or(v, |m| m.max(v)));
    }

    fn max_length(&mut self, v: u64) {
        self.c.max_length = Some(self.c.max_length.map_or(v, |m| m.min(v)));
    }

    fn default(&mut self, sentence: &str, v: &str) {
        let v = v.trim().trim_end_matches('.').trim_matches('"').to_string();
        match &self.c.default {
            Some(d) if *d != v => self.skip(sentence, "a second, different default"),
            _ => self.c.default = Some(v),
        }
    }

    /// Lengths in `s`; `None` when `s` states none, `Some(false)` when it states one that could
    /// not be read (reported), `Some(true)` when read.
    fn lengths(&mut self, s: &str) -> Option<bool> {
        let mut lo: Option<u64> = None;
        let mut hi: Option<u64> = None;
        let mut units = BTreeSet::new();
        let length_word = L_RANGE_WORDS.is_match(s);
        let unit = |m: Option<regex::Match>| {
            m.map(|u| {
                if u.as_str().to_ascii_lowercase().starts_with("byte") {
                    "bytes"
                } else {
                    "characters"
                }
            })
        };
        let mut found = false;
        for m in L_SPAN.captures_iter(s) {
            if let (Some(a), Some(b)) = (unum(&m[1]), unum(&m[2])) {
                lo = Some(lo.map_or(a, |x| x.max(a)));
                hi = Some(hi.map_or(b, |x| x.min(b)));
                units.extend(unit(m.get(3)));
                found = true;
            }
        }
        if !found && length_word {
            for m in RANGE.captures_iter(s) {
                if let (Some(a), Some(b)) = (unum(&m[1]), unum(&m[2])) {
                    lo = Some(lo.map_or(a, |x| x.max(a)));
                    hi = Some(hi.map_or(b, |x| x.min(b)));
                    units.insert("characters");
                    found = true;
                }
            }
        }
        for m in L_MAX.captures_iter(s) {
            if m.get(2).is_none() && !length_word {
                continue;
            }
            if let Some(v) = unum(&m[1]) {
                hi = Some(hi.map_or(v, |x| x.min(v)));
                units.extend(unit(m.get(2)).or(Some("characters")));
                found = true;
            }
        }
        for m in L_LT.captures_iter(s) {
            if let Some(v) = unum(&m[1]).filter(|v| *v > 0) {
                hi = Some(hi.map_or(v - 1, |x| x.min(v - 1)));
                units.extend(unit(m.get(2)));
                found = true;
            }
        }
        for m in L_MIN.captures_iter(s) {
            if m.get(2).is_none() && !length_word {
                continue;
            }
            if let Some(v) = unum(&m[1]) {
                lo = Some(lo.map_or(v, |x| x.max(v)));
                units.extend(unit(m.get(2)).or(Some("characters")));
                found = true;
            }
        }
        if !found {
            for m in L_EXACT.captures_iter(s) {
                if let Some(v) = unum(&m[1]) {
                    lo = Some(v);
                    hi = Some(v);
                    units.extend(unit(m.get(2)));
                    found = true;
                }
            }
        }
        if NOT_BLANK.is_match(s) {
            lo = Some(lo.map_or(1, |x| x.max(1)));
            units.insert("characters");
            found = true;
        }
        if !found {
            return None;
        }
        if !is_string(self.ty) || self.c.stated_type.is_some() {
            self.skip(s, "a length on a value that is not a string: not recorded");
            return Some(false);
        }
        if units.len() > 1 {
            self.skip(s, "a length in both characters and bytes: not recorded");
            return Some(false);
        }
        if units.contains("bytes") {
            self.bytes.push((lo, hi, s.to_string()));
            return Some(true);
        }
        if let Some(v) = lo {
            self.min_length(v);
        }
        if let Some(v) = hi {
            self.max_length(v);
        }
        Some(true)
    }

    /// Numeric ranges in `s`; `None` when it states none.
    fn ranges(&mut self, s: &str) -> Option<bool> {
        let ranges = [&*RANGE, &*MIN_MAX, &*GE, &*GT, &*LE, &*LT];
        let positive_integer = POSITIVE_INTEGER.is_match(s);
        if !(ranges.iter().any(|r| r.is_match(s)) || NON_NEGATIVE.is_match(s) || positive_integer) {
            return None;
        }
        let ty = self.number_type();
        if ty.is_none() {
            self.skip(s, "a range on a value whose type the page does not give: not recorded");
            return Some(false);
        }
        if !is_numeric(ty) {
            // `Value range: 1 to 64` on a string: a length only if another sentence says so.
            if is_string(ty) {
                let bound = RANGE.captures(s).map(|m| (unum(&m[1]), unum(&m[2]))).or_else(|| {
                    MIN_MAX.captures(s).map(|m| {
                        if m[1].to_ascii_lowercase().starts_with("min") {
                            (unum(&m[2]), None)
                        } else {
                            (None, unum(&m[2]))
                        }
                    })
                });
                if let Some((lo, hi)) = bound.filter(|(lo, hi)| lo.is_some() || hi.is_some()) {
                    self.bare.push((lo, hi, s.to_string()));
                    return Some(true);
                }
            }
            self.skip(
                s,
                "a range on a value that is not a number (a length, perhaps): not recorded",
            );
            return Some(false);
        }
        let mut read = false;
        if let Some(m) = RANGE.captures(s) {
            if let (Some(lo), Some(hi)) = (num(&m[1]), num(&m[2])) {
                self.min(lo);
                self.max(hi);
                read = true;
            }
        }
        for m in MIN_MAX.captures_iter(s) {
            if let Some(v) = num(&m[2]) {
                if m[1].to_ascii_lowercase().starts_with("min") {
                    self.min(v)
                } else {
                    self.max(v)
                }
                read = true;
            }
        }
        let integer = is_integer(ty);
        if let Some(v) = GE.captures(s).and_then(|m| num(&m[1])) {
            self.min(v);
            read = true;
        } else if let Some(v) = GT.captures(s).and_then(|m| num(&m[1])) {
            if integer {
                self.min(v + 1);
                read = true;
            } else {
                self.skip(s, "an exclusive bound on a number that is not an integer: not recorded");
                return Some(false);
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
                return Some(false);
            }
        }
        if NON_NEGATIVE.is_match(s) {
            self.min(0);
            read = true;
        }
        if positive_integer {
            if integer {
                self.min(1);
                read = true;
            } else {
                self.skip(s, "a positive integer on a value that is not an integer: not recorded");
                return Some(false);
            }
        }
        if !read {
            self.skip(s, "a range in words the reader does not know");
            return Some(false);
        }
        Some(true)
    }

    /// A default in `s`; `None` when it states none.
    fn defaults(&mut self, s: &str) -> Option<bool> {
        if let Some(m) = DEFAULT_IS.captures(s.trim()) {
            let v = m.get(1).or(m.get(2)).or(m.get(3)).map_or("", |g| g.as_str()).to_string();
            self.default(s, &v);
            return Some(true);
        }
        if let Some(m) = DEFAULT_IF.captures(s.trim()) {
            let rest = m[1].trim().to_string();
            if let Some(d) = DEFAULT_THEN.captures(&rest) {
                let v = d.get(1).or(d.get(2)).map_or("", |g| g.as_str()).to_string();
                self.default(s, &v);
                return Some(true);
            }
            if let Some(d) = DEFAULT_IS.captures(&rest) {
                let v = d.get(1).or(d.get(2)).or(d.get(3)).map_or("", |g| g.as_str()).to_string();
                self.default(s, &v);
                return Some(true);
            }
            return self.by_default(s, &rest).or_else(|| {
                self.skip(s, "a default in words: not recorded");
                Some(false)
            });
        }
        self.by_default(s, s)
    }

    /// `... 10 records are queried by default`: a default only with exactly one number.
    fn by_default(&mut self, s: &str, text: &str) -> Option<bool> {
        if !BY_DEFAULT.is_match(text) {
            return None;
        }
        let nums: Vec<&str> =
            NUMBER.captures_iter(text).map(|m| m.get(1).map_or("", |g| g.as_str())).collect();
        let limit = text.to_ascii_lowercase().contains("maximum")
            || text.to_ascii_lowercase().contains("minimum");
        // The number is the value itself only where it opens its clause ("10 records are queried
        // by default") or follows "is", "be" or "to" ("The value is 0 by default"); "fruit from
        // the last 7 days is packed by default" states no default value.
        let the_value = |n: &str| {
            VALUE_NUMBER.captures_iter(text).any(|m| m.get(1).is_some_and(|g| g.as_str() == n))
        };
        match nums.as_slice() {
            [n] if !limit && the_value(n) => {
                self.default(s, n);
                Some(true)
            }
            _ => {
                self.skip(s, "a default in words: not recorded");
                Some(false)
            }
        }
    }

    /// A value list in `s`; `None` when it states none.
    fn inline_list(&mut self, s: &str) -> Option<bool> {
        let items_text = if let Some(m) = VALUES_SENTENCE.captures(s.trim()) {
            m[1].to_string()
        } else if let Some(m) = INLINE.captures(s).or_else(|| WHICH_CAN_BE.captures(s)) {
            m[1].to_string()
        } else {
            return None;
        };
        let single_allowed = VALUES_SENTENCE.is_match(s.trim());
        if FORMAT.is_match(s) {
            self.skip(s, "a format in words, not a list of values: not recorded");
            return Some(false);
        }
        let mut defaults = Vec::new();
        let items: Vec<String> = items_text
            .replace(", and ", ", ")
            .replace(" and ", ", ")
            .replace(", or ", ", ")
            .replace(" or ", ", ")
            .split(',')
            .map(|v| {
                let mut v = v.trim().to_string();
                // `desc (default)`, `sync (real-time synchronization)`
                if let (Some(k), true) = (v.find(" ("), v.ends_with(')')) {
                    if DEFAULT_MARK.is_match(&v[k + 1..]) {
                        defaults.push(v[..k].trim().to_string());
                    }
                    v.truncate(k);
                }
                v.trim().trim_matches(['"', '\'', '“', '”']).to_string()
            })
            .collect();
        if items.first().is_some_and(|v| PASSIVE.is_match(v))
            || items.first().is_some_and(|v| v.to_ascii_lowercase().starts_with("as follows"))
        {
            return None;
        }
        let tokens = items.iter().all(|v| WIDE_TOKEN.is_match(v));
        if items.len() == 1 && !single_allowed {
            // `The value can be left blank`, `which can be obtained from ...`: not a list.
            if !tokens || s.to_ascii_lowercase().contains("can be") && !CONSTRAINT_WORDS.is_match(s)
            {
                return None;
            }
            self.skip(s, "one value in words, not said to be the only one: not recorded");
            return Some(false);
        }
        if !tokens {
            self.skip(s, "a list of values in words: not recorded");
            return Some(false);
        }
        if is_boolean(self.ty)
            && items
                .iter()
                .all(|v| v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"))
        {
            for d in defaults {
                self.default(s, &d);
            }
            return Some(true);
        }
        if !is_string(self.ty) {
            self.skip(s, "a list of values for a type that is not a string: not recorded");
            return Some(false);
        }
        for d in defaults {
            self.default(s, &d);
        }
        self.lists.push((items, s.to_string()));
        Some(true)
    }

    /// Character rules in `s`; `None` when it states none.
    fn characters(&mut self, s: &str) -> Option<bool> {
        let before = self.chars.clone();
        let mut said = false;
        let mut ok = true;
        // A regular expression the page gives.
        if let Some(m) = LITERAL_RE.captures(s) {
            let p = m[1].trim_end_matches('.').to_string();
            said = true;
            let plain = !p.contains("(?")
                && !p
                    .chars()
                    .collect::<Vec<_>>()
                    .windows(2)
                    .any(|w| w[0] == '\\' && w[1].is_ascii_alphanumeric());
            if plain && Regex::new(&p).is_ok() && self.chars.literal.is_none() {
                self.chars.literal = Some((p, s.to_string()));
            } else {
                ok = false;
            }
        }
        let exclusive = ONLY_LIST
            .captures(s)
            .map(|m| m[1].to_string())
            .or_else(|| ONLY_ALLOWED.captures(s).map(|m| m[1].to_string()));
        if let Some(list) = exclusive {
            match char_list(&list) {
                CharList::Known(set) => {
                    said = true;
                    match &self.chars.allowed {
                        Some((a, _)) if *a != set => ok = false,
                        _ => self.chars.allowed = Some((set, s.to_string())),
                    }
                }
                CharList::Unknown => {
                    said = true;
                    ok = false;
                }
                CharList::NotChars => {}
            }
        } else if let Some(m) = MAY_LIST.captures(s) {
            if let CharList::Known(_) | CharList::Unknown = char_list(&m[1]) {
                self.skip(
                    s,
                    "characters the value may contain, not said to be the only ones: not recorded",
                );
                return Some(false);
            }
        }
        for m in ENDS.captures_iter(s) {
            let negative =
                !matches!(m[1].to_ascii_lowercase().as_str(), "must" | "should" | "can only");
            let CharList::Known(set) = char_list(&m[3]) else {
                said = true;
                ok = false;
                continue;
            };
            said = true;
            let which = m[2].to_ascii_lowercase();
            let cond = Chars { set, negated: negative };
            if which.contains("start") || which.contains("begin") {
                let old = self.chars.start.take();
                self.chars.start = Some(match old {
                    Some((c, req)) => (c.and(&cond), req || !negative),
                    None => (cond.clone(), !negative),
                });
            }
            if which.contains("end") {
                let old = self.chars.end.take();
                self.chars.end = Some(match old {
                    Some((c, req)) => (c.and(&cond), req || !negative),
                    None => (cond, !negative),
                });
            }
        }
        if let Some(m) = EXCLUDE.captures(s) {
            match char_list(&m[1]) {
                CharList::Known(set) => {
                    said = true;
                    self.chars.excluded.extend(set);
                }
                CharList::Unknown => {
                    said = true;
                    ok = false;
                }
                CharList::NotChars => {}
            }
        }
        if !said {
            return None;
        }
        if !is_string(self.ty) || self.c.stated_type.is_some() {
            self.chars = before;
            self.skip(s, "a rule on characters for a value that is not a string: not recorded");
            return Some(false);
        }
        if !ok {
            // Nothing of a sentence that is not read whole.
            self.chars = before;
            self.skip(s, "a rule on characters the reader does not know: not recorded");
            return Some(false);
        }
        self.chars.any = true;
        Some(true)
    }

    /// Read one sentence; returns whether it said something the reader understood (or reported).
    fn sentence(&mut self, s: &str) -> bool {
        let s = s.strip_prefix("• ").unwrap_or(s).trim();
        if REFERENCE.is_match(s)
            && !(RANGE.is_match(s) || DEFAULT_IS.is_match(s) || L_SPAN.is_match(s))
        {
            return true;
        }
        let defaulting = DEFAULT_IF.is_match(s);
        if !defaulting && conditional(s) && rule(s) {
            self.skip_conditional(s);
            return true;
        }
        if defaulting {
            // The condition is the default's own: `If this parameter is not specified, ...`.
            let rest = DEFAULT_IF.captures(s).map(|m| m[1].to_string()).unwrap_or_default();
            if conditional(&rest) && rule(&rest) {
                self.skip_conditional(s);
                return true;
            }
        }
        let mut results = Vec::new();
        let length = self.lengths(s);
        results.push(length);
        let range = if length.is_none() { self.ranges(s) } else { None };
        results.push(range);
        results.push(self.defaults(s));
        if length.is_none() && range.is_none() {
            results.push(self.inline_list(s));
        }
        results.push(self.characters(s));
        results.iter().any(Option::is_some)
    }

    /// Read list items from `paras[at..]`; returns how many paragraphs they take.
    fn list(&mut self, paras: &[String], at: usize, intro: &str) -> usize {
        if paras.get(at).is_none_or(|p| label(p).is_some()) {
            return 0;
        }
        // `Range: None`: the page says there is nothing to say.
        if paras.get(at).is_some_and(|p| na(p.strip_prefix("• ").unwrap_or(p))) {
            return 1;
        }
        let bulleted = paras.get(at).is_some_and(|p| p.starts_with("• "));
        // `returned only when the value of job_type is one of the following:`: another field's values.
        if conditional(intro) && label(intro).is_none() {
            let n = paras[at..]
                .iter()
                .take_while(|p| p.starts_with("• ") == bulleted && label(p).is_none())
                .count()
                .max(1);
            let n = if bulleted { n } else { 1 };
            self.skip_conditional(intro);
            return n;
        }
        let mut values = Vec::new();
        let mut defaults = Vec::new();
        let mut j = at;
        while let Some(p) = paras.get(j) {
            let item = p.strip_prefix("• ").unwrap_or(p).trim();
            if bulleted != p.starts_with("• ") || label(p).is_some() {
                break;
            }
            let Some(m) = ITEM.captures(item) else { break };
            let meaning = m.get(3).or(m.get(4)).or(m.get(5)).map_or("", |g| g.as_str());
            if TWO_ITEMS.is_match(meaning)
                || meaning.contains("; ")
                || meaning.contains(" indicates ")
            {
                // One paragraph that is wholly `A: meaning. B: meaning.`, right after the
                // introduction: its values, as a list would give them.
                let run: Option<Vec<String>> = (j == at && !bulleted && values.is_empty())
                    .then(|| run_of_items(item))
                    .flatten();
                if let Some(run) = run {
                    values = run;
                    j += 1;
                    break;
                }
                self.skip(item, "several values in one paragraph: not recorded");
                return j + 1 - at;
            }
            if m.get(2).is_some() || DEFAULT_MARK.is_match(meaning.trim()) {
                defaults.push(m[1].to_string());
            }
            values.push(m[1].to_string());
            j += 1;
        }
        if values.is_empty() {
            let Some(p) = paras.get(at).filter(|p| !na(p)) else {
                return usize::from(paras.get(at).is_some());
            };
            let text = p.strip_prefix("• ").unwrap_or(p).trim();
            // `A, B, and C`
            let items: Vec<String> = text
                .trim_end_matches('.')
                .replace(", and ", ", ")
                .replace(", or ", ", ")
                .split(',')
                .map(|v| {
                    v.trim().trim_start_matches("and ").trim_start_matches("or ").trim().to_string()
                })
                .collect();
            if items.len() > 1 && items.iter().all(|v| TOKEN.is_match(v)) && !FORMAT.is_match(text)
            {
                values = items;
                j = at + 1;
            } else if let Some(m) = BARE_RANGE.captures(text) {
                // `Value range:` then `1 to 128` alone.
                let ty = self.number_type();
                if is_numeric(ty) {
                    if let (Some(lo), Some(hi)) = (num(&m[1]), num(&m[2])) {
                        self.min(lo);
                        self.max(hi);
                        return 1;
                    }
                }
                if ty.is_some() && is_string(ty) {
                    self.bare.push((unum(&m[1]), unum(&m[2]), text.to_string()));
                } else {
                    self.skip(text, "a range on a value that is not a number, or whose type the page does not give: not recorded");
                }
                return 1;
            } else {
                let mut any = false;
                for s in sentences(text) {
                    if !self.sentence(&s) {
                        self.skip(&s, "a value range in words: not recorded");
                    }
                    any = true;
                }
                return usize::from(any);
            }
        }
        let n = j - at;
        if intro.to_ascii_lowercase().contains("case-insensitive") {
            self.skip(intro, "values that are case-insensitive: not recorded as an enumeration");
        } else if is_boolean(self.ty) && values.iter().all(|v| v == "true" || v == "false") {
            // The type's own values.
        } else if !is_string(self.ty) {
            self.skip(intro, "a list of values for a type that is not a string: not recorded");
            return n;
        } else {
            self.lists.push((values, intro.to_string()));
        }
        for d in defaults {
            self.default(intro, &d);
        }
        n
    }

    /// `The value can contain:` at `paras[at]`, then items naming characters; returns how many
    /// paragraphs they take, or `None` when `paras[at]` is not such an introduction.
    fn char_intro(&mut self, paras: &[String], at: usize) -> Option<usize> {
        let intro = paras[at].strip_prefix("• ").unwrap_or(&paras[at]).trim();
        let m = CHAR_INTRO.captures(intro)?;
        let exclusive = m.get(1).is_some() || m.get(2).is_some();
        let mut set = BTreeSet::new();
        let mut known = true;
        let mut j = at + 1;
        while let Some(p) = paras.get(j).filter(|p| label(p).is_none()) {
            match char_list(p.strip_prefix("• ").unwrap_or(p)) {
                CharList::Known(s) => set.extend(s),
                CharList::Unknown => known = false,
                CharList::NotChars => break,
            }
            j += 1;
        }
        if j == at + 1 {
            return None;
        }
        let all = paras[at..j]
            .iter()
            .map(|p| p.strip_prefix("• ").unwrap_or(p))
            .collect::<Vec<_>>()
            .join(" / ");
        if !exclusive {
            self.skip(
                &all,
                "characters the value may contain, not said to be the only ones: not recorded",
            );
        } else if !known || !is_string(self.ty) {
            self.skip(&all, "a rule on characters the reader does not know: not recorded");
        } else {
            match &self.chars.allowed {
                Some((a, _)) if *a != set => {
                    self.skip(&all, "two lists of allowed characters that disagree: not recorded")
                }
                _ => {
                    self.chars.allowed = Some((set, all));
                    self.chars.any = true;
                }
            }
        }
        Some(j - at)
    }

    /// The pattern the character rules compose, if any.
    fn compose(&mut self) {
        let rules = std::mem::take(&mut self.chars);
        let literal = rules.literal.clone();
        let said = rules.allowed.is_some()
            || rules.start.is_some()
            || rules.end.is_some()
            || !rules.excluded.is_empty();
        if !said {
            if let Some((p, sentence)) = literal {
                // The page's own expression; a length it repeats is left to the length.
                let p = match LITERAL_CLASS.captures(&p) {
                    Some(m)
                        if (unum(&m[2]), unum(&m[3])) == (self.c.min_length, self.c.max_length) =>
                    {
                        format!("^{}*$", &m[1])
                    }
                    _ => p,
                };
                match Regex::new(&p) {
                    Ok(_) => self.c.pattern = Some(p),
                    Err(_) => self.skip(
                        &sentence,
                        "a regular expression that does not compile: not recorded",
                    ),
                }
            }
            return;
        }
        if let Some((_, sentence)) = literal {
            self.skip(
                &sentence,
                "a regular expression beside other rules on characters: not recorded",
            );
        }
        let body = match &rules.allowed {
            Some((a, _)) => Chars::of(a.difference(&rules.excluded).copied().collect()),
            None => Chars { set: rules.excluded.clone(), negated: true },
        };
        let start = rules.start.as_ref().map(|(c, req)| (body.and(c), *req));
        let end = rules.end.as_ref().map(|(c, req)| (body.and(c), *req));
        let sentence = rules
            .allowed
            .as_ref()
            .map_or("the rules on characters".to_string(), |(_, s)| s.clone());
        if body.is_empty()
            || start.as_ref().is_some_and(|(c, _)| c.is_empty())
            || end.as_ref().is_some_and(|(c, _)| c.is_empty())
        {
            self.skip(&sentence, "rules on characters that no value can meet: not recorded");
            return;
        }
        let b = format!("{}*", body.class());
        let (core, required) = match (&start, &end) {
            (None, None) => (b, true),
            (Some((s, req)), None) => (format!("{}{b}", s.class()), *req),
            (None, Some((e, req))) => (format!("{b}{}", e.class()), *req),
            (Some((s, rs)), Some((e, re_))) => {
                let both = s.and(e);
                let core = if both.is_empty() {
                    format!("{}{b}{}", s.class(), e.class())
                } else {
                    format!("(?:{}|{}{b}{})", both.class(), s.class(), e.class())
                };
                (core, *rs || *re_)
            }
        };
        let p = if required || start.is_none() && end.is_none() {
            format!("^{core}$")
        } else {
            format!("^(?:{core})?$")
        };
        match Regex::new(&p) {
            Ok(_) => self.c.pattern = Some(p),
            Err(_) => self.skip(
                &sentence,
                "rules on characters whose expression does not compile: not recorded",
            ),
        }
        // A byte limit is a character limit when every allowed character is ASCII.
        let ascii = rules.allowed.as_ref().is_some_and(|(a, _)| a.iter().all(char::is_ascii));
        if ascii {
            for (lo, hi, _) in std::mem::take(&mut self.bytes) {
                if let Some(v) = lo {
                    self.min_length(v);
                }
                if let Some(v) = hi {
                    self.max_length(v);
                }
            }
        }
    }
}

/// The values of a paragraph that is wholly `value: meaning` items run together (`Running: The
/// job runs. Completed: It is done.`): every sentence starts with its value and a colon, and no
/// value comes twice. `None` when any sentence does not.
fn run_of_items(p: &str) -> Option<Vec<String>> {
    let mut values: Vec<String> = Vec::new();
    for s in sentences(p) {
        let (value, meaning) = s.split_once(':')?;
        let value = value.trim();
        if !TOKEN.is_match(value) || meaning.trim().is_empty() || values.iter().any(|v| v == value)
        {
            return None;
        }
        values.push(value.to_string());
    }
    (values.len() > 1).then_some(values)
}

/// The type a row without one is said to have: `integer` or `number`.
fn stated_type(paras: &[String]) -> Option<&'static str> {
    let text = paras.join(" ");
    if SAYS_INTEGER.is_match(&text) {
        Some("integer")
    } else if SAYS_NUMBER.is_match(&text) {
        Some("number")
    } else {
        None
    }
}

/// Read the constraints a description (its paragraphs, list items starting `• `) states for a
/// value of the page's type `ty`.
pub fn read(description: &[String], ty: Option<&str>) -> (Constraints, Vec<Unread>) {
    let description = expand_labels(description);
    let paras: Vec<String> = description.iter().map(|(p, _)| p.clone()).collect();
    let mut r = Reader {
        ty,
        c: Constraints::default(),
        unread: Vec::new(),
        lists: Vec::new(),
        bare: Vec::new(),
        bytes: Vec::new(),
        chars: CharRules::default(),
    };
    if ty.is_none() {
        r.c.stated_type = stated_type(&paras);
    }
    let mut current: Option<Label> = None;
    // A label at the start of a paragraph (`• Range: 0-2000`) holds for that paragraph only: the
    // index of its last paragraph, and the label before it.
    let mut scope: Option<(usize, Option<Label>)> = None;
    let mut i = 0;
    while i < description.len() {
        if let Some((end, before)) = scope.filter(|(end, _)| i > *end) {
            let _ = end;
            current = before;
            scope = None;
        }
        let (p, inline) = &description[i];
        let (p, inline) = (p.as_str(), *inline);
        if let Some(l) = label(p) {
            let before = current;
            current = Some(l);
            i += 1;
            if matches!(l, Label::Range) {
                i += r.list(&paras, i, p);
            }
            if inline {
                scope = Some((if matches!(l, Label::Range) { i - 1 } else { i }, before));
            }
            continue;
        }
        let text = p.strip_prefix("• ").unwrap_or(p);
        if let Some(n) = r.char_intro(&paras, i) {
            i += n;
            continue;
        }
        match current {
            Some(Label::Default) => {
                if !na(text) {
                    let t = text.trim().trim_end_matches('.');
                    if WIDE_TOKEN.is_match(t) {
                        r.default(text, t);
                    } else if !r.sentence(text) {
                        r.skip(text, "a default in words: not recorded");
                    }
                }
                i += 1;
                continue;
            }
            Some(Label::Range) if !na(text) => {
                for s in sentences(text) {
                    if !r.sentence(&s) {
                        r.skip(&s, "a value range in words: not recorded");
                    }
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
        // A paragraph ending with a list's introduction (`... Value:`); `Example value:` shows a
        // value, it lists none.
        let all = sentences(text);
        let example = all.last().is_some_and(|l| EXAMPLE_INTRO.is_match(l));
        if example {
            i += 1 + usize::from(paras.get(i + 1).is_some_and(|p| label(p).is_none()));
            continue;
        }
        if INTRO.is_match(text.trim())
            || all
                .last()
                .is_some_and(|l| INTRO.is_match(l) || l.ends_with(':') && FOLLOWING.is_match(l))
        {
            let (intro, before) =
                all.split_last().map_or((text.to_string(), &[][..]), |(l, b)| (l.clone(), b));
            for s in before {
                if !r.sentence(s) && CONSTRAINT_WORDS.is_match(s) {
                    r.skip(s, "a constraint in words the reader does not know");
                }
            }
            i += 1;
            i += r.list(&paras, i, &intro);
            continue;
        }
        // `value: meaning` items with no introduction: values, perhaps, but not said to be.
        if i == 0
            || !paras[i - 1].starts_with("• ")
                && ITEM.captures(paras[i - 1].trim()).is_none_or(|m| m.get(3).is_none())
        {
            let bullet = p.starts_with("• ");
            let run = paras[i..]
                .iter()
                .take_while(|q| q.starts_with("• ") == bullet && label(q).is_none())
                .count();
            let shaped: Vec<_> = paras[i..i + run]
                .iter()
                .map_while(|q| {
                    ITEM.captures(q.trim_start_matches("• ").trim())
                        .filter(|m| m.get(3).or(m.get(5)).is_some() || m.get(2).is_some())
                })
                .collect();
            let items = shaped.len();
            if items > 1
                && (bullet
                    || items == run
                    || paras[i + items..].first().is_some_and(|q| q.starts_with("• ")))
            {
                let values: Vec<String> = shaped.iter().map(|m| m[1].to_string()).collect();
                let defaults: Vec<String> = shaped
                    .iter()
                    .filter(|m| {
                        m.get(2).is_some()
                            || DEFAULT_MARK
                                .is_match(m.get(3).or(m.get(5)).map_or("", |g| g.as_str()).trim())
                    })
                    .map(|m| m[1].to_string())
                    .collect();
                if !(is_boolean(ty) && values.iter().all(|v| v == "true" || v == "false")) {
                    r.skip(text, "a list of `value: meaning` items that no sentence introduces as the values: not recorded");
                }
                for d in defaults {
                    r.default(text, &d);
                }
                i += items;
                continue;
            }
        }
        let rules_here = matches!(current, Some(Label::Constraints));
        for s in all {
            if !r.sentence(&s) && (rules_here || CONSTRAINT_WORDS.is_match(&s)) {
                r.skip(&s, "a constraint in words the reader does not know");
            }
        }
        i += 1;
    }
    r.compose();
    finish(r)
}

fn finish(mut r: Reader) -> (Constraints, Vec<Unread>) {
    let ty = r.ty;
    // Bytes left over: the value is not known to be ASCII.
    for (_, _, s) in std::mem::take(&mut r.bytes) {
        r.skip(&s, "a limit in bytes on a value not said to be ASCII (a byte is not a character): not recorded");
    }
    // A bare range on a string is the length only when it repeats one read elsewhere.
    for (lo, hi, s) in std::mem::take(&mut r.bare) {
        let repeats = (r.c.min_length.is_some() || r.c.max_length.is_some())
            && lo.is_none_or(|v| Some(v) == r.c.min_length)
            && hi.is_none_or(|v| Some(v) == r.c.max_length);
        if !repeats {
            r.skip(&s, "a range on a string that does not say it is a length: not recorded");
        }
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
        let bullet = r
            .lists
            .iter()
            .find(|(_, intro)| INTRO.is_match(intro.trim()))
            .map(|(v, _)| v.clone())
            .unwrap_or(first);
        if r.lists.iter().all(|(v, _)| same(v, &bullet)) {
            r.c.values = bullet;
        } else {
            let s = r.lists.iter().map(|(_, s)| s.clone()).collect::<Vec<_>>().join(" / ");
            r.skip(&s, "two lists of values that disagree: not recorded");
        }
    }
    // A default outside the range: one of them is wrong; neither is recorded.
    if let (Some(d), true) = (
        r.c.default.as_ref().and_then(|d| d.parse::<i64>().ok()),
        is_numeric(ty.or(r.c.stated_type)),
    ) {
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
            r.skip(
                &said,
                "the default is not one of the listed values: the default is not recorded",
            );
            r.c.default = None;
        }
    }
    if r.c.minimum.zip(r.c.maximum).is_some_and(|(lo, hi)| lo > hi) {
        r.skip(
            &format!("{:?} to {:?}", r.c.minimum, r.c.maximum),
            "a range whose minimum is above its maximum: not recorded",
        );
        r.c.minimum = None;
        r.c.maximum = None;
    }
    if r.c.min_length.zip(r.c.max_length).is_some_and(|(lo, hi)| lo > hi) {
        r.skip(
            &format!("{:?} to {:?} characters", r.c.min_length, r.c.max_length),
            "a length whose minimum is above its maximum: not recorded",
        );
        r.c.min_length = None;
        r.c.max_length = None;
    }
    // A string default that breaks the length or the pattern: one of them is wrong.
    if let (Some(d), true) = (r.c.default.clone(), is_string(ty) && r.c.stated_type.is_none()) {
        let n = d.chars().count() as u64;
        let fits = r.c.min_length.is_none_or(|m| n >= m)
            && r.c.max_length.is_none_or(|m| n <= m)
            && r.c.pattern.as_ref().is_none_or(|p| Regex::new(p).is_ok_and(|re| re.is_match(&d)));
        if !fits && !d.is_empty() {
            r.skip(
                &format!("default {d}"),
                "the default breaks the stated length or characters: the default is not recorded",
            );
            r.c.default = None;
        }
    }
    // Listed values and a pattern: the values say more; a pattern they all match adds nothing,
    // one they do not is a contradiction, and neither is recorded.
    if let (Some(p), false) = (r.c.pattern.clone(), r.c.values.is_empty()) {
        let matches = Regex::new(&p).is_ok_and(|re| r.c.values.iter().all(|v| re.is_match(v)));
        r.c.pattern = None;
        if !matches {
            let said = format!("values {}, pattern {p}", r.c.values.join(", "));
            r.skip(
                &said,
                "listed values that the stated pattern does not match: neither is recorded",
            );
            r.c.values.clear();
        }
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
        assert_eq!(
            c("Integer", &["Value range: 1 to 128"]).0,
            Constraints { minimum: Some(1), maximum: Some(128), ..Default::default() }
        );
        assert_eq!(
            c("Integer", &["Records. The minimum value is 1 and the maximum value is 100."])
                .0
                .maximum,
            Some(100)
        );
        assert_eq!(
            c("Integer", &["The value is greater than 0 and less than or equal to 128."]).0.minimum,
            Some(1)
        );
        assert_eq!(
            c("Integer", &["The value must be a number but cannot be a negative number."])
                .0
                .minimum,
            Some(0)
        );
        assert_eq!(c("Long", &["The value ranges from 5 to 10."]).0.maximum, Some(10));
        // The tighter bound stands.
        let (k, _) = c("Integer", &["The value cannot be a negative number. The minimum value is 1 and the maximum value is 100."]);
        assert_eq!((k.minimum, k.maximum), (Some(1), Some(100)));
    }

    #[test]
    fn defaults_in_their_phrasings() {
        assert_eq!(
            c(
                "Integer",
                &["If the parameter value is not specified, 10 records are queried by default."]
            )
            .0
            .default
            .as_deref(),
            Some("10")
        );
        assert_eq!(c("Integer", &["The default value is 100."]).0.default.as_deref(), Some("100"));
        assert_eq!(c("Boolean", &["Default: true"]).0.default.as_deref(), Some("true"));
        assert_eq!(c("String", &["Default value:", "N/A"]).0, Constraints::default());
        // Only the sentence that says "by default" counts: not the N+1 of another sentence.
        let (k, u) =
            c("Integer", &["With a start of N, the listing begins at item N+1. The value is 0 by default, so it begins with the first item."]);
        assert_eq!(k.default.as_deref(), Some("0"), "{u:?}");
        // A default in words is reported, not guessed.
        let (k, u) = c("Boolean", &["By default it is powered on after restoration."]);
        assert_eq!(k.default, None);
        assert_eq!(u.len(), 1);
    }

    #[test]
    fn value_lists_in_their_layouts() {
        assert_eq!(
            c("String", &["The type. Value:", "• auto: automated", "• manual: by hand"]).0.values,
            vec!["auto", "manual"]
        );
        assert_eq!(
            c("String", &["Status", "Enumeration values:", "• available", "• error"]).0.values,
            vec!["available", "error"]
        );
        assert_eq!(
            c("String", &["Value range:", "backup: a.", "timestamp: b.", "Default value:", "N/A"])
                .0
                .values,
            vec!["backup", "timestamp"]
        );
        let (k, u) = c(
            "String",
            &[
                "Mode. Possible values are na, snapshot, and backup.",
                "Default: na",
                "Enumeration values:",
                "• na",
                "• backup",
                "• snapshot",
            ],
        );
        assert_eq!(
            (k.values, k.default.as_deref()),
            (vec!["na".to_string(), "backup".into(), "snapshot".into()], Some("na")),
            "{u:?}"
        );
    }

    #[test]
    fn a_pattern_the_listed_values_match_adds_nothing() {
        let (k, _) = c(
            "String",
            &["A state matching ^[1-5]{1}$. Enumerated values include:", "• 1: new", "• 2: old"],
        );
        assert_eq!((k.values.as_slice(), k.pattern), (&["1".to_string(), "2".into()][..], None));
    }

    #[test]
    fn an_example_value_is_no_list_of_values() {
        let (k, _) =
            c("String", &["The time window, as hh:mm-HH:MM.", "Example value:", "21:00-22:00"]);
        assert!(k.values.is_empty(), "{k:?}");
    }

    #[test]
    fn a_number_in_passing_is_no_default_and_text_beyond_ascii_reads_without_a_panic() {
        let (k, u) =
            c("Integer", &["Grams. By default, fruit picked in the last 7 days is packed."]);
        assert_eq!((k.default, u.len()), (None, 1), "{u:?}");
        assert_eq!(c("Integer", &["The value is 3 by default."]).0.default.as_deref(), Some("3"));
        // A non-breaking space and a dash beyond ASCII inside a character rule.
        let _ = c(
            "String",
            &["It can contain only letters, digits, and hyphens\u{a0}(-)—nothing else."],
        );
        let _ = c("String", &["Only letters and é or ü are allowed, and digits."]);
    }

    #[test]
    fn a_label_saying_none_says_nothing() {
        assert_eq!(
            c("String", &["• Definition: the project.", "• Range: None"]),
            (Constraints::default(), Vec::new())
        );
        assert_eq!(c("String", &["Range", "N/A"]), (Constraints::default(), Vec::new()));
    }

    #[test]
    fn what_cannot_be_read_with_confidence_is_reported_and_not_recorded() {
        // A list no sentence introduces as the values.
        let (k, u) = c("String", &["The instance type.", "• Single: one node", "• Ha: two nodes"]);
        assert!(k.values.is_empty() && u.len() == 1, "{k:?} {u:?}");
        // Several values run together in one paragraph: read when every sentence is
        // `value: meaning`, not when one is something else.
        let (k, u) = c(
            "String",
            &["The value can be:", "Running: is running. Completed: is done. Failed: failed."],
        );
        assert_eq!(k.values, ["Running", "Completed", "Failed"], "{u:?}");
        let (k, u) = c(
            "String",
            &["The value can be:", "Running: is running. It may take hours. Failed: failed."],
        );
        assert!(k.values.is_empty() && u.len() == 1, "{k:?} {u:?}");
        // Case-insensitive values are not an enumeration.
        let (k, u) = c(
            "String",
            &[
                "Its value can be any of the following and is case-insensitive:",
                "• MySQL",
                "• PostgreSQL",
            ],
        );
        assert!(k.values.is_empty() && !u.is_empty(), "{k:?} {u:?}");
        // A "positive" number whose default is 0 says two things; neither is guessed.
        let (k, u) =
            c("Integer", &["The value is 0 by default. The value must be a positive number."]);
        assert_eq!((k.minimum, k.default.as_deref()), (None, Some("0")));
        assert_eq!(u.len(), 1, "{u:?}");
        // A bare range on a string that says no unit: not recorded.
        let (k, u) = c("String", &["Value range: 1 to 64"]);
        assert_eq!((k.minimum, k.min_length, u.len()), (None, None, 1), "{u:?}");
        // A default outside the range: neither.
        let (k, u) = c("Integer", &["Value range: 1 to 10", "The default value is 20."]);
        assert_eq!((k, u.len()), (Constraints::default(), 1));
    }

    fn untyped(lines: &[&str]) -> (Constraints, Vec<Unread>) {
        read(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>(), None)
    }

    fn len(k: &Constraints) -> (Option<u64>, Option<u64>) {
        (k.min_length, k.max_length)
    }

    #[test]
    fn lengths_in_their_phrasings() {
        let one = |s: &str| {
            let (k, u) = c("String", &[s]);
            assert!(u.is_empty(), "{s}: {u:?}");
            len(&k)
        };
        assert_eq!(one("A label may hold 3 to 40 characters."), (Some(3), Some(40)));
        assert_eq!(one("The note is 2-200 characters long."), (Some(2), Some(200)));
        assert_eq!(one("The comment holds a maximum of 300 characters."), (None, Some(300)));
        assert_eq!(one("The remark must not exceed 80 characters."), (None, Some(80)));
        assert_eq!(one("The title cannot exceed 32 characters."), (None, Some(32)));
        assert_eq!(one("Enter up to 2,048 characters."), (None, Some(2048)));
        assert_eq!(one("The summary has 0 to 1,000 characters."), (Some(0), Some(1000)));
        assert_eq!(one("The code has at least 6 characters."), (Some(6), None));
        assert_eq!(one("The token is exactly 24 characters long."), (Some(24), Some(24)));
        assert_eq!(
            one("The length of the tag ranges from 2 to 12 characters."),
            (Some(2), Some(12))
        );
        assert_eq!(
            one("The key holds no more than 90 Unicode characters and cannot be left blank."),
            (Some(1), Some(90))
        );
        // Lines of the newer layout.
        let (k, u) = c(
            "String",
            &["The handle.", "• Minimum length: 5 characters", "• Maximum length: 25 characters"],
        );
        assert_eq!((len(&k), u.len()), ((Some(5), Some(25)), 0), "{u:?}");
        // A bare range that repeats the length is the length.
        let (k, u) = c("String", &["A nickname holds 1 to 30 characters.", "Value range: 1 to 30"]);
        assert_eq!((len(&k), k.minimum, u.len()), ((Some(1), Some(30)), None, 0), "{u:?}");
        // The RDS layout: the length sentence under its `Value range` label.
        let (k, u) = c(
            "String",
            &[
                "Explanation:",
                "Label of the shelf.",
                "Value range:",
                "The value may hold 4 to 16 characters.",
                "Default value:",
                "N/A",
            ],
        );
        assert_eq!((len(&k), u.len()), ((Some(4), Some(16)), 0), "{u:?}");
        // A row without a type: characters make it a string.
        assert_eq!(
            len(&untyped(&["The box code can contain 8 to 10 characters."]).0),
            (Some(8), Some(10))
        );
    }

    #[test]
    fn lengths_that_stay_unread() {
        // A bare range that disagrees with the length.
        let (k, u) = c("String", &["A nickname holds 1 to 30 characters.", "Value range: 1 to 40"]);
        assert_eq!((len(&k), u.len()), ((Some(1), Some(30)), 1), "{u:?}");
        // A length on a number, or on an array.
        let (k, u) = c("Integer", &["The field takes 1 to 5 characters."]);
        assert_eq!((len(&k), k.minimum, u.len()), ((None, None), None, 1));
        let (k, u) = c("Array of strings", &["Each entry holds up to 20 characters."]);
        assert_eq!((len(&k), u.len()), ((None, None), 1));
        // Bytes on a value not restricted to ASCII: a byte is not a character.
        let (k, u) = c("String", &["The memo holds at most 120 bytes."]);
        assert_eq!((len(&k), u.len()), ((None, None), 1), "{u:?}");
        // Bytes on a value that holds only ASCII characters: the same count.
        let (k, u) = c(
            "String",
            &["The slug holds at most 40 bytes. It contains only lowercase letters and digits."],
        );
        assert_eq!(
            (len(&k), k.pattern.as_deref(), u.len()),
            ((None, Some(40)), Some("^[0-9a-z]*$"), 0),
            "{u:?}"
        );
        // Both units at once.
        let (k, u) = c("String", &["The memo holds 10 characters or 30 bytes at most."]);
        assert_eq!((len(&k), u.len()), ((None, None), 1), "{u:?}");
    }

    #[test]
    fn more_ranges_and_stated_types() {
        let r = |ty: &str, s: &str| {
            let (k, u) = c(ty, &[s]);
            assert!(u.is_empty(), "{s}: {u:?}");
            (k.minimum, k.maximum)
        };
        assert_eq!(r("Integer", "The value range is 2 to 640."), (Some(2), Some(640)));
        assert_eq!(r("Integer", "The size ranges from 10 GB to 2,000 GB."), (Some(10), Some(2000)));
        assert_eq!(r("Integer", "Value range: 5–500"), (Some(5), Some(500)));
        assert_eq!(r("Integer", "The count must be a positive integer."), (Some(1), None));
        assert_eq!(r("Integer", "The value is greater than or equal to 3."), (Some(3), None));
        assert_eq!(r("Integer", "It can be from 2 to 9."), (Some(2), Some(9)));
        assert_eq!(r("Long", "The value must be between 4 and 8."), (Some(4), Some(8)));
        assert_eq!(r("Integer", "The number cannot exceed 70."), (None, Some(70)));
        // `Minimum value:` / `Maximum:` lines.
        let (k, u) = c("Integer", &["How many shelves.", "• Minimum value: 2", "• Maximum: 12"]);
        assert_eq!((k.minimum, k.maximum, u.len()), (Some(2), Some(12), 0), "{u:?}");
        // A row without a type: only when the words say it is a number.
        let (k, u) = untyped(&["The page size, an integer from 1 to 40."]);
        assert_eq!(
            (k.stated_type, k.minimum, k.maximum, u.len()),
            (Some("integer"), Some(1), Some(40), 0),
            "{u:?}"
        );
        let (k, u) = untyped(&["The count must be a positive integer."]);
        assert_eq!((k.stated_type, k.minimum, u.len()), (Some("integer"), Some(1), 0));
        let (k, u) = untyped(&["The shelf ranges from 1 to 40."]);
        assert_eq!((k.stated_type, k.minimum, u.len()), (None, None, 1));
        // The page's type: `stated_type` stays empty.
        assert_eq!(c("Integer", &["An integer from 1 to 4."]).0.stated_type, None);
        // `positive number` is used loosely: not read.
        let (k, u) = c("Integer", &["The value must be a positive number."]);
        assert_eq!((k.minimum, u.len()), (None, 1));
    }

    #[test]
    fn value_lists_in_more_phrasings() {
        let v = |ty: &str, lines: &[&str]| {
            let (k, u) = c(ty, lines);
            assert!(u.is_empty(), "{lines:?}: {u:?}");
            (k.values, k.default)
        };
        assert_eq!(
            v("String", &["The shape can be round, square, or oval."]).0,
            ["round", "square", "oval"]
        );
        assert_eq!(v("String", &["Possible values are on and off."]).0, ["on", "off"]);
        assert_eq!(v("String", &["The mode of the shop. Valid value: retail"]).0, ["retail"]);
        assert_eq!(
            v("String", &["Its value can be asc (default) or desc."]),
            (vec!["asc".to_string(), "desc".into()], Some("asc".into()))
        );
        assert_eq!(v("String", &["The flavour can be mint (cool taste), lime (sour taste), or plum (sweet taste)."]).0, ["mint", "lime", "plum"]);
        assert_eq!(
            v("String", &["Kind of a shelf, which can be \"wood\" or \"steel\"."]).0,
            ["wood", "steel"]
        );
        assert_eq!(
            v(
                "String",
                &["Enumerated values include:", "• big: a large box", "• small: a small box"]
            )
            .0,
            ["big", "small"]
        );
        assert_eq!(
            v(
                "String",
                &["The options are as follows:", "• lead: goes first", "• tail: goes last"]
            )
            .0,
            ["lead", "tail"]
        );
        assert_eq!(
            v("String", &["The colour. The value can be one of the following:", "• red", "• blue"])
                .0,
            ["red", "blue"]
        );
        assert_eq!(
            v(
                "String",
                &["Whether to lock. Options:", "• no (default): it stays open", "• yes: it locks"]
            ),
            (vec!["no".into(), "yes".into()], Some("no".into()))
        );
        assert_eq!(
            v(
                "String",
                &[
                    "The light. The value can be:",
                    "• dim indicates a low light.",
                    "• bright indicates a high light."
                ]
            )
            .0,
            ["dim", "bright"]
        );
        assert_eq!(
            v("String", &["Definition", "The state.", "Range", "OPEN, SHUT, and GONE"]).0,
            ["OPEN", "SHUT", "GONE"]
        );
        // The VPC layout: labels at the start of list items.
        assert_eq!(
            v(
                "String",
                &["• Definition: The state.", "• Range:", "• UP: it is up.", "• DOWN: it is down."]
            )
            .0,
            ["UP", "DOWN"]
        );
        // On a Boolean, `true` and `false` are the type's own values.
        assert_eq!(
            v("Boolean", &["Whether it is on. The value can be true or false."]),
            (vec![], None)
        );
        assert_eq!(
            v("Boolean", &["Range:", "• true: (default value) on", "• false: off"]),
            (vec![], Some("true".into()))
        );
        assert_eq!(
            v("Boolean", &["Whether it is on.", "• true: on", "• false: off"]),
            (vec![], None)
        );
    }

    #[test]
    fn value_lists_that_stay_unread() {
        // A format is not a list of values.
        let (k, u) = c("String", &["The time, in the hh:mm format, for example 08 or 23."]);
        assert!(k.values.is_empty(), "{k:?} {u:?}");
        // Several words to a value.
        let (k, u) = c("String", &["The value can be Big Box, Small Box, or Tin."]);
        assert_eq!((k.values.len(), u.len()), (0, 1));
        // One value after `can be`, not said to be the only one.
        let (k, u) = c("String", &["The value can be blue."]);
        assert_eq!((k.values.len(), u.len()), (0, 1));
        // `can be used`, `can be obtained`: not values, and not a rule.
        let (k, u) = c("String", &["The key, which can be obtained from the shelf list."]);
        assert_eq!((k.values.len(), u.len()), (0, 0), "{u:?}");
        // Another field's values.
        let (k, u) = c(
            "String",
            &["It is returned only when the type is one of the following:", "• alpha", "• beta"],
        );
        assert_eq!((k.values.len(), u.len(), u[0].conditional), (0, 1, true), "{u:?}");
        // Several values run together after `indicates`.
        let (k, u) = c(
            "String",
            &["The value can be as follows:", "ab1 indicates a shelf; cd2 indicates a box."],
        );
        assert_eq!((k.values.len(), u.len()), (0, 1), "{u:?}");
        // Values of an integer: not recorded as an enumeration.
        let (k, u) = c("Integer", &["Range", "• 1: one", "• 2: two"]);
        assert_eq!((k.values.len(), u.len()), (0, 1));
    }

    #[test]
    fn defaults_in_more_phrasings() {
        let d = |ty: &str, s: &str| {
            let (k, u) = c(ty, &[s]);
            assert!(u.is_empty(), "{s}: {u:?}");
            k.default
        };
        assert_eq!(
            d("Integer", "If this parameter is not specified, 15 is used.").as_deref(),
            Some("15")
        );
        assert_eq!(
            d("Integer", "If it is left blank, the default value is 7.").as_deref(),
            Some("7")
        );
        assert_eq!(
            d("Integer", "The interval ranges from 0 to 900 and defaults to 60.").as_deref(),
            Some("60")
        );
        assert_eq!(d("Boolean", "The default value is true.").as_deref(), Some("true"));
        assert_eq!(d("String", "The default value is text/plain.").as_deref(), Some("text/plain"));
        assert_eq!(d("String", "Default value: v2.0+").as_deref(), Some("v2.0+"));
        assert_eq!(
            d("Integer", "When it is left out, 12 rows are returned by default.").as_deref(),
            Some("12")
        );
    }

    #[test]
    fn character_rules_into_patterns() {
        let p = |s: &str| {
            let (k, u) = c("String", &[s]);
            assert!(u.is_empty(), "{s}: {u:?}");
            let l = len(&k);
            let p = k.pattern.expect("a pattern");
            assert!(Regex::new(&p).is_ok(), "{p}");
            (p, l)
        };
        assert_eq!(
            p("The label contains only letters, digits, hyphens (-), and underscores (_)."),
            ("^[\\-0-9A-Z_a-z]*$".into(), (None, None))
        );
        assert_eq!(
            p("It can contain only lowercase letters, digits, and periods (.).").0,
            "^[.0-9a-z]*$"
        );
        assert_eq!(
            p("The code consists of uppercase letters and digits, and cannot exceed 10 characters."),
            ("^[0-9A-Z]*$".into(), (None, Some(10)))
        );
        assert_eq!(p("The tag must start with a letter.").0, "^[A-Za-z][\\s\\S]*$");
        assert_eq!(p("The note cannot contain angle brackets (< or >).").0, "^[^<>]*$");
        assert_eq!(
            p("The memo cannot contain the following special characters: !<>").0,
            "^[^!<>]*$"
        );
        assert_eq!(
            p("The name holds 2 to 20 characters, and only letters and tildes (~) are allowed."),
            ("^[A-Za-z~]*$".into(), (Some(2), Some(20)))
        );
        assert_eq!(
            p("The pattern it matches is the regular expression ^[a-f0-9]+$.").0,
            "^[a-f0-9]+$"
        );
        // The page's expression with its own length: the length goes to the length.
        assert_eq!(p("Its length is 1 to 9 characters and it matches the regular expression ^[a-z]{1,9}$."), ("^[a-z]*$".into(), (Some(1), Some(9))));
        // Start and end rules with the allowed characters.
        let (k, u) = c("String", &["The host name contains only lowercase letters, digits, and hyphens (-), and cannot start or end with a hyphen."]);
        let pat = k.pattern.expect("a pattern");
        let re = Regex::new(&pat).expect("compiles");
        assert!(u.is_empty(), "{u:?}");
        for ok in ["a", "ab-c", "a1", ""] {
            assert!(re.is_match(ok), "{pat} refuses {ok}");
        }
        for bad in ["-a", "a-", "A", "a_b"] {
            assert!(!re.is_match(bad), "{pat} takes {bad}");
        }
        let (k, _) =
            c("String", &["A label of 4 to 64 characters that must start with a letter. It can contain only letters, digits, and underscores (_)."]);
        let re = Regex::new(k.pattern.as_deref().unwrap_or("")).expect("compiles");
        assert!(re.is_match("a_1") && !re.is_match("1a") && !re.is_match("a-b"), "{k:?}");
        // A list of characters after `The value can contain only:`.
        let (k, u) = c(
            "String",
            &[
                "The value can contain only:",
                "• Letters",
                "• Digits",
                "• Special characters: hyphens (-) and at signs (@)",
            ],
        );
        assert_eq!((k.pattern.as_deref(), u.len()), (Some("^[\\-0-9@A-Za-z]*$"), 0), "{u:?}");
    }

    #[test]
    fn character_rules_that_stay_unread() {
        let unread = |s: &str| {
            let (k, u) = c("String", &[s]);
            assert!(k.pattern.is_none() && !u.is_empty(), "{s}: {k:?} {u:?}");
        };
        unread("The name contains only letters and special characters.");
        unread("The name contains only Chinese characters and digits.");
        // `including` and `can contain` do not say these are the only characters.
        unread("The value holds 1 to 64 characters, including letters, digits, and hyphens (-).");
        unread("It can include letters, digits, and periods (.).");
        let (k, u) = c("String", &["The value can contain:", "• Letters", "• Digits"]);
        assert_eq!((k.pattern, u.len()), (None, 1));
        // A known name with another character in parentheses.
        unread("The code contains only letters and hyphens (_).");
        // On a number.
        let (k, u) = c("Integer", &["It contains only digits."]);
        assert_eq!((k.pattern, u.len()), (None, 1));
    }

    #[test]
    fn rules_under_a_condition_are_never_flattened() {
        let (k, u) =
            c("Integer", &["The port. For BoxDB 1024 to 65535, for CrateDB 2100 to 9500."]);
        assert_eq!((k.minimum, k.maximum), (None, None));
        assert!(!u.is_empty() && u.iter().all(|u| u.conditional), "{u:?}");
        let (k, u) = c(
            "Integer",
            &[
                "Terms.",
                "Options:",
                "• If the term is week, the value ranges from 1 to 4.",
                "• If the term is day, the value ranges from 1 to 6.",
            ],
        );
        assert_eq!((k.minimum, k.maximum, u.len()), (None, None, 2), "{u:?}");
        assert!(u.iter().all(|u| u.conditional));
        let (k, u) = c("String", &["When the shop is open, the default value is busy. Otherwise, the default value is calm."]);
        assert_eq!((k.default, u.len()), (None, 2));
        let (_, u) = c("String", &["This parameter is mandatory when mode is set to fast."]);
        assert!(u.len() == 1 && u[0].conditional, "{u:?}");
        let (k, u) = c("Integer", &["The default value is 3 for a monthly plan."]);
        assert!(k.default.is_none() && u.len() == 1 && u[0].conditional, "{u:?}");
        // The default's own condition is not a condition.
        let (k, u) =
            c("Integer", &["If this parameter is not transferred, the default value is 8."]);
        assert_eq!((k.default.as_deref(), u.len()), (Some("8"), 0));
        // Existing Unreads are not conditional.
        let (_, u) = c("Boolean", &["By default it is painted after delivery."]);
        assert!(u.len() == 1 && !u[0].conditional);
    }

    #[test]
    fn pointers_elsewhere_are_not_rules() {
        for s in [
            "For details, see Listing Shelves.",
            "See Querying Boxes.",
            "Obtain the value by calling the API for listing boxes.",
        ] {
            let (k, u) = c("String", &["Definition", "The box.", "Range", s]);
            assert_eq!((k, u.len()), (Constraints::default(), 0), "{s}: {u:?}");
        }
        let (_, u) = c(
            "String",
            &["The ID of the box, which can be obtained by calling the API for listing boxes."],
        );
        assert!(u.is_empty(), "{u:?}");
        // `cannot be used` describes; it is not a rule on the value.
        let (_, u) = c("String", &["Why the box cannot be used."]);
        assert!(u.is_empty(), "{u:?}");
    }

    #[test]
    fn every_regular_expression_compiles() {
        for r in [
            &*RANGE,
            &*MIN_MAX,
            &*GE,
            &*GT,
            &*LE,
            &*LT,
            &*NON_NEGATIVE,
            &*POSITIVE_INTEGER,
            &*SAYS_INTEGER,
            &*SAYS_NUMBER,
            &*DEFAULT_IS,
            &*DEFAULT_IF,
            &*DEFAULT_THEN,
            &*BY_DEFAULT,
            &*NUMBER,
            &*BARE_RANGE,
            &*TOKEN,
            &*WIDE_TOKEN,
            &*ITEM,
            &*DEFAULT_MARK,
            &*TWO_ITEMS,
            &*INLINE,
            &*WHICH_CAN_BE,
            &*PASSIVE,
            &*VALUES_SENTENCE,
            &*FORMAT,
            &*INTRO,
            &*FOLLOWING,
            &*CHAR_INTRO,
            &*REFERENCE,
            &*CONSTRAINT_WORDS,
            &*CONDITION,
            &*FOR,
            &*L_SPAN,
            &*L_MAX,
            &*L_LT,
            &*L_MIN,
            &*L_EXACT,
            &*L_RANGE_WORDS,
            &*NOT_BLANK,
            &*ONLY_LIST,
            &*ONLY_ALLOWED,
            &*MAY_LIST,
            &*ENDS,
            &*EXCLUDE,
            &*LIST_END,
            &*LITERAL_RE,
            &*LITERAL_CLASS,
            &*RULE_WORDS,
        ] {
            assert!(!r.as_str().is_empty());
        }
        // Classes render in the syntax both engines share.
        let set: BTreeSet<char> = "-]^\\az@".chars().collect();
        let class = Chars::of(set).class();
        assert!(Regex::new(&class).is_ok(), "{class}");
    }
}
