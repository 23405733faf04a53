//! Time limits for queries, kept by one timer thread for the whole process.
//!
//! oxigraph's evaluator checks a cancellation token as it reads the store, so a query is
//! stopped by cancelling its token, never by ending the process. A server runs many queries
//! at once: one thread sleeps until the nearest deadline and cancels whatever is due, rather
//! than a thread per query.

use oxigraph::sparql::CancellationToken;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::OnceLock;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

struct Due {
    at: Instant,
    token: CancellationToken,
}

impl PartialEq for Due {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl Eq for Due {}

impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Due {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.at.cmp(&other.at)
    }
}

/// A token that is cancelled once `timeout` has passed.
pub(crate) fn token_after(timeout: Duration) -> CancellationToken {
    static TIMER: OnceLock<Sender<Due>> = OnceLock::new();
    let token = CancellationToken::new();
    let Some(at) = Instant::now().checked_add(timeout) else {
        // A limit beyond what the clock can count is no limit.
        return token;
    };
    let timer = TIMER.get_or_init(|| {
        let (sender, receiver) = mpsc::channel::<Due>();
        std::thread::Builder::new()
            .name("claimgraph-deadlines".into())
            .spawn(move || {
                let mut due: BinaryHeap<Reverse<Due>> = BinaryHeap::new();
                loop {
                    let now = Instant::now();
                    while due.peek().is_some_and(|next| next.0.at <= now) {
                        if let Some(Reverse(next)) = due.pop() {
                            next.token.cancel();
                        }
                    }
                    let next = match due.peek() {
                        Some(next) => receiver.recv_timeout(next.0.at - now),
                        None => receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
                    };
                    match next {
                        Ok(new) => due.push(Reverse(new)),
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .expect("the timer thread starts");
        sender
    });
    // The timer lives as long as the process; a send cannot fail while it does.
    let _ = timer.send(Due {
        at,
        token: token.clone(),
    });
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_cancelled_in_deadline_order() {
        let late = token_after(Duration::from_secs(3600));
        let soon = token_after(Duration::from_millis(20));
        let started = Instant::now();
        while !soon.is_cancelled() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "never cancelled"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(!late.is_cancelled());
    }
}
