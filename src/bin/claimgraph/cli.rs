//! The command line, as clap types only. Their doc comments are the `--help` text.
//!
//! Format names come from the library's tables ([`claimgraph::formats`]), so `--help`, the
//! parser and the library cannot disagree about them.

use claimgraph::formats::{ClaimFormat, Named, QueryOutput, Rdf, ReportFormat, ValidationFormat};
use claimgraph::remote::Sending;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

/// Keep and question a knowledge graph of sourced, graded claims.
///
/// claimgraph stores claims about a conflict (what is asserted, who asserts it, where and when
/// it was published, the evidence quote and how certain it is) and answers the questions
/// analysts ask of them: which are unconfirmed, which contradict each other, which rest on a
/// single source. It ships with a knowledge base of claims about Mali (April 2026), loaded into
/// the store on first use.
///
/// Examples:
///   claimgraph claims --unconfirmed
///   claimgraph claims --contested --format json
///   claimgraph query unconfirmed-claims --format csv
///   claimgraph query entity --param entity=id:kidal
///   claimgraph query -e 'SELECT ?c WHERE { ?c cg:status cg:reported }'
///   claimgraph load my-claims.ttl && claimgraph validate
// Verbatim, so that the examples keep one command a line.
#[derive(Debug, Parser)]
#[command(
    name = "claimgraph",
    version,
    max_term_width = 100,
    verbatim_doc_comment
)]
pub struct Cli {
    /// The store directory.
    ///
    /// Defaults to $XDG_DATA_HOME/claimgraph/store (~/.local/share/claimgraph/store). It holds
    /// the RocksDB database in oxigraph/ (the oxigraph CLI can open it too) and manifest.json,
    /// which records where each graph came from.
    #[arg(long, global = true, env = "CLAIMGRAPH_STORE", value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Work on a fresh in-memory store holding only the shipped knowledge base.
    #[arg(long, global = true, conflicts_with = "store")]
    pub memory: bool,

