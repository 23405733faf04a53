//! Progress of a load, drawn for the user: a bar on a terminal, one line per phase in a log.
//!
//! The library reports [`Progress`] events and draws nothing; this turns them into an
//! indicatif bar when standard error is a terminal, and into plain lines ("compacting the
//! store") when it is not, so that a log shows where a long load was.

use claimgraph::load::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

/// What the user sees of loads, for one command.
pub(crate) struct LoadView {
    quiet: bool,
    terminal: bool,
    bar: Mutex<Option<ProgressBar>>,
    /// Lines are written for bulk loads only; small loads are done before a line would help.
    bulk: Mutex<bool>,
    /// The input being loaded, for the lines.
    input: Mutex<String>,
}

impl LoadView {
    pub(crate) fn new(quiet: bool) -> Self {
        Self {
            quiet,
            terminal: std::io::stderr().is_terminal(),
            bar: Mutex::new(None),
            bulk: Mutex::new(false),
            input: Mutex::new(String::new()),
        }
    }

    /// Names the input that the next events are about.
    pub(crate) fn input(&self, name: &str) {
        *self.input.lock().unwrap_or_else(|e| e.into_inner()) = name.to_owned();
    }

    pub(crate) fn handle(&self, progress: Progress) {
        if self.quiet {
            return;
        }
        let mut bar = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        match progress {
            Progress::Started { size } => {
                *self.bulk.lock().unwrap_or_else(|e| e.into_inner()) = true;
                let input = self.input.lock().unwrap_or_else(|e| e.into_inner()).clone();
                self.line(&format!("reading {input}"));
                if self.terminal {
                    *bar = Some(byte_bar(size));
                }
            }
            Progress::Read { bytes } => {
                if let Some(bar) = &*bar {
                    bar.set_position(bytes);
                }
            }
            Progress::Triples { triples, elapsed } => {
                if let Some(bar) = &*bar {
                    let rate = triples as f64 / elapsed.as_secs_f64().max(1e-3);
                    bar.set_message(format!("{triples} triples ({rate:.0} triples/s)"));
                }
            }
            Progress::Committing => {
                self.line("writing the store's indexes");
                if let Some(bar) = &*bar {
                    bar.set_message("input read; writing the store's indexes");
                }
            }
            Progress::Committed => {
                self.line("committed; recording the load");
                if let Some(bar) = &*bar {
                    bar.set_message("committed; recording the load");
                }
            }
            Progress::Compacting => {
                self.line("compacting the store");
                if self.terminal {
                    *bar = Some(spinner(
                        "compacting the store, so that queries and exports read it fast",
                    ));
                }
            }
            Progress::Indexing => self.line("indexing claims"),
            Progress::Done => {
                if let Some(bar) = bar.take() {
                    bar.finish_and_clear();
                }
            }
        }
    }

    fn line(&self, text: &str) {
        if !self.terminal && *self.bulk.lock().unwrap_or_else(|e| e.into_inner()) {
            let _ = writeln!(std::io::stderr(), "load: {text}");
        }
    }
}

fn byte_bar(size: Option<u64>) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(size, ProgressDrawTarget::stderr());
    let template = if size.is_some() {
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}) {msg}"
    } else {
        "{spinner} [{elapsed_precise}] {bytes} ({bytes_per_sec}) {msg}"
    };
    bar.set_style(ProgressStyle::with_template(template).expect("the template is valid"));
    // The store writes its indexes in long steps between reads: keep the clock turning.
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn spinner(message: &'static str) -> ProgressBar {
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
            .expect("the template is valid"),
    );
    spinner.set_message(message);
    spinner.enable_steady_tick(Duration::from_millis(200));
    spinner
}
