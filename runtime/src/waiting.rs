//! Waiting for the outcome of a long-running operation by polling the operation that reports
//! its status, with backoff, jitter and a deadline.
//!
//! Nothing here knows any particular API: a generated waiter (`ddm::Client::wait_for_job`, from
//! the spec's `x-waiter`) says how to poll and which status values mean done, failed and still
//! going, and this module does the waiting.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

// Tokio's clock, which its sleeps and timeouts use too: under `tokio::time::pause()` the
// deadline advances with them.
use tokio::time::Instant;

use super::error::Error;
use super::reflect::OperationInfo;

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
///
/// # The deadline is a promise
///
/// A wait ends by its deadline, however the server behaves: every poll is bounded by the time
/// left (a poll the server accepts and never answers is cut short, and the wait ends with
/// [`WaitError::DeadlineExceeded`]), and so is every sleep between polls. It can outlive the
/// deadline only by scheduling: the timer's resolution (a millisecond) and the time the async
/// runtime takes to wake the task, plus whatever the [`on_status`](Self::on_status) hook itself
/// takes (it runs on the waiting task). One poll that answers at once at the deadline is
/// still read.
///
/// # Every setting is clamped, never refused
///
/// Any value a setter takes is usable: an interval is kept within [`MIN_INTERVAL`](Self::MIN_INTERVAL)
/// and [`MAX_INTERVAL`](Self::MAX_INTERVAL), the multiplier within 1 and
/// [`MAX_MULTIPLIER`](Self::MAX_MULTIPLIER), the jitter within 0 and 1, the deadline at most
/// [`MAX_DEADLINE`](Self::MAX_DEADLINE); each setter says what it does with a value out of
/// range or not a number. Growing and jittering an interval saturate at its ceiling; nothing
/// here panics.
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
    /// The shortest interval between polls (1 ms), so that a waiter never spins: a shorter
    /// interval, zero included, counts as this, and so does a jittered one.
    pub const MIN_INTERVAL: Duration = Duration::from_millis(1);
    /// The longest interval between polls (one day): a longer one counts as this.
    pub const MAX_INTERVAL: Duration = Duration::from_secs(24 * 3600);
    /// The largest multiplier (10): a larger one, infinity included, counts as this.
    pub const MAX_MULTIPLIER: f64 = 10.0;
    /// The longest deadline (366 days): a longer one, [`Duration::MAX`] included, counts as
    /// this (for a wait, as good as none).
    pub const MAX_DEADLINE: Duration = Duration::from_secs(366 * 24 * 3600);

    /// The defaults (see the type's documentation).
    pub fn new() -> Self {
        Self::default()
    }

    /// The first interval between polls, clamped to
    /// [`MIN_INTERVAL`](Self::MIN_INTERVAL)..=[`MAX_INTERVAL`](Self::MAX_INTERVAL).
    #[must_use]
    pub fn with_interval(mut self, interval: Duration) -> Self {
        self.interval = interval.clamp(Self::MIN_INTERVAL, Self::MAX_INTERVAL);
        self
    }

    /// The longest interval between polls, clamped to
    /// [`MIN_INTERVAL`](Self::MIN_INTERVAL)..=[`MAX_INTERVAL`](Self::MAX_INTERVAL) (below the
    /// first interval, the first interval is the longest).
    #[must_use]
    pub fn with_max_interval(mut self, max: Duration) -> Self {
        self.max_interval = max.clamp(Self::MIN_INTERVAL, Self::MAX_INTERVAL);
        self
    }

    /// How much the interval grows after each poll: 1 keeps it constant; below 1 (or not a
    /// number) counts as 1, above [`MAX_MULTIPLIER`](Self::MAX_MULTIPLIER) (infinity included)
    /// as that.
    #[must_use]
    pub fn with_multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier =
            if multiplier.is_nan() { 1.0 } else { multiplier.clamp(1.0, Self::MAX_MULTIPLIER) };
        self
    }

    /// The share of each interval by which it varies at random, 0 to 1 (0: none); below 0
    /// counts as 0, above 1 as 1, not a number as 0. A jittered interval is still at least
    /// [`MIN_INTERVAL`](Self::MIN_INTERVAL) and at most [`MAX_INTERVAL`](Self::MAX_INTERVAL).
    #[must_use]
    pub fn with_jitter(mut self, jitter: f64) -> Self {
        self.jitter = if jitter.is_nan() { 0.0 } else { jitter.clamp(0.0, 1.0) };
        self
    }

    /// The longest time to wait, from the first poll, at most
    /// [`MAX_DEADLINE`](Self::MAX_DEADLINE) (a longer one counts as that). Zero allows the
    /// first poll only if it answers at once.
    #[must_use]
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline.min(Self::MAX_DEADLINE);
        self
    }

    /// Call `hook` each time the status changes (and on the first poll), to show progress.
    /// It runs on the waiting task: a slow hook delays the wait, past its deadline too.
    #[must_use]
    pub fn on_status(mut self, hook: impl Fn(&StatusChange) + Send + Sync + 'static) -> Self {
        self.on_status = Some(Arc::new(hook));
        self
    }

    /// The interval `base` with jitter applied, within the interval bounds.
    fn jittered(&self, base: Duration) -> Duration {
        if self.jitter == 0.0 {
            return clamp_interval(base);
        }
        let factor = 1.0 + self.jitter * (fastrand::f64() * 2.0 - 1.0);
        scale(base, factor)
    }

    /// The interval after `interval`: grown by the multiplier, at most the longest interval
    /// (or the first, when that is longer).
    fn next_interval(&self, interval: Duration) -> Duration {
        scale(interval, self.multiplier).min(self.max_interval.max(self.interval))
    }
}

