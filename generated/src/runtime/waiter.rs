//! Waiting for the outcome of a long-running operation by polling the operation that reports
//! its status, with backoff, jitter and a deadline.
//!
//! Nothing here knows any particular API: a generated waiter (`ddm::Client::wait_for_job`, from
//! the spec's `x-waiter`) says how to poll and which status values mean done, failed and still
//! going, and this module does the waiting.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::error::Error;

/// Where a polled resource stands, by its status value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Still going (or no status yet): poll again.
    Pending,
    /// Finished well.
    Done,
    /// Finished badly.
    Failed,
    /// A status the spec lists under none of the three: waiting stops.
    Unexpected,
}

impl Phase {
    /// The phase of `status`, as the spec's lists (`done`, `failed`, `pending`) say; no status
    /// yet is [`Phase::Pending`].
    pub fn of(status: Option<&str>, done: &[&str], failed: &[&str], pending: &[&str]) -> Phase {
        match status {
            None => Phase::Pending,
            Some(s) if done.contains(&s) => Phase::Done,
            Some(s) if failed.contains(&s) => Phase::Failed,
            Some(s) if pending.contains(&s) => Phase::Pending,
            Some(_) => Phase::Unexpected,
        }
    }
}

/// What one poll found, as the waiter reads it from the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The status value, when the answer has one.
    pub status: Option<String>,
    /// Its phase.
    pub phase: Phase,
    /// Why it failed, when the answer says.
    pub reason: Option<String>,
}

/// A change of status seen while waiting, as [`WaitOptions::on_status`] receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// The new status (`None`: the answer had none).
    pub status: Option<String>,
    /// The status before (`None` on the first poll, or when the answer had none).
    pub previous: Option<String>,
    /// Polls made so far, this one included.
    pub polls: u32,
    /// Time since waiting began.
    pub elapsed: Duration,
}

type Hook = Arc<dyn Fn(&StatusChange) + Send + Sync>;

/// How to wait: the interval between polls, growing by `multiplier` up to `max_interval`, each
/// varied at random by up to `jitter` of itself; and the deadline.
///
/// The defaults fit a database restore, which takes minutes to hours: 10 s growing by 1.5 to
/// 60 s, ±20 %, for at most 6 hours.
#[derive(Clone)]
pub struct WaitOptions {
    interval: Duration,
    max_interval: Duration,
    multiplier: f64,
    jitter: f64,
    deadline: Duration,
    on_status: Option<Hook>,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            interval: Duration::from_secs(10),
            max_interval: Duration::from_secs(60),
            multiplier: 1.5,
            jitter: 0.2,
            deadline: Duration::from_secs(6 * 3600),
            on_status: None,
        }
    }
}

impl fmt::Debug for WaitOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitOptions")
            .field("interval", &self.interval)
            .field("max_interval", &self.max_interval)
            .field("multiplier", &self.multiplier)
            .field("jitter", &self.jitter)
            .field("deadline", &self.deadline)
            .field("on_status", &self.on_status.as_ref().map(|_| "Fn(&StatusChange)"))
            .finish()
    }
}

impl WaitOptions {
    /// The defaults (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// The first interval between polls.
    #[must_use]
    pub fn with_interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest interval between polls.
    #[must_use]
    pub fn with_max_interval(mut self, max: Duration) -> Self {
        self.max_interval = max;
        self
    }

    /// How much the interval grows after each poll (1 keeps it constant; below 1 counts as 1).
    #[must_use]
    pub fn with_multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier.is_finite() { multiplier.max(1.0) } else { 1.0 };
        self
    }

    /// The share of each interval by which it varies at random, 0 to 1 (0: none).
    #[must_use]
    pub fn with_jitter(mut self, jitter: f64) -> Self {
        self.jitter = if jitter.is_finite() { jitter.clamp(0.0, 1.0) } else { 0.0 };
        self
    }

    /// The longest time to wait, from the first poll.
    #[must_use]
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Call `hook` each time the status changes (and on the first poll), to show progress.
    #[must_use]
    pub fn on_status(mut self, hook: impl Fn(&StatusChange) + Send + Sync + 'static) -> Self {
        self.on_status = Some(Arc::new(hook));
        self
    }

    /// The interval `base` with jitter applied.
    fn jittered(&self, base: Duration) -> Duration {
        if self.jitter == 0.0 {
            return base;
        }
        let factor = 1.0 + self.jitter * (fastrand::f64() * 2.0 - 1.0);
        base.mul_f64(factor.max(0.0))
    }
}

