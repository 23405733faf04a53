//! `claimgraph source add`, `actor add`, `claim add`, `claim status` and `claim history`:
//! what analysts record, one checked write each.

use super::{Outcome, open, remote};
use crate::cli::{
    ActorAddArgs, ActorCommand, ClaimAddArgs, ClaimCommand, ClaimHistoryArgs, ClaimStatusArgs, Cli,
    RemoteArgs, SourceAddArgs, SourceCommand,
};
use crate::diagnostics::print_notices;
use claimgraph::error::{Error, Result};
use claimgraph::formats::ReportFormat;
use claimgraph::record::{self, Ledger, NewActor, NewClaim, NewSource, NewStatus};
use claimgraph::remote::Remote;
use claimgraph::render::write_table;
use claimgraph::store::{Access, ClaimStore};
use claimgraph::terms;
use oxigraph::model::NamedNode;
use std::io::Write;

pub(crate) fn source(cli: &Cli, command: &SourceCommand, out: &mut impl Write) -> Result<Outcome> {
    let SourceCommand::Add(args) = command;
    add_source(cli, args, out)
}

pub(crate) fn actor(cli: &Cli, command: &ActorCommand, out: &mut impl Write) -> Result<Outcome> {
    let ActorCommand::Add(args) = command;
    add_actor(cli, args, out)
}

pub(crate) fn claim(cli: &Cli, command: &ClaimCommand, out: &mut impl Write) -> Result<Outcome> {
    match command {
        ClaimCommand::Add(args) => add_claim(cli, args, out),
        ClaimCommand::Status(args) => change_status(cli, args, out),
        ClaimCommand::History(args) => history(cli, args, out),
    }
}

fn add_source(cli: &Cli, args: &SourceAddArgs, out: &mut impl Write) -> Result<Outcome> {
    let source = NewSource {
        id: args.id.clone(),
        kind: args.kind.clone(),
        title: args.title.clone().map(|title| {
            let lang = args
                .title_lang
                .clone()
                .unwrap_or_else(|| args.language.clone());
            (title, lang)
        }),
        publisher: terms::entity(&args.publisher)?,
        published: terms::date(&args.date)?,
        language: args.language.clone(),
        url: args.url.as_deref().map(terms::entity).transpose()?,
        identifier: args.identifier.clone(),
        reliability: args.reliability,
    };
    let mut store = Destination::open(cli, &args.remote, Access::Write)?;
    let iri = record::add_source(store.ledger(), &source)?;
    store.print_notices();
    writeln!(out, "added source {}", short(&iri))?;
    Ok(Outcome::Clean)
}

fn add_actor(cli: &Cli, args: &ActorAddArgs, out: &mut impl Write) -> Result<Outcome> {
    let mut labels = vec![(args.label.clone(), "en".to_owned())];
    labels.extend(args.label_ar.clone().map(|l| (l, "ar".to_owned())));
    labels.extend(args.label_fr.clone().map(|l| (l, "fr".to_owned())));
    let actor = NewActor {
        id: args.id.clone(),
        class: args.class.clone(),
        labels,
    };
    let mut store = Destination::open(cli, &args.remote, Access::Write)?;
    let iri = record::add_actor(store.ledger(), &actor)?;
    store.print_notices();
    writeln!(out, "added actor {}", short(&iri))?;
    Ok(Outcome::Clean)
}

fn add_claim(cli: &Cli, args: &ClaimAddArgs, out: &mut impl Write) -> Result<Outcome> {
    let entities = |names: &[String]| {
        names
            .iter()
            .map(|n| terms::entity(n))
            .collect::<Result<Vec<_>>>()
    };
    let mut statements = vec![(args.statement.clone(), "en".to_owned())];
    statements.extend(args.statement_ar.clone().map(|s| (s, "ar".to_owned())));
    statements.extend(args.statement_fr.clone().map(|s| (s, "fr".to_owned())));
    let sources = entities(&args.source)?;
    let agent = agent(args.by.as_deref())?;
    let mut store = Destination::open(cli, &args.remote, Access::Write)?;
    let quote_lang = match &args.quote_lang {
        Some(lang) => lang.clone(),
        None => record::source_language(&store.ledger(), &sources[0])?.ok_or_else(|| {
            Error::BadValue {
                value: args.quote.clone(),
                expected: "a quote with its language (--quote-lang): the source names none".into(),
            }
        })?,
    };
    let claim = NewClaim {
        id: args.id.clone(),
        statements,
        status: terms::status(&args.status)?,
        stance: args.stance.as_deref().map(terms::status).transpose()?,
        claimants: entities(&args.claimant)?,
        sources,
        about: entities(&args.about)?,
        quote: Some((args.quote.clone(), quote_lang)),
        first_reported: terms::date(&args.first_reported)?,
        credibility: args.credibility,
        contradicts: entities(&args.contradicts)?,
        agent,
    };
    let iri = record::add_claim(store.ledger(), &claim)?;
    store.print_notices();
    writeln!(
        out,
        "added claim {} ({})",
        short(&iri),
        args.status.to_lowercase()
    )?;
    Ok(Outcome::Clean)
}

