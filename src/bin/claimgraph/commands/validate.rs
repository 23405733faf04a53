//! `claimgraph validate`: the store, or files as they would join it, against SHACL shapes.

use super::{Outcome, input, open};
use crate::cli::{Cli, ValidateArgs};
use claimgraph::error::{Error, Result};
use claimgraph::render;
use claimgraph::store::Access;
use claimgraph::validate::Shapes;
use std::io::Write;

pub(crate) fn run(cli: &Cli, args: &ValidateArgs, out: &mut impl Write) -> Result<Outcome> {
    let shapes = match &args.shapes {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            Shapes::parse(&text, &path.display().to_string())?
        }
        None => Shapes::shipped()?,
    };
    let store = open(cli, Access::Read)?;
    let violations = if args.files.is_empty() {
        shapes.validate(&store)?
    } else {
        shapes.validate_with(&store, args.files.iter().map(|f| input(f)).collect())?
    };
    render::write_violations(out, &violations, args.format)?;
    Ok(if violations.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