/// Why waiting ended without the outcome hoped for.
#[derive(Debug, thiserror::Error)]
pub enum WaitError<T: fmt::Debug> {
    /// The resource reached a failed status.
    #[error("it failed: status {status}{}", reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default())]
    Failed {
        /// The failed status.
        status: String,
        /// Why, when the answer says.
        reason: Option<String>,
        /// The last answer.
        last: Box<T>,
    },
    /// The resource reached a status the spec does not list.
    #[error("it reached the status {status}, which is neither done, failed nor pending")]
    Unexpected {
        /// The status.
        status: String,
        /// The last answer.
        last: Box<T>,
    },
    /// The deadline passed first.
    #[error("the deadline passed after {polls} polls in {waited:?}; last status {}", last_status.as_deref().unwrap_or("none"))]
    DeadlineExceeded {
        /// The last status seen.
        last_status: Option<String>,
        /// Polls made.
        polls: u32,
        /// Time waited.
        waited: Duration,
    },
    /// A poll failed (after the client's retries).
    #[error("a poll failed: {0}")]
    Call(#[source] Error),
}

/// Poll with `poll` until `read` finds the answer done (returned), failed or unexpected (an
/// error), or until the deadline; a poll that fails ends waiting with [`WaitError::Call`].
pub async fn wait<T, F, Fut>(options: &WaitOptions, mut poll: F, read: impl Fn(&T) -> Reading) -> Result<T, WaitError<T>>
where
    T: fmt::Debug,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let start = Instant::now();
    let mut interval = options.interval;
    let mut polls: u32 = 0;
    let mut last_status: Option<String> = None;
    loop {
        let answer = poll().await.map_err(WaitError::Call)?;
        polls = polls.saturating_add(1);
        let reading = read(&answer);
        if polls == 1 || reading.status != last_status {
            if let Some(hook) = &options.on_status {
                hook(&StatusChange { status: reading.status.clone(), previous: last_status.clone(), polls, elapsed: start.elapsed() });
            }
        }
        last_status = reading.status.clone();
        match reading.phase {
            Phase::Done => return Ok(answer),
            Phase::Failed => {
                let status = reading.status.unwrap_or_default();
                return Err(WaitError::Failed { status, reason: reading.reason, last: Box::new(answer) });
            }
            Phase::Unexpected => return Err(WaitError::Unexpected { status: reading.status.unwrap_or_default(), last: Box::new(answer) }),
            Phase::Pending => {}
        }
        let waited = start.elapsed();
        let Some(left) = options.deadline.checked_sub(waited).filter(|l| !l.is_zero()) else {
            return Err(WaitError::DeadlineExceeded { last_status, polls, waited });
        };
        tokio::time::sleep(options.jittered(interval).min(left)).await;
        interval = interval.mul_f64(options.multiplier).min(options.max_interval.max(options.interval));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn fast() -> WaitOptions {
        WaitOptions::new().with_interval(Duration::from_millis(1)).with_max_interval(Duration::from_millis(2)).with_jitter(0.0)
    }

    fn read(s: &&str) -> Reading {
        let status = (!s.is_empty()).then(|| s.to_string());
        Reading { phase: Phase::of(status.as_deref(), &["done"], &["failed"], &["running"]), status, reason: Some("disk full".into()) }
    }

    async fn run(answers: &[&'static str], options: &WaitOptions) -> (Result<&'static str, WaitError<&'static str>>, usize) {
        let calls = Mutex::new(0usize);
        let result = wait(
            options,
            || {
                let mut n = calls.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let answer = answers[(*n).min(answers.len() - 1)];
                *n += 1;
                async move { Ok(answer) }
            },
            read,
        )
        .await;
        let n = *calls.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        (result, n)
    }

    #[tokio::test]
    async fn polls_until_done_and_reports_each_change_once() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let options =
            fast().on_status(move |c| log.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((c.previous.clone(), c.status.clone())));
        let (result, polls) = run(&["", "running", "running", "done"], &options).await;
        assert_eq!((result.ok(), polls), (Some("done"), 4));
        let seen = seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        let s = |x: &str| Some(x.to_string());
        assert_eq!(seen, vec![(None, None), (None, s("running")), (s("running"), s("done"))]);
    }

    #[tokio::test]
    async fn a_failed_or_unknown_status_ends_waiting_with_what_was_seen() {
        match run(&["running", "failed"], &fast()).await.0 {
            Err(WaitError::Failed { status, reason, last }) => {
                assert_eq!((status.as_str(), reason.as_deref(), *last), ("failed", Some("disk full"), "failed"))
            }
            other => panic!("{other:?}"),
        }
        match run(&["deleted"], &fast()).await.0 {
            Err(WaitError::Unexpected { status, .. }) => assert_eq!(status, "deleted"),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn the_deadline_ends_a_wait_that_never_finishes() {
        let options = fast().with_deadline(Duration::from_millis(30));
        match run(&["running"], &options).await {
            (Err(WaitError::DeadlineExceeded { last_status, polls, waited }), n) => {
                assert_eq!(last_status.as_deref(), Some("running"));
                assert!(polls >= 2 && polls as usize == n, "{polls} {n}");
                assert!(waited >= Duration::from_millis(30), "{waited:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn intervals_grow_within_their_bounds_and_jitter_stays_within_its_share() {
        let o = WaitOptions::new().with_interval(Duration::from_secs(10)).with_jitter(0.5);
        for _ in 0..200 {
            let j = o.jittered(Duration::from_secs(10));
            assert!(j >= Duration::from_secs(5) && j <= Duration::from_secs(15), "{j:?}");
        }
        assert_eq!(WaitOptions::new().with_jitter(f64::NAN).jitter, 0.0);
        assert_eq!(WaitOptions::new().with_multiplier(0.1).multiplier, 1.0);
        assert_eq!(Phase::of(Some("x"), &[], &[], &["x"]), Phase::Pending);
    }
}
