//! The `claimgraph` binary: parses arguments, calls the library, prints, and maps the outcome
//! to an exit status (0 ok, 1 findings, 2 error). A closed pipe ends the program quietly.

mod cli;

use claimgraph::claims::{ClaimFilter, report};
use claimgraph::error::{Error, Result};
use claimgraph::export::{Scope, export};
use claimgraph::format::{rdf_format_by_name, rdf_format_of_path};
use claimgraph::generate::GenerateOptions;
use claimgraph::labels::Labels;
use claimgraph::load::{Input, LoadOptions, load, make_ready};
use claimgraph::output::{ClaimFormat, write_claims, write_query_results};
use claimgraph::query::{NAMED_QUERIES, execute, named_query, parse_param, prepare};
use claimgraph::store::{Access, ClaimStore, Location};
use claimgraph::validate::Shapes;
use claimgraph::vocab::{CG, ID};
use clap::{CommandFactory, Parser};
use cli::{ClaimFormatArg, Cli, Command, ReportFormat};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, NamedNode};
use oxigraph::sparql::CancellationToken;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// What a successful command found: findings make the exit status 1.
enum Outcome {
    Clean,
    Findings,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            print_error(&error);
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if let Some(io) = current.downcast_ref::<io::Error>() {
            if io.kind() == io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        source = current.source();
    }
    false
}

/// Prints `error: …`, one `caused by: …` per underlying error, then the hint.
fn print_error(error: &Error) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "error: {error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let _ = writeln!(stderr, "  caused by: {cause}");
        source = cause.source();
    }
    if let Some(hint) = error.hint() {
        let _ = writeln!(stderr, "  hint: {hint}");
    }
}

fn location(cli: &Cli) -> Location {
    match (&cli.store, cli.memory) {
        (_, true) => Location::Memory,
        (Some(dir), false) => Location::Disk(dir.clone()),
        (None, false) => Location::Disk(Location::default_dir()),
    }
}

fn open(cli: &Cli, access: Access) -> Result<ClaimStore> {
    let mut store = ClaimStore::open(&location(cli), access)?;
    for notice in store.take_notices() {
        eprintln!("note: {notice}");
    }
    Ok(store)
}

fn run(cli: Cli) -> Result<Outcome> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let outcome = match &cli.command {
        Command::Claims(args) => claims(&cli, args, &mut out)?,
        Command::Query(args) => query(&cli, args, &mut out)?,
        Command::Queries(args) => queries(args, &mut out)?,
        Command::Load(args) => load_files(&cli, args)?,
        Command::Export(args) => export_store(&cli, args, &mut out)?,
        Command::Validate(args) => validate(&cli, args, &mut out)?,
        Command::Stats(args) => stats(&cli, args, &mut out)?,
        Command::Generate(args) => generate(args, &mut out)?,
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "claimgraph", &mut out);
            Outcome::Clean
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            Outcome::Clean
        }
    };
    out.flush()?;
    Ok(outcome)
}

/// Reads an entity as users type it: `id:kidal`, `<IRI>`, a full IRI, or a bare `kidal`
/// (in the instance namespace).
fn entity(value: &str) -> Result<NamedNode> {
    if let Some(iri) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        return NamedNode::new(iri).map_err(|source| Error::BadIri {
            value: value.into(),
            source,
        });
    }
    if value.contains(':') {
        return claimgraph::query::expand_prefixed(value);
    }
    NamedNode::new(format!("{ID}{value}")).map_err(|source| Error::BadIri {
        value: value.into(),
        source,
    })
}

fn status(value: &str) -> Result<NamedNode> {
    if value.contains(':') || value.starts_with('<') {
        entity(value)
    } else {
        NamedNode::new(format!("{CG}{}", value.to_ascii_lowercase())).map_err(|source| {
            Error::BadIri {
                value: value.into(),
                source,
            }
        })
    }
}

