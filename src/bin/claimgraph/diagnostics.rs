//! What the user reads when something goes wrong or deserves a note: `error: …`, one
//! `caused by: …` per underlying error, then `hint: …` in the words of the command line (the
//! library's errors do not know which flag a user typed).

use crate::cli::Command;
use claimgraph::render::TerminalSafe;
use claimgraph::store::{ClaimStore, Notice};
use claimgraph::{Error, ErrorClass};
use std::io::{self, Write};
use std::process::ExitCode;

/// Prints `error: …`, its causes, then the hint. Messages quote the input (a bad value, a
/// file's text), so control characters in them are shown as escapes.
pub(crate) fn print_error(error: &Error, command: &Command) {
    let mut stderr = TerminalSafe::new(io::stderr().lock());
    let _ = writeln!(stderr, "error: {error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let _ = writeln!(stderr, "  caused by: {cause}");
        source = cause.source();
    }
    match error {
        Error::BadRows { problems, .. } => {
            for problem in problems {
                let _ = writeln!(stderr, "  {problem}");
            }
        }
        Error::Invalid { violations } => {
            for violation in violations {
                let _ = writeln!(stderr, "  {violation}");
            }
        }
        _ => {}
    }
    if let Some(hint) = hint(error, command) {
        let _ = writeln!(stderr, "  hint: {hint}");
    }
    let _ = stderr.flush();
}

/// The exit status of a failed command. Every class is 2 today, the documented status for
/// "error" (1 means "findings"); the class is where a finer split would go.
pub(crate) fn exit_code(error: &Error) -> ExitCode {
    match error.class() {
        ErrorClass::Usage
        | ErrorClass::NotFound
        | ErrorClass::Data
        | ErrorClass::Conflict
        | ErrorClass::Timeout
        | ErrorClass::Remote
        | ErrorClass::Internal => ExitCode::from(2),
    }
}

/// Prints what the store has to say (`note: …`), with the command that acts on it.
pub(crate) fn print_notices(store: &ClaimStore) {
    let mut stderr = io::stderr().lock();
    for notice in store.take_notices() {
        let _ = writeln!(stderr, "note: {notice}");
        if let Notice::Changed { graph, path } = &notice {
            let _ = writeln!(
                stderr,
                "  hint: reload it with: claimgraph load --replace --graph '{graph}' '{}'",
                path.display()
            );
        }
    }
}