    /// When another claimgraph process holds the store, wait up to this many seconds for it
    /// instead of failing at once.
    ///
    /// Any number of commands may read a store together; a command that writes (load) needs
    /// it alone, so it waits for readers to finish, and readers wait for it.
    #[arg(long, global = true, value_name = "SECONDS", default_value = "0", value_parser = seconds)]
    pub wait: Duration,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report claims: unconfirmed, by status, about an entity, by claimant, contested.
    ///
    /// Rows are ordered by first-reported date, oldest first. Filters combine: every row
    /// passes all of them.
    ///
    /// Examples:
    ///   claimgraph claims --unconfirmed
    ///   claimgraph claims --about id:kidal --lang fr
    ///   claimgraph claims --claimant id:jnim --format json
    ///   claimgraph claims --unconfirmed --single-source --fail-if-any
    #[command(verbatim_doc_comment)]
    Claims(ClaimsArgs),
    /// Run a SPARQL query: a named one, a .rq file, -e TEXT, or standard input.
    ///
    /// Queries see the union of all graphs, and may use the default prefixes (cg, id, prov,
    /// rdf, rdfs, owl, xsd, skos, schema, dcterms, oa, geo, sh) without declaring them.
    ///
    /// Examples:
    ///   claimgraph query unconfirmed-claims
    ///   claimgraph query entity --param entity=id:sadio-camara
    ///   claimgraph query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?c a cg:Claim }'
    ///   claimgraph query my-question.rq --format json
    ///   echo 'ASK { id:kidal a cg:City }' | claimgraph query
    #[command(verbatim_doc_comment)]
    Query(QueryArgs),
    /// List the named queries with their titles and parameters.
    Queries(QueriesArgs),
    /// Load RDF files into the store, each into a named graph of its own.
    ///
    /// The format comes from the extension (.ttl .trig .nt .nq .rdf .xml .owl .jsonld) or
    /// --format. All or nothing: given several files, every one is read through before any is
    /// written, and a file that fails to parse loads nothing; the error names its line and
    /// column. A TriG or N-Quads file may fill graphs of its own besides its target, never one
    /// that the shipped knowledge base, the edits or another file owns; --replace replaces
    /// them all. Files of 1 MiB or more use the bulk loader, with a progress bar on a terminal.
    /// After a million triples or more, the store is compacted so that queries and exports
    /// read it fast: give several large files to one command to compact once.
    ///
    /// Examples:
    ///   claimgraph load claims-2026-05.ttl
    ///   claimgraph load archive-2025.nt archive-2026.nt
    ///   claimgraph load --replace claims-2026-05.ttl
    ///   curl -s https://example.org/kb.nt | claimgraph load --format nt --graph urn:kb -
    #[command(verbatim_doc_comment)]
    Load(LoadArgs),
    /// Write the store, or one graph, as Turtle, TriG, N-Triples, N-Quads, RDF/XML or JSON-LD.
    ///
    /// The order depends only on the data (graphs by name, subjects in index order, triples
    /// sorted, canonical blank-node labels), so two exports of the same data are identical and
    /// diff well.
    ///
    /// Examples:
    ///   claimgraph export -o kb.ttl
    ///   claimgraph export --format nq > kb.nq
    ///   claimgraph export --graph https://w3id.org/claimgraph/graph/data/actors.ttl
    #[command(verbatim_doc_comment)]
    Export(ExportArgs),
    /// Check the store, or files as they would join it, against SHACL shapes
    ///
    /// The shapes are ontology/shapes.ttl, shipped in the binary, unless --shapes says otherwise.
    /// With --standalone the files are checked on their own, without the store: any data
    /// against any SHACL Core shapes, with the answer any SHACL processor gives.
    /// `--format turtle` writes the standard sh:ValidationReport that pySHACL and TopBraid
    /// users read. See docs/shacl-conformance.md for the W3C test suite results.
    ///
    /// Exit status: 0 valid, 1 results found (of any severity), 2 error.
    ///
    /// Examples:
    ///   claimgraph validate
    ///   claimgraph validate my-claims.ttl --format json
    ///   claimgraph validate --standalone --shapes shapes.ttl data.ttl --format turtle
    #[command(verbatim_doc_comment)]
    Validate(ValidateArgs),
    /// Count triples per graph, instances per class and claims per status.
    Stats(StatsArgs),
    /// Write a synthetic knowledge base of N claims, for benchmarks and scale tests.
    ///
    /// The data follows the ontology and passes `claimgraph validate`: actors, places with
    /// coordinates, events over several years, graded sources, and claims with a realistic
    /// spread of statuses, contradictions and status histories, in English and Arabic. The
    /// same --seed and --claims give the same file.
    ///
    /// Examples:
    ///   claimgraph generate --claims 100000 -o kb-100k.nt
    ///   claimgraph generate --claims 1000 --seed 7 -o small.ttl && claimgraph validate small.ttl
    #[command(verbatim_doc_comment)]
    Generate(GenerateArgs),
    /// Record a source: an article, post, communiqué, report or reference.
    #[command(subcommand)]
    Source(SourceCommand),
    /// Record an actor: a person, armed group, government, outlet ...
    #[command(subcommand)]
    Actor(ActorCommand),
    /// Record a claim, change its status, or show its history.
    #[command(subcommand)]
    Claim(ClaimCommand),
    /// Import claims, and the sources and actors they name, from a CSV spreadsheet.
    ///
    /// All rows or none: every bad row is reported as FILE:LINE:COLUMN (COLUMN counts
    /// fields, as a spreadsheet does) and nothing is written. Rows may name sources and actors
    /// defined in earlier rows or already in the store. `--template` prints the header and an
    /// example row of each kind; the README documents the columns.
    ///
    /// Examples:
    ///   claimgraph import --template > claims.csv
    ///   claimgraph import --by id:claimgraph-editors claims.csv
    #[command(verbatim_doc_comment)]
    Import(ImportArgs),
    /// Serve the store over HTTP: a SPARQL endpoint, JSON and a web page.
    ///
    /// The page (/) lists claims with the filters of `claims`, shows each claim with its
    /// quote and history, events on a timeline and places on a map, and runs the named
    /// queries; it works with no network. For tools: the SPARQL 1.1 Protocol at /sparql
    /// (alias /query), the Graph Store Protocol's reading half at /store?graph=IRI, the claim
    /// report at /api/claims (the JSON rows of `claims --format json`, paged) and the named
    /// queries at /api/queries/NAME?param=value.
    ///
    /// By default the server only reads: other claimgraph commands can read the store
    /// meanwhile, and writing commands say the server holds it. With --writable it also takes
    /// SPARQL Update and Graph Store writes from clients that bear its token, and holds the
    /// store alone. Stop it with Ctrl-C.
    ///
    /// Examples:
    ///   claimgraph serve
    ///   claimgraph serve --bind 0.0.0.0:7878 --cors
    ///   claimgraph serve --writable --token-file ~/.config/claimgraph/token
    ///   curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=ASK%7B%7D'
    ///   curl 'http://127.0.0.1:7878/api/claims?unconfirmed&limit=10'
    #[command(verbatim_doc_comment)]
    Serve(ServeArgs),
    /// Send the store's graphs, or files, to a SPARQL store on a server, with the Graph Store
    /// Protocol.
    ///
    /// Each graph is sent with PUT, which replaces it remotely: a second push updates rather
    /// than doubles, and a push that was cut off is finished by running it again. Large
    /// graphs go in chunks (the first replaces, the rest add), and every graph is counted on
    /// the server afterwards: one that landed short is an error. A file with an error changes
    /// nothing: files are read whole before anything is sent, or, when every graph the push
    /// writes is empty on the server, read as they are sent and those graphs emptied again at
    /// an error. Each file becomes the graph that `load` would give it (its file:// IRI), or
    /// the one --graph names.
    ///
    /// Examples:
    ///   claimgraph push --endpoint http://127.0.0.1:8890/sparql --user dba
    ///   claimgraph push --endpoint http://kb.example.org:7878/query
    ///   claimgraph push --endpoint URL --graph https://w3id.org/claimgraph/graph/edits
    ///   claimgraph push --endpoint URL regional-2026.nt --graph urn:kb:regional-2026
    #[command(verbatim_doc_comment)]
    Push(PushArgs),
    /// Bring graphs from a SPARQL store on a server into the local store.
    ///
    /// Each graph replaces the local graph of the same name, as `load --replace` would;
    /// without --graph, every graph that holds data, but the engine's own system graphs and
    /// the shipped knowledge base (which the local store has from the binary).
    ///
    /// Examples:
    ///   claimgraph pull --endpoint http://127.0.0.1:8890/sparql
    ///   claimgraph --store team-copy pull --endpoint URL --graph urn:kb:2026
    #[command(verbatim_doc_comment)]
    Pull(PullArgs),
    /// Print a shell completion script.
    ///
    /// Example: claimgraph completions bash > /etc/bash_completion.d/claimgraph
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output.
    ///
    /// Example: claimgraph man > claimgraph.1 && man ./claimgraph.1
    Man,
}

