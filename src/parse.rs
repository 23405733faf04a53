//! Reading RDF from files and readers, with errors that point at the line and column.
//!
//! Every way RDF enters claimgraph (loading a file, seeding the shipped knowledge base,
//! reading SHACL shapes, checking files before they join the store) parses through here, so
//! that a malformed file is always reported the same way: `FILE:LINE:COLUMN: what is wrong`.

use crate::error::{Error, Result};
use crate::formats;
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser};
use oxigraph::model::{NamedNode, Quad};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// Where RDF comes from.
pub enum Input<'a> {
    /// A file on disk.
    File(PathBuf),
    /// Any reader (standard input, an HTTP body, bytes in memory), with the name that errors
    /// show for it (`<stdin>`).
    Reader {
        /// What errors call it.
        name: String,
        /// The bytes.
        reader: Box<dyn Read + 'a>,
    },
}

impl<'a> Input<'a> {
    /// A reader with the name errors show for it.
    pub fn reader(name: impl Into<String>, reader: impl Read + 'a) -> Self {
        Input::Reader {
            name: name.into(),
            reader: Box::new(reader),
        }
    }

    /// What errors call this input: the path, or the reader's name.
    pub fn name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Reader { name, .. } => name.clone(),
        }
    }

    /// The format: `explicit` when given, else the file's extension; readers are Turtle
    /// unless told otherwise.
    pub(crate) fn format(&self, explicit: Option<RdfFormat>) -> Result<RdfFormat> {
        match self {
            Input::File(path) => formats::rdf_of_file(path, explicit),
            Input::Reader { .. } => Ok(explicit.unwrap_or(RdfFormat::Turtle)),
        }
    }

    /// The graph a load puts this input's triples in unless told otherwise: a file's
    /// `file://` IRI (of its absolute path), `urn:claimgraph:stdin` for a stream.
    pub fn default_graph(&self) -> Result<NamedNode> {
        match self {
            Input::File(path) => {
                let absolute = std::fs::canonicalize(path).map_err(|source| Error::Read {
                    path: path.clone(),
                    source,
                })?;
                Ok(file_iri(&absolute))
            }
            Input::Reader { .. } => Ok(NamedNode::new_unchecked("urn:claimgraph:stdin")),
        }
    }

    /// The IRI that a file's relative IRIs (`<>`, `<#x>`) resolve against: its own
    /// `file://` IRI, as rdflib and Jena read them. Streams have none.
    pub(crate) fn base_iri(&self) -> Option<NamedNode> {
        match self {
            Input::File(path) => std::fs::canonicalize(path).ok().map(|p| file_iri(&p)),
            Input::Reader { .. } => None,
        }
    }

    /// Opens the input for reading as `format`. JSON is read through a guard on its nesting
    /// depth (see [`NestingGuard`]).
    pub(crate) fn open(self, format: RdfFormat) -> Result<Box<dyn Read + 'a>> {
        let reader: Box<dyn Read + 'a> = match self {
            Input::File(path) => {
                let file = File::open(&path).map_err(|source| Error::Read { path, source })?;
                Box::new(BufReader::new(file))
            }
            Input::Reader { reader, .. } => Box::new(BufReader::new(reader)),
        };
        Ok(match format {
            RdfFormat::JsonLd { .. } => Box::new(NestingGuard::new(reader)),
            _ => reader,
        })
    }
}

/// A `file://` IRI for an absolute path, percent-encoding what IRIs do not allow.
pub(crate) fn file_iri(path: &Path) -> NamedNode {
    let mut iri = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            iri.push(byte as char);
        } else {
            iri.push_str(&format!("%{byte:02X}"));
        }
    }
    NamedNode::new_unchecked(iri)
}

/// A parser for `format` that puts triples into `graph` and gives blank nodes labels of
/// their own, so that two files never share a blank node by accident.
pub(crate) fn parser(format: RdfFormat, graph: Option<&NamedNode>) -> RdfParser {
    let parser = RdfParser::from_format(format).rename_blank_nodes();
    match graph {
        Some(graph) => parser.with_default_graph(graph.clone()),
        None => parser,
    }
}

