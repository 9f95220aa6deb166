//! Credentials: how a request proves who sends it.
//!
//! The transport applies the credential to every request just before it is sent (and again
//! to every retry), so generated operation code never sees it.

use std::fmt;
use std::time::SystemTime;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, HOST};

use super::error::Error;
use super::signing::Signer;

/// A secret string: its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    /// The secret itself. Call only where it is sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A credential.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credential {
    /// An IAM user token, sent as `X-Auth-Token` (what the pages document).
    Token(Secret),
    /// An access key and secret key: every request is signed (`SDK-HMAC-SHA256`), as
    /// Huawei's own SDKs do.
    AkSk(AkSk),
}

/// The environment variable Huawei's tools read the access key from.
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
/// The environment variable Huawei's tools read the secret key from.
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
/// The environment variable Huawei's tools read a temporary security token from.
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// The environment variable Huawei's tools read the project id from.
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";

/// An access key / secret key pair, with the optional security token of temporary
/// credentials (sent as `X-Security-Token`, and signed) and project id (sent as
/// `X-Project-Id`, and signed). `Debug` shows the access key only.
///
/// ```
/// use huaweicloud_restore::runtime::credential::AkSk;
/// use huaweicloud_restore::runtime::{Config, Credential};
///
/// let aksk = AkSk::new("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc")
///     .with_project_id("619d3e78f61b4be68bc5aa0b59edcf7b");
/// assert!(!format!("{aksk:?}").contains("MFyfvK41"));
/// let config = Config::new(Credential::AkSk(aksk)).with_region("ap-southeast-1");
/// // Or from HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_SECURITY_TOKEN:
/// let from_env = AkSk::from_env();
/// ```
#[derive(Clone)]
pub struct AkSk {
    signer: Signer,
    security_token: Option<Secret>,
    project_id: Option<String>,
}

impl fmt::Debug for AkSk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkSk")
            .field("ak", &self.signer.access_key())
            .field("sk", &"<redacted>")
            .field("security_token", &self.security_token.as_ref().map(|_| "<redacted>"))
            .field("project_id", &self.project_id)
            .finish()
    }
}

impl AkSk {
    /// A permanent access key `ak` with its secret key `sk`.
    pub fn new(ak: impl Into<String>, sk: impl Into<String>) -> Self {
        AkSk { signer: Signer::new(ak, sk), security_token: None, project_id: None }
    }