/// Advice for the user, in the words of the command line.
fn hint(error: &Error, command: &Command) -> Option<String> {
    Some(match error {
        Error::UnknownRdfFormat { .. } if matches!(command, Command::Generate(_)) => {
            "generate writes Turtle or N-Triples: end the file name in .ttl or .nt".into()
        }
        Error::UnknownQuery {
            closest: Some(name),
            ..
        } => format!("did you mean `{name}`? `claimgraph queries` lists them all"),
        Error::UnknownQuery { .. } => "`claimgraph queries` lists the named queries".into(),
        Error::NotAQuery { closest: Some(form), .. } => format!("did you mean {form}?"),
        Error::UnknownPrefix { .. } => known_prefixes(),
        Error::QuerySyntax { source, .. }
            if source.to_string().to_lowercase().contains("prefix") =>
        {
            known_prefixes()
        }
        Error::UnknownParam { known, .. } if known.is_empty() => {
            "this query takes no parameters".into()
        }
        Error::UnknownParam { known, .. } => format!("this query takes: {}", known.join(", ")),
        Error::BadParam { .. } => "write --param name=value, where value is <IRI>, prefix:name, \"text\"@lang, \"value\"^^xsd:type or plain text".into(),
        Error::ParamNotSelected { name } => format!("add ?{name} to the SELECT clause (or SELECT *)"),
        Error::StoreLocked { .. } => "wait for the other process to finish, or use another store with --store DIR or --memory".into(),
        Error::Busy { holder, .. } if holder.contains("claimgraph serve --writable") => "a server holds this store and takes writes: query it at /sparql, and write through it (SPARQL Update at /update, whole graphs with PUT /store?graph=IRI, with its token)".into(),
        Error::Busy { holder, .. } if holder.contains("claimgraph serve") => "a server serves this store and only reads it: query it over HTTP meanwhile, or stop the server to write, then start it again".into(),
        Error::Busy { waited, .. } if waited.is_zero() => "wait for it with --wait SECONDS, or use another store with --store DIR or --memory".into(),
        Error::Busy { .. } => "wait longer with a larger --wait, or use another store with --store DIR or --memory".into(),
        Error::UnknownRdfFormat { .. } => "name the format with --format (turtle, trig, ntriples, nquads, rdfxml, jsonld)".into(),
        Error::Timeout(_) => "raise --timeout, or narrow the query".into(),
        Error::Unreachable { url, .. } => format!("check the address, and that the server runs: curl '{url}?query=ASK%7B%7D' should answer"),
        Error::Unauthorized { user: None, .. } => "log in with --user NAME and CLAIMGRAPH_PASSWORD, a bearer token in CLAIMGRAPH_TOKEN, or the host's entry in ~/.netrc".into(),
        Error::Unauthorized { .. } => "check the password (CLAIMGRAPH_PASSWORD, --password or ~/.netrc), and that the user may write (Virtuoso: GRANT SPARQL_UPDATE TO the user)".into(),
        Error::Incomplete { .. } => "the store cuts or dropped rows: raise its row limit (Virtuoso: ResultSetMaxRows in [SPARQL] of virtuoso.ini) or narrow the query; nothing short was printed".into(),
        Error::PushStopped { source, .. } => match source.as_ref() {
            // Virtuoso's own HTTP client failed to reach the address it was to fetch from.
            Error::RemoteStatus { message, .. } if message.contains("HC001") => {
                "Virtuoso could not fetch from the --fetch-from address: give one the server reaches this machine at, or push without --fetch-from".into()
            }
            Error::Unreachable { .. } | Error::Timeout(_) | Error::RemoteStatus { .. } | Error::RemoteAnswer { .. } | Error::Incomplete { .. } => {
                "run the same push again once the server answers: each graph is replaced whole, so the rerun completes it".into()
            }
            other => return hint(other, command),
        },
        Error::MissingAgent => "name who records it with --by ACTOR, or once for all commands with CLAIMGRAPH_AGENT=ACTOR (an actor of the store, such as id:claimgraph-editors; add yourself with `claimgraph actor add --class person --label 'Your Name'`)".into(),
        Error::UnknownEntity { closest: Some(closest), .. } => format!("did you mean {closest}?"),
        Error::UnknownEntity { kind, .. } if kind == "status" => format!(
            "the statuses are {}; a status of your own is written as an IRI (<…>)",
            claimgraph::vocab::STATUSES.join(", ")
        ),
        Error::UnknownEntity { kind, .. } => format!("add it first (`claimgraph {} add`), or check the name with `claimgraph query entity --param entity=…`", kind.split(' ').next().unwrap_or("actor")),
        Error::Exists { .. } => "give it an identifier of its own with --id".into(),
        Error::Raced { .. } => {
            "run the command again: it checks the store anew and takes the next free identifier"
                .into()
        }
        Error::Index { .. } => "run the command again: the next one rebuilds the index".into(),
        Error::Write { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => {
            "the disk is full: free some space and run the command again".into()
        }
        Error::StoreOpen { source, .. } if source.to_string().contains("No space left") => {
            "the disk is full: free some space and run the command again; nothing is lost".into()
        }
        Error::StoreOpen { path, .. } => format!(
            "{} must be the RocksDB database of a claimgraph (or oxigraph) store, readable and \
             writable by you; to start afresh, move {} aside",
            path.join("oxigraph").display(),
            path.display()
        ),
        Error::StoreDamaged { path, .. } => format!(
            "restore the store from a backup; or move {} aside and reload your files (its \
             manifest.json, where present, lists them); the shipped knowledge base reloads by itself",
            path.display()
        ),
        Error::Manifest { path, .. } => format!(
            "delete {} and reload your files; the shipped knowledge base reloads by itself",
            path.display()
        ),
        _ => return None,
    })
}

fn known_prefixes() -> String {
    format!(
        "known prefixes: {}; or write the full IRI in <angle brackets>",
        claimgraph::vocab::PREFIXES
            .iter()
            .map(|(p, _)| format!("{p}:"))
            .collect::<Vec<_>>()
            .join(" ")
    )
}
