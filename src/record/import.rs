//! Spreadsheets of claims, and of the sources and actors they name, imported all or none.
//!
//! Teams keep their working lists in spreadsheets; saved as CSV, a sheet with one row per
//! actor, source or claim (the `kind` column says which) imports in one write. Every row is
//! read and checked before anything is written, and every problem is reported with its place
//! (`FILE:LINE:COLUMN`, the column counting fields as a spreadsheet does), so that one run
//! lists them all. Rows may name what earlier rows define, or what the store already holds.
//! The rows then go through the same checks as `claim add` (the SHACL shapes, with the store),
//! and into the edits graph in one unit.

use super::Ledger;
use super::names::{self, Kind};
use super::{
    ACTOR_CLASSES, Batch, NewActor, NewClaim, NewSource, SOURCE_KINDS, actor_id, actor_quads,
    claim_id, claim_quads, source_id, source_quads,
};
use crate::error::{Error, Result};
use crate::store::Overlay;
use crate::terms;
use crate::validate::Shapes;
use crate::vocab::compact;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use std::collections::{HashMap, HashSet};

/// The columns, in the order the template gives them.
const COLUMNS: &[&str] = &[
    "kind",
    "id",
    "class",
    "en",
    "ar",
    "fr",
    "publisher",
    "date",
    "language",
    "url",
    "identifier",
    "reliability",
    "status",
    "stance",
    "claimants",
    "sources",
    "about",
    "quote",
    "quote_lang",
    "credibility",
    "contradicts",
];

/// The header and one example row of each kind, importable into the shipped knowledge base.
pub const TEMPLATE: &str = "\
kind,id,class,en,ar,fr,publisher,date,language,url,identifier,reliability,status,stance,claimants,sources,about,quote,quote_lang,credibility,contradicts
actor,katiba-macina,armed-group,Katiba Macina,كتيبة ماسينا,Katiba Macina,,,,,,,,,,,,,,,
source,,article,,\"هجوم على حاجز قرب موبتي\",,id:noon-post,2026-05-02,ar,,noonpost-2026-05-02,C,,,,,,,,,
claim,,,\"Katiba Macina attacked an army checkpoint near Mopti.\",\"هاجمت كتيبة ماسينا حاجزاً للجيش قرب موبتي.\",\"La Katiba Macina a attaqué un poste de l'armée près de Mopti.\",,2026-05-02,,,,,claimed,affirms,katiba-macina,source-noon-post-2026-05-02,id:central-mali|katiba-macina,\"هاجمت كتيبة ماسينا حاجزاً للجيش\",ar,3,
";

/// What an import wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    /// Actors added.
    pub actors: usize,
    /// Sources added.
    pub sources: usize,
    /// Claims added.
    pub claims: usize,
    /// Triples written.
    pub triples: u64,
}

