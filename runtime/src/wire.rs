//! Values as they go on the wire, written once here rather than in every generated module:
//! query and header parameters as `(name, text)` pairs ([`Param`], [`push`]), and what every
//! generated enum shares ([`OpenEnum`], and its impls from [`open_enum!`](crate::open_enum)),
//! and the JSON type a whole body must have ([`JsonBody`], [`JsonKind`]).

/// A generated enum of documented values that keeps any other value it reads.
pub trait OpenEnum {
    /// The documented values, as sent on the wire.
    const VALUES: &'static [&'static str];
    /// The value as sent on the wire.
    fn as_str(&self) -> &str;
    /// Whether this is one of the documented values.
    fn is_known(&self) -> bool;
}

/// A value that can be sent as a query or header parameter.
///
/// ```
/// use huaweicloud_restore::runtime::for_generated::push;
///
/// let mut pairs = Vec::new();
/// push(&mut pairs, "limit", &Some(10));
/// push(&mut pairs, "offset", &None::<i32>);
/// push(&mut pairs, "id", &vec!["a".to_string(), "b".to_string()]);
/// assert_eq!(pairs, [("limit", "10".to_string()), ("id", "a".into()), ("id", "b".into())]);
/// ```
pub trait Param {
    /// Append this value to `pairs` under `name`: one pair for a scalar, none for an unset
    /// option, one per item of an array (repeated keys).
    fn push_to(&self, name: &'static str, pairs: &mut Vec<(&'static str, String)>);
}

/// Scalars are written as `Display` writes them (`true`, `10`, `0.5`).
macro_rules! display_params {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn push_to(&self, name: &'static str, pairs: &mut Vec<(&'static str, String)>) {
                pairs.push((name, self.to_string()));
            }
        }
    )*};
}
display_params!(i32, i64, f64, bool, String);

impl<T: Param> Param for Option<T> {
    fn push_to(&self, name: &'static str, pairs: &mut Vec<(&'static str, String)>) {
        if let Some(value) = self {
            value.push_to(name, pairs);
        }
    }
}

impl<T: Param> Param for Vec<T> {
    fn push_to(&self, name: &'static str, pairs: &mut Vec<(&'static str, String)>) {
        for value in self {
            value.push_to(name, pairs);
        }
    }
}

/// Append `value` to `pairs` under `name` (see [`Param`]): what a generated `query_pairs` or
/// `header_pairs` does for each of its fields.
pub fn push<P: Param>(pairs: &mut Vec<(&'static str, String)>, name: &'static str, value: &P) {
    value.push_to(name, pairs);
}

/// The JSON type of a value, as its first character says (`{`, `[`, `"`, a digit or `-`,
/// `t`/`f`, `n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonKind {
    /// An object, `{...}`.
    Object,
    /// An array, `[...]`.
    Array,
    /// A string, `"..."`.
    String,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
}

impl JsonKind {
    /// The kind of the JSON text `json`, from its first byte after JSON whitespace; `None` when
    /// there is none or it starts no JSON value. Only that byte is read: the text is parsed in
    /// full afterwards anyway.
    ///
    /// ```
    /// use huaweicloud_restore::runtime::for_generated::JsonKind;
    ///
    /// assert_eq!(JsonKind::of(b" \n[]"), Some(JsonKind::Array));
    /// assert_eq!(JsonKind::of(b"{}"), Some(JsonKind::Object));
    /// assert_eq!(JsonKind::of(b"  "), None);
    /// ```
    pub fn of(json: &[u8]) -> Option<JsonKind> {
        let start = json.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))?;
        let rest = &json[start..];
        Some(match rest[0] {
            b'{' => JsonKind::Object,
            b'[' => JsonKind::Array,
            b'"' => JsonKind::String,
            b'-' | b'0'..=b'9' => JsonKind::Number,
            // A literal only when it is one: `failed` or `not found` in a text body is no JSON.
            _ if rest.starts_with(b"true") || rest.starts_with(b"false") => JsonKind::Bool,
            _ if rest.starts_with(b"null") => JsonKind::Null,
            _ => return None,
        })
    }

    /// The kind in words, with its article (`an object`).
    pub fn described(self) -> &'static str {
        match self {
            JsonKind::Object => "an object",
            JsonKind::Array => "an array",
            JsonKind::String => "a string",
            JsonKind::Number => "a number",
            JsonKind::Bool => "a boolean",
            JsonKind::Null => "null",
        }
    }

    /// Why the JSON text `json` is not a body of type `T`, when its kind is not `T`'s
    /// ([`JsonBody::KIND`]): serde would read some of them as `T` all the same (a struct whose
    /// fields all have defaults reads `[]` as empty). `None` when the kind fits, or when the
    /// text starts no JSON value (parsing it then says what is wrong).
    pub fn mismatch<T: JsonBody + ?Sized>(json: &[u8]) -> Option<String> {
        let want = T::KIND?;
        let found = JsonKind::of(json)?;
        (found != want).then(|| {
            format!("the body is {} where {} is documented", found.described(), want.described())
        })
    }
}