/// `d` within the interval bounds.
fn clamp_interval(d: Duration) -> Duration {
    d.clamp(WaitOptions::MIN_INTERVAL, WaitOptions::MAX_INTERVAL)
}

/// `d` times `factor`, saturating: within the interval bounds whatever the factor (not a
/// number, negative or infinite included).
fn scale(d: Duration, factor: f64) -> Duration {
    let secs = d.as_secs_f64() * factor;
    if secs.is_nan() || secs <= 0.0 {
        return WaitOptions::MIN_INTERVAL;
    }
    Duration::try_from_secs_f64(secs).map_or(WaitOptions::MAX_INTERVAL, clamp_interval)
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
    /// The deadline passed first, between polls or during one (a poll the server had not
    /// answered by the deadline is cut short).
    #[error("the deadline passed after {polls} polls in {waited:?}; last status {}", last_status.as_deref().unwrap_or("none"))]
    DeadlineExceeded {
        /// The last status seen.
        last_status: Option<String>,
        /// Polls started, a poll cut short by the deadline included.
        polls: u32,
        /// Time waited.
        waited: Duration,
    },
    /// A poll failed (after the client's retries).
    #[error("a poll failed: {0}")]
    Call(#[source] Error),
}

/// What a wait is about, for its span (feature `tracing`): the generated waiter's name, the
/// operation it polls and the id of what it waits on. Never a credential, a header or a body.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The waiter's method name (`wait_for_job`).
    pub waiter: &'static str,
    /// The operation each poll calls.
    pub operation: &'static OperationInfo,
    /// The id of what is waited on (a job id), when the waiter has one.
    pub resource: Option<&'a str>,
}

