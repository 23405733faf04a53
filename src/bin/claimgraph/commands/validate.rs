//! `claimgraph validate`: the store, files as they would join it, or files on their own,
//! against SHACL shapes.

use super::{Outcome, input, open, written};
use crate::cli::{Cli, ValidateArgs};
use claimgraph::error::{Error, Result};
use claimgraph::render;
use claimgraph::store::Access;
use claimgraph::validate::Shapes;
use std::io::Write;

pub(crate) fn run(cli: &Cli, args: &ValidateArgs, out: &mut impl Write) -> Result<Outcome> {
    let shapes = match &args.shapes {
        Some(path) => Shapes::read(path)?,
        None => Shapes::shipped()?,
    };
    if let (true, Some(path)) = (shapes.is_empty(), &args.shapes) {
        return Err(Error::NoShapes {
            file: path.display().to_string(),
        });
    }
    if shapes.targets_nothing() {
        eprintln!("warning: the shapes define no shape with a target, so no data can break them");
    }
    let inputs = || args.files.iter().map(|f| input(f)).collect();
    let report = if args.standalone {
        shapes.validate_standalone(inputs())?
    } else {
        let store = open(cli, Access::Read)?;
        if args.files.is_empty() {
            shapes.validate(&store)?
        } else {
            shapes.validate_with(&store, inputs())?
        }
    };
    let outcome = if report.conforms() {
        Outcome::Clean
    } else {
        Outcome::Findings
    };
    written(outcome, render::write_validation(out, &report, args.format))
}
