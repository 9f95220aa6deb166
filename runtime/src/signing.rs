//! AK/SK request signing: Huawei Cloud's `SDK-HMAC-SHA256`, the scheme its API gateway checks
//! and its official SDKs use.
//!
//! [`Signer`] signs any request (method, URL, headers, body in; headers out), so code that
//! builds a request by hand can sign it too. The client's transport signs every request with
//! it, and the mock server checks signatures with [`verify`], the same code.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use huaweicloud_restore::runtime::signing::Signer;
//!
//! let signer = Signer::new("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc");
//! let url = "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0";
//! let headers = [("Content-Type", "application/json"), ("Host", "service.region.example.com")];
//! let now = UNIX_EPOCH + Duration::from_secs(1_573_789_015); // 2019-11-15T03:36:55Z
//! let signed = signer.sign("GET", url, &headers, b"", now).unwrap();
//! assert_eq!(signed.signed_headers, "content-type;host;x-sdk-date");
//! assert_eq!(signed.signature, "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
//! // Add these to the request: X-Sdk-Date and Authorization.
//! for (name, value) in signed.headers() {
//!     println!("{name}: {value}");
//! }
//! ```

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::credential::Secret;
use super::transport::{decode_query, encode, join_sorted};

/// The algorithm's name, first in the `Authorization` header and the string to sign.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The header that carries the signing time.
pub const DATE_HEADER: &str = "X-Sdk-Date";
/// How far a request's date may be from the gateway's clock.
pub const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// `X-Sdk-Date`'s form: `%Y%m%dT%H%M%SZ`, in UTC.
const DATE_FORMAT: &[BorrowedFormatItem<'_>] =
    format_description!("[year][month][day]T[hour][minute][second]Z");

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Append the lowercase hex of `bytes` to `out`, a digest's worth at a time through a buffer
/// on the stack.
fn push_hex(out: &mut String, bytes: &[u8]) {
    let mut buf = [0u8; 64];
    for chunk in bytes.chunks(buf.len() / 2) {
        let digits = &mut buf[..chunk.len() * 2];
        for (pair, b) in digits.chunks_exact_mut(2).zip(chunk) {
            pair[0] = HEX_DIGITS[usize::from(b >> 4)];
            pair[1] = HEX_DIGITS[usize::from(b & 15)];
        }
        out.push_str(
            std::str::from_utf8(digits).unwrap_or_else(|_| unreachable!("hex digits are ASCII")),
        );
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

/// Hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// `time` as an `X-Sdk-Date` value, `%Y%m%dT%H%M%SZ` in UTC.
pub fn format_date(time: SystemTime) -> String {
    let t = OffsetDateTime::from(time);
    let Ok(year) = u32::try_from(t.year()) else {
        // Before year 0, which `[year]` writes with its sign.
        return t.format(DATE_FORMAT).unwrap_or_default();
    };
    let (hour, minute, second) = t.to_hms();
    // Fixed-width digits by hand: this runs for every signed request, and `format` with a
    // format description costs as much again as the rest of the date.
    let mut out = String::with_capacity(16);
    let fields = [
        (year, 4),
        (u32::from(u8::from(t.month())), 2),
        (u32::from(t.day()), 2),
        (u32::from(hour), 2),
        (u32::from(minute), 2),
        (u32::from(second), 2),
    ];
    for (i, (value, width)) in fields.into_iter().enumerate() {
        if i == 3 {
            out.push('T');
        }
        for place in (0..width).rev() {
            out.push(char::from(b'0' + (value / 10u32.pow(place) % 10) as u8));
        }
    }
    out.push('Z');
    out
}

/// An `X-Sdk-Date` value as a time.
pub fn parse_date(value: &str) -> Option<SystemTime> {
    let t = PrimitiveDateTime::parse(value, DATE_FORMAT).ok()?;
    Some(t.assume_utc().into())
}

/// The canonical URI of a path as sent: percent-decoded first, then split on `/`, each piece
/// encoded with the unreserved set, and a `/` at the end. Decoding first is what Huawei's
/// official signers do (Python: `unquote(path).split('/')`), so an id sent as `a%2Fb` is signed
/// as the two pieces `a/b`, and one sent as `inst%2001` is signed as `inst%2001`.
pub fn canonical_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    push_canonical_uri(&mut out, path);
    out
}

/// [`canonical_uri`], appended to `out`.
fn push_canonical_uri(out: &mut String, path: &str) {
    let start = out.len();
    // A path of unreserved characters and slashes is its own canonical form.
    if path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/'))
    {
        out.push_str(path);
    } else {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        for (i, piece) in decoded.split('/').enumerate() {
            if i > 0 {
                out.push('/');
            }
            out.push_str(&encode(piece));
        }
    }
    if !out[start..].ends_with('/') {
        out.push('/');
    }
}

/// The canonical query of a query string as sent: parameters decoded, then sorted by the
/// decoded key and value (code point order, as Python's `params.sort()` in Huawei's official
/// signer, before encoding), each encoded, `k=v` joined with `&`. Empty for no query.
pub fn canonical_query(query: &str) -> String {
    let pairs = decode_query(query);
    join_sorted(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
}

/// Why a request could not be signed or a signature does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// The URL does not parse.
    #[error("cannot sign: `{0}` is not a URL")]
    BadUrl(String),
    /// The request carries no `Authorization` header of this scheme.
    #[error("no SDK-HMAC-SHA256 Authorization header")]
    MissingAuthorization,
    /// The `Authorization` header does not have the scheme's form.
    #[error("malformed Authorization header")]
    MalformedAuthorization,
    /// The access key is not known.
    #[error("unknown access key")]
    UnknownAccessKey,
    /// `X-Sdk-Date` is missing or malformed.
    #[error("missing or malformed X-Sdk-Date")]
    BadDate,
    /// `X-Sdk-Date` is more than [`MAX_SKEW`] from the verifier's clock.
    #[error("signature expired: X-Sdk-Date is more than 15 minutes from the server's clock")]
    Expired,
    /// A header named in `SignedHeaders` is not in the request.
    #[error("signed header `{0}` is missing")]
    MissingSignedHeader(String),
    /// The signature does not match the request.
    #[error("the signature does not match the request")]
    Mismatch,
}

/// What signing a request produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The `X-Sdk-Date` signed.
    pub sdk_date: String,
    /// The signed header names, lowercase, `;`-joined.
    pub signed_headers: String,
    /// The canonical request.
    pub canonical_request: String,
    /// Hex SHA-256 of the canonical request.
    pub canonical_request_hash: String,
    /// The hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
    /// Whether the caller's headers already had `X-Sdk-Date` (then it need not be added).
    pub date_given: bool,
}

impl Signed {
    /// The headers to add to the request: `X-Sdk-Date` (unless it was given) and `Authorization`.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.date_given {
            out.push((DATE_HEADER, self.sdk_date.clone()));
        }
        out.push(("Authorization", self.authorization.clone()));
        out
    }
}

