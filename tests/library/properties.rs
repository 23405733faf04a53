//! Property-based tests of the parsers claimgraph owns, through its public API: the terms
//! users type (`claimgraph::terms`), the named-query headers, the SHACL shapes reader, the
//! escaping of output for terminals, and the CSV importer. Inputs are generated, hostile ones
//! among them (deep and wide shapes graphs, control characters, broken CSV), and each
//! property says what must hold for every one of them: parsed or refused with an error,
//! never a panic or a stack overflow, and the documented syntax read back exactly.
//!
//! The defects these properties found (a literal holding `^^`, a bare IRI holding `'`, an
//! empty header field continued below) each keep a plain test of their own as well.

use claimgraph::parse::Input;
use claimgraph::query::{Header, NamedQuery, Param};
use claimgraph::record::{TEMPLATE, import};
use claimgraph::render::{TerminalSafe, for_terminal};
use claimgraph::store::{Access, ClaimStore, Location};
use claimgraph::validate::Shapes;
use claimgraph::vocab::{CG, ID, PREFIXES};
use claimgraph::{Error, ErrorClass, terms};
use oxigraph::model::{GraphName, Literal, NamedNode, Term, Variable};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{FileFailurePersistence, TestRunner};
use std::cell::RefCell;
use std::fmt::Write as _;
use std::io::Write as _;

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// `cases` cases a property, the inputs of any failure kept beside this file
/// (`properties.proptest-regressions`) and tried first on later runs.
fn cases(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// The claim statuses of the ontology's scheme, as the README lists them.
const STATUSES: &[&str] = &[
    "confirmed",
    "reported",
    "claimed",
    "alleged",
    "disputed",
    "speculative",
    "refuted",
    "retracted",
];

/// What [`terms::status`] should give for `text`: a bare name (any case) is a concept of
/// the ontology, anything else as [`terms::entity`] reads it (`None`: refused).
fn expected_status(text: &str) -> Option<NamedNode> {
    let bare = !text.is_empty() && !text.contains(':') && !text.starts_with('<');
    if bare {
        NamedNode::new(format!("{CG}{}", text.to_ascii_lowercase())).ok()
    } else {
        terms::entity(text).ok()
    }
}

/// What [`terms::known_status`] should give: as [`terms::status`], and an IRI in the
/// ontology's namespace must be one of its statuses.
fn expected_known_status(text: &str) -> Option<NamedNode> {
    let iri = expected_status(text)?;
    match iri.as_str().strip_prefix(CG) {
        Some(local) if !STATUSES.contains(&local) => None,
        _ => Some(iri),
    }
}

// ---------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------

/// Text made of the pieces the term syntax gives meaning to, so that generated input often
/// comes close to something valid.
fn term_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => select(vec![
            "<", ">", "\"", "'", "@", "^^", "^", ":", "//", "\\", "\\\"", "\\u00", "=", "?",
            "$", "#", "%", "{", "}", " ", "\n", "\t", "-", "_", "id:", "cg:", "xsd:", "sh:",
            "nope:", "http://", "https://", "urn:", "tag:", "file:///", "mailto:", "DEFAULT",
            "en", "ar", "fr-FR", "xsd:date", "xsd:integer", "2026-04-26", "2026-02-30",
        ])
        .prop_map(String::from),
        3 => "[a-zA-Z0-9]{1,5}",
        1 => any::<char>().prop_map(String::from),
    ];
    vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), term_soup()]
}

/// An absolute IRI, written with a scheme that [`terms::entity`] reads in full.
fn absolute_iri() -> impl Strategy<Value = String> {
    let scheme = select(vec![
        "http://", "https://", "urn:", "tag:", "file:///", "mailto:", "did:", "ftp://",
    ]);
    let segment = prop_oneof![
        "[a-zA-Z0-9._~!$&()*+,;=:@-]{0,8}",
        "%[0-9A-F]{2}",
        "[éüкكدال中文]{1,3}",
        // `'` is as valid in an IRI as any sub-delimiter.
        Just("o'brien".to_owned()),
    ];
    (
        scheme,
        "[a-zA-Z0-9][a-zA-Z0-9.-]{0,12}",
        vec(segment, 0..4),
        proptest::option::of("[a-zA-Z0-9=&]{0,8}"),
        proptest::option::of("[a-zA-Z0-9-]{0,8}"),
    )
        .prop_map(|(scheme, host, segments, query, fragment)| {
            let mut iri = format!("{scheme}{host}");
            for segment in segments {
                iri.push('/');
                iri.push_str(&segment);
            }
            if let Some(query) = query {
                write!(iri, "?{query}").unwrap();
            }
            if let Some(fragment) = fragment {
                write!(iri, "#{fragment}").unwrap();
            }
            iri
        })
}

/// A language tag as users write them (`ar`, `fr-FR`, `zh-Hant-TW`).
fn language() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "en",
            "ar",
            "fr",
            "fr-FR",
            "zh-Hant-TW",
            "en-GB",
            "tmh",
            "AR-ml"
        ])
        .prop_map(String::from),
        "[a-zA-Z]{2,3}(-[A-Z]{2})?(-[a-z0-9]{5,8})?",
    ]
}

/// Text that can stand between the quotes of a literal as typed, unescaped.
fn unescaped_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[^\"\\\\\n\r]{0,6}",
        1 => select(vec!["^^", "^", "@", "@en", "'", "xsd:string", "<urn:x>", " ", "="])
            .prop_map(String::from),
    ];
    vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// A literal of a datatype, with a lexical form valid for it.
fn typed_value() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        any::<i64>().prop_map(|n| ("integer".to_owned(), n.to_string())),
        "-?[0-9]{1,6}\\.[0-9]{1,4}".prop_map(|d| ("decimal".to_owned(), d)),
        select(vec!["true", "false", "1", "0"]).prop_map(|b| ("boolean".to_owned(), b.into())),
        valid_date().prop_map(|(date, _)| ("date".to_owned(), date)),
        "[0-9]{4}".prop_map(|y| ("gYear".to_owned(), y)),
        unescaped_text().prop_map(|s| ("string".to_owned(), s)),
    ]
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// A day written `YYYY-MM-DD`, and whether the calendar has it.
fn valid_date() -> impl Strategy<Value = (String, bool)> {
    (1u32..=9999, 1u32..=12, 1u32..=31)
        .prop_map(|(y, m, d)| (format!("{y:04}-{m:02}-{d:02}"), d <= days_in_month(y, m)))
}