#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// Only claims whose status is unconfirmed (every status the ontology lists in
    /// cg:Unconfirmed: reported, claimed, alleged, disputed, speculative).
    #[arg(long, short = 'u')]
    pub unconfirmed: bool,
    /// Only claims with this status: confirmed, reported, claimed, alleged, disputed,
    /// speculative, refuted, retracted (or a status IRI). Repeat for several.
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,
    /// Only claims about this entity: id:kidal, kidal, or <IRI>.
    #[arg(long, value_name = "ENTITY")]
    pub about: Option<String>,
    /// Only claims attributed to this actor: id:jnim, jnim, or <IRI>.
    #[arg(long, value_name = "ACTOR")]
    pub claimant: Option<String>,
    /// Only claims that contradict another claim.
    #[arg(long)]
    pub contested: bool,
    /// Only claims that rest on a single source.
    #[arg(long)]
    pub single_source: bool,
    /// Only claims whose every source goes back to one origin: two outlets repeating the
    /// FLA's own announcement are one origin, not two confirmations. The stronger form of
    /// --single-source.
    #[arg(long)]
    pub single_origin: bool,
    /// Show how many independent origins each claim rests on (an `origins` column; JSON rows
    /// always carry `independent_origins`).
    #[arg(long)]
    pub corroboration: bool,
    /// The report as it stood at the end of that day: only claims first reported by then,
    /// each with the status it had then (from its history). Combines with every filter.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Only claims whose status changed after that day (the change that gave a claim its
    /// first status does not count).
    #[arg(long, value_name = "DATE")]
    pub changed_since: Option<String>,
    /// Only claims whose statement (in any language) or evidence quote contains TEXT,
    /// ignoring case: --search airport, --search مطار.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// At most N rows: the N oldest.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Language of statements and labels (en, ar, fr); falls back to English.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Output format.
    #[arg(long, short = 'f', default_value = "table", value_parser = choice::<ClaimFormat>())]
    pub format: ClaimFormat,
    /// Exit with status 1 when the report is not empty, for CI pipelines.
    #[arg(long)]
    pub fail_if_any: bool,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