/// The canonical request: method, canonical URI and query, a `name:value` line per signed
/// header (in the order given), the signed names, and the body's hex SHA-256.
fn canonical_request<N: AsRef<str>>(
    method: &str,
    path: &str,
    query: &str,
    headers: &[(N, &str)],
    signed_headers: &str,
    body: &[u8],
) -> String {
    let query = canonical_query(query);
    let lines: usize = headers.iter().map(|(n, v)| n.as_ref().len() + v.len() + 2).sum();
    let mut out = String::with_capacity(
        method.len() + path.len() + 8 + query.len() + lines + signed_headers.len() + 64 + 5,
    );
    out.push_str(method);
    out.push('\n');
    push_canonical_uri(&mut out, path);
    out.push('\n');
    out.push_str(&query);
    out.push('\n');
    for (n, v) in headers {
        for part in [n.as_ref(), ":", v, "\n"] {
            out.push_str(part);
        }
    }
    out.push('\n');
    out.push_str(signed_headers);
    out.push('\n');
    push_hex(&mut out, &Sha256::digest(body));
    out
}

/// `mac` (keyed with the secret key) over the string to sign: the algorithm, the date, the
/// canonical request's hash.
fn over_string_to_sign(mut mac: Hmac<Sha256>, date: &str, canonical_hash: &str) -> Hmac<Sha256> {
    for part in [ALGORITHM, "\n", date, "\n", canonical_hash] {
        mac.update(part.as_bytes());
    }
    mac
}