/// A SPARQL variable name, as `--param` takes it (maybe with `?` or `$`, maybe spaced).
fn param_name() -> impl Strategy<Value = (String, String)> {
    (
        select(vec!["", "?", "$", " ", " ?"]),
        "[a-zA-Z_][a-zA-Z0-9_]{0,10}",
        select(vec!["", " "]),
    )
        .prop_map(|(before, name, after)| (format!("{before}{name}{after}"), name))
}

/// The terms' errors are about what the user typed.
fn usage_error<T: std::fmt::Debug>(result: &Result<T, Error>) -> Result<(), TestCaseError> {
    if let Err(e) = result {
        prop_assert_eq!(e.class(), ErrorClass::Usage, "{:?}", e);
        prop_assert!(!e.to_string().is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(512))]

    /// Whatever is typed, each reader answers with a value or a usage error, never a panic,
    /// and the readers agree with one another where their syntaxes meet.
    #[test]
    fn terms_read_any_text_or_refuse_it(text in any_text()) {
        let entity = terms::entity(&text);
        let status = terms::status(&text);
        let graph = terms::graph(&text);
        let date = terms::date(&text);
        let term = terms::term(&text);
        let prefixed = terms::prefixed(&text);
        for result in [&entity, &prefixed] {
            usage_error(result)?;
        }
        usage_error(&status)?;
        prop_assert_eq!(status.ok(), expected_status(&text));
        let known = terms::known_status(&text);
        if let Err(e) = &known {
            // Mistyped, or well typed but not a status of the scheme.
            prop_assert!(matches!(e.class(), ErrorClass::Usage | ErrorClass::NotFound), "{:?}", e);
        }
        prop_assert_eq!(known.ok(), expected_known_status(&text));
        usage_error(&graph)?;
        usage_error(&date)?;
        usage_error(&term)?;
        if let Ok(iri) = &entity {
            prop_assert!(NamedNode::new(iri.as_str()).is_ok(), "{} is not an IRI", iri);
        }
        if text != terms::DEFAULT_GRAPH {
            prop_assert_eq!(graph.ok(), entity.as_ref().ok().cloned().map(GraphName::from));
        }
        if let Ok(day) = &date {
            prop_assert_eq!(day, &text);
            prop_assert_eq!(text.len(), 10);
        }
        // A parameter's value is read exactly as a term.
        let param = terms::param(&format!("x={text}"));
        match (&param, &term) {
            (Ok((variable, value)), Ok(expected)) => {
                prop_assert_eq!(variable.as_str(), "x");
                prop_assert_eq!(value, expected);
            }
            (Err(e), Err(_)) => prop_assert_eq!(e.class(), ErrorClass::Usage),
            _ => prop_assert!(false, "param {:?} but term {:?}", param, term),
        }
    }

    /// `<IRI>` is exactly that IRI, for entities, graphs and values; an absolute IRI
    /// written bare is the same IRI.
    #[test]
    fn iris_round_trip(iri in absolute_iri()) {
        let expected = NamedNode::new(&iri).expect("the generator writes valid IRIs");
        let bracketed = format!("<{iri}>");
        prop_assert_eq!(terms::entity(&bracketed)?, expected.clone());
        prop_assert_eq!(terms::status(&bracketed)?, expected.clone());
        prop_assert_eq!(terms::graph(&bracketed)?, GraphName::from(expected.clone()));
        prop_assert_eq!(terms::term(&bracketed)?, Term::from(expected.clone()));
        prop_assert_eq!(terms::entity(&iri)?, expected.clone());
        prop_assert_eq!(terms::graph(&iri)?, GraphName::from(expected.clone()));
        prop_assert_eq!(terms::term(&iri)?, Term::from(expected));
    }

    /// `prefix:local` expands with the default prefixes, everywhere.
    #[test]
    fn prefixed_names_expand(
        prefix in select(PREFIXES.iter().map(|(p, _)| *p).collect::<Vec<_>>()),
        local in "[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,15}",
    ) {
        let ns = PREFIXES.iter().find(|(p, _)| *p == prefix).unwrap().1;
        let expected = NamedNode::new(format!("{ns}{local}")).unwrap();
        let typed = format!("{prefix}:{local}");
        prop_assert_eq!(terms::entity(&typed)?, expected.clone());
        prop_assert_eq!(terms::prefixed(&typed)?, expected.clone());
        prop_assert_eq!(terms::status(&typed)?, expected.clone());
        prop_assert_eq!(terms::known_status(&typed).ok(), expected_known_status(&typed));
        prop_assert_eq!(terms::term(&typed)?, Term::from(expected));
    }

    /// A bare name is an entity of the knowledge base, a concept of the ontology as a status
    /// (refused by `known_status` unless one of the scheme's), and as a value a plain string.
    #[test]
    fn bare_names(
        name in prop_oneof![
            "[a-zA-Z0-9_][a-zA-Z0-9_-]{0,20}",
            (select(STATUSES.to_vec()), vec(any::<bool>(), 11)).prop_map(|(status, upper)| {
                status
                    .chars()
                    .zip(upper)
                    .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
                    .collect::<String>()
            }),
        ],
    ) {
        let entity = terms::entity(&name)?;
        prop_assert_eq!(entity.as_str(), format!("{ID}{name}"));
        let lower = name.to_ascii_lowercase();
        let status = terms::status(&name)?;
        prop_assert_eq!(status.as_str(), format!("{CG}{lower}"));
        match terms::known_status(&name) {
            Ok(status) => prop_assert_eq!(status.as_str(), format!("{CG}{lower}")),
            Err(e) => {
                prop_assert!(!STATUSES.contains(&lower.as_str()), "{} refused: {}", name, e);
                prop_assert_eq!(e.class(), ErrorClass::NotFound);
            }
        }
        prop_assert_eq!(terms::term(&name)?, Term::from(Literal::new_simple_literal(&name)));
    }

    /// `"text"@lang`, typed as is or with N-Triples escapes, is that literal.
    #[test]
    fn language_tagged_literals_round_trip(text in unescaped_text(), lang in language()) {
        let expected = Literal::new_language_tagged_literal(text.clone(), lang.clone())
            .expect("a valid language tag");
        let typed = format!("\"{text}\"@{lang}");
        prop_assert_eq!(terms::term(&typed)?, Term::from(expected.clone()));
        prop_assert_eq!(terms::term(&expected.to_string())?, Term::from(expected));
    }

    /// Any text, escaped as N-Triples writes it, reads back as the same literal.
    #[test]
    fn escaped_literals_round_trip(text in any::<String>(), lang in language()) {
        let plain = Literal::new_simple_literal(text.clone());
        prop_assert_eq!(terms::term(&plain.to_string())?, Term::from(plain));
        let tagged = Literal::new_language_tagged_literal(text, lang).unwrap();
        prop_assert_eq!(terms::term(&tagged.to_string())?, Term::from(tagged));
    }

    /// `"value"^^xsd:type` and `"value"^^<IRI>` are that typed literal.
    #[test]
    fn typed_literals_round_trip((datatype, value) in typed_value()) {
        let iri = NamedNode::new(format!("{XSD}{datatype}")).unwrap();
        let expected = Term::from(Literal::new_typed_literal(value.clone(), iri.clone()));
        prop_assert_eq!(terms::term(&format!("\"{value}\"^^xsd:{datatype}"))?, expected.clone());
        prop_assert_eq!(terms::term(&format!("\"{value}\"^^{iri}"))?, expected.clone());
        prop_assert_eq!(terms::term(&format!("\"{value}\"^^<{XSD}{datatype}>"))?, expected);
    }

    /// `YYYY-MM-DD` is a date exactly when the calendar has that day.
    #[test]
    fn dates_are_calendar_days((date, exists) in valid_date()) {
        prop_assert_eq!(terms::date(&date).ok(), exists.then(|| date.clone()));
    }

    /// Ten characters of digits and dashes: a date when they spell a calendar day.
    #[test]
    fn date_like_text_is_a_date_only_when_it_is_one(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
        let y: u32 = text[0..4].parse().unwrap();
        let m: u32 = text[5..7].parse().unwrap();
        let d: u32 = text[8..10].parse().unwrap();
        // Year 0000 is 1 BCE in XSD 1.1 and not in 1.0: either answer will do.
        prop_assume!(y != 0);
        let exists = (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m);
        prop_assert_eq!(terms::date(&text).is_ok(), exists, "{}", text);
    }

    /// `name=value` is the variable and the value as a term reads it.
    #[test]
    fn params_round_trip(
        (typed_name, name) in param_name(),
        value in prop_oneof![
            absolute_iri().prop_map(|iri| format!("<{iri}>")),
            typed_value().prop_map(|(t, v)| format!("\"{v}\"^^xsd:{t}")),
            (unescaped_text(), language()).prop_map(|(t, l)| format!("\"{t}\"@{l}")),
            "[a-z]{1,8}:[a-z0-9]{1,8}",
            any_text(),
        ],
    ) {
        let spec = format!("{typed_name}={value}");
        match (terms::param(&spec), terms::term(&value)) {
            (Ok((variable, bound)), Ok(term)) => {
                prop_assert_eq!(variable, Variable::new(&name).unwrap());
                prop_assert_eq!(bound, term);
            }
            (Err(e), Err(_)) => prop_assert_eq!(e.class(), ErrorClass::Usage),
            (param, term) => prop_assert!(false, "param {:?} but term {:?}", param, term),
        }
    }
}

