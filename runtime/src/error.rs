//! The one error type every client method returns; match on it.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::Value;

use super::validating::ValidationError;

/// Why a call failed. `Display` is one readable line; the raw material (bodies, headers) is in
/// the fields. Nothing here ever holds a credential.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status (>= 400).
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request breaks a documented rule; nothing was sent.
    #[error("{0}")]
    Validation(ValidationError),
    /// No complete response within the configured time.
    #[error("{operation}: timed out after {after:?}")]
    Timeout {
        /// The operation id.
        operation: &'static str,
        /// The configured request timeout.
        after: Duration,
    },
    /// The connection could not be made or broke before a response came.
    #[error("{operation}: connection failed: {message}")]
    Connection {
        /// The operation id.
        operation: &'static str,
        /// What failed, with its causes, as one line.
        message: String,
        /// The error from the HTTP client, with its chain of causes.
        #[source]
        source: reqwest::Error,
    },
    /// The server answered, but not with what the API documents (a body that does not parse,
    /// an empty body where one was expected, a body over the configured limit).
    #[error("{}: invalid response (HTTP {}): {}", .0.operation, .0.status, .0)]
    InvalidResponse(Box<InvalidResponse>),
    /// A streamed listing was ended by the client: the server made no progress, or the listing
    /// went on past the configured number of pages. The items before it were yielded.
    #[error("{operation}: {kind}")]
    Paging {
        /// The operation id.
        operation: &'static str,
        /// What the listing did.
        kind: PagingError,
    },
    /// The request body could not be serialised as JSON; nothing was sent.
    #[error("{operation}: cannot serialise the request body: {source}")]
    Serialize {
        /// The operation id.
        operation: &'static str,
        /// The serialiser's error.
        #[source]
        source: serde_json::Error,
    },
    /// The client cannot be built or the request cannot be formed (a bad endpoint, an empty
    /// token).
    #[error("invalid configuration: {0}")]
    Config(String),
}

/// A request that breaks a documented rule: [`Error::Validation`].
impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

/// Why the client ended a streamed listing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PagingError {
    /// The page at `offset` repeats the page before it: the server does not advance.
    #[error("the page at offset {offset} repeats the previous page: the server does not advance the listing")]
    Repeated {
        /// The offset asked for.
        offset: i32,
    },
    /// The listing had more pages than [`Config::with_max_pages`](super::Config::with_max_pages) allows.
    #[error("the listing did not end after {max_pages} pages")]
    TooManyPages {
        /// The configured bound.
        max_pages: usize,
    },
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::InvalidResponse(e) => Some(e.status),
            _ => None,
        }
    }

    /// The `X-Request-Id` of the response, when the server answered with one: what Huawei
    /// Cloud support asks for.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::InvalidResponse(e) => e.request_id.as_deref(),
            _ => None,
        }
    }
}

/// An error answer from the API.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The error code (`DBS.280001`, `APIGW.0301`), when the body has one.
    pub error_code: Option<String>,
    /// The error message, when the body has one.
    pub error_msg: Option<String>,
    /// The `X-Request-Id` response header (or `request_id` in the body).
    pub request_id: Option<String>,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as received (an HTML page from a proxy stays here), at most the configured
    /// limit of bytes ([`Config::with_max_response_body`](super::Config::with_max_response_body)).
    pub body: String,
    /// Whether the body was longer than the limit, and `body` holds only its first part.
    pub body_truncated: bool,
}

/// A response that is not what the API documents.
#[derive(Debug, Clone)]
pub struct InvalidResponse {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What is wrong.
    pub reason: String,
    /// The `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as received, at most the configured limit of bytes.
    pub body: String,
    /// Whether the body was longer than the limit, and `body` holds only its first part.
    pub body_truncated: bool,
}