/// A type that is read or sent as a whole JSON body, and the JSON type such a body has. The
/// generator implements it for each operation's request and response bodies; the transport
/// and the mock refuse a body of another JSON type before parsing it.
pub trait JsonBody {
    /// The JSON type of the body; `None` for any.
    const KIND: Option<JsonKind>;
}

impl JsonBody for serde_json::Value {
    const KIND: Option<JsonKind> = None;
}

impl JsonBody for String {
    const KIND: Option<JsonKind> = Some(JsonKind::String);
}

impl<T> JsonBody for Vec<T> {
    const KIND: Option<JsonKind> = Some(JsonKind::Array);
}

impl<V> JsonBody for std::collections::BTreeMap<String, V> {
    const KIND: Option<JsonKind> = Some(JsonKind::Object);
}

impl<V, S> JsonBody for std::collections::HashMap<String, V, S> {
    const KIND: Option<JsonKind> = Some(JsonKind::Object);
}

/// A generated open enum: its definition and everything it has beside it, from its docs and
/// the list of its documented variants with their wire values.
///
/// The enum derives `Debug`, `Clone`, `PartialEq`, `Eq` and `Hash`, is `#[non_exhaustive]`,
/// and ends in `Unknown(String)`; each variant's doc ends with its wire value. Beside it: the
/// inherent `VALUES`, `as_str` and `is_known` (and a private `known`, a documented value's
/// variant), [`OpenEnum`], `From<&str>` and `From<String>` (an undocumented value is kept in
/// `Unknown`), `FromStr` (never fails), `Display` and serde's traits (as the wire value), and
/// [`Param`].
///
/// Its functions, all but serde's (generic already), are `#[inline]`, so that rustc compiles
/// them only in the crates that call them, not for every enum of a generated crate.
///
/// For generated code: `huaweicloud_restore::open_enum! { /// Docs. pub enum Mode { Time =>
/// "time", /// Docs. Backup => "backup" } }`.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = ""]
                #[doc = concat!("On the wire: `", $wire, "`.")]
                $variant,
            )*
            /// A value this crate does not know, kept exactly as received.
            Unknown(::std::string::String),
        }

        $crate::open_enum!(@impl $name { $($variant => $wire),* });
    };
    (@impl $name:ident { $($variant:ident => $wire:literal),* }) => {
        impl $name {
            /// The documented values, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(other) => other,
                }
            }

            /// Whether this is one of the documented values.
            #[inline]
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            /// The variant of a documented value; `None` for any other.
            #[inline]
            fn known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $($wire => ::std::option::Option::Some(Self::$variant),)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::Unknown(value.to_string()))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            #[inline]
            fn from(value: ::std::string::String) -> Self {
                match Self::known(&value) {
                    Some(known) => known,
                    None => Self::Unknown(value),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            #[inline]
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl $crate::for_generated::OpenEnum for $name {
            const VALUES: &'static [&'static str] = <$name>::VALUES;
            #[inline]
            fn as_str(&self) -> &str {
                <$name>::as_str(self)
            }
            #[inline]
            fn is_known(&self) -> bool {
                <$name>::is_known(self)
            }
        }

        impl $crate::for_generated::Param for $name {
            #[inline]
            fn push_to(&self, name: &'static str, pairs: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                pairs.push((name, self.as_str().to_string()));
            }
        }
    };
}