/// `^^` inside the quotes is text (it was split there and refused).
#[test]
fn a_literal_holding_carets_is_that_literal() {
    assert_eq!(
        terms::term("\"a^^b\"@en").unwrap(),
        Term::from(Literal::new_language_tagged_literal("a^^b", "en").unwrap())
    );
    assert_eq!(
        terms::term("\"2^^10\"").unwrap(),
        Term::from(Literal::new_simple_literal("2^^10"))
    );
}

/// An apostrophe in a bare IRI keeps it an IRI as a value (it was read as a string).
#[test]
fn a_bare_iri_with_an_apostrophe_is_an_iri_as_a_value() {
    let iri = "https://example.org/o'brien";
    assert_eq!(
        terms::term(iri).unwrap(),
        Term::from(terms::entity(iri).unwrap())
    );
}

// ---------------------------------------------------------------------------------------
// Named-query headers
// ---------------------------------------------------------------------------------------

fn named(text: String) -> NamedQuery {
    NamedQuery {
        name: "generated",
        text: Box::leak(text.into_boxed_str()),
    }
}

/// Text made of the pieces a header is written with.
fn header_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => select(vec![
            "#", "# ", "#   ", "\n", "\r\n", "\r", "title:", "description:", "param:", ":",
            " ", "?", "$", "SELECT * WHERE {}", "\u{feff}", "##",
        ])
        .prop_map(String::from),
        2 => "[a-zA-Z0-9 ]{1,6}",
        1 => any::<char>().prop_map(String::from),
    ];
    vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Words for header text: no `:`, so that a continuation never reads as a field.
fn words() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9,.()'?-]{1,8}( [a-zA-Z0-9,.()'?-]{1,8}){0,4}"
}

#[derive(Debug, Clone)]
struct GeneratedHeader {
    title: String,
    description: String,
    continued: Vec<String>,
    /// Sigil, name, description, continuation lines.
    params: Vec<(String, String, String, Vec<String>)>,
    crlf: bool,
}

fn generated_header() -> impl Strategy<Value = GeneratedHeader> {
    (
        "[ ]{0,2}[a-zA-Z0-9 ,.:;()'-]{0,30}",
        "[ ]{0,2}[a-zA-Z0-9 ,.:;()'-]{0,40}",
        vec(words(), 0..4),
        vec(
            (
                select(vec!["", "?", "$"]).prop_map(String::from),
                "[a-zA-Z_][a-zA-Z0-9_]{0,10}",
                "[a-zA-Z0-9 ,.:;()'-]{0,30}",
                vec(words(), 0..3),
            ),
            0..5,
        ),
        any::<bool>(),
    )
        .prop_map(
            |(title, description, continued, params, crlf)| GeneratedHeader {
                title,
                description,
                continued,
                params,
                crlf,
            },
        )
}