    /// Add the security token of temporary credentials.
    #[must_use]
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(Secret::new(token));
        self
    }

    /// Add the project id, sent as `X-Project-Id`.
    #[must_use]
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// From `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (both required, non-empty), and
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_PROJECT_ID` when set.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// As [`from_env`](Self::from_env), reading each variable through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let required = |name: &str| match lookup(name) {
            None => Err(Error::Config(format!("environment variable {name} is not set"))),
            Some(v) if v.trim().is_empty() => {
                Err(Error::Config(format!("environment variable {name} is empty")))
            }
            Some(v) => Ok(v.trim().to_string()),
        };
        let optional =
            |name: &str| lookup(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let mut aksk = AkSk::new(required(ENV_AK)?, required(ENV_SK)?);
        if let Some(t) = optional(ENV_SECURITY_TOKEN) {
            aksk = aksk.with_security_token(t);
        }
        if let Some(p) = optional(ENV_PROJECT_ID) {
            aksk = aksk.with_project_id(p);
        }
        Ok(aksk)
    }

    /// The access key.
    pub fn access_key(&self) -> &str {
        self.signer.access_key()
    }
}

impl Credential {
    /// A token credential. An empty token is refused when a client is built.
    pub fn token(token: impl Into<String>) -> Self {
        Credential::Token(Secret::new(token))
    }

    /// AK/SK credentials from the environment; see [`AkSk::from_env`].
    pub fn from_env() -> Result<Self, Error> {
        AkSk::from_env().map(Credential::AkSk)
    }

    /// Check the credential can be used, without showing it.
    fn check(&self) -> Result<(), Error> {
        let header_safe = |what: &str, v: &str| {
            if v.trim().is_empty() {
                Err(Error::Config(format!("the {what} is empty")))
            } else if HeaderValue::from_str(v).is_err() {
                Err(Error::Config(format!(
                    "the {what} holds characters that cannot go in an HTTP header"
                )))
            } else {
                Ok(())
            }
        };
        match self {
            Credential::Token(t) => header_safe("token", t.expose()),
            Credential::AkSk(a) => {
                header_safe("access key", a.signer.access_key())?;
                if let Some(t) = &a.security_token {
                    header_safe("security token", t.expose())?;
                }
                if let Some(p) = &a.project_id {
                    header_safe("project id", p)?;
                }
                Ok(())
            }
        }
    }

    /// The credential made ready for a service whose token goes in `token_header`: checked,
    /// and a token's header value formed, once.
    pub(crate) fn ready(&self, token_header: HeaderName) -> Result<Ready, Error> {
        self.check()?;
        Ok(match self {
            Credential::Token(t) => Ready::Token(token_header, sensitive(t.expose(), "token")?),
            Credential::AkSk(a) => Ready::AkSk(a.clone()),
        })
    }
}

/// A credential made ready for one service's transport: what each request needs of it is
/// formed once, so a request with a token (often kilobytes) only shares its header value.
#[derive(Debug)]
pub(crate) enum Ready {
    /// The token, as the value of the header the service's spec names (marked sensitive).
    Token(HeaderName, HeaderValue),
    /// Access key and secret key: each request is signed as it is sent.
    AkSk(AkSk),
}

impl Ready {
    /// Apply the credential to a request that is about to be sent; `now` dates a signature,
    /// which also covers `parameter_headers`, the operation's own header parameters.
    pub(crate) fn apply(
        &self,
        request: &mut reqwest::Request,
        now: SystemTime,
        parameter_headers: &[HeaderName],
    ) -> Result<(), Error> {
        match self {
            Ready::Token(name, value) => {
                request.headers_mut().insert(name.clone(), value.clone());
                Ok(())
            }
            Ready::AkSk(a) => {
                let url = request.url();
                let host = match (url.host_str(), url.port()) {
                    (Some(h), Some(p)) => format!("{h}:{p}"),
                    (Some(h), None) => h.to_string(),
                    (None, _) => {
                        return Err(Error::Config(format!(
                            "cannot sign a request to `{url}`: no host"
                        )))
                    }
                };
                let headers = request.headers_mut();
                headers.insert(
                    HOST,
                    HeaderValue::from_str(&host)
                        .map_err(|_| Error::Config(format!("bad host `{host}`")))?,
                );
                if let Some(p) = &a.project_id {
                    headers.insert(
                        HeaderName::from_static("x-project-id"),
                        sensitive(p, "project id")?,
                    );
                }
                if let Some(t) = &a.security_token {
                    headers.insert(
                        HeaderName::from_static("x-security-token"),
                        sensitive(t.expose(), "security token")?,
                    );
                }
                // Sign what is sent: these headers as set, the URL as built, the exact body bytes.
                // The pairs borrow the request's own headers: nothing is copied to sign them.
                let fixed =
                    ["host", "content-type", "user-agent", "x-project-id", "x-security-token"];
                let headers = request.headers();
                let pairs: Vec<(&str, &str)> = fixed
                    .iter()
                    .copied()
                    .chain(parameter_headers.iter().map(HeaderName::as_str))
                    .filter_map(|n| headers.get(n).and_then(|v| v.to_str().ok()).map(|v| (n, v)))
                    .collect();
                let body = request.body().and_then(reqwest::Body::as_bytes).unwrap_or_default();
                let s =
                    a.signer.sign_url(request.method().as_str(), request.url(), &pairs, body, now);
                // What `Signed::headers` lists, moved into the request without copying.
                let headers = request.headers_mut();
                if !s.date_given {
                    headers.insert(
                        HeaderName::from_static("x-sdk-date"),
                        sensitive(s.sdk_date, "signing date")?,
                    );
                }
                headers.insert(AUTHORIZATION, sensitive(s.authorization, "signature")?);
                Ok(())
            }
        }
    }
}

/// `value` as a header value marked sensitive (kept out of `Debug` output); a `String` is moved
/// in, not copied. `what` names the value in the error.
fn sensitive<V>(value: V, what: &str) -> Result<HeaderValue, Error>
where
    HeaderValue: TryFrom<V>,
{
    let mut value = HeaderValue::try_from(value).map_err(|_| {
        Error::Config(format!("the {what} holds characters that cannot go in an HTTP header"))
    })?;
    value.set_sensitive(true);
    Ok(value)
}