/// Poll with `poll` until `read` finds the answer done (returned), failed or unexpected (an
/// error), or until the deadline; a poll that fails ends waiting with [`WaitError::Call`].
///
/// Every poll is bounded by the time left before the deadline: one that has not answered by
/// then is dropped and waiting ends with [`WaitError::DeadlineExceeded`] (see
/// [`WaitOptions`] for the margin). The first poll is always made; a later one only while
/// time is left.
///
/// With the `tracing` feature, the span and events that the public [`waiter`](crate::waiter)
/// module describes.
pub async fn wait_on<T, F, Fut>(
    subject: Subject<'_>,
    options: &WaitOptions,
    poll: F,
    read: impl Fn(&T) -> Reading,
) -> Result<T, WaitError<T>>
where
    T: fmt::Debug,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    #[cfg(feature = "tracing")]
    {
        use tracing::Instrument;
        let span = tracing::info_span!(
            target: "huaweicloud_restore",
            "wait",
            waiter = subject.waiter,
            service = subject.operation.service,
            operation = subject.operation.id,
            resource = subject.resource
        );
        // Where no subscriber listens, the wait is not wrapped in a span that records nothing.
        if span.is_disabled() {
            return run(options, poll, read).await;
        }
        run(options, poll, read).instrument(span).await
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = subject;
        run(options, poll, read).await
    }
}

async fn run<T, F, Fut>(
    options: &WaitOptions,
    mut poll: F,
    read: impl Fn(&T) -> Reading,
) -> Result<T, WaitError<T>>
where
    T: fmt::Debug,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let start = Instant::now();
    // Only durations since `start` are taken, never `start + deadline`: no `Instant` arithmetic
    // can overflow, whatever the deadline.
    let left = || options.deadline.saturating_sub(start.elapsed());
    let mut interval = clamp_interval(options.interval);
    let mut polls: u32 = 0;
    let mut last_status: Option<String> = None;
    loop {
        polls = polls.saturating_add(1);
        let answer = match tokio::time::timeout(left(), poll()).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(e)) => {
                trace::call_error(&e, polls, start);
                return Err(WaitError::Call(e));
            }
            Err(_) => {
                // The poll was cut short by the deadline: it counts, as sent.
                trace::outcome("deadline", last_status.as_deref(), polls, start);
                return Err(WaitError::DeadlineExceeded {
                    last_status,
                    polls,
                    waited: start.elapsed(),
                });
            }
        };
        let reading = read(&answer);
        if polls == 1 || reading.status != last_status {
            trace::status(last_status.as_deref(), reading.status.as_deref(), polls, start);
            if let Some(hook) = &options.on_status {
                hook(&StatusChange {
                    status: reading.status.clone(),
                    previous: last_status.clone(),
                    polls,
                    elapsed: start.elapsed(),
                });
            }
        }
        last_status = reading.status.clone();
        match reading.phase {
            Phase::Done => {
                trace::outcome("done", last_status.as_deref(), polls, start);
                return Ok(answer);
            }
            Phase::Failed => {
                trace::outcome("failed", last_status.as_deref(), polls, start);
                let status = reading.status.unwrap_or_default();
                return Err(WaitError::Failed {
                    status,
                    reason: reading.reason,
                    last: Box::new(answer),
                });
            }
            Phase::Unexpected => {
                trace::outcome("unexpected", last_status.as_deref(), polls, start);
                return Err(WaitError::Unexpected {
                    status: reading.status.unwrap_or_default(),
                    last: Box::new(answer),
                });
            }
            Phase::Pending => {}
        }
        let rest = left();
        if !rest.is_zero() {
            tokio::time::sleep(options.jittered(interval).min(rest)).await;
        }
        // No poll is started once the deadline has passed.
        if left().is_zero() {
            trace::outcome("deadline", last_status.as_deref(), polls, start);
            return Err(WaitError::DeadlineExceeded {
                last_status,
                polls,
                waited: start.elapsed(),
            });
        }
        interval = options.next_interval(interval);
    }
}

/// The events of a wait (feature `tracing`; without it, nothing): statuses, counts and times.
mod trace {
    use std::time::Duration;
    use tokio::time::Instant;

    use super::Error;

    fn millis(d: Duration) -> u64 {
        u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
    }