/// The quads of `input`, each parse error mapped with [`error`].
pub(crate) fn quads<'a>(
    input: Input<'a>,
    format: Option<RdfFormat>,
    graph: Option<&NamedNode>,
) -> Result<impl Iterator<Item = Result<Quad>> + 'a> {
    quads_of(input, format, graph, parser)
}

/// The quads of the file at `path`, which [`checked_len`] has just checked whole: parsed
/// again without checking each IRI and literal, which is most of a parser's work, so that
/// reading a file twice (check it, then send it) costs little more than reading it once.
pub(crate) fn checked_quads(
    path: &Path,
    format: RdfFormat,
) -> Result<impl Iterator<Item = Result<Quad>>> {
    quads_of(
        Input::File(path.to_owned()),
        Some(format),
        None,
        |format, graph| parser(format, graph).lenient(),
    )
}

fn quads_of<'a>(
    input: Input<'a>,
    format: Option<RdfFormat>,
    graph: Option<&NamedNode>,
    parser: impl FnOnce(RdfFormat, Option<&NamedNode>) -> RdfParser,
) -> Result<impl Iterator<Item = Result<Quad>> + 'a> {
    let name = input.name();
    let format = input.format(format)?;
    let base = input.base_iri();
    let reader = input.open(format)?;
    let mut parser = parser(format, graph);
    if let Some(base) = base {
        parser = parser
            .with_base_iri(base.as_str())
            .expect("file IRIs are valid IRIs");
    }
    Ok(parser
        .for_reader(reader)
        .map(move |quad| quad.map_err(|e| error(&name, e))))
}

/// How many triples or quads the file at `path` holds, all of it checked. N-Triples and
/// N-Quads hold one statement a line, so they are checked in blocks of whole lines on every
/// core; should a block hold an error, the file is read again in order, for the error to name
/// the first wrong line (a parse of one block knows no line before it).
pub(crate) fn checked_len(path: &Path, format: RdfFormat) -> Result<usize> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if !matches!(format, RdfFormat::NTriples | RdfFormat::NQuads) || threads < 2 {
        return ordered_len(path, format);
    }
    match len_by_blocks(path, format, threads)? {
        Some(len) => Ok(len),
        None => ordered_len(path, format),
    }
}

fn ordered_len(path: &Path, format: RdfFormat) -> Result<usize> {
    let mut len = 0;
    for quad in quads(Input::File(path.to_owned()), Some(format), None)? {
        quad?;
        len += 1;
    }
    Ok(len)
}

/// The blocks [`checked_len`] hands to each core.
const BLOCK_BYTES: usize = 4 << 20;

/// The statements of a line-based file, counted in blocks on `threads` threads; `None` when a
/// block holds an error.
fn len_by_blocks(path: &Path, format: RdfFormat, threads: usize) -> Result<Option<usize>> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let mut file = File::open(path).map_err(read_error)?;
    let (blocks, queue) = std::sync::mpsc::sync_channel::<Vec<u8>>(threads);
    let queue = std::sync::Mutex::new(queue);
    std::thread::scope(|scope| {
        let counters: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut len = 0;
                    loop {
                        let next = queue.lock().expect("the queue is never poisoned").recv();
                        let Ok(block) = next else { return Some(len) };
                        for statement in RdfParser::from_format(format).for_slice(&block) {
                            statement.ok()?;
                            len += 1;
                        }
                    }
                })
            })
            .collect();
        let mut carried = Vec::new();
        let read = loop {
            let mut block = std::mem::take(&mut carried);
            let start = block.len();
            block.resize(start + BLOCK_BYTES, 0);
            let filled = match read_up_to(&mut file, &mut block[start..]) {
                Ok(filled) => filled,
                Err(source) => break Err(read_error(source)),
            };
            block.truncate(start + filled);
            if filled == 0 {
                if !block.is_empty() {
                    let _ = blocks.send(block);
                }
                break Ok(());
            }
            // A block ends at its last line break; the rest starts the next one.
            if let Some(end) = block.iter().rposition(|&byte| byte == b'\n') {
                carried = block.split_off(end + 1);
                if blocks.send(block).is_err() {
                    // Every counter stopped at an error.
                    break Ok(());
                }
            } else {
                carried = block;
            }
        };
        drop(blocks);
        let lens: Vec<Option<usize>> = counters
            .into_iter()
            .map(|counter| counter.join().expect("a counter does not panic"))
            .collect();
        read?;
        Ok(lens.into_iter().sum())
    })
}