/// Imports the CSV `text` (named `file` in messages) into `ledger` (`&mut ClaimStore` or
/// `&Remote`), the claims recorded by `agent`: all of it, or nothing and [`Error::BadRows`].
pub fn import<'a>(
    ledger: impl Into<Ledger<'a>>,
    file: &str,
    text: &str,
    agent: &NamedNode,
) -> Result<Imported> {
    let mut ledger = ledger.into();
    names::require(ledger.data(), agent, Kind::Actor)?;
    let sheet = Sheet::read(&ledger, file, text)?;
    if !sheet.problems.is_empty() {
        return Err(sheet.bad());
    }
    let mut quads = Batch::new();
    let mut lines: HashMap<Term, u64> = HashMap::new();
    let mut imported = Imported::default();
    for row in &sheet.rows {
        let before = quads.quads.len();
        match &row.item {
            Item::Actor(iri, actor) => {
                actor_quads(&mut quads, iri, actor)?;
                imported.actors += 1;
            }
            Item::Source(iri, source) => {
                source_quads(&mut quads, iri, source)?;
                imported.sources += 1;
            }
            Item::Claim(iri, claim) => {
                let claim = NewClaim {
                    agent: agent.clone(),
                    ..(**claim).clone()
                };
                claim_quads(&mut quads, iri, &claim)?;
                imported.claims += 1;
            }
        }
        for quad in &quads.quads[before..] {
            lines.entry(quad.subject.clone().into()).or_insert(row.line);
        }
    }
    // The same checks as one `claim add`, on all the rows at once, against the store.
    let scratch = oxigraph::store::Store::new()?;
    scratch
        .bulk_loader()
        .load_quads(quads.quads.iter().cloned())?;
    let focus: Vec<Term> = lines.keys().cloned().collect();
    // Every subject of the rows has an identifier checked to be unused.
    let new_subjects: HashSet<NamedOrBlankNode> =
        quads.quads.iter().map(|q| q.subject.clone()).collect();
    let violations = Shapes::shipped()?.check_nodes(
        &Overlay {
            over: &scratch,
            base: ledger.data(),
            new_subjects: Some(&new_subjects),
        },
        &focus,
    )?;
    drop(scratch);
    if !violations.is_empty() {
        let mut problems: Vec<(u64, String)> = violations
            .iter()
            .map(|v| {
                let line = focus
                    .iter()
                    .find(|f| f.to_string() == v.focus)
                    .and_then(|f| lines.get(f))
                    .copied()
                    .unwrap_or(0);
                let path = v
                    .path
                    .as_deref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default();
                (line, format!("{file}:{line}:1: {}{path}", v.message))
            })
            .collect();
        problems.sort();
        return Err(Error::BadRows {
            file: file.into(),
            problems: problems.into_iter().map(|(_, p)| p).collect(),
        });
    }
    imported.triples = quads.quads.len() as u64;
    drop(sheet);
    let new: Vec<NamedNode> = new_subjects
        .into_iter()
        .filter_map(|subject| match subject {
            NamedOrBlankNode::NamedNode(n) => Some(n),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect();
    ledger.commit_checked(quads.quads, &new)?;
    Ok(imported)
}

/// One row, read and checked.
struct Row {
    line: u64,
    item: Item,
}

enum Item {
    Actor(NamedNode, NewActor),
    Source(NamedNode, NewSource),
    Claim(NamedNode, Box<NewClaim>),
}

/// The rows of a sheet and what is wrong with them.
struct Sheet<'a> {
    store: &'a Ledger<'a>,
    file: &'a str,
    rows: Vec<Row>,
    problems: Vec<(u64, usize, String)>,
    /// What earlier rows define, by kind.
    defined: HashMap<&'static str, HashSet<NamedNode>>,
    /// The languages of the sources earlier rows define.
    languages: HashMap<NamedNode, String>,
    /// What the store holds, by kind, read when first needed.
    known: HashMap<&'static str, HashSet<NamedNode>>,
}

impl<'a> Sheet<'a> {
    fn read(store: &'a Ledger<'a>, file: &'a str, text: &str) -> Result<Self> {
        let mut sheet = Sheet {
            store,
            file,
            rows: Vec::new(),
            problems: Vec::new(),
            defined: HashMap::new(),
            languages: HashMap::new(),
            known: HashMap::new(),
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(header) => header.iter().map(|h| h.trim().to_lowercase()).collect(),
            Err(e) => {
                sheet
                    .problems
                    .push((1, 1, format!("the header cannot be read: {e}")));
                return Ok(sheet);
            }
        };
        for (at, name) in header.iter().enumerate() {
            if !COLUMNS.contains(&name.as_str()) {
                sheet.problems.push((
                    1,
                    at + 1,
                    format!(
                        "unknown column `{name}`; the columns are: {}",
                        COLUMNS.join(", ")
                    ),
                ));
            }
        }
        if !header.iter().any(|h| h == "kind") {
            sheet
                .problems
                .push((1, 1, "the header has no `kind` column".into()));
        }
        if !sheet.problems.is_empty() {
            return Ok(sheet);
        }
        let mut lines = Lines::new(text);
        for record in reader.records() {
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    let line = lines.of(e.position().map_or(0, |p| p.byte()));
                    sheet
                        .problems
                        .push((line, 1, format!("the row cannot be read: {e}")));
                    continue;
                }
            };
            let line = lines.of(record.position().map_or(0, |p| p.byte()));
            let cells: HashMap<&str, (usize, &str)> = header
                .iter()
                .zip(record.iter())
                .enumerate()
                .map(|(at, (name, value))| (name.as_str(), (at + 1, value.trim())))
                .filter(|(_, (_, value))| !value.is_empty())
                .collect();
            if record.len() > header.len() {
                sheet.problem(
                    line,
                    header.len() + 1,
                    "more fields than the header has columns".into(),
                );
            }
            let mut row = RowReader {
                sheet: &mut sheet,
                line,
                cells,
                header: &header,
                ok: true,
            };
            if let Some(item) = row.item()?
                && row.ok
            {
                sheet.rows.push(Row { line, item });
            }
        }
        Ok(sheet)
    }

    fn problem(&mut self, line: u64, column: usize, message: String) {
        self.problems.push((line, column, message));
    }

    fn bad(mut self) -> Error {
        self.problems.sort();
        Error::BadRows {
            file: self.file.into(),
            problems: self
                .problems
                .into_iter()
                .map(|(line, column, message)| format!("{}:{line}:{column}: {message}", self.file))
                .collect(),
        }
    }

    /// True when `iri` is a `kind` that an earlier row defines or the store holds.
    fn exists(&mut self, iri: &NamedNode, kind: Kind) -> Result<bool> {
        let key = kind_key(kind);
        if self.defined.get(key).is_some_and(|d| d.contains(iri))
            || (kind == Kind::Subject && self.defined.get("actor").is_some_and(|d| d.contains(iri)))
        {
            return Ok(true);
        }
        if !self.known.contains_key(key) {
            let known = names::known(self.store.data(), kind)?.into_iter().collect();
            self.known.insert(key, known);
        }
        Ok(self.known[key].contains(iri))
    }

    /// The closest name to `typed` among the `kind`s known here.
    fn closest(&mut self, typed: &str, kind: Kind) -> Option<String> {
        let key = kind_key(kind);
        let parsed = terms::entity(typed).map(|iri| iri.into_string());
        let local = crate::vocab::local_name(parsed.as_deref().unwrap_or(typed));
        let mut candidates: Vec<&NamedNode> = Vec::new();
        candidates.extend(self.known.get(key).into_iter().flatten());
        candidates.extend(self.defined.get(key).into_iter().flatten());
        if kind == Kind::Subject {
            candidates.extend(self.defined.get("actor").into_iter().flatten());
        }
        terms::closest_by(
            local,
            candidates,
            |iri| crate::vocab::local_name(iri.as_str()),
            0.75,
        )
        .map(|iri| compact(iri.as_str()).unwrap_or_else(|| iri.to_string()))
    }
}