/// Where a remote SPARQL store is and how to log in to it. Given --endpoint, a command works
/// on that store instead of the local one.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Remote store")]
pub struct RemoteArgs {
    /// Work on the SPARQL store at this query endpoint instead of the local store: Virtuoso
    /// http://HOST:8890/sparql, Oxigraph server http://HOST:7878/query, Fuseki
    /// http://HOST:3030/DATASET/sparql, or any SPARQL 1.1 service. Queries see the union of
    /// all its graphs, as they do locally.
    #[arg(long, env = "CLAIMGRAPH_ENDPOINT", value_name = "URL")]
    pub endpoint: Option<String>,
    /// The SPARQL Update endpoint, where the engine does not keep it at its usual place.
    #[arg(long, value_name = "URL", requires = "endpoint")]
    pub update_endpoint: Option<String>,
    /// The Graph Store Protocol endpoint, where the engine does not keep it at its usual place
    /// (Virtuoso: /sparql-graph-crud, or /sparql-graph-crud-auth with credentials; Oxigraph:
    /// /store; Fuseki: /DATASET/data).
    #[arg(long, value_name = "URL", requires = "endpoint")]
    pub store_endpoint: Option<String>,
    /// The engine, where it differs from the others: virtuoso, oxigraph, fuseki or generic
    /// (the standard protocols only). By default told from the server's own name for itself,
    /// else generic.
    #[arg(long, value_name = "ENGINE", value_parser = engine, requires = "endpoint")]
    pub engine: Option<claimgraph::remote::Engine>,
    /// Log in as USER, with the password of CLAIMGRAPH_PASSWORD (or --password). Sent as
    /// Basic, or as Digest when the server asks for it (Virtuoso does).
    // No `requires = "endpoint"` on the three taken from the environment: a shell that
    // exports them for the team's store must still run commands on the local one.
    #[arg(long, env = "CLAIMGRAPH_USER", value_name = "USER")]
    pub user: Option<String>,
    /// The password for --user. Prefer CLAIMGRAPH_PASSWORD or a netrc file: other users of
    /// the machine can see a command line.
    #[arg(
        long,
        env = "CLAIMGRAPH_PASSWORD",
        hide_env_values = true,
        value_name = "PASSWORD"
    )]
    pub password: Option<String>,
    /// Send this bearer token (`Authorization: Bearer`), as from CLAIMGRAPH_TOKEN; it is
    /// used instead of --user when both are given.
    #[arg(
        long,
        env = "CLAIMGRAPH_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,
    /// Take the user and password for the endpoint's host from this netrc file, as curl
    /// does. Without --user or --token, $NETRC or ~/.netrc is read when it exists.
    #[arg(long, value_name = "FILE", requires = "endpoint")]
    pub netrc: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on. The default answers this machine only; give
    /// 0.0.0.0:PORT to serve the network (reading needs no login: mind who can reach it).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT")]
    pub bind: String,
    /// Cancel a query after this many seconds and answer 503.
    #[arg(long, default_value = "30", value_name = "SECONDS", value_parser = seconds)]
    pub query_timeout: Duration,
    /// The most rows (or triples) one answer holds; a larger answer is refused with 400,
    /// never cut short.
    #[arg(long, default_value_t = 1_000_000, value_name = "N")]
    pub max_rows: usize,
    /// The largest request body accepted, in bytes (413 beyond).
    #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
    pub max_body: usize,
    /// The most queries evaluated at once; beyond, 503 with Retry-After.
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub max_concurrent: usize,
    /// Answer cross-origin requests from any web origin (CORS). Off by default, so that
    /// pages of other sites cannot read the store through a browser.
    #[arg(long)]
    pub cors: bool,
    /// Take writes: SPARQL Update at /update (and /sparql) and the Graph Store Protocol's PUT,
    /// POST and DELETE at /store?graph=IRI, from clients that send `Authorization: Bearer`
    /// with the token of --token-file. Updates write the edits graph; PUT and POST write a
    /// graph of their own, as `claimgraph load` would. The server then holds the store alone:
    /// other claimgraph commands on it wait or are refused, and are run through the server.
    #[arg(long, requires = "token_file")]
    pub writable: bool,
    /// The file holding the bearer token writes need (at least 16 characters; white space
    /// around it is ignored). Keep it readable by its owner only.
    #[arg(long, value_name = "FILE", requires = "writable")]
    pub token_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// A named query (see `claimgraph queries`) or a .rq file. Omit to read standard input.
    #[arg(value_name = "NAME|FILE", conflicts_with = "expression")]
    pub query: Option<String>,
    /// The query text itself.
    #[arg(long, short = 'e', value_name = "SPARQL")]
    pub expression: Option<String>,
    /// Bind a variable: name=value, where value is <IRI>, prefix:name, "text"@lang,
    /// "value"^^xsd:type, or plain text (a string). Repeat for several.
    #[arg(long, short = 'p', value_name = "NAME=VALUE")]
    pub param: Vec<String>,
    /// Output format: table, csv, tsv, json, xml for SELECT and ASK; turtle, trig, ntriples,
    /// nquads, rdfxml, jsonld for CONSTRUCT and DESCRIBE. [default: table, or turtle]
    #[arg(long, short = 'f', default_value = "table", hide_default_value = true, value_parser = query_output)]
    pub format: QueryOutput,
    /// Language of labels in tables; falls back to English.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Cancel the query after this many seconds.
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub timeout: Option<Duration>,
    /// Print the query plan (JSON) instead of the results.
    #[arg(long, conflicts_with = "endpoint")]
    pub explain: bool,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("remote-store").required(true).args(["endpoint"])))]
