//! Writes triples as N-Triples or Turtle text straight into a buffer, one subject at a time.
//!
//! The generator knows its data is well formed (IRIs it builds itself, literals it escapes
//! here), so it writes the text directly instead of building oxigraph terms for every triple:
//! that keeps a million claims within seconds. Turtle groups a subject's triples with `;` and
//! `,` and abbreviates IRIs with the default prefixes of [`claimgraph::vocab::PREFIXES`].

use claimgraph::vocab::{self, ID, PREFIXES};
use oxigraph::model::NamedNodeRef;
use std::io::{self, Write};

/// The two syntaxes the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// One triple per line, full IRIs.
    NTriples,
    /// Prefixed names, triples grouped by subject.
    Turtle,
}

/// An IRI rendered once in both syntaxes.
#[derive(Debug, Clone)]
pub struct Iri {
    nt: String,
    ttl: String,
}

impl Iri {
    /// Renders `node`; in Turtle as a prefixed name where a default prefix matches.
    pub fn of(node: NamedNodeRef<'_>) -> Self {
        let nt = format!("<{}>", node.as_str());
        let ttl = if node.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" {
            "a".to_owned()
        } else {
            vocab::compact(node.as_str()).unwrap_or_else(|| nt.clone())
        };
        Self { nt, ttl }
    }

    /// The term `local` of the namespace bound to `prefix` among the default prefixes.
    pub fn term(prefix: &str, local: &str) -> Self {
        let ns = vocab::namespace(prefix).expect("a default prefix");
        Self::of(NamedNodeRef::new_unchecked(&format!("{ns}{local}")))
    }
}