/// One line of text from `s`: newlines and runs of white space folded, long text cut.
pub(crate) fn one_line(s: &str, max: usize) -> String {
    let folded: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() > max {
        let cut: String = folded.chars().take(max).collect();
        format!("{cut}...")
    } else {
        folded
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        match (&self.error_code, &self.error_msg) {
            (Some(c), Some(m)) => write!(f, " {}: {}", one_line(c, 80), one_line(m, 300))?,
            (Some(c), None) => write!(f, " {}", one_line(c, 80))?,
            (None, Some(m)) => write!(f, ": {}", one_line(m, 300))?,
            (None, None) if self.body.trim().is_empty() => f.write_str(" (empty body)")?,
            (None, None) => write!(f, ": {}", one_line(&self.body, 200))?,
        }
        if self.body_truncated {
            f.write_str(" (body cut at the size limit)")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", one_line(id, 100))?;
        }
        Ok(())
    }
}

impl fmt::Display for InvalidResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", one_line(&self.reason, 300))
    }
}

/// The fields of an error body that hold its code and message, in the order Huawei's SDKs try
/// them; the first pair is what this crate writes (the mock's error answers).
pub const ERROR_FIELDS: [(&str, &str); 3] =
    [("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message")];

/// An error body with `code` and `message`, in the first shape of [`ERROR_FIELDS`].
#[cfg(feature = "mock")]
pub(crate) fn error_body(code: &str, message: &str) -> String {
    let (code_field, message_field) = ERROR_FIELDS[0];
    serde_json::json!({ code_field: code, message_field: message }).to_string()
}

/// The error code and message of an error body, read the way Huawei's SDKs read them:
/// `error_code`/`error_msg`, then `errorCode`/`errorMsg`, then `code`/`message`, at the top
/// level and then one level down (`{"error": {...}}`). `None` when none matches or the body is
/// not JSON. The third item is a `request_id` found in the body.
pub(crate) fn parse_error_body(body: &str) -> (Option<String>, Option<String>, Option<String>) {
    let Ok(Value::Object(root)) = serde_json::from_str::<Value>(body) else {
        return (None, None, None);
    };
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let read = |o: &serde_json::Map<String, Value>| {
        for (code, msg) in ERROR_FIELDS {
            let (c, m) = (text(o.get(code)), text(o.get(msg)));
            if c.is_some() || m.is_some() {
                return Some((c, m));
            }
        }
        None
    };
    let request_id = text(root.get("request_id"));
    if let Some((c, m)) = read(&root) {
        return (c, m, request_id);
    }
    for v in root.values() {
        if let Value::Object(inner) = v {
            if let Some((c, m)) = read(inner) {
                return (c, m, request_id.or_else(|| text(inner.get("request_id"))));
            }
        }
    }
    (None, None, request_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_in_the_sdk_order() {
        let cases = [
            (
                r#"{"error_msg":"Parameter error.","error_code":"DBS.280001"}"#,
                Some("DBS.280001"),
                Some("Parameter error."),
            ),
            (r#"{"errorCode":"E1","errorMsg":"m"}"#, Some("E1"), Some("m")),
            (r#"{"code":"C","message":"msg"}"#, Some("C"), Some("msg")),
            (r#"{"error":{"code":"IN","message":"nested"}}"#, Some("IN"), Some("nested")),
            (r#"{"code":401,"message":"numeric code"}"#, Some("401"), Some("numeric code")),
            (r#"{"other":"shape"}"#, None, None),
            ("<html><body>Bad Gateway</body></html>", None, None),
            ("", None, None),
        ];
        for (body, code, msg) in cases {
            let (c, m, _) = parse_error_body(body);
            assert_eq!((c.as_deref(), m.as_deref()), (code, msg), "{body}");
        }
        let (_, _, id) =
            parse_error_body(r#"{"error_code":"APIGW.0301","error_msg":"x","request_id":"r-1"}"#);
        assert_eq!(id.as_deref(), Some("r-1"));
    }

    #[test]
    fn display_is_one_line() {
        let e = ApiError {
            operation: "op",
            status: 502,
            error_code: None,
            error_msg: None,
            request_id: Some("abc".into()),
            headers: HeaderMap::new(),
            body: "<html>\n<body>\nBad   Gateway\n</body>\n</html>".into(),
            body_truncated: false,
        };
        assert_eq!(
            e.to_string(),
            "op: HTTP 502: <html> <body> Bad Gateway </body> </html> (request id abc)"
        );
    }
}