pub struct PushArgs {
    /// Files to send instead of the store's graphs (triples: Turtle, N-Triples, RDF/XML,
    /// JSON-LD), each as a graph of its own.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The format of the files, instead of the one their extensions say.
    #[arg(long, short = 'f', value_parser = choice::<Rdf>(), requires = "files")]
    pub format: Option<Rdf>,
    /// Only these graphs (IRI, <IRI> or prefix:name); repeat for several [default: every
    /// named graph of the store]. With one FILE: the graph it goes into.
    #[arg(long, short = 'g', value_name = "IRI")]
    pub graph: Vec<String>,
    // The help text is written from the library's defaults, engine by engine.
    #[arg(long, value_name = "TRIPLES", help = chunk_help())]
    pub chunk: Option<usize>,
    /// How many requests are on their way at once (after the first, which replaces the
    /// graph): a server loads two side by side faster than one after the other.
    #[arg(long, short = 'j', default_value_t = Sending::DEFAULT_JOBS, value_name = "N")]
    pub jobs: usize,
    /// Virtuoso only: have the server fetch each request from this machine (SPARQL LOAD)
    /// rather than receive it, at the address given (IP:PORT; port 0 for any free one), which
    /// the server must be able to reach. Virtuoso then loads without its transaction log, as
    /// its bulk loader does, about 1.6 times as fast as through its Graph Store endpoint; the
    /// triples are durable from its next checkpoint, as the loader's are. The login needs
    /// SPARQL_UPDATE, as any push does.
    #[arg(long, value_name = "IP:PORT")]
    pub fetch_from: Option<std::net::SocketAddr>,
    /// Do not show progress bars.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("remote-store").required(true).args(["endpoint"])))]
pub struct PullArgs {
    /// Only these graphs (IRI, <IRI> or prefix:name); repeat for several [default: every
    /// graph of the remote store that holds data].
    #[arg(long, short = 'g', value_name = "IRI")]
    pub graph: Vec<String>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Args)]