/// The object of a triple.
#[derive(Debug, Clone, Copy)]
pub enum Obj<'a> {
    /// A vocabulary IRI.
    Term(&'a Iri),
    /// An instance IRI: its local name under `id:`.
    Id(&'a str),
    /// Any other absolute IRI, written as is (the caller guarantees it is valid).
    Url(&'a str),
    /// A language-tagged string.
    Lang(&'a str, &'a str),
    /// A typed literal.
    Typed(&'a str, &'a Iri),
    /// A plain `xsd:string` literal.
    Plain(&'a str),
}

/// Buffered triple writer. Call [`Sink::subject`], then [`Sink::add`] for each of its triples,
/// then [`Sink::end`].
pub struct Sink<W: Write> {
    out: W,
    buf: Vec<u8>,
    syntax: Syntax,
    /// The current subject as N-Triples writes it at the start of every line.
    subject: Vec<u8>,
    /// The current predicate (by address: every predicate is one long-lived [`Iri`]), for
    /// Turtle's `,` lists; `None` before the subject's first triple.
    predicate: Option<*const Iri>,
    triples: u64,
}

const FLUSH_AT: usize = 1 << 16;

impl<W: Write> Sink<W> {
    /// A sink writing `syntax` to `out`.
    pub fn new(out: W, syntax: Syntax) -> Self {
        Self {
            out,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            syntax,
            subject: Vec::new(),
            predicate: None,
            triples: 0,
        }
    }

    /// Writes `# text` lines (both syntaxes allow comments).
    pub fn comment(&mut self, text: &str) -> io::Result<()> {
        for line in text.lines() {
            if !line.is_empty() {
                self.buf.extend_from_slice(b"# ");
                self.buf.extend_from_slice(line.as_bytes());
            }
            self.buf.push(b'\n');
        }
        self.maybe_flush()
    }

    /// Writes the `@prefix` lines of the default prefixes (Turtle only) and a blank line.
    pub fn prefixes(&mut self) -> io::Result<()> {
        if self.syntax == Syntax::Turtle {
            for (prefix, ns) in PREFIXES {
                writeln!(self.buf, "@prefix {prefix}: <{ns}> .")?;
            }
        }
        self.buf.push(b'\n');
        self.maybe_flush()
    }

    /// Starts the triples of the instance `id:local`.
    pub fn subject(&mut self, local: &str) {
        debug_assert!(self.predicate.is_none(), "end() the previous subject first");
        match self.syntax {
            Syntax::NTriples => {
                self.subject.clear();
                self.subject.push(b'<');
                self.subject.extend_from_slice(ID.as_bytes());
                self.subject.extend_from_slice(local.as_bytes());
                self.subject.push(b'>');
            }
            Syntax::Turtle => {
                self.buf.extend_from_slice(b"id:");
                self.buf.extend_from_slice(local.as_bytes());
            }
        }
    }

    /// Adds one triple to the current subject.
    pub fn add(&mut self, predicate: &Iri, object: Obj<'_>) {
        self.triples += 1;
        match self.syntax {
            Syntax::NTriples => {
                self.buf.extend_from_slice(&self.subject);
                self.buf.push(b' ');
                self.buf.extend_from_slice(predicate.nt.as_bytes());
                self.buf.push(b' ');
                self.object(object);
                self.buf.extend_from_slice(b" .\n");
            }
            Syntax::Turtle => {
                let p: *const Iri = predicate;
                match self.predicate {
                    Some(previous) if std::ptr::eq(previous, p) => {
                        self.buf.extend_from_slice(b" , ");
                    }
                    Some(_) => {
                        self.buf.extend_from_slice(b" ;\n    ");
                        self.buf.extend_from_slice(predicate.ttl.as_bytes());
                        self.buf.push(b' ');
                    }
                    None => {
                        self.buf.push(b' ');
                        self.buf.extend_from_slice(predicate.ttl.as_bytes());
                        self.buf.push(b' ');
                    }
                }
                self.predicate = Some(p);
                self.object(object);
            }
        }
    }

    /// Ends the current subject.
    pub fn end(&mut self) -> io::Result<()> {
        if self.syntax == Syntax::Turtle && self.predicate.is_some() {
            self.buf.extend_from_slice(b" .\n\n");
        }
        self.predicate = None;
        self.maybe_flush()
    }

    /// Writes what is buffered and flushes `out`.
    pub fn finish(mut self) -> io::Result<u64> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()?;
        Ok(self.triples)
    }

    fn maybe_flush(&mut self) -> io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn iri(&mut self, iri: &Iri) {
        let text = match self.syntax {
            Syntax::NTriples => &iri.nt,
            Syntax::Turtle => &iri.ttl,
        };
        self.buf.extend_from_slice(text.as_bytes());
    }

    fn object(&mut self, object: Obj<'_>) {
        match object {
            Obj::Term(iri) => self.iri(iri),
            Obj::Id(local) => match self.syntax {
                Syntax::NTriples => {
                    self.buf.push(b'<');
                    self.buf.extend_from_slice(ID.as_bytes());
                    self.buf.extend_from_slice(local.as_bytes());
                    self.buf.push(b'>');
                }
                Syntax::Turtle => {
                    self.buf.extend_from_slice(b"id:");
                    self.buf.extend_from_slice(local.as_bytes());
                }
            },
            Obj::Url(url) => {
                self.buf.push(b'<');
                self.buf.extend_from_slice(url.as_bytes());
                self.buf.push(b'>');
            }
            Obj::Lang(text, lang) => {
                self.string(text);
                self.buf.push(b'@');
                self.buf.extend_from_slice(lang.as_bytes());
            }
            Obj::Typed(text, datatype) => {
                self.string(text);
                self.buf.extend_from_slice(b"^^");
                self.iri(datatype);
            }
            Obj::Plain(text) => self.string(text),
        }
    }

    /// A quoted string with the escapes both syntaxes share.
    fn string(&mut self, text: &str) {
        self.buf.push(b'"');
        escape_into(&mut self.buf, text);
        self.buf.push(b'"');
    }
}

/// Appends `text` to `buf`, escaping `"`, `\`, line feeds and carriage returns.
pub fn escape_into(buf: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if !bytes
        .iter()
        .any(|b| matches!(b, b'"' | b'\\' | b'\n' | b'\r'))
    {
        buf.extend_from_slice(bytes);
        return;
    }
    for &b in bytes {
        match b {
            b'"' => buf.extend_from_slice(b"\\\""),
            b'\\' => buf.extend_from_slice(b"\\\\"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            _ => buf.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::{Literal, Term};

    fn write(syntax: Syntax) -> Vec<u8> {
        let label = Iri::term("rdfs", "label");
        let kind = Iri::of(oxigraph::model::vocab::rdf::TYPE);
        let class = Iri::term("cg", "City");
        let date = Iri::term("xsd", "date");
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out, syntax);
        sink.prefixes().unwrap();
        sink.subject("x");
        sink.add(&kind, Obj::Term(&class));
        sink.add(&label, Obj::Lang("a \"quoted\" \\ line\nbreak", "en"));
        sink.add(&label, Obj::Lang("مدينة", "ar"));
        sink.add(&label, Obj::Typed("2024-01-02", &date));
        sink.end().unwrap();
        assert_eq!(sink.finish().unwrap(), 4);
        out
    }

    #[test]
    fn both_syntaxes_parse_to_the_same_triples() {
        let mut graphs = Vec::new();
        for (syntax, format) in [
            (Syntax::NTriples, RdfFormat::NTriples),
            (Syntax::Turtle, RdfFormat::Turtle),
        ] {
            let text = write(syntax);
            let mut quads: Vec<String> = RdfParser::from_format(format)
                .for_slice(&text)
                .map(|q| q.unwrap().to_string())
                .collect();
            quads.sort();
            graphs.push(quads);
        }
        assert_eq!(graphs[0], graphs[1]);
        assert_eq!(graphs[0].len(), 4);
        let quoted = RdfParser::from_format(RdfFormat::NTriples)
            .for_slice(&write(Syntax::NTriples))
            .map(|q| q.unwrap().object)
            .any(|o| {
                o == Term::from(Literal::new_language_tagged_literal_unchecked(
                    "a \"quoted\" \\ line\nbreak",
                    "en",
                ))
            });
        assert!(quoted);
    }
}