impl GeneratedHeader {
    fn text(&self) -> String {
        let mut lines = vec![
            format!("# title: {}", self.title),
            format!("# description: {}", self.description),
        ];
        lines.extend(self.continued.iter().map(|c| format!("#   {c}")));
        for (sigil, name, description, continued) in &self.params {
            lines.push(format!("# param: {sigil}{name}: {description}"));
            lines.extend(continued.iter().map(|c| format!("#     {c}")));
        }
        lines.push("#".into());
        lines.push("SELECT ?x WHERE { ?x ?p ?o }".into());
        lines.push("# title: not part of the header".into());
        lines.push("# param: notaparam: after the query".into());
        lines.join(if self.crlf { "\r\n" } else { "\n" })
    }

    /// What the header says, as `NamedQuery::header` documents it.
    fn expected(&self) -> Header {
        let join = |first: &str, rest: &[String]| {
            let mut text = first.trim().to_owned();
            for line in rest {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(line.trim());
            }
            text
        };
        Header {
            title: self.title.trim().into(),
            description: join(&self.description, &self.continued),
            params: self
                .params
                .iter()
                .map(|(_, name, description, continued)| Param {
                    name: name.clone(),
                    description: join(description, continued),
                })
                .collect(),
        }
    }
}

proptest! {
    #![proptest_config(cases(512))]

    /// Any text is read as a header without a panic, and what comes out is trimmed.
    #[test]
    fn headers_of_any_text(text in prop_oneof![any::<String>(), header_soup()]) {
        let header = named(text).header();
        prop_assert_eq!(header.title.trim(), header.title.as_str());
        for param in &header.params {
            prop_assert!(!param.name.starts_with(['?', '$']), "{:?}", param);
            prop_assert_eq!(param.description.trim(), param.description.as_str());
        }
    }

    /// A header written as the shipped queries write theirs reads back field by field,
    /// continuation lines joined with one space, and nothing after the first line that is
    /// not a comment.
    #[test]
    fn headers_round_trip(generated in generated_header()) {
        let expected = generated.expected();
        let header = named(generated.text()).header();
        prop_assert_eq!(header, expected);
    }
}

/// An empty header field continued below starts with its text (it started with a space).
#[test]
fn a_description_started_on_the_next_line_has_no_leading_space() {
    let header =
        named("# title: t\n# description:\n#   Claims that are disputed.\nSELECT * {}".into())
            .header();
    assert_eq!(header.description, "Claims that are disputed.");
}

// ---------------------------------------------------------------------------------------
// SHACL shapes
// ---------------------------------------------------------------------------------------

const SHAPES_PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
";

/// Data with cycles along every predicate the generated shapes use.
const SHAPES_DATA: &str = "
<urn:a> a <urn:C> ; <urn:p> <urn:a> , <urn:b> , \"x\" ; <urn:p0> <urn:b> ; <urn:p1> 1 .
<urn:b> a <urn:C> ; <urn:p> <urn:a> ; <urn:p1> <urn:a> ; <urn:p2> \"y\"@en .
_:c <urn:p> <urn:a> ; <urn:p0> _:c .
";