pub struct QueriesArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Files to load; - for standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The format, instead of the one the extension says. Standard input is Turtle unless
    /// this says otherwise.
    #[arg(long, short = 'f', value_parser = choice::<Rdf>())]
    pub format: Option<Rdf>,
    /// The graph to load into: an IRI, <IRI> or prefix:name [default: the file's file://
    /// IRI; urn:claimgraph:stdin for -].
    #[arg(long, short = 'g', value_name = "IRI")]
    pub graph: Option<String>,
    /// Replace the graph's content instead of adding to it.
    #[arg(long)]
    pub replace: bool,
    /// Compact the store after loading, whatever the size (it is compacted by itself after
    /// loads of a million triples or more).
    #[arg(long)]
    pub compact: bool,
    /// Do not show progress bars.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Format [default: from the -o extension, else turtle].
    #[arg(long, short = 'f', value_parser = choice::<Rdf>())]
    pub format: Option<Rdf>,
    /// Only this graph: an IRI, <IRI> or prefix:name, or DEFAULT for the default graph.
    #[arg(long, short = 'g', value_name = "IRI")]
    pub graph: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Validate the store with these files added (the store is not changed); with
    /// --standalone, these files alone.
    #[arg(value_name = "FILE", required_if_eq("standalone", "true"))]
    pub files: Vec<PathBuf>,
    /// Use these SHACL shapes (any RDF format) instead of the shipped ontology/shapes.ttl.
    #[arg(long, value_name = "FILE")]
    pub shapes: Option<PathBuf>,
    /// Check the files on their own: the data graph is their union, without the store.
    #[arg(long)]
    pub standalone: bool,
    /// Output format.
    #[arg(long, short = 'f', default_value = "text", value_parser = choice::<ValidationFormat>())]
    pub format: ValidationFormat,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format.
    #[arg(long, short = 'f', default_value = "text", value_parser = choice::<ReportFormat>())]
    pub format: ReportFormat,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a source.
    ///
    /// Example:
    ///   claimgraph source add --kind article --publisher id:noon-post --date 2026-04-28 \
    ///     --language ar --title 'الجيش المالي يؤكد مقتل وزير الدفاع' --reliability C
    #[command(verbatim_doc_comment)]
    Add(SourceAddArgs),
}

#[derive(Debug, Args)]
pub struct SourceAddArgs {
    /// What it is: article, post, communique, report or reference.
    #[arg(long)]
    pub kind: String,
    /// Who published it (an actor: id:noon-post).
    #[arg(long, value_name = "ACTOR")]
    pub publisher: String,
    /// When it was published.
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// Its language (ar, fr, en ...).
    #[arg(long, value_name = "LANG")]
    pub language: String,
    /// Its headline or title, in --title-lang.
    #[arg(long)]
    pub title: Option<String>,
    /// The language of the title [default: --language].
    #[arg(long, value_name = "LANG")]
    pub title_lang: Option<String>,
    /// Its address.
    #[arg(long)]
    pub url: Option<String>,
    /// Another identifier, where it has no address.
    #[arg(long)]
    pub identifier: Option<String>,
    /// How reliable the source is, on the Admiralty scale A (reliable) to F (cannot be judged).
    #[arg(long, value_name = "A-F")]
    pub reliability: Option<char>,
    /// Its identifier in id: [default: source-<publisher>-<date>].
    #[arg(long)]
    pub id: Option<String>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Subcommand)]
