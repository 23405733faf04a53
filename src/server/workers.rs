//! The threads that evaluate queries, kept from one request to the next.
//!
//! A query runs away from its request's thread so that the request can be answered at the
//! time limit even when the query does not stop (see `Service::evaluating`). Starting a thread
//! per query cost more than a small query itself: its stack mapped and unmapped, and every
//! core's TLB flushed each time. So threads are started as they are needed, up to the number
//! of queries the service runs at once, and then wait for the next query.

use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};

type Job = Box<dyn FnOnce() + Send>;

pub(crate) struct Workers {
    jobs: Sender<Job>,
    shared: Arc<Shared>,
    limit: usize,
}

struct Shared {
    queue: Mutex<Receiver<Job>>,
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    started: usize,
    idle: usize,
}

impl Workers {
    /// At most `limit` threads; the service's gate lets no more queries in at once, so a
    /// query never waits for a thread.
    pub(crate) fn new(limit: usize) -> Self {
        let (jobs, queue) = mpsc::channel();
        Self {
            jobs,
            shared: Arc::new(Shared {
                queue: Mutex::new(queue),
                counts: Mutex::new(Counts::default()),
            }),
            limit: limit.max(1),
        }
    }

    /// Runs `job` on a worker, starting one if none is idle.
    pub(crate) fn run(&self, job: impl FnOnce() + Send + 'static) -> io::Result<()> {
        {
            let mut counts = lock(&self.shared.counts);
            if counts.idle == 0 && counts.started < self.limit {
                let shared = Arc::clone(&self.shared);
                std::thread::Builder::new()
                    .name("claimgraph-query".into())
                    .spawn(move || work(&shared))?;
                counts.started += 1;
            }
        }
        self.jobs
            .send(Box::new(job))
            .map_err(|_| io::Error::other("the query workers are gone"))
    }
}

/// A worker's life: take a job, run it, until the service (the sender) is gone. A job that
/// panics ends its request with an error (its answer channel closes), not the worker.
fn work(shared: &Shared) {
    loop {
        lock(&shared.counts).idle += 1;
        let job = lock(&shared.queue).recv();
        lock(&shared.counts).idle -= 1;
        match job {
            Ok(job) => {
                let _ = catch_unwind(AssertUnwindSafe(job));
            }
            Err(_) => return,
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_reused_and_a_panic_does_not_end_them() {
        let workers = Workers::new(2);
        let (done, finished) = mpsc::channel();
        for round in 0..10 {
            let done = done.clone();
            workers
                .run(move || {
                    assert!(round != 3, "a job that panics");
                    done.send(std::thread::current().id()).unwrap();
                })
                .unwrap();
            if round != 3 {
                finished.recv().unwrap();
            }
        }
        let counts = lock(&workers.shared.counts);
        assert!(counts.started <= 2, "{} threads started", counts.started);
    }
}
