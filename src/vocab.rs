//! The ontology's terms and the well-known namespaces, in one place.
//!
//! Code that reads the knowledge base names every term through these constants, so renaming a
//! term is a one-line change and a typo is a compile error instead of a silently empty report.

use oxigraph::model::NamedNodeRef;

/// The claimgraph ontology namespace (`cg:`).
pub const CG: &str = "https://w3id.org/claimgraph/ontology#";
/// The namespace of instance data (`id:`).
pub const ID: &str = "https://w3id.org/claimgraph/id/";
/// The namespace of the named graphs that hold the files shipped inside the binary.
pub const SHIPPED_GRAPH: &str = "https://w3id.org/claimgraph/graph/";
/// The named graph that holds what users record with claimgraph's own commands (sources,
/// actors, claims, status changes): their edits, kept apart from the files they loaded.
pub const EDITS_GRAPH: &str = "https://w3id.org/claimgraph/graph/edits";

/// The claim statuses of the ontology's scheme (`cg:confirmed` …), by local name.
pub const STATUSES: [&str; 8] = [
    "confirmed",
    "reported",
    "claimed",
    "alleged",
    "disputed",
    "speculative",
    "refuted",
    "retracted",
];

/// The prefixes every query may use without declaring them, and that exports and tables use
/// to shorten IRIs. Order matters for display: the first matching namespace wins.
pub const PREFIXES: &[(&str, &str)] = &[
    ("cg", CG),
    ("id", ID),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("schema", "https://schema.org/"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("geo", "http://www.opengis.net/ont/geosparql#"),
    ("sh", "http://www.w3.org/ns/shacl#"),
];

/// Returns the namespace IRI bound to `prefix` among the default prefixes.
pub fn namespace(prefix: &str) -> Option<&'static str> {
    PREFIXES
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, ns)| *ns)
}

/// Shortens `iri` to a prefixed name when one of the default namespaces matches and the rest
/// is a plain local name; `None` when it cannot be shortened safely.
pub fn compact(iri: &str) -> Option<String> {
    PREFIXES.iter().find_map(|(prefix, ns)| {
        let local = iri.strip_prefix(ns)?;
        let plain = local
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
            && !local.ends_with('.')
            && !local.starts_with(['-', '.']);
        plain.then(|| format!("{prefix}:{local}"))
    })
}

/// The part of an IRI after its last `#` or `/`: `cg:reported` → `reported`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

macro_rules! terms {
    ($ns:literal; $($name:ident = $local:literal),* $(,)?) => {
        $(
            #[doc = concat!("`", $ns, $local, "`")]
            pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!($ns, $local));
        )*
    };
}

/// Terms of the claimgraph ontology.
pub mod cg {
    use super::NamedNodeRef;
    terms! { "https://w3id.org/claimgraph/ontology#";
        CLAIM = "Claim",
        STATEMENT = "statement",
        STATUS = "status",
        STANCE = "stance",
        ABOUT = "about",
        QUOTE = "quote",
        FIRST_REPORTED = "firstReported",
        CONTRADICTS = "contradicts",
        CREDIBILITY = "credibility",
        RELIABILITY = "reliability",
        STATUS_CHANGE = "statusChange",
        NEW_STATUS = "newStatus",
        DATE = "date",
        RECORDED_AT = "recordedAt",
        UNCONFIRMED = "Unconfirmed",
        CLAIM_STATUS_SCHEME = "ClaimStatusScheme",
    }
}

/// Terms of PROV-O.
pub mod prov {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/ns/prov#";
        WAS_ATTRIBUTED_TO = "wasAttributedTo",
        WAS_DERIVED_FROM = "wasDerivedFrom",
        WAS_ASSOCIATED_WITH = "wasAssociatedWith",
        USED = "used",
        HAD_PRIMARY_SOURCE = "hadPrimarySource",
    }
}

/// Terms of SKOS.
pub mod skos {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/2004/02/skos/core#";
        PREF_LABEL = "prefLabel",
        MEMBER = "member",
        IN_SCHEME = "inScheme",
        NOTATION = "notation",
    }
}

/// Terms of schema.org used for sources.
pub mod schema {
    use super::NamedNodeRef;
    terms! { "https://schema.org/";
        HEADLINE = "headline",
        NAME = "name",
        PUBLISHER = "publisher",
        DATE_PUBLISHED = "datePublished",
        IN_LANGUAGE = "inLanguage",
        URL = "url",
        IDENTIFIER = "identifier",
    }
}

/// Terms of the Web Annotation vocabulary used for evidence quotes.
pub mod oa {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/ns/oa#";
        EXACT = "exact",
        PREFIX = "prefix",
        SUFFIX = "suffix",
        TEXT_QUOTE_SELECTOR = "TextQuoteSelector",
        SPECIFIC_RESOURCE = "SpecificResource",
        HAS_SOURCE = "hasSource",
        HAS_SELECTOR = "hasSelector",
    }
}