fn change_status(cli: &Cli, args: &ClaimStatusArgs, out: &mut impl Write) -> Result<Outcome> {
    let change = NewStatus {
        claim: terms::entity(&args.claim)?,
        status: terms::status(&args.status)?,
        source: terms::entity(&args.source)?,
        date: terms::date(&args.date)?,
        agent: agent(args.by.as_deref())?,
        note: args.note.clone().map(|n| (n, "en".to_owned())),
    };
    let mut store = Destination::open(cli, &args.remote, Access::Write)?;
    let changed = record::change_status(store.ledger(), &change)?;
    store.print_notices();
    let status = |iri: &NamedNode| claimgraph::vocab::local_name(iri.as_str()).to_owned();
    writeln!(
        out,
        "recorded {}: {} is {} from {}",
        short(&changed.change),
        short(&change.claim),
        status(&change.status),
        change.date
    )?;
    if let Some((date, current)) = &changed.superseded_by {
        eprintln!(
            "note: this change is dated before the claim's newest change ({date}, {}); it is kept in the history, and the current status stays {}",
            status(current),
            status(current)
        );
    }
    Ok(Outcome::Clean)
}

fn history(cli: &Cli, args: &ClaimHistoryArgs, out: &mut impl Write) -> Result<Outcome> {
    let claim = terms::entity(&args.claim)?;
    let mut store = Destination::open(cli, &args.remote, Access::Read)?;
    let entries = record::history(&store.ledger(), &claim)?;
    if args.format == ReportFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &entries).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(Outcome::Clean);
    }
    let headers = [
        "date", "status", "source", "by", "recorded", "note", "change",
    ];
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let status = e.status.clone().unwrap_or_default();
            vec![
                e.date.clone().unwrap_or_default(),
                if e.current {
                    format!("{status} (current)")
                } else {
                    status
                },
                e.source.clone().unwrap_or_default(),
                e.agent.clone().unwrap_or_default(),
                e.recorded.clone().unwrap_or_default(),
                e.note.clone().unwrap_or_default(),
                e.change.clone(),
            ]
        })
        .collect();
    write_table(out, &headers.map(String::from), &rows)?;
    Ok(Outcome::Clean)
}

/// Where a recording goes: the store `--endpoint` names, else the local store.
pub(crate) enum Destination {
    Local(ClaimStore),
    Remote(Remote),
}

impl Destination {
    pub(crate) fn open(cli: &Cli, remote: &RemoteArgs, access: Access) -> Result<Self> {
        Ok(match remote::connect(remote, None)? {
            Some(remote) => Self::Remote(remote),
            None => Self::Local(open(cli, access)?),
        })
    }

    pub(crate) fn ledger(&mut self) -> Ledger<'_> {
        match self {
            Self::Local(store) => store.into(),
            Self::Remote(remote) => (&*remote).into(),
        }
    }

    /// What the local store has to say after a write (a remote store says nothing).
    pub(crate) fn print_notices(&self) {
        if let Self::Local(store) = self {
            print_notices(store);
        }
    }
}

/// Who records a change: `--by`, else `CLAIMGRAPH_AGENT`.
pub(crate) fn agent(by: Option<&str>) -> Result<NamedNode> {
    terms::entity(by.ok_or(Error::MissingAgent)?)
}

fn short(iri: &NamedNode) -> String {
    claimgraph::vocab::compact(iri.as_str()).unwrap_or_else(|| iri.to_string())
}