fn keyed(sk: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length, so this cannot fail.
    <Hmac<Sha256> as Mac>::new_from_slice(sk.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
}

/// The headers to sign, as the gateway reads them: names lowercase (borrowed when they already
/// are), values trimmed, names holding `_` left out (the gateway ignores them), sorted by name
/// and value, one per name.
fn signable<'a>(headers: &[(&'a str, &'a str)]) -> Vec<(Cow<'a, str>, &'a str)> {
    let lower = |n: &'a str| {
        if n.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(n.to_ascii_lowercase())
        } else {
            Cow::Borrowed(n)
        }
    };
    let mut out: Vec<(Cow<'a, str>, &'a str)> = headers
        .iter()
        .filter(|(n, _)| !n.contains('_'))
        .map(|(n, v)| (lower(n), v.trim()))
        .collect();
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// Signs requests with an access key and secret key.
#[derive(Clone)]
pub struct Signer {
    ak: String,
    sk: Secret,
    /// HMAC-SHA256 keyed with the secret key, ready to take a string to sign (boxed: it is a
    /// few hundred bytes, and credentials are passed by value).
    keyed: Box<Hmac<Sha256>>,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer").field("ak", &self.ak).field("sk", &self.sk).finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer for access key `ak` and secret key `sk`.
    pub fn new(ak: impl Into<String>, sk: impl Into<String>) -> Self {
        let sk = Secret::new(sk);
        let keyed = Box::new(keyed(sk.expose()));
        Signer { ak: ak.into(), sk, keyed }
    }

    /// The access key.
    pub fn access_key(&self) -> &str {
        &self.ak
    }

    /// Sign a request.
    ///
    /// `headers` are the headers to sign, as they will be sent: include `Host` (the gateway
    /// expects it signed; Huawei's Python SDK also signs `Content-Type`, `User-Agent` and
    /// `X-Project-Id`). Names holding `_` are left out, as the gateway does. When `headers`
    /// has no `X-Sdk-Date`, one is made from `now` and signed. The URL's path and query must
    /// be exactly what is sent.
    pub fn sign(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        now: SystemTime,
    ) -> Result<Signed, SigningError> {
        let parsed = reqwest::Url::parse(url).map_err(|_| SigningError::BadUrl(url.to_string()))?;
        Ok(self.sign_url(method, &parsed, headers, body, now))
    }

    /// [`sign`](Self::sign) for a URL already parsed (what the transport holds).
    pub fn sign_url(
        &self,
        method: &str,
        parsed: &reqwest::Url,
        headers: &[(&str, &str)],
        body: &[u8],
        now: SystemTime,
    ) -> Signed {
        let given = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(DATE_HEADER))
            .map(|(_, v)| v.trim());
        let date_given = given.is_some();
        let date = given.map_or_else(|| format_date(now), str::to_string);
        let mut all: Vec<(&str, &str)> = Vec::with_capacity(headers.len() + 1);
        all.extend_from_slice(headers);
        if !date_given {
            all.push((DATE_HEADER, &date));
        }
        let signed = signable(&all);
        let mut signed_headers =
            String::with_capacity(signed.iter().map(|(n, _)| n.len() + 1).sum());
        for (i, (n, _)) in signed.iter().enumerate() {
            if i > 0 {
                signed_headers.push(';');
            }
            signed_headers.push_str(n);
        }
        let canonical_request = canonical_request(
            method,
            parsed.path(),
            parsed.query().unwrap_or(""),
            &signed,
            &signed_headers,
            body,
        );
        let canonical_request_hash = hex(&Sha256::digest(canonical_request.as_bytes()));
        let mac = over_string_to_sign(Hmac::clone(&self.keyed), &date, &canonical_request_hash);
        let signature = hex(&mac.finalize().into_bytes());
        let mut authorization = String::with_capacity(
            ALGORITHM.len() + self.ak.len() + signed_headers.len() + signature.len() + 40,
        );
        for part in [
            ALGORITHM,
            " Access=",
            &self.ak,
            ", SignedHeaders=",
            &signed_headers,
            ", Signature=",
            &signature,
        ] {
            authorization.push_str(part);
        }
        Signed {
            sdk_date: date,
            signed_headers,
            canonical_request,
            canonical_request_hash,
            signature,
            authorization,
            date_given,
        }
    }
}