/// Terms of RDF Schema.
pub mod rdfs {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/2000/01/rdf-schema#";
        LABEL = "label",
        SUB_CLASS_OF = "subClassOf",
        COMMENT = "comment",
    }
}

/// Terms of SHACL that the validator reads in shapes and writes in reports.
pub mod sh {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/ns/shacl#";
        NODE_SHAPE = "NodeShape",
        CLASS = "class",
        DATATYPE = "datatype",
        NODE_KIND = "nodeKind",
        MIN_COUNT = "minCount",
        MAX_COUNT = "maxCount",
        MIN_INCLUSIVE = "minInclusive",
        MAX_INCLUSIVE = "maxInclusive",
        MIN_EXCLUSIVE = "minExclusive",
        MAX_EXCLUSIVE = "maxExclusive",
        MIN_LENGTH = "minLength",
        MAX_LENGTH = "maxLength",
        PATTERN = "pattern",
        FLAGS = "flags",
        LANGUAGE_IN = "languageIn",
        UNIQUE_LANG = "uniqueLang",
        EQUALS = "equals",
        DISJOINT = "disjoint",
        LESS_THAN = "lessThan",
        LESS_THAN_OR_EQUALS = "lessThanOrEquals",
        HAS_VALUE = "hasValue",
        IN = "in",
        PROPERTY_SHAPE = "PropertyShape",
        TARGET_CLASS = "targetClass",
        TARGET_NODE = "targetNode",
        TARGET_SUBJECTS_OF = "targetSubjectsOf",
        TARGET_OBJECTS_OF = "targetObjectsOf",
        PATH = "path",
        INVERSE_PATH = "inversePath",
        ALTERNATIVE_PATH = "alternativePath",
        ZERO_OR_MORE_PATH = "zeroOrMorePath",
        ONE_OR_MORE_PATH = "oneOrMorePath",
        ZERO_OR_ONE_PATH = "zeroOrOnePath",
        PROPERTY = "property",
        NODE = "node",
        NOT = "not",
        AND = "and",
        OR = "or",
        XONE = "xone",
        QUALIFIED_VALUE_SHAPE = "qualifiedValueShape",
        QUALIFIED_MIN_COUNT = "qualifiedMinCount",
        QUALIFIED_MAX_COUNT = "qualifiedMaxCount",
        QUALIFIED_VALUE_SHAPES_DISJOINT = "qualifiedValueShapesDisjoint",
        CLOSED = "closed",
        IGNORED_PROPERTIES = "ignoredProperties",
        DEACTIVATED = "deactivated",
        MESSAGE = "message",
        SEVERITY = "severity",
        VIOLATION = "Violation",
        WARNING = "Warning",
        INFO = "Info",
        VALIDATION_REPORT = "ValidationReport",
        VALIDATION_RESULT = "ValidationResult",
        CONFORMS = "conforms",
        RESULT = "result",
        FOCUS_NODE = "focusNode",
        RESULT_PATH = "resultPath",
        VALUE = "value",
        RESULT_SEVERITY = "resultSeverity",
        SOURCE_CONSTRAINT_COMPONENT = "sourceConstraintComponent",
        SOURCE_SHAPE = "sourceShape",
        RESULT_MESSAGE = "resultMessage",
        IRI = "IRI",
        BLANK_NODE = "BlankNode",
        LITERAL = "Literal",
        BLANK_NODE_OR_IRI = "BlankNodeOrIRI",
        BLANK_NODE_OR_LITERAL = "BlankNodeOrLiteral",
        IRI_OR_LITERAL = "IRIOrLiteral",
    }
}

/// Terms of Dublin Core.
pub mod dcterms {
    use super::NamedNodeRef;
    terms! { "http://purl.org/dc/terms/";
        SOURCE = "source",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacts_known_namespaces_only() {
        assert_eq!(
            compact("https://w3id.org/claimgraph/id/kidal").as_deref(),
            Some("id:kidal")
        );
        assert_eq!(compact("http://example.com/x"), None);
        assert_eq!(compact("https://w3id.org/claimgraph/id/a/b"), None);
    }

    #[test]
    fn local_names() {
        assert_eq!(
            local_name("https://w3id.org/claimgraph/ontology#reported"),
            "reported"
        );
        assert_eq!(local_name("https://w3id.org/claimgraph/id/kidal"), "kidal");
    }

    #[test]
    fn terms_are_in_their_namespaces() {
        assert!(cg::CLAIM.as_str().starts_with(CG));
        assert_eq!(namespace("cg"), Some(CG));
    }
}