/// Tells the line rows start on, counting line ends once as the rows go by.
struct Lines<'t> {
    text: &'t [u8],
    at: usize,
    line: u64,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The 1-based line where the row starting at byte `offset` begins (offsets come in
    /// order). The csv reader places a row after a `\r\n` at its `\n`: line ends before the
    /// row are skipped.
    fn of(&mut self, offset: u64) -> u64 {
        let mut start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while self
            .text
            .get(start)
            .is_some_and(|b| *b == b'\n' || *b == b'\r')
        {
            start += 1;
        }
        if start > self.at {
            let ends = self.text[self.at..start].iter().filter(|b| **b == b'\n');
            self.line += ends.count() as u64;
            self.at = start;
        }
        self.line
    }
}

fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Actor => "actor",
        Kind::Source => "source",
        Kind::Claim => "claim",
        Kind::Subject => "subject",
        Kind::Status => "status",
    }
}

/// Reads one row, noting every problem in it.
struct RowReader<'s, 'a> {
    sheet: &'s mut Sheet<'a>,
    line: u64,
    cells: HashMap<&'s str, (usize, &'s str)>,
    header: &'s [String],
    ok: bool,
}

impl RowReader<'_, '_> {
    fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .map_or(1, |at| at + 1)
    }

    fn problem(&mut self, name: &str, message: String) {
        self.ok = false;
        let column = self.column(name);
        self.sheet
            .problem(self.line, column, format!("{name}: {message}"));
    }

    fn get(&self, name: &str) -> Option<String> {
        self.cells.get(name).map(|(_, value)| (*value).to_owned())
    }

    fn required(&mut self, name: &str, what: &str) -> Option<String> {
        let value = self.get(name);
        if value.is_none() {
            self.problem(name, format!("missing: a {} row needs {what}", self.kind()));
        }
        value
    }

    fn kind(&self) -> String {
        self.get("kind").unwrap_or_default().to_lowercase()
    }

    fn date(&mut self, name: &str, what: &str) -> Option<String> {
        let value = self.required(name, what)?;
        match terms::date(&value) {
            Ok(date) => Some(date),
            Err(_) => {
                self.problem(name, format!("`{value}` is not a date (YYYY-MM-DD)"));
                None
            }
        }
    }

    /// The entities a cell names (separated by `|`), each a known `kind`.
    fn entities(
        &mut self,
        name: &str,
        kind: Kind,
        what: &str,
        required: bool,
    ) -> Result<Vec<NamedNode>> {
        let Some(value) = (if required {
            self.required(name, what)
        } else {
            self.get(name)
        }) else {
            return Ok(Vec::new());
        };
        let listed: Vec<&str> = value
            .split('|')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        // A cell of separators only (`||`) names nothing: as good as empty.
        if listed.is_empty() {
            if required {
                self.problem(name, format!("missing: a {} row needs {what}", self.kind()));
            }
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        for typed in listed {
            let iri = match terms::entity(typed) {
                Ok(iri) => iri,
                Err(e) => {
                    self.problem(name, e.to_string());
                    continue;
                }
            };
            if self.sheet.exists(&iri, kind)? {
                found.push(iri);
            } else {
                let hint = match self.sheet.closest(typed, kind) {
                    Some(closest) => format!("; did you mean {closest}?"),
                    None => String::new(),
                };
                self.problem(
                    name,
                    format!("`{typed}` is not a known {}{hint}", kind.noun()),
                );
            }
        }
        Ok(found)
    }

    fn choice(&mut self, name: &str, table: &[(&str, &str)], what: &str) -> Option<String> {
        let value = self.required(name, what)?;
        if table.iter().any(|(n, _)| n.eq_ignore_ascii_case(&value)) {
            return Some(value.to_lowercase());
        }
        // Any entry of the table is suggested, however unlike: the table is short.
        let closest = terms::closest(
            &value.to_lowercase(),
            table.iter().map(|(n, _)| *n),
            f64::NEG_INFINITY,
        )
        .unwrap_or_default();
        self.problem(
            name,
            format!("`{value}` is not {what}; did you mean {closest}?"),
        );
        None
    }

    /// An identifier for the row's new thing: given or derived, and not taken.
    fn fresh(&mut self, derived: Result<String>, what: &'static str) -> Result<Option<NamedNode>> {
        let local = match derived {
            Ok(local) => local,
            Err(e) => {
                self.problem("id", e.to_string());
                return Ok(None);
            }
        };
        let iri = match terms::entity(&local) {
            Ok(iri) => iri,
            Err(e) => {
                self.problem("id", e.to_string());
                return Ok(None);
            }
        };
        let defined = self.sheet.defined.values().any(|d| d.contains(&iri));
        if defined || self.sheet.store.describes(iri.as_ref())? {
            let place = if defined {
                "an earlier row"
            } else {
                "the store"
            };
            self.problem(
                "id",
                format!(
                    "{} is already used by {place}; give the {what} an id of its own",
                    compact(iri.as_str()).unwrap_or_else(|| iri.to_string())
                ),
            );
            return Ok(None);
        }
        Ok(Some(iri))
    }

    fn texts(&self) -> Vec<(String, String)> {
        ["en", "ar", "fr"]
            .iter()
            .filter_map(|lang| self.get(lang).map(|t| (t, (*lang).to_owned())))
            .collect()
    }

    fn item(&mut self) -> Result<Option<Item>> {
        match self.kind().as_str() {
            "actor" => self.actor(),
            "source" => self.source(),
            "claim" => self.claim(),
            "" => {
                self.problem("kind", "missing: actor, source or claim".into());
                Ok(None)
            }
            other => {
                self.problem(
                    "kind",
                    format!("`{other}` is not a kind of row: actor, source or claim"),
                );
                Ok(None)
            }
        }
    }

    fn actor(&mut self) -> Result<Option<Item>> {
        let class = self.choice("class", ACTOR_CLASSES, "a class of actor");
        let labels = self.texts();
        if !labels.iter().any(|(_, lang)| lang == "en") {
            self.problem(
                "en",
                "missing: an actor row needs its name in English".into(),
            );
        }
        let actor = NewActor {
            id: self.get("id"),
            class: class.unwrap_or_default(),
            labels,
        };
        let iri = if self.ok {
            self.fresh(actor_id(&actor), "actor")?
        } else {
            None
        };
        Ok(iri.filter(|_| self.ok).map(|iri| {
            self.sheet
                .defined
                .entry("actor")
                .or_default()
                .insert(iri.clone());
            Item::Actor(iri, actor)
        }))
    }

    fn source(&mut self) -> Result<Option<Item>> {
        let kind = self.choice("class", SOURCE_KINDS, "a kind of source");
        let publisher = self.entities("publisher", Kind::Actor, "its publisher", true)?;
        if publisher.len() > 1 {
            self.problem(
                "publisher",
                format!(
                    "a source has one publisher; this cell names {}",
                    publisher.len()
                ),
            );
        }
        let published = self.date("date", "the date it was published");
        let language = self.required("language", "its language");
        let title = self.texts();
        let title = title
            .iter()
            .find(|(_, lang)| Some(lang) == language.as_ref())
            .or(title.first())
            .cloned();
        let url = match self.get("url").map(|u| terms::entity(&u)) {
            Some(Err(e)) => {
                self.problem("url", e.to_string());
                None
            }
            Some(Ok(url)) => Some(url),
            None => None,
        };
        let reliability = match self.get("reliability") {
            Some(grade) => {
                let mut chars = grade.chars();
                match (chars.next().map(|c| c.to_ascii_uppercase()), chars.next()) {
                    (Some(c @ 'A'..='F'), None) => Some(c),
                    _ => {
                        self.problem(
                            "reliability",
                            format!("`{grade}` is not a reliability grade (A to F)"),
                        );
                        None
                    }
                }
            }
            None => None,
        };
        if !self.ok {
            return Ok(None);
        }
        let source = NewSource {
            id: self.get("id"),
            kind: kind.unwrap_or_default(),
            title,
            publisher: publisher.into_iter().next().expect("checked above"),
            published: published.unwrap_or_default(),
            language: language.unwrap_or_default(),
            url,
            identifier: self.get("identifier"),
            reliability,
        };
        let Some(iri) = self.fresh(source_id(&source), "source")? else {
            return Ok(None);
        };
        self.sheet
            .defined
            .entry("source")
            .or_default()
            .insert(iri.clone());
        self.sheet
            .languages
            .insert(iri.clone(), source.language.clone());
        Ok(Some(Item::Source(iri, source)))
    }

    fn claim(&mut self) -> Result<Option<Item>> {
        let statements = self.texts();
        if !statements.iter().any(|(_, lang)| lang == "en") {
            self.problem(
                "en",
                "missing: a claim row needs its statement in English".into(),
            );
        }
        let status = match self.required("status", "its status") {
            Some(typed) => match terms::status(&typed) {
                Ok(iri) if self.sheet.exists(&iri, Kind::Status)? => Some(iri),
                _ => {
                    let closest = self.sheet.closest(&typed, Kind::Status);
                    let hint = closest
                        .map(|c| format!("; did you mean {}?", c.trim_start_matches("cg:")))
                        .unwrap_or_default();
                    self.problem("status", format!("`{typed}` is not a claim status{hint}"));
                    None
                }
            },
            None => None,
        };
        let stance = match self.get("stance") {
            Some(typed) if ["affirms", "denies"].contains(&typed.to_lowercase().as_str()) => {
                terms::status(&typed).ok()
            }
            Some(typed) => {
                self.problem(
                    "stance",
                    format!("`{typed}` is not a stance: affirms or denies"),
                );
                None
            }
            None => None,
        };
        let claimants = self.entities("claimants", Kind::Actor, "its claimants", true)?;
        let sources = self.entities("sources", Kind::Source, "its sources", true)?;
        let about = self.entities("about", Kind::Subject, "what it is about", true)?;
        let contradicts = self.entities("contradicts", Kind::Claim, "", false)?;
        let first_reported = self.date("date", "the date it was first reported");
        let quote = self.required("quote", "its evidence quote");
        let quote_lang = match (self.get("quote_lang"), sources.first()) {
            (Some(lang), _) => Some(lang),
            (None, Some(source)) => match self.sheet.languages.get(source) {
                Some(lang) => Some(lang.clone()),
                None => super::source_language(self.sheet.store, source)?,
            },
            (None, None) => None,
        };
        if quote.is_some() && quote_lang.is_none() {
            self.problem(
                "quote_lang",
                "missing: the quote's language (its source names none)".into(),
            );
        }
        let credibility = match self.get("credibility") {
            Some(grade) => match grade.parse::<u8>() {
                Ok(n @ 1..=6) => Some(n),
                _ => {
                    self.problem(
                        "credibility",
                        format!("`{grade}` is not a credibility grade (1 to 6)"),
                    );
                    None
                }
            },
            None => None,
        };
        if !self.ok {
            return Ok(None);
        }
        let claim = NewClaim {
            id: self.get("id"),
            statements,
            status: status.expect("checked above"),
            stance,
            claimants,
            sources,
            about,
            quote: quote.zip(quote_lang),
            first_reported: first_reported.unwrap_or_default(),
            credibility,
            contradicts,
            // Set for every row by the import.
            agent: NamedNode::new_unchecked(crate::vocab::ID),
        };
        let Some(iri) = self.fresh(claim_id(&claim), "claim")? else {
            return Ok(None);
        };
        self.sheet
            .defined
            .entry("claim")
            .or_default()
            .insert(iri.clone());
        Ok(Some(Item::Claim(iri, Box::new(claim))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_placed_on_their_own_line_with_any_line_ends() {
        for text in ["a,b\n1,\"x\ny\"\n3,4\n", "a,b\r\n1,\"x\r\ny\"\r\n3,4\r\n"] {
            let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
            let mut lines = Lines::new(text);
            let lines: Vec<u64> = reader
                .records()
                .map(|r| lines.of(r.unwrap().position().unwrap().byte()))
                .collect();
            assert_eq!(lines, [2, 4], "{text:?}");
        }
    }
}