/// Reads into `buffer` until it is full or the reader is at its end; returns the bytes read.
fn read_up_to(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// The quads of Turtle text that ships with claimgraph or is handed over whole (shapes).
pub(crate) fn turtle_quads<'a>(
    text: &'a str,
    name: &'a str,
    graph: Option<&NamedNode>,
) -> impl Iterator<Item = Result<Quad>> + 'a {
    parser(RdfFormat::Turtle, graph)
        .for_slice(text)
        .map(move |quad| quad.map_err(|e| error(name, e.into())))
}

/// JSON nested deeper than this is refused before the parser sees it. JSON-LD documents nest
/// a few levels per resource; oxigraph's JSON-LD parser recurses per level and overflowed
/// the stack on 10,000.
pub(crate) const MAX_JSON_DEPTH: usize = 256;

/// Passes JSON through while counting how deep its arrays and objects nest; past
/// [`MAX_JSON_DEPTH`] it fails the read with a [`TooDeep`] that says where.
pub(crate) struct NestingGuard<R> {
    inner: R,
    depth: usize,
    in_string: bool,
    escaped: bool,
    line: u64,
    column: u64,
}

/// Where JSON nested too deeply: 1-based line and column of the opening bracket.
#[derive(Debug)]
pub(crate) struct TooDeep {
    line: u64,
    column: u64,
}

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "nested deeper than {MAX_JSON_DEPTH} levels")
    }
}

impl std::error::Error for TooDeep {}

impl<R> NestingGuard<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            depth: 0,
            in_string: false,
            escaped: false,
            line: 1,
            column: 0,
        }
    }
}

impl<R: Read> Read for NestingGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        for &byte in &buf[..read] {
            // Columns count characters: bytes other than UTF-8 continuation bytes.
            if byte & 0xC0 != 0x80 {
                self.column += 1;
            }
            if self.in_string {
                match byte {
                    _ if self.escaped => self.escaped = false,
                    b'\\' => self.escaped = true,
                    b'"' => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match byte {
                b'"' => self.in_string = true,
                b'[' | b'{' => {
                    self.depth += 1;
                    if self.depth > MAX_JSON_DEPTH {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            TooDeep {
                                line: self.line,
                                column: self.column,
                            },
                        ));
                    }
                }
                b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                b'\n' => {
                    self.line += 1;
                    self.column = 0;
                }
                _ => {}
            }
        }
        Ok(read)
    }
}

/// A parse error of `file` as the user-facing error, with 1-based line and column.
pub(crate) fn error(file: &str, error: RdfParseError) -> Error {
    match error {
        RdfParseError::Io(source)
            if source
                .get_ref()
                .is_some_and(|inner| inner.downcast_ref::<TooDeep>().is_some()) =>
        {
            let deep = source
                .into_inner()
                .and_then(|inner| inner.downcast::<TooDeep>().ok())
                .expect("checked above");
            Error::Syntax {
                file: file.into(),
                line: deep.line,
                column: deep.column,
                message: deep.to_string(),
            }
        }
        RdfParseError::Syntax(syntax) => {
            let (line, column) = syntax.location().map_or((0, 0), |range| {
                (range.start.line + 1, range.start.column + 1)
            });
            Error::Syntax {
                file: file.into(),
                line,
                column,
                message: strip_position(&syntax.to_string()),
            }
        }
        RdfParseError::Io(source) => Error::Read {
            path: Path::new(file).into(),
            source,
        },
    }
}