/// One level of nesting around a shape.
#[derive(Debug, Clone)]
enum Wrap {
    Not,
    /// `sh:and`, `sh:or` or `sh:xone` with this many other members, the nested shape at
    /// the index.
    List(&'static str, usize, Index),
    Node,
    Property,
    Qualified,
}

fn wrap() -> impl Strategy<Value = Wrap> {
    prop_oneof![
        Just(Wrap::Not),
        (select(vec!["and", "or", "xone"]), 0usize..4, any::<Index>())
            .prop_map(|(list, others, at)| Wrap::List(list, others, at)),
        Just(Wrap::Node),
        Just(Wrap::Property),
        Just(Wrap::Qualified),
    ]
}

/// Small shapes to fill lists with.
const MEMBERS: &[&str] = &[
    "[ sh:nodeKind sh:IRI ]",
    "[ sh:class <urn:C> ]",
    "<urn:leaf>",
    "[ sh:in ( <urn:a> <urn:b> 1 ) ]",
    "[ sh:datatype xsd:string ]",
    "[ sh:path <urn:p> ; sh:minCount 1 ]",
    "[ sh:hasValue <urn:a> ]",
    "[ sh:pattern \"^urn:\" ; sh:flags \"i\" ]",
];

fn nest(chain: &[Wrap], leaf: &str) -> String {
    let mut inner = leaf.to_owned();
    for (depth, wrap) in chain.iter().enumerate() {
        inner = match wrap {
            Wrap::Not => format!("[ sh:not {inner} ]"),
            Wrap::List(list, others, at) => {
                let mut members: Vec<String> = (0..*others)
                    .map(|i| MEMBERS[(depth + i) % MEMBERS.len()].to_owned())
                    .collect();
                members.insert(at.index(others + 1), inner);
                format!("[ sh:{list} ( {} ) ]", members.join(" "))
            }
            Wrap::Node => format!("[ sh:node {inner} ]"),
            Wrap::Property => format!("[ sh:property [ sh:path <urn:p> ; sh:node {inner} ] ]"),
            Wrap::Qualified => format!(
                "[ sh:property [ sh:path <urn:p> ; sh:qualifiedValueShape {inner} ; \
                 sh:qualifiedMinCount 0 ; sh:qualifiedValueShapesDisjoint true ] ]"
            ),
        };
    }
    inner
}

/// A property path: a step of a long sequence, or one level of a deep nesting.
#[derive(Debug, Clone)]
enum PathStep {
    Predicate(usize),
    Inverse,
    ZeroOrMore,
    OneOrMore,
    ZeroOrOne,
    Sequence,
    Alternative,
}

fn path_step() -> impl Strategy<Value = PathStep> {
    prop_oneof![
        (0usize..3).prop_map(PathStep::Predicate),
        Just(PathStep::Inverse),
        Just(PathStep::ZeroOrMore),
        Just(PathStep::OneOrMore),
        Just(PathStep::ZeroOrOne),
        Just(PathStep::Sequence),
        Just(PathStep::Alternative),
    ]
}

/// A path nested one level per step, around `<urn:p>`.
fn nested_path(steps: &[PathStep]) -> String {
    let mut path = "<urn:p>".to_owned();
    for step in steps {
        path = match step {
            PathStep::Predicate(i) => format!("( <urn:p{i}> {path} )"),
            PathStep::Inverse => format!("[ sh:inversePath {path} ]"),
            PathStep::ZeroOrMore => format!("[ sh:zeroOrMorePath {path} ]"),
            PathStep::OneOrMore => format!("[ sh:oneOrMorePath {path} ]"),
            PathStep::ZeroOrOne => format!("[ sh:zeroOrOnePath {path} ]"),
            PathStep::Sequence => format!("( {path} <urn:p> )"),
            PathStep::Alternative => format!("[ sh:alternativePath ( {path} <urn:p1> ) ]"),
        };
    }
    path
}

/// A sequence path of one element per step, each element at most one level deep.
fn long_path(steps: &[PathStep]) -> String {
    let members: Vec<String> = steps
        .iter()
        .map(|step| match step {
            PathStep::Predicate(i) => format!("<urn:p{i}>"),
            PathStep::Inverse => "[ sh:inversePath <urn:p> ]".into(),
            PathStep::ZeroOrMore => "[ sh:zeroOrMorePath <urn:p0> ]".into(),
            PathStep::OneOrMore => "[ sh:oneOrMorePath <urn:p> ]".into(),
            PathStep::ZeroOrOne => "[ sh:zeroOrOnePath <urn:p1> ]".into(),
            PathStep::Sequence => "( <urn:p> <urn:p> )".into(),
            PathStep::Alternative => "[ sh:alternativePath ( <urn:p0> <urn:p2> ) ]".into(),
        })
        .collect();
    match members.len() {
        0 => "<urn:p>".into(),
        _ => format!("( {} )", members.join(" ")),
    }
}

#[derive(Debug, Clone)]
struct GeneratedShapes {
    /// Shapes nested around one another, from the root's `sh:node`.
    chain: Vec<Wrap>,
    /// The innermost shape refers back to the root: recursive shapes.
    recursive: bool,
    /// A path nested this deep, on a property shape of the root.
    nested_path: Vec<PathStep>,
    /// A sequence path this long, on another.
    long_path: Vec<PathStep>,
    /// An `sh:and` this wide on the root.
    wide_and: usize,
    /// An `sh:in` list this long.
    wide_in: usize,
    /// This many property shapes on the root.
    properties: usize,
}

fn generated_shapes() -> impl Strategy<Value = GeneratedShapes> {
    (
        prop_oneof![vec(wrap(), 0..12), vec(wrap(), 0..500)],
        any::<bool>(),
        prop_oneof![vec(path_step(), 0..8), vec(path_step(), 0..200)],
        vec(path_step(), 0..500),
        0usize..300,
        0usize..1000,
        0usize..100,
    )
        .prop_map(
            |(chain, recursive, nested_path, long_path, wide_and, wide_in, properties)| {
                GeneratedShapes {
                    chain,
                    recursive,
                    nested_path,
                    long_path,
                    wide_and,
                    wide_in,
                    properties,
                }
            },
        )
}

impl GeneratedShapes {
    fn turtle(&self) -> String {
        let leaf = if self.recursive {
            "<urn:root>"
        } else {
            "<urn:leaf>"
        };
        let mut ttl = String::from(SHAPES_PREFIXES);
        ttl.push_str("<urn:leaf> sh:class <urn:C> .\n");
        writeln!(
            ttl,
            "<urn:root> a sh:NodeShape ; sh:targetNode <urn:a> ; sh:targetClass <urn:C> ;\n\
             sh:node {} ;\n\
             sh:property [ sh:path {} ; sh:minCount 0 ] ;\n\
             sh:property [ sh:path {} ; sh:maxCount 100 ] .",
            nest(&self.chain, leaf),
            nested_path(&self.nested_path),
            long_path(&self.long_path),
        )
        .unwrap();
        if self.wide_and > 0 {
            let members: Vec<&str> = (0..self.wide_and)
                .map(|i| MEMBERS[i % MEMBERS.len()])
                .collect();
            writeln!(ttl, "<urn:root> sh:and ( {} ) .", members.join(" ")).unwrap();
        }
        if self.wide_in > 0 {
            let values: Vec<String> = (0..self.wide_in).map(|i| format!("<urn:v{i}>")).collect();
            writeln!(
                ttl,
                "<urn:wide-in> sh:targetNode <urn:b> ; sh:in ( <urn:b> {} ) .",
                values.join(" ")
            )
            .unwrap();
        }
        for i in 0..self.properties {
            writeln!(
                ttl,
                "<urn:root> sh:property [ sh:path <urn:p{}> ; sh:maxCount {} ; sh:nodeKind sh:IRIOrLiteral ] .",
                i % 4,
                i % 5
            )
            .unwrap();
        }
        ttl
    }
}

/// Validates `data` against `shapes` on their own.
fn validate(shapes: &Shapes, data: &str) -> Result<bool, Error> {
    shapes
        .validate_standalone(vec![Input::reader("data", data.as_bytes())])
        .map(|report| {
            assert_eq!(report.conforms(), report.violations().is_empty());
            report.conforms()
        })
}

/// A refusal of shapes or data is the user's to fix, not an internal failure.
fn refused(error: &Error) -> Result<(), TestCaseError> {
    prop_assert_ne!(error.class(), ErrorClass::Internal, "{:?}", error);
    prop_assert!(!error.to_string().is_empty());
    Ok(())
}

/// Random triples over a small vocabulary of SHACL terms: malformed lists, cycles, shapes
/// that refer to each other, literals where shapes are expected.
fn random_shapes_graph() -> impl Strategy<Value = String> {
    let node = select(vec![
        "<urn:s0>", "<urn:s1>", "<urn:s2>", "_:b0", "_:b1", "_:b2", "_:b3", "<urn:a>", "<urn:C>",
    ]);
    let predicate = select(vec![
        "rdf:type",
        "rdf:first",
        "rdf:rest",
        "rdfs:subClassOf",
        "sh:targetNode",
        "sh:targetClass",
        "sh:targetSubjectsOf",
        "sh:targetObjectsOf",
        "sh:path",
        "sh:inversePath",
        "sh:alternativePath",
        "sh:zeroOrMorePath",
        "sh:oneOrMorePath",
        "sh:zeroOrOnePath",
        "sh:node",
        "sh:property",
        "sh:not",
        "sh:and",
        "sh:or",
        "sh:xone",
        "sh:qualifiedValueShape",
        "sh:qualifiedMinCount",
        "sh:qualifiedMaxCount",
        "sh:qualifiedValueShapesDisjoint",
        "sh:class",
        "sh:datatype",
        "sh:nodeKind",
        "sh:minCount",
        "sh:maxCount",
        "sh:minLength",
        "sh:maxLength",
        "sh:pattern",
        "sh:flags",
        "sh:languageIn",
        "sh:uniqueLang",
        "sh:equals",
        "sh:disjoint",
        "sh:lessThan",
        "sh:lessThanOrEquals",
        "sh:minInclusive",
        "sh:maxExclusive",
        "sh:closed",
        "sh:ignoredProperties",
        "sh:hasValue",
        "sh:in",
        "sh:deactivated",
        "sh:severity",
        "sh:message",
        "<urn:p>",
    ]);
    let object = prop_oneof![
        4 => node.clone(),
        2 => select(vec![
            "rdf:nil", "sh:NodeShape", "sh:PropertyShape", "sh:IRI", "sh:BlankNode",
            "sh:Literal", "sh:BlankNodeOrIRI", "rdfs:Class", "sh:Warning", "xsd:string",
            "<urn:p>", "sh:sparql",
        ]),
        2 => select(vec![
            "0", "1", "-1", "3", "\"1\"", "true", "false", "\"x\"", "\"[a-\"", "\"^urn\"",
            "\"i\"", "\"en\"", "18446744073709551616", "1.5",
        ]),
    ];
    vec((node, predicate, object), 1..60).prop_map(|triples| {
        let mut ttl = String::from(SHAPES_PREFIXES);
        ttl.push_str("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n");
        for (s, p, o) in triples {
            writeln!(ttl, "{s} {p} {o} .").unwrap();
        }
        ttl
    })
}

/// Text made of Turtle's pieces.
fn turtle_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => select(vec![
            "[", "]", "(", ")", " ", ";", ",", ".", "\n", "sh:not", "sh:and", "sh:node",
            "sh:path", "sh:property", "sh:targetNode", "a", "sh:NodeShape", "<urn:x>", "_:b",
            "\"x\"", "@prefix", "<", ">", "1", "sh:inversePath", "sh:in",
        ]),
        1 => select(vec!["\u{0}", "\u{feff}", "\"\"\"", "#", "^^", "@en", "\\"]),
    ];
    vec(piece, 0..80).prop_map(|pieces| format!("{SHAPES_PREFIXES}{}", pieces.concat()))
}