/// A request as a server received it, for [`verify`].
#[derive(Debug, Clone, Copy)]
pub struct Received<'a> {
    /// The method.
    pub method: &'a str,
    /// The path as received (percent-encoded).
    pub path: &'a str,
    /// The query string as received (empty for none).
    pub query: &'a str,
    /// The headers as received.
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
}

fn parse_authorization(value: &str) -> Result<(&str, Vec<&str>, &str), SigningError> {
    let rest =
        value.strip_prefix(ALGORITHM).ok_or(SigningError::MissingAuthorization)?.trim_start();
    let mut access = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=').ok_or(SigningError::MalformedAuthorization)?;
        match k {
            "Access" => access = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => signature = Some(v),
            _ => return Err(SigningError::MalformedAuthorization),
        }
    }
    match (access, signed, signature) {
        (Some(a), Some(s), Some(sig)) if !a.is_empty() && !s.is_empty() => {
            Ok((a, s.split(';').collect(), sig))
        }
        _ => Err(SigningError::MalformedAuthorization),
    }
}

/// Check a received request's `SDK-HMAC-SHA256` signature as Huawei's gateway does: the
/// access key must be known (`secret_for` gives its secret key), `X-Sdk-Date` within
/// [`MAX_SKEW`] of `now`, and the signature must match the method, path, query, signed
/// headers and body as received.
pub fn verify(
    request: &Received<'_>,
    secret_for: impl Fn(&str) -> Option<String>,
    now: SystemTime,
) -> Result<(), SigningError> {
    let header = |name: &str| {
        request.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    };
    let auth = header("authorization").ok_or(SigningError::MissingAuthorization)?;
    let (access, signed, signature) = parse_authorization(auth)?;
    let sk = secret_for(access).ok_or(SigningError::UnknownAccessKey)?;
    let date = header(DATE_HEADER).ok_or(SigningError::BadDate)?;
    let when = parse_date(date).ok_or(SigningError::BadDate)?;
    let skew = now.duration_since(when).unwrap_or_else(|e| e.duration());
    if skew > MAX_SKEW {
        return Err(SigningError::Expired);
    }
    let mut headers = Vec::new();
    for name in &signed {
        let value =
            header(name).ok_or_else(|| SigningError::MissingSignedHeader((*name).to_string()))?;
        headers.push((*name, value.trim()));
    }
    // The order is the one the client signed in (sorted); keep it as listed.
    let canonical = canonical_request(
        request.method,
        request.path,
        request.query,
        &headers,
        &signed.join(";"),
        request.body,
    );
    let mac = over_string_to_sign(keyed(&sk), date, &sha256_hex(canonical.as_bytes()));
    let expected = signature.as_bytes();
    let mut decoded = Vec::with_capacity(expected.len() / 2);
    for pair in expected.chunks(2) {
        let s = std::str::from_utf8(pair).map_err(|_| SigningError::Mismatch)?;
        decoded.push(u8::from_str_radix(s, 16).map_err(|_| SigningError::Mismatch)?);
    }
    mac.verify_slice(&decoded).map_err(|_| SigningError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let t = std::time::UNIX_EPOCH + Duration::from_secs(1_573_789_015);
        assert_eq!(format_date(t), "20191115T033655Z");
        assert_eq!(parse_date("20191115T033655Z"), Some(t));
        assert_eq!(parse_date("2019-11-15T03:36:55Z"), None);
    }

    #[test]
    fn dates_are_written_as_the_format_description_writes_them() {
        let described =
            |t: SystemTime| OffsetDateTime::from(t).format(DATE_FORMAT).expect("format");
        let epoch = std::time::UNIX_EPOCH;
        // Steps that are prime numbers of seconds, so every field takes many values.
        let later =
            (0..2_000u64).map(|i| epoch + Duration::from_secs(i * 1_000_003 + i * i * 7_919));
        let earlier = [
            epoch - Duration::from_secs(1),
            epoch - Duration::from_secs(62_167_219_200),
            epoch - Duration::from_secs(62_167_219_201),
        ];
        for t in later.chain(earlier) {
            assert_eq!(format_date(t), described(t), "{t:?}");
        }
    }
}