/// A generated struct's constructor and the `with_*` setters of its optional fields.
///
/// `new(field: Type, ..)` takes the mandatory fields in order (each converted with `Into`, so a
/// `String` field may take `impl Into<String>`), and the optional ones start unset. Each entry
/// `"wire_name" => with_field(field: Type)` is an optional field: its setter sets it to
/// `Some(value)` and returns the struct. A `String` field's setter takes `impl Into<String>`.
///
/// Its functions are `#[inline]`, as `open_enum!`'s are.
///
/// For generated code: `huaweicloud_restore::setters!(Target { new(id: impl Into<String>),
/// "name" => with_name(name: impl Into<String>), "size" => with_size(size: i32) });` after
/// `Target`'s definition.
#[doc(hidden)]
#[macro_export]
macro_rules! setters {
    ($name:ident { new() $(, $wire:literal => $setter:ident($field:ident: $($ty:tt)+))* $(,)? }) => {
        impl $name {
            #[doc = concat!("A `", stringify!($name), "` with every field unset.")]
            #[must_use]
            #[inline]
            pub fn new() -> Self {
                Self { $($field: ::std::option::Option::None),* }
            }
            $($crate::setters!(@one $wire, $setter, $field, $($ty)+);)*
        }
    };
    (
        $name:ident {
            new($first:ident: $first_ty:ty $(, $arg:ident: $arg_ty:ty)*)
            $(, $wire:literal => $setter:ident($field:ident: $($ty:tt)+))* $(,)?
        }
    ) => {
        impl $name {
            #[doc = concat!(
                "A `", stringify!($name), "` from its mandatory fields (`", stringify!($first), "`",
                $(", `", stringify!($arg), "`",)* "); the optional ones start unset."
            )]
            #[must_use]
            #[allow(clippy::useless_conversion)]
            #[inline]
            pub fn new($first: $first_ty $(, $arg: $arg_ty)*) -> Self {
                Self {
                    $first: ::std::convert::Into::into($first),
                    $($arg: ::std::convert::Into::into($arg),)*
                    $($field: ::std::option::Option::None,)*
                }
            }
            $($crate::setters!(@one $wire, $setter, $field, $($ty)+);)*
        }
    };
    (@one $wire:literal, $setter:ident, $field:ident, impl Into<String>) => {
        #[doc = concat!("Set `", $wire, "`.")]
        #[must_use]
        #[inline]
        pub fn $setter(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.$field = ::std::option::Option::Some(value.into());
            self
        }
    };
    (@one $wire:literal, $setter:ident, $field:ident, $ty:ty) => {
        #[doc = concat!("Set `", $wire, "`.")]
        #[must_use]
        #[inline]
        pub fn $setter(mut self, value: $ty) -> Self {
            self.$field = ::std::option::Option::Some(value);
            self
        }
    };
}

/// A response value that the page's table types as a string (or a number) while the page's own
/// example prints it as the other: read from either JSON type and kept as it came, a string
/// as its text, a number as serde_json keeps it (an integer exactly, within 64 bits; a
/// fraction as an `f64`, so `1.50` prints back as `1.5`).
///
/// The generator gives a field this type where the spec records the disagreement
/// (`x-example-types`, with its `x-erratum`); a field that agrees with its example keeps its
/// plain type.
///
/// ```
/// use huaweicloud_restore::runtime::TextOrNumber;
///
/// let size: TextOrNumber = serde_json::from_str("40000000000").unwrap();
/// assert_eq!(size.as_text(), "40000000000");
/// assert_eq!(size.as_i64(), Some(40_000_000_000));
/// let text: TextOrNumber = serde_json::from_str("\"40000000000\"").unwrap();
/// assert_eq!(text.as_i64(), Some(40_000_000_000));
/// assert_eq!(serde_json::to_string(&size).unwrap(), "40000000000");
/// assert_eq!(serde_json::to_string(&text).unwrap(), "\"40000000000\"");
/// assert!(serde_json::from_str::<TextOrNumber>("[]").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TextOrNumber {
    /// The value came as a JSON string.
    Text(String),
    /// The value came as a JSON number.
    Number(serde_json::Number),
}

impl TextOrNumber {
    /// The value as text: the string, or the number's digits.
    pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            TextOrNumber::Text(s) => std::borrow::Cow::Borrowed(s),
            TextOrNumber::Number(n) => std::borrow::Cow::Owned(n.to_string()),
        }
    }

    /// The value as an integer, when it is one (a number, or a string of an integer's digits).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            TextOrNumber::Text(s) => s.trim().parse().ok(),
            TextOrNumber::Number(n) => n.as_i64(),
        }
    }

    /// The value as a floating-point number, when it reads as one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            TextOrNumber::Text(s) => s.trim().parse().ok().filter(|f: &f64| f.is_finite()),
            TextOrNumber::Number(n) => n.as_f64(),
        }
    }
}

impl std::fmt::Display for TextOrNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TextOrNumber::Text(s) => f.write_str(s),
            TextOrNumber::Number(n) => write!(f, "{n}"),
        }
    }
}

impl From<String> for TextOrNumber {
    fn from(s: String) -> Self {
        TextOrNumber::Text(s)
    }
}

impl From<&str> for TextOrNumber {
    fn from(s: &str) -> Self {
        TextOrNumber::Text(s.to_string())
    }
}

impl From<i64> for TextOrNumber {
    fn from(n: i64) -> Self {
        TextOrNumber::Number(n.into())
    }
}

impl serde::Serialize for TextOrNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            TextOrNumber::Text(s) => serializer.serialize_str(s),
            TextOrNumber::Number(n) => n.serialize(serializer),
        }
    }
}

impl<'de> serde::Deserialize<'de> for TextOrNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = TextOrNumber;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TextOrNumber, E> {
                Ok(TextOrNumber::Text(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<TextOrNumber, E> {
                Ok(TextOrNumber::Text(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<TextOrNumber, E> {
                Ok(TextOrNumber::Number(v.into()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<TextOrNumber, E> {
                Ok(TextOrNumber::Number(v.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<TextOrNumber, E> {
                serde_json::Number::from_f64(v)
                    .map(TextOrNumber::Number)
                    .ok_or_else(|| E::custom("a number that is not finite"))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