fn claims(cli: &Cli, args: &cli::ClaimsArgs, out: &mut impl Write) -> Result<Outcome> {
    let mut store = open(cli, Access::Read)?;
    let filter = ClaimFilter {
        statuses: if args.status.is_empty() {
            None
        } else {
            Some(
                args.status
                    .iter()
                    .map(|s| status(s))
                    .collect::<Result<_>>()?,
            )
        },
        unconfirmed: args.unconfirmed,
        about: args.about.as_deref().map(entity).transpose()?,
        claimant: args.claimant.as_deref().map(entity).transpose()?,
        contested: args.contested,
        single_source: args.single_source,
        limit: args.limit,
    };
    let format = match args.format {
        ClaimFormatArg::Table => ClaimFormat::Table,
        ClaimFormatArg::Json => ClaimFormat::Json,
        ClaimFormatArg::Csv => ClaimFormat::Csv,
        ClaimFormatArg::Markdown => ClaimFormat::Markdown,
    };
    for entity in [&filter.about, &filter.claimant].into_iter().flatten() {
        if store
            .store()
            .quads_for_pattern(Some(entity.as_ref().into()), None, None, None)
            .next()
            .is_none()
        {
            eprintln!("note: {entity} is not described anywhere in the store");
        }
    }
    let count = write_claims(out, format, report(&mut store, &filter, &args.lang)?)?;
    Ok(if args.fail_if_any && count > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn query(cli: &Cli, args: &cli::QueryArgs, out: &mut impl Write) -> Result<Outcome> {
    let (text, origin, declared) = match (&args.expression, &args.query) {
        (Some(text), _) => (text.clone(), "-e".to_owned(), None),
        (None, Some(name)) if Path::new(name).is_file() => {
            let text = std::fs::read_to_string(name).map_err(|source| Error::Read {
                path: name.into(),
                source,
            })?;
            (text, name.clone(), None)
        }
        (None, Some(name)) => {
            let named = named_query(name)?;
            (
                named.text.to_owned(),
                format!("the named query {}", named.name),
                Some(named.header()),
            )
        }
        (None, None) => {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .map_err(|source| Error::Read {
                    path: "<stdin>".into(),
                    source,
                })?;
            (text, "<stdin>".to_owned(), None)
        }
    };
    let params = args
        .param
        .iter()
        .map(|spec| parse_param(spec))
        .collect::<Result<Vec<_>>>()?;
    for (variable, _) in &params {
        let known: Vec<String> = match &declared {
            Some(header) => header.params.iter().map(|p| p.name.clone()).collect(),
            None => continue,
        };
        if !known.iter().any(|k| k == variable.as_str()) {
            return Err(Error::UnknownParam {
                name: variable.as_str().into(),
                known,
            });
        }
    }
    let timeout = args.timeout.map(Duration::from_secs_f64);
    let store = open(cli, Access::Read)?;
    let prepared = prepare(&text, &origin, timeout.map(watchdog))?;
    if args.explain {
        let mut bound = prepared.on_store(store.store());
        for (variable, term) in &params {
            bound = bound.substitute_variable(variable.clone(), term.clone());
        }
        let (_, explanation) = bound.explain();
        explanation.write_in_json(&mut *out)?;
        writeln!(out)?;
        return Ok(Outcome::Clean);
    }
    let results = execute(&store, prepared, &params, timeout)?;
    let mut labels = Labels::new(store.store(), &args.lang);
    write_query_results(out, results, args.format.as_deref(), &mut labels, timeout)?;
    Ok(Outcome::Clean)
}

/// Cancels the query when `timeout` runs out. The evaluator checks its token between steps; a
/// step that runs on (one huge join, say) is cut short by ending the process a moment later,
/// so `--timeout` is a promise, not a request.
fn watchdog(timeout: Duration) -> CancellationToken {
    const GRACE: Duration = Duration::from_millis(500);
    let token = CancellationToken::new();
    let cancel = token.clone();
    std::thread::spawn(move || {
        std::thread::sleep(timeout);
        cancel.cancel();
        std::thread::sleep(GRACE);
        print_error(&Error::Timeout(timeout));
        std::process::exit(2);
    });
    token
}

fn queries(args: &cli::QueriesArgs, out: &mut impl Write) -> Result<Outcome> {
    if args.json {
        let list: Vec<serde_json::Value> = NAMED_QUERIES
            .iter()
            .map(|q| {
                let header = q.header();
                serde_json::json!({
                    "name": q.name,
                    "title": header.title,
                    "description": header.description,
                    "params": header.params,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(Outcome::Clean);
    }
    let rows: Vec<Vec<String>> = NAMED_QUERIES
        .iter()
        .map(|q| {
            let header = q.header();
            let params = header
                .params
                .iter()
                .map(|p| format!("{}=…", p.name))
                .collect::<Vec<_>>()
                .join(" ");
            vec![q.name.to_owned(), params, header.title]
        })
        .collect();
    claimgraph::table::write_table(
        out,
        &["name".into(), "params".into(), "title".into()],
        &rows,
    )?;
    Ok(Outcome::Clean)
}

fn load_files(cli: &Cli, args: &cli::LoadArgs) -> Result<Outcome> {
    let format = args.format.as_deref().map(rdf_format_by_name).transpose()?;
    let graph = args
        .graph
        .as_deref()
        .map(|g| {
            NamedNode::new(g.trim_matches(['<', '>'])).map_err(|source| Error::BadIri {
                value: g.into(),
                source,
            })
        })
        .transpose()?;
    let mut store = open(cli, Access::Write)?;
    let mut all_loaded = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let options = LoadOptions {
            format,
            graph: graph.clone(),
            replace: args.replace,
            progress: !args.quiet,
        };
        let loaded = load(&mut store, &Input::from_arg(file), &options)?;
        eprintln!(
            "loaded {} triples from {} into {}",
            loaded.triples, loaded.input, loaded.graph
        );
        if loaded.merged {
            eprintln!(
                "note: {} already held triples; they were kept. Use --replace to swap the graph's content",
                loaded.graph
            );
        }
        all_loaded.push(loaded);
    }
    // Index now, while the loaded facts are in memory, so that the next report starts at once;
    // compact once for all the files, not after each.
    let ready = make_ready(&mut store, &all_loaded, !args.quiet)?;
    eprintln!("indexed {} claims", ready.claims);
    if let Some(elapsed) = ready.compacted_in {
        eprintln!("compacted the store in {:.1} s", elapsed.as_secs_f64());
    }
    Ok(Outcome::Clean)
}

fn export_store(cli: &Cli, args: &cli::ExportArgs, out: &mut impl Write) -> Result<Outcome> {
    let format = match (&args.format, &args.output) {
        (Some(name), _) => rdf_format_by_name(name)?,
        (None, Some(path)) => rdf_format_of_path(path).ok_or_else(|| Error::UnknownRdfFormat {
            file: path.display().to_string(),
        })?,
        (None, None) => RdfFormat::Turtle,
    };
    let scope = match args.graph.as_deref() {
        None => Scope::Store,
        Some("DEFAULT") => Scope::Graph(GraphName::DefaultGraph),
        Some(iri) => Scope::Graph(
            NamedNode::new(iri.trim_matches(['<', '>']))
                .map_err(|source| Error::BadIri {
                    value: iri.into(),
                    source,
                })?
                .into(),
        ),
    };
    let store = open(cli, Access::Read)?;
    let written = match &args.output {
        Some(path) => {
            let write_error = |source| Error::Write {
                path: path.clone(),
                source,
            };
            let file = std::fs::File::create(path).map_err(write_error)?;
            let mut writer = BufWriter::new(file);
            let written = export(store.store(), &scope, format, &mut writer)?;
            writer.flush().map_err(write_error)?;
            written
        }
        None => export(store.store(), &scope, format, &mut *out)?,
    };
    if args.output.is_some() || !io::stdout().is_terminal() {
        eprintln!("exported {written} triples as {}", format.name());
    }
    Ok(Outcome::Clean)
}

fn validate(cli: &Cli, args: &cli::ValidateArgs, out: &mut impl Write) -> Result<Outcome> {
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
        shapes.validate(store.store())?
    } else {
        // The files are checked as part of the knowledge base they would join, so that a
        // claim may name actors and sources the store already has.
        let mut scratch = ClaimStore::open(&Location::Memory, Access::Write)?;
        for quad in store.store().iter() {
            scratch.store().insert(&quad?)?;
        }
        for file in &args.files {
            load(
                &mut scratch,
                &Input::from_arg(file),
                &LoadOptions::default(),
            )?;
        }
        shapes.validate(scratch.store())?
    };
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &violations).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ReportFormat::Text => {
            for v in &violations {
                writeln!(out, "{}: {}", v.severity, v.message)?;
                writeln!(out, "  focus: {}", v.focus)?;
                if let Some(path) = &v.path {
                    writeln!(out, "  path: {path}")?;
                }
                if let Some(value) = &v.value {
                    writeln!(out, "  value: {value}")?;
                }
                if v.shape.starts_with("_:") {
                    writeln!(out, "  constraint: {}", v.component)?;
                } else {
                    writeln!(out, "  constraint: {} in shape {}", v.component, v.shape)?;
                }
            }
            writeln!(
                out,
                "{} violation{}",
                violations.len(),
                if violations.len() == 1 { "" } else { "s" }
            )?;
        }
    }
    Ok(if violations.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

fn stats(cli: &Cli, args: &cli::StatsArgs, out: &mut impl Write) -> Result<Outcome> {
    let store = open(cli, Access::Read)?;
    let stats = claimgraph::stats::stats(&store)?;
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &stats).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        ReportFormat::Text => {
            writeln!(out, "triples: {}", stats.triples)?;
            for (title, counts) in [
                ("graphs", &stats.graphs),
                ("classes", &stats.classes),
                ("claims by status", &stats.statuses),
            ] {
                writeln!(out, "\n{title}:")?;
                for (name, count) in counts {
                    writeln!(out, "  {count:>8}  {name}")?;
                }
            }
        }
    }
    Ok(Outcome::Clean)
}

fn generate(args: &cli::GenerateArgs, out: &mut impl Write) -> Result<Outcome> {
    let options = GenerateOptions {
        claims: args.claims,
        seed: args.seed,
    };
    let summary = match &args.output {
        Some(path) => {
            let format = rdf_format_of_path(path)
                .filter(|f| matches!(f, RdfFormat::Turtle | RdfFormat::NTriples))
                .ok_or_else(|| Error::UnknownRdfFormat {
                    file: path.display().to_string(),
                })?;
            let write_error = |source| Error::Write {
                path: path.clone(),
                source,
            };
            let mut writer = BufWriter::new(std::fs::File::create(path).map_err(write_error)?);
            let summary = claimgraph::generate::generate(&options, format, &mut writer)?;
            writer.flush().map_err(write_error)?;
            summary
        }
        None => claimgraph::generate::generate(&options, RdfFormat::NTriples, &mut *out)?,
    };
    eprintln!(
        "generated {} claims in {} triples",
        summary.claims, summary.triples
    );
    Ok(Outcome::Clean)
}