pub enum ActorCommand {
    /// Add an actor.
    ///
    /// Example:
    ///   claimgraph actor add --class armed-group --label 'Katiba Macina' --label-ar 'كتيبة ماسينا'
    #[command(verbatim_doc_comment)]
    Add(ActorAddArgs),
}

#[derive(Debug, Args)]
pub struct ActorAddArgs {
    /// Its class: person, armed-group, paramilitary-force, state-armed-force, government,
    /// international-organisation, alliance, media-outlet, analyst-community,
    /// ethnic-community, curator.
    #[arg(long)]
    pub class: String,
    /// Its name in English.
    #[arg(long)]
    pub label: String,
    /// Its name in Arabic.
    #[arg(long)]
    pub label_ar: Option<String>,
    /// Its name in French.
    #[arg(long)]
    pub label_fr: Option<String>,
    /// Its identifier in id: [default: from the English name].
    #[arg(long)]
    pub id: Option<String>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Subcommand)]
pub enum ClaimCommand {
    /// Add a claim, with its evidence quote and its first status.
    ///
    /// The claim is checked against the SHACL shapes together with the store before it is
    /// written: a claim has statements in English and Arabic, a quote, at least one claimant,
    /// source and subject. Its identifier comes from the English statement unless --id says.
    ///
    /// Example:
    ///   claimgraph claim add --statement 'The army confirmed the death of Sadio Camara.' \
    ///     --statement-ar 'أكد الجيش مقتل ساديو كامارا.' --status reported --stance affirms \
    ///     --claimant id:malian-armed-forces --source id:source-noon-post-2026-04-28 \
    ///     --about id:sadio-camara --quote 'أكد الجيش مقتل وزير الدفاع' --first-reported 2026-04-28
    #[command(verbatim_doc_comment)]
    Add(Box<ClaimAddArgs>),
    /// Change a claim's status: a dated change, on a source, by an agent, with a note.
    ///
    /// The change is added to the claim's history, which is never rewritten. The claim's
    /// current status becomes the new one, unless the change is dated before its newest
    /// change: then it is history only, and the output says so.
    ///
    /// Example:
    ///   claimgraph claim status claim-camara-killed confirmed --source id:source-noon-post-2026-04-28 \
    ///     --date 2026-04-28 --note 'The army confirmed it.'
    #[command(verbatim_doc_comment)]
    Status(ClaimStatusArgs),
    /// Show a claim's status changes, oldest first.
    History(ClaimHistoryArgs),
}

#[derive(Debug, Args)]
pub struct ClaimAddArgs {
    /// What the claim asserts, in English.
    #[arg(long)]
    pub statement: String,
    /// What it asserts, in Arabic.
    #[arg(long)]
    pub statement_ar: Option<String>,
    /// What it asserts, in French.
    #[arg(long)]
    pub statement_fr: Option<String>,
    /// Its status: reported, claimed, alleged, disputed, speculative, confirmed, refuted,
    /// retracted.
    #[arg(long)]
    pub status: String,
    /// affirms or denies.
    #[arg(long)]
    pub stance: Option<String>,
    /// Who asserts it (an actor). Repeat for several.
    #[arg(long, required = true, value_name = "ACTOR")]
    pub claimant: Vec<String>,
    /// Where it was published (a source). Repeat for several; the first is the one its quote
    /// and its first status rest on.
    #[arg(long, required = true, value_name = "SOURCE")]
    pub source: Vec<String>,
    /// What it is about (an event, actor or place). Repeat for several.
    #[arg(long, required = true, value_name = "ENTITY")]
    pub about: Vec<String>,
    /// The evidence: the source's own words.
    #[arg(long)]
    pub quote: String,
    /// The quote's language [default: the first source's language].
    #[arg(long, value_name = "LANG")]
    pub quote_lang: Option<String>,
    /// When it was first reported.
    #[arg(long, value_name = "DATE")]
    pub first_reported: String,
    /// How credible, on the Admiralty scale 1 (confirmed) to 6 (cannot be judged).
    #[arg(long, value_name = "1-6")]
    pub credibility: Option<u8>,
    /// A claim this one contradicts. Repeat for several.
    #[arg(long, value_name = "CLAIM")]
    pub contradicts: Vec<String>,
    /// Who records it (an actor) [env: CLAIMGRAPH_AGENT].
    #[arg(long, value_name = "AGENT", env = "CLAIMGRAPH_AGENT", hide_env = true)]
    pub by: Option<String>,
    /// Its identifier in id: [default: claim- and the first words of the statement].
    #[arg(long)]
    pub id: Option<String>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Args)]
