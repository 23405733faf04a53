//! `claimgraph claims`: the claim report, of the local store or of a remote one.

use super::{Outcome, open, remote, written};
use crate::cli::{ClaimsArgs, Cli};
use crate::diagnostics::print_notices;
use claimgraph::claims::{ClaimFilter, report};
use claimgraph::store::Access;
use claimgraph::{Result, render, terms};
use std::io::Write;

pub(crate) fn run(cli: &Cli, args: &ClaimsArgs, out: &mut impl Write) -> Result<Outcome> {
    let statuses = args
        .status
        .iter()
        .map(|s| terms::known_status(s))
        .collect::<Result<Vec<_>>>()?;
    let filter = ClaimFilter {
        statuses: (!statuses.is_empty()).then_some(statuses),
        unconfirmed: args.unconfirmed,
        about: args.about.as_deref().map(terms::entity).transpose()?,
        claimant: args.claimant.as_deref().map(terms::entity).transpose()?,
        contested: args.contested,
        single_source: args.single_source,
        single_origin: args.single_origin,
        as_of: args.as_of.as_deref().map(terms::date).transpose()?,
        changed_since: args.changed_since.as_deref().map(terms::date).transpose()?,
        search: args.search.clone(),
        limit: args.limit,
    };
    if let Some(remote) = remote::connect(&args.remote, None)? {
        let rows = claimgraph::remote::claims(&remote, &filter, &args.lang)?;
        let outcome = if args.fail_if_any && !rows.is_empty() {
            Outcome::Findings
        } else {
            Outcome::Clean
        };
        return written(
            outcome,
            render::write_claims(
                out,
                args.format,
                args.corroboration,
                rows.into_iter().map(Ok),
            ),
        );
    }
    let store = open(cli, Access::Read)?;
    for entity in [&filter.about, &filter.claimant].into_iter().flatten() {
        if !store.describes(entity.as_ref())? {
            eprintln!("note: {entity} is not described anywhere in the store");
        }
    }
    let mut rows = report(&store, &filter, &args.lang)?.peekable();
    print_notices(&store);
    // Known before writing, so that a reader that stops early (`| head`) does not hide them.
    let outcome = if args.fail_if_any && rows.peek().is_some() {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
    written(
        outcome,
        render::write_claims(out, args.format, args.corroboration, rows),
    )
}