proptest! {
    #![proptest_config(cases(64))]

    /// Shapes nested hundreds deep (`sh:not`, `sh:and`, `sh:node`, property and qualified
    /// shapes), recursive ones, paths nested deep or hundreds of steps long, lists of
    /// thousands: read, or refused with an error; then checked against cyclic data, with an
    /// answer or an error. Shallow ones read and check.
    #[test]
    fn deep_and_wide_shapes_are_read_or_refused(generated in generated_shapes()) {
        let turtle = generated.turtle();
        let shapes = Shapes::parse(&turtle, "generated.ttl");
        if generated.nested_path.len() <= 16 {
            // Shapes nest as deep as they like (they are read from a work list); only paths
            // nested deeper than a bound are refused.
            prop_assert!(shapes.is_ok(), "{:?}", shapes.err());
        }
        let shapes = match shapes {
            Ok(shapes) => shapes,
            Err(e) => return refused(&e),
        };
        prop_assert!(!shapes.targets_nothing());
        match validate(&shapes, SHAPES_DATA) {
            Ok(_) => {}
            Err(e) => {
                refused(&e)?;
                prop_assert!(
                    generated.chain.len() > 12 || generated.nested_path.len() > 16,
                    "shallow shapes failed: {e}"
                );
            }
        }
    }

}