pub struct ClaimStatusArgs {
    /// The claim (claim-camara-killed, id:claim-camara-killed or <IRI>).
    pub claim: String,
    /// Its new status.
    pub status: String,
    /// The source the change rests on.
    #[arg(long, value_name = "SOURCE")]
    pub source: String,
    /// The day the status holds from.
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// Who decides it (an actor) [env: CLAIMGRAPH_AGENT].
    #[arg(long, value_name = "AGENT", env = "CLAIMGRAPH_AGENT", hide_env = true)]
    pub by: Option<String>,
    /// Why, in English.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Args)]
pub struct ClaimHistoryArgs {
    /// The claim.
    pub claim: String,
    /// Output format.
    #[arg(long, short = 'f', default_value = "text", value_parser = choice::<ReportFormat>())]
    pub format: ReportFormat,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file (UTF-8; a byte-order mark and Windows line ends are fine).
    #[arg(required_unless_present = "template", value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Print the header and an example row of each kind, and import nothing.
    #[arg(long, conflicts_with = "file")]
    pub template: bool,
    /// Who records the claims (an actor) [env: CLAIMGRAPH_AGENT].
    #[arg(long, value_name = "AGENT", env = "CLAIMGRAPH_AGENT", hide_env = true)]
    pub by: Option<String>,
    #[command(flatten)]
    pub remote: RemoteArgs,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many claims to generate.
    #[arg(long, value_name = "N")]
    pub claims: u64,
    /// Seed of the pseudo-random generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output file; the extension picks Turtle (.ttl) or N-Triples (.nt). Standard output is
    /// N-Triples.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A `--format` value chosen from one of the library's format tables; aliases are accepted
/// but not listed.
fn choice<T: Named + Clone + Send + Sync>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(T::CHOICES.iter().map(|choice| {
        PossibleValue::new(choice.name)
            .help(choice.help)
            .hide(choice.help.is_empty())
    }))
    .map(|name| T::by_name(&name).expect("clap accepts only the listed names"))
}

/// `--chunk`'s help, with the default `Sending::for_engine` gives each engine.
fn chunk_help() -> String {
    let defaults: Vec<String> = claimgraph::remote::ENGINES
        .iter()
        .map(|&engine| {
            format!(
                "{} for {}",
                Sending::for_engine(engine).chunk,
                engine.name()
            )
        })
        .collect();
    format!(
        "The most triples one request carries [default: {}]",
        defaults.join(", ")
    )
}

fn engine(name: &str) -> Result<claimgraph::remote::Engine, String> {
    claimgraph::remote::Engine::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = claimgraph::remote::ENGINES
            .iter()
            .map(|e| e.name())
            .collect();
        format!(
            "`{name}` is not an engine claimgraph knows; expected one of: {}",
            names.join(", ")
        )
    })
}

fn query_output(name: &str) -> Result<QueryOutput, String> {
    QueryOutput::by_name(name).map_err(|e| e.to_string())
}

/// A number of seconds: zero or more, and finite.
fn seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| format!("`{text}` is not a number of seconds from 0 up"))
}