/// oxttl's messages start with their own "Parser error at line …" prefix, which our
/// `file:line:column:` already says.
fn strip_position(message: &str) -> String {
    if message.starts_with("Parser error")
        && let Some((_, rest)) = message.split_once(": ")
    {
        return rest.to_owned();
    }
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An N-Triples file of `lines` lines, the one at `broken` (1-based) cut short.
    fn ntriples_file(dir: &Path, lines: usize, broken: Option<usize>) -> PathBuf {
        let mut text = String::new();
        for line in 1..=lines {
            if Some(line) == broken {
                text.push_str("<urn:s> <urn:p> \"unterminated .\n");
            } else {
                text.push_str(&format!(
                    "<urn:claim:{line}> <urn:statement> \"line {line}, long enough to fill \
                     a few blocks of the file with a hundred thousand lines\"@en .\n"
                ));
            }
        }
        let path = dir.join("kb.nt");
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_file_checked_in_blocks_counts_as_one_read_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = ntriples_file(dir.path(), 100_000, None);
        assert!(std::fs::metadata(&path).unwrap().len() > 2 * BLOCK_BYTES as u64);
        assert_eq!(
            len_by_blocks(&path, RdfFormat::NTriples, 3).unwrap(),
            Some(100_000)
        );
        assert_eq!(checked_len(&path, RdfFormat::NTriples).unwrap(), 100_000);
        assert_eq!(ordered_len(&path, RdfFormat::NTriples).unwrap(), 100_000);
    }

    #[test]
    fn an_error_past_the_first_block_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = ntriples_file(dir.path(), 100_000, Some(77_777));
        assert_eq!(len_by_blocks(&path, RdfFormat::NTriples, 2).unwrap(), None);
        match checked_len(&path, RdfFormat::NTriples) {
            Err(Error::Syntax { line, .. }) => assert_eq!(line, 77_777),
            other => panic!("a syntax error expected, not {other:?}"),
        }
    }

    #[test]
    fn file_iris_escape_spaces() {
        assert_eq!(
            file_iri(Path::new("/tmp/my data.ttl")).as_str(),
            "file:///tmp/my%20data.ttl"
        );
    }

    #[test]
    fn deep_json_is_refused_where_it_gets_too_deep() {
        let depth = MAX_JSON_DEPTH + 10;
        let text = format!(
            "{{\"@id\": \"urn:a\", \"x\": \"[[[{{\",\n \"urn:p\": {}{}{}}}",
            "[".repeat(depth),
            "1",
            "]".repeat(depth)
        );
        let input = Input::reader("deep.jsonld", text.as_bytes());
        let error = quads(
            input,
            Some(RdfFormat::JsonLd {
                profile: Default::default(),
            }),
            None,
        )
        .unwrap()
        .find_map(Result::err)
        .expect("an error");
        let Error::Syntax {
            line,
            column,
            message,
            ..
        } = error
        else {
            panic!("{error:?}");
        };
        // The brackets inside the string do not count; the 256th `[` of line 2 is too deep
        // (the object around it is the first level).
        assert_eq!((line, column), (2, 11 + MAX_JSON_DEPTH as u64 - 1));
        assert!(message.contains("nested deeper than 256"), "{message}");
    }

    #[test]
    fn position_prefix_is_removed() {
        assert_eq!(
            strip_position("Parser error at line 3 column 4: unexpected end"),
            "unexpected end"
        );
    }

    #[test]
    fn errors_name_the_input_line_and_column() {
        let input = Input::reader(
            "<stdin>",
            "<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .".as_bytes(),
        );
        let error = quads(input, None, None)
            .unwrap()
            .find_map(Result::err)
            .expect("a syntax error");
        let Error::Syntax { file, line, .. } = error else {
            panic!("{error:?}");
        };
        assert_eq!((file.as_str(), line), ("<stdin>", 2));
    }
}