    /// The status changed (or the first poll answered).
    pub(super) fn status(previous: Option<&str>, status: Option<&str>, polls: u32, start: Instant) {
        #[cfg(feature = "tracing")]
        tracing::info!(target: "huaweicloud_restore", previous, status, polls, elapsed_ms = millis(start.elapsed()), "status");
        #[cfg(not(feature = "tracing"))]
        let _ = (previous, status, polls, millis(start.elapsed()));
    }

    /// The wait ended: `done`, `failed`, `unexpected` or `deadline`.
    pub(super) fn outcome(outcome: &'static str, status: Option<&str>, polls: u32, start: Instant) {
        #[cfg(feature = "tracing")]
        if outcome == "done" {
            tracing::info!(target: "huaweicloud_restore", outcome, status, polls, elapsed_ms = millis(start.elapsed()), "outcome");
        } else {
            tracing::warn!(target: "huaweicloud_restore", outcome, status, polls, elapsed_ms = millis(start.elapsed()), "outcome");
        }
        #[cfg(not(feature = "tracing"))]
        let _ = (outcome, status, polls, millis(start.elapsed()));
    }

    /// A poll failed (after the client's retries); only the kind of error is recorded.
    pub(super) fn call_error(error: &Error, polls: u32, start: Instant) {
        let kind = match error {
            Error::Api(_) => "api",
            Error::Validation(_) => "validation",
            Error::Timeout { .. } => "timeout",
            Error::Connection { .. } => "connection",
            Error::InvalidResponse(_) => "invalid response",
            Error::Paging { .. } => "paging",
            Error::Serialize { .. } => "serialize",
            Error::Config(_) => "config",
        };
        #[cfg(feature = "tracing")]
        tracing::warn!(target: "huaweicloud_restore", outcome = "call error", error = kind, polls, elapsed_ms = millis(start.elapsed()), "outcome");
        #[cfg(not(feature = "tracing"))]
        let _ = (kind, polls, millis(start.elapsed()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn fast() -> WaitOptions {
        WaitOptions::new()
            .with_interval(Duration::from_millis(1))
            .with_max_interval(Duration::from_millis(2))
            .with_jitter(0.0)
    }

    fn read(s: &&str) -> Reading {
        let status = (!s.is_empty()).then(|| s.to_string());
        Reading {
            phase: Phase::of(status.as_deref(), &["done"], &["failed"], &["running"]),
            status,
            reason: Some("disk full".into()),
        }
    }

    async fn run(
        answers: &[&'static str],
        options: &WaitOptions,
    ) -> (Result<&'static str, WaitError<&'static str>>, usize) {
        let calls = Mutex::new(0usize);
        let result = super::run(
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
        let options = fast().on_status(move |c| {
            log.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((c.previous.clone(), c.status.clone()))
        });
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
                assert_eq!(
                    (status.as_str(), reason.as_deref(), *last),
                    ("failed", Some("disk full"), "failed")
                )
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

    /// A fake poll that answers `running` `pending` times, then `done`.
    async fn run_extreme(
        options: &WaitOptions,
        pending: usize,
    ) -> Result<&'static str, WaitError<&'static str>> {
        let mut n = 0usize;
        super::run(
            options,
            || {
                n += 1;
                let answer = if n > pending { "done" } else { "running" };
                async move { Ok(answer) }
            },
            read,
        )
        .await
    }

    const FACTORS: [f64; 9] = [
        1e300,
        f64::MAX,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -1.0,
        0.0,
        f64::MIN_POSITIVE,
        1.5,
    ];

    #[tokio::test]
    async fn huge_multipliers_and_unbounded_settings_never_panic() {
        let jitters = [0.2, 1.0, f64::NAN, f64::INFINITY, 1e300];
        for multiplier in [1e300, f64::MAX, f64::INFINITY] {
            for max in [Duration::ZERO, Duration::MAX] {
                for jitter in jitters {
                    for deadline in [Duration::MAX, Duration::from_secs(20)] {
                        let o = WaitOptions::new()
                            .with_interval(Duration::from_millis(1))
                            .with_max_interval(max)
                            .with_multiplier(multiplier)
                            .with_jitter(jitter)
                            .with_deadline(deadline);
                        assert_eq!(run_extreme(&o, 2).await.ok(), Some("done"), "{o:?}");
                    }
                }
            }
        }
        // A zero interval neither spins nor panics.
        let o = WaitOptions::new()
            .with_interval(Duration::ZERO)
            .with_max_interval(Duration::ZERO)
            .with_deadline(Duration::MAX);
        assert_eq!(run_extreme(&o, 5).await.ok(), Some("done"));
    }

    #[tokio::test]
    async fn the_longest_interval_still_ends_at_the_deadline() {
        for jitter in [0.0, 0.2, 1.0] {
            let o = WaitOptions::new()
                .with_interval(Duration::MAX)
                .with_max_interval(Duration::MAX)
                .with_multiplier(1e300)
                .with_jitter(jitter)
                .with_deadline(Duration::from_millis(20));
            match run_extreme(&o, usize::MAX).await {
                Err(WaitError::DeadlineExceeded { polls, .. }) => assert_eq!(polls, 1),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn every_setting_is_clamped_and_every_jitter_draw_stays_in_bounds() {
        let durations = [
            Duration::ZERO,
            Duration::from_nanos(1),
            Duration::from_secs(1),
            Duration::from_secs(u64::MAX),
            Duration::MAX,
        ];
        for interval in durations {
            for max in durations {
                for multiplier in FACTORS {
                    for jitter in FACTORS {
                        let o = WaitOptions::new()
                            .with_interval(interval)
                            .with_max_interval(max)
                            .with_multiplier(multiplier)
                            .with_jitter(jitter)
                            .with_deadline(interval);
                        assert!(
                            (1.0..=WaitOptions::MAX_MULTIPLIER).contains(&o.multiplier),
                            "{o:?}"
                        );
                        assert!((0.0..=1.0).contains(&o.jitter), "{o:?}");
                        assert!(o.deadline <= WaitOptions::MAX_DEADLINE, "{o:?}");
                        let mut i = o.interval;
                        for _ in 0..200 {
                            let j = o.jittered(i);
                            assert!(
                                (WaitOptions::MIN_INTERVAL..=WaitOptions::MAX_INTERVAL)
                                    .contains(&j),
                                "{j:?} {o:?}"
                            );
                            i = o.next_interval(i);
                            assert!(
                                (WaitOptions::MIN_INTERVAL..=WaitOptions::MAX_INTERVAL)
                                    .contains(&i),
                                "{i:?} {o:?}"
                            );
                        }
                    }
                }
            }
        }
        for base in [Duration::ZERO, Duration::MAX, Duration::from_secs(u64::MAX)] {
            for factor in FACTORS {
                let d = scale(base, factor);
                assert!(
                    (WaitOptions::MIN_INTERVAL..=WaitOptions::MAX_INTERVAL).contains(&d),
                    "{base:?} * {factor}: {d:?}"
                );
            }
        }
        let o = WaitOptions::new()
            .with_multiplier(f64::INFINITY)
            .with_jitter(f64::INFINITY)
            .with_deadline(Duration::MAX);
        assert_eq!(
            (o.multiplier, o.jitter, o.deadline),
            (WaitOptions::MAX_MULTIPLIER, 1.0, WaitOptions::MAX_DEADLINE)
        );
        assert_eq!(WaitOptions::new().with_multiplier(f64::NAN).multiplier, 1.0);
        // Growth stops at the longest interval.
        let o = WaitOptions::new()
            .with_interval(Duration::from_millis(1))
            .with_max_interval(Duration::from_millis(50))
            .with_multiplier(10.0);
        let grown: Vec<Duration> =
            std::iter::successors(Some(o.interval), |i| Some(o.next_interval(*i)))
                .take(4)
                .collect();
        assert_eq!(grown, [1, 10, 50, 50].map(Duration::from_millis));
    }
}