proptest! {
    #![proptest_config(cases(32))]

    /// The same shapes read from an N-Triples file, where nothing nests in the syntax:
    /// the reader gets the deep structure without the Turtle parser's help.
    #[test]
    fn deep_shapes_read_from_a_flat_file(chain in vec(wrap(), 0..500), recursive in any::<bool>()) {
        let generated = GeneratedShapes {
            chain,
            recursive,
            nested_path: Vec::new(),
            long_path: Vec::new(),
            wide_and: 0,
            wide_in: 0,
            properties: 0,
        };
        let mut nt = String::new();
        for triple in oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(generated.turtle().as_bytes())
        {
            let triple = triple.expect("generated Turtle parses");
            writeln!(nt, "{} {} {} .", triple.subject, triple.predicate, triple.object).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("shapes.nt");
        std::fs::write(&file, nt).unwrap();
        let shapes = Shapes::read(&file);
        prop_assert!(shapes.is_ok(), "{:?}", shapes.err());
        if let Err(e) = validate(&shapes.unwrap(), SHAPES_DATA) {
            refused(&e)?;
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// Random graphs of SHACL terms are read or refused, and what is read checks data.
    #[test]
    fn random_shapes_graphs_are_read_or_refused(turtle in random_shapes_graph()) {
        match Shapes::parse(&turtle, "random.ttl") {
            Ok(shapes) => {
                if let Err(e) = validate(&shapes, SHAPES_DATA) {
                    refused(&e)?;
                }
            }
            Err(e) => refused(&e)?,
        }
    }

    /// Any text is read as shapes or refused.
    #[test]
    fn any_text_is_read_as_shapes_or_refused(text in prop_oneof![turtle_soup(), any::<String>()]) {
        if let Err(e) = Shapes::parse(&text, "soup.ttl") {
            refused(&e)?;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Output escaping
// ---------------------------------------------------------------------------------------

fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

/// Characters with a bias to the ones that matter: C0, DEL, C1, line ends, and the
/// characters whose UTF-8 starts with the byte 0xC2 as C1 controls do.
fn hostile_char() -> impl Strategy<Value = char> {
    let from = |range: std::ops::Range<u32>| range.prop_map(|c| char::from_u32(c).unwrap());
    prop_oneof![
        3 => any::<char>(),
        2 => from(0..0x20),
        2 => from(0x7F..0xA0),
        2 => from(0xA0..0x100),
        2 => select(vec!['\n', '\t', '\r', '\u{1b}', '[', 'é', 'ك', '\u{feff}', '\u{2028}', 'x']),
    ]
}

fn hostile_text() -> impl Strategy<Value = String> {
    vec(hostile_char(), 0..80).prop_map(|chars| chars.into_iter().collect())
}

/// Bytes with a bias to control bytes, 0xC2 and C1 continuation bytes.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        3 => any::<u8>(),
        2 => Just(0xC2u8),
        2 => 0x80u8..0xA0,
        1 => 0u8..0x20,
        1 => Just(0x7Fu8),
        2 => 0x20u8..0x7F,
    ];
    vec(byte, 0..80)
}

/// `bytes` written through a [`TerminalSafe`] in pieces cut at `cuts`.
fn through_terminal_safe(bytes: &[u8], cuts: &[Index]) -> Vec<u8> {
    let mut at: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
    at.push(0);
    at.push(bytes.len());
    at.sort_unstable();
    let mut out = Vec::new();
    {
        let mut safe = TerminalSafe::new(&mut out);
        for pair in at.windows(2) {
            safe.write_all(&bytes[pair[0]..pair[1]]).unwrap();
        }
        safe.flush().unwrap();
    }
    out
}

/// True when `bytes` hold a control character a terminal acts on: C0 but line feed and
/// tab, DEL, or C1 (0xC2 0x80..=0x9F).
fn has_terminal_control(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, b)| {
        matches!(b, 0x00..=0x08 | 0x0B..=0x1F | 0x7F)
            || (*b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
    })
}

proptest! {
    #![proptest_config(cases(512))]

    /// Text for people holds no control character once escaped (but line ends and tabs
    /// where the layout is kept), each one shown as its documented escape; text without
    /// one is returned as it was.
    #[test]
    fn escaped_text_holds_no_control_character(text in hostile_text(), keep_layout in any::<bool>()) {
        let kept = |c: char| keep_layout && matches!(c, '\n' | '\t');
        let escaped = for_terminal(&text, keep_layout);
        for c in escaped.chars() {
            prop_assert!(!is_control(c) || kept(c), "{:?} in {:?}", c, escaped);
        }
        if !text.chars().any(|c| is_control(c) && !kept(c)) {
            prop_assert_eq!(escaped.as_ref(), text.as_str());
            prop_assert!(matches!(escaped, std::borrow::Cow::Borrowed(_)));
        }
        let mut expected = String::new();
        for c in text.chars() {
            match c {
                c if kept(c) || !is_control(c) => expected.push(c),
                c if (c as u32) < 0x80 => write!(expected, "\\x{:02X}", c as u32).unwrap(),
                c => write!(expected, "\\u{{{:X}}}", c as u32).unwrap(),
            }
        }
        prop_assert_eq!(escaped.as_ref(), expected.as_str());
    }

    /// The terminal writer gives, for text, what `for_terminal` gives keeping the layout,
    /// however the writes cut it.
    #[test]
    fn the_terminal_writer_escapes_text_whatever_the_writes(
        text in hostile_text(),
        cuts in vec(any::<Index>(), 0..8),
    ) {
        let out = through_terminal_safe(text.as_bytes(), &cuts);
        prop_assert_eq!(
            String::from_utf8(out).expect("UTF-8 in, UTF-8 out"),
            for_terminal(&text, true).into_owned()
        );
    }

    /// On any bytes, the terminal writer lets no control through, passes bytes without one
    /// unchanged, and writes the same bytes however the writes cut them.
    #[test]
    fn the_terminal_writer_on_any_bytes(
        bytes in hostile_bytes(),
        cuts in vec(any::<Index>(), 0..8),
    ) {
        let whole = through_terminal_safe(&bytes, &[]);
        let cut = through_terminal_safe(&bytes, &cuts);
        prop_assert_eq!(&cut, &whole);
        prop_assert!(!has_terminal_control(&whole), "{:?}", String::from_utf8_lossy(&whole));
        if !has_terminal_control(&bytes) {
            prop_assert_eq!(&whole, &bytes);
        }
    }
}

// ---------------------------------------------------------------------------------------
// CSV import
// ---------------------------------------------------------------------------------------

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

/// A plausible value for `column`, with a fresh word so that generated ids rarely meet.
fn plausible(column: &str, word: &str, number: u32) -> String {
    let pick = |options: &[&str]| options[number as usize % options.len()].to_owned();
    match column {
        "kind" => pick(&["actor", "source", "claim", "claim", "Claim", "claim"]),
        "id" => format!("gen-{word}-{number}"),
        "class" => pick(&[
            "armed-group",
            "article",
            "person",
            "post",
            "media-outlet",
            "communique",
        ]),
        "en" => format!("Generated claim {word} number {number}."),
        "ar" => format!("ادعاء {word} رقم {number}"),
        "fr" => format!("Affirmation « {word} » n° {number}"),
        "publisher" => pick(&["id:noon-post", "noon-post"]),
        "date" => format!("2026-05-{:02}", 1 + number % 28),
        "language" => pick(&["ar", "en", "fr"]),
        "url" => format!("https://example.org/{word}/{number}"),
        "identifier" => format!("{word}-{number}"),
        "reliability" => pick(&["A", "b", "C", "D", "E", "F"]),
        "status" => pick(&["claimed", "reported", "Confirmed", "disputed"]),
        "stance" => pick(&["affirms", "denies"]),
        "claimants" => pick(&["id:jnim", "noon-post", "id:jnim|noon-post"]),
        "sources" => pick(&[
            "id:source-noonpost-2026-04-mali",
            "source-noonpost-2026-04-mali",
        ]),
        "about" => pick(&["id:kidal", "id:bamako|id:kidal", "kidal", ""]),
        "quote" => format!("اقتباس {word} {number}"),
        "quote_lang" => pick(&["ar", "", "en"]),
        "credibility" => format!("{}", 1 + number % 6),
        "contradicts" => pick(&["", "", "id:claim-camara-killed"]),
        _ => word.to_owned(),
    }
}

/// Cell values that break something.
fn hostile_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "",
            " ",
            "\"",
            "\"\"",
            ",",
            "\n",
            "\r\n",
            "|",
            "||",
            "id:",
            "nope:x",
            "<not an iri>",
            "<urn:x>",
            "2026-02-30",
            "0000-00-00",
            "99999-01-01",
            "G",
            "7",
            "0",
            "-1",
            "confirmd",
            "rumour",
            "\u{1b}[2J",
            "\u{0}",
            "\u{feff}",
            "id:noon-pots",
            "claim",
            "actor",
            "source",
            "kind",
            "id:claim-camara-killed",
            "a\"b",
            "\"quoted\"",
        ])
        .prop_map(String::from),
        any::<String>(),
        "[a-z]{200,400}",
    ]
}

