//! Credentials: how a request proves who sends it.
//!
//! The transport applies the credential to every request just before it is sent, so generated
//! operation code never sees it, and a new kind (AK/SK signing) needs no change there.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};

use super::error::Error;

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
}

/// The header a token goes in.
pub const TOKEN_HEADER: &str = "x-auth-token";

impl Credential {
    /// A token credential. An empty token is refused when a client is built.
    pub fn token(token: impl Into<String>) -> Self {
        Credential::Token(Secret::new(token))
    }

    /// Check the credential can be used, without showing it.
    pub(crate) fn check(&self) -> Result<(), Error> {
        match self {
            Credential::Token(t) if t.expose().trim().is_empty() => Err(Error::Config("the token is empty".into())),
            Credential::Token(t) if HeaderValue::from_str(t.expose()).is_err() => {
                Err(Error::Config("the token holds characters that cannot go in an HTTP header".into()))
            }
            Credential::Token(_) => Ok(()),
        }
    }

    /// Apply the credential to a request that is about to be sent.
    pub(crate) fn apply(&self, request: &mut reqwest::Request) -> Result<(), Error> {
        match self {
            Credential::Token(t) => {
                let mut value = HeaderValue::from_str(t.expose())
                    .map_err(|_| Error::Config("the token holds characters that cannot go in an HTTP header".into()))?;
                value.set_sensitive(true);
                request.headers_mut().insert(HeaderName::from_static(TOKEN_HEADER), value);
                Ok(())
            }
        }
    }
}