#[derive(Debug, Clone)]
enum CellWrite {
    /// Quoted when it must be, as a spreadsheet writes it.
    Proper,
    /// Always quoted.
    Quoted,
    /// As it is, quotes and commas and all.
    Raw,
}

fn csv_cell(value: &str, how: &CellWrite) -> String {
    let needs = value.contains([',', '"', '\n', '\r']) || value.starts_with(' ');
    match how {
        CellWrite::Raw => value.to_owned(),
        CellWrite::Proper if !needs => value.to_owned(),
        _ => format!("\"{}\"", value.replace('"', "\"\"")),
    }
}

/// A sheet: a header (the columns in any order, perhaps with one too many or too few) and
/// rows of plausible and hostile cells.
fn structured_sheet() -> impl Strategy<Value = String> {
    let header = (
        Just(COLUMNS.to_vec()).prop_shuffle(),
        prop_oneof![8 => Just(None), 1 => Just(Some("bogus")), 1 => Just(Some("kind"))],
        prop_oneof![9 => Just(None), 1 => any::<Index>().prop_map(Some)],
        any::<bool>(),
        any::<bool>(),
    );
    let cell = (
        prop_oneof![4 => Just(None), 1 => hostile_cell().prop_map(Some)],
        "[a-z]{3,8}",
        any::<u32>(),
        prop_oneof![
            6 => Just(CellWrite::Proper),
            2 => Just(CellWrite::Quoted),
            1 => Just(CellWrite::Raw),
        ],
    );
    let row = (
        vec(cell, 21..=23),
        prop_oneof![9 => Just(None), 1 => (0usize..25).prop_map(Some)],
    );
    (header, vec(row, 0..8), select(vec!["\n", "\r\n"])).prop_map(
        |((mut columns, extra, dropped, shout, bom), rows, eol)| {
            if let Some(extra) = extra {
                columns.push(extra);
            }
            if let Some(dropped) = dropped {
                columns.remove(dropped.index(columns.len()));
            }
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            let header: Vec<String> = columns
                .iter()
                .map(|c| {
                    if shout {
                        format!(" {} ", c.to_uppercase())
                    } else {
                        (*c).to_owned()
                    }
                })
                .collect();
            text.push_str(&header.join(","));
            text.push_str(eol);
            for (cells, length) in rows {
                let mut fields: Vec<String> = columns
                    .iter()
                    .zip(&cells)
                    .map(|(column, (hostile, word, number, how))| {
                        let value = hostile
                            .clone()
                            .unwrap_or_else(|| plausible(column, word, *number));
                        csv_cell(&value, how)
                    })
                    .collect();
                if let Some(length) = length {
                    fields.truncate(length);
                }
                text.push_str(&fields.join(","));
                text.push_str(eol);
            }
            text
        },
    )
}

/// The template, edited here and there.
fn mutated_template() -> impl Strategy<Value = String> {
    let edit = (any::<Index>(), 0u8..3, hostile_cell());
    vec(edit, 0..4).prop_map(|edits| {
        let mut text: Vec<char> = TEMPLATE.chars().collect();
        for (at, op, insert) in edits {
            let at = at.index(text.len() + 1);
            match op {
                0 if at < text.len() => {
                    text.remove(at);
                }
                1 if at < text.len() => {
                    text.splice(at..=at, insert.chars());
                }
                _ => {
                    text.splice(at..at, insert.chars());
                }
            }
        }
        text.into_iter().collect()
    })
}

fn any_sheet() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => structured_sheet(),
        3 => mutated_template(),
        1 => vec(any::<u8>(), 0..400).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => any::<String>(),
    ]
}

/// Any CSV is imported whole or refused with every problem placed in the file, and the
/// store changes by exactly what an import says it wrote, or not at all.
#[test]
fn any_csv_is_imported_whole_or_refused() {
    let store = RefCell::new(ClaimStore::open(&Location::Memory, Access::Write).unwrap());
    let agent = terms::entity("id:claimgraph-editors").unwrap();
    let outcomes = RefCell::new([0usize; 2]);
    let mut runner = TestRunner::new(ProptestConfig {
        source_file: Some(file!()),
        ..cases(256)
    });
    let result = runner.run(&any_sheet(), |sheet| {
        let mut store = store.borrow_mut();
        let before = store.len().unwrap();
        let result = import(&mut *store, "sheet.csv", &sheet, &agent);
        let after = store.len().unwrap();
        match result {
            Ok(imported) => {
                outcomes.borrow_mut()[0] += 1;
                prop_assert_eq!(after as u64, before as u64 + imported.triples);
                prop_assert_eq!(
                    imported.triples > 0,
                    imported.actors + imported.sources + imported.claims > 0
                );
            }
            Err(e) => {
                outcomes.borrow_mut()[1] += 1;
                prop_assert_eq!(after, before, "a refused import changed the store");
                refused(&e)?;
                if let Error::BadRows { file, problems } = &e {
                    prop_assert_eq!(file.as_str(), "sheet.csv");
                    prop_assert!(!problems.is_empty());
                    for problem in problems {
                        prop_assert!(problem.starts_with("sheet.csv:"), "{}", problem);
                    }
                }
            }
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let [imported, rejected] = *outcomes.borrow();
    // Both outcomes are exercised, or the property says little.
    assert!(
        imported > 0,
        "no generated sheet imported ({rejected} refused)"
    );
    assert!(rejected > 0, "no generated sheet was refused");
}
