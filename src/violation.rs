//! What a SHACL check finds, in a module of its own at the bottom of the library: the
//! validator produces violations, and a write refused for them carries them in its error.

use serde::Serialize;

/// One result of validation: a focus node that breaks a constraint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Violation {
    /// The node that was checked.
    pub focus: String,
    /// The property path, in SPARQL syntax, for property shapes.
    pub path: Option<String>,
    /// The offending value, where there is one.
    pub value: Option<String>,
    /// The constraint component, e.g. `sh:MinCountConstraintComponent`.
    pub component: String,
    /// `Violation`, `Warning` or `Info`.
    pub severity: String,
    /// The shape's `sh:message`, or a description of the constraint.
    pub message: String,
    /// The shape that failed.
    pub shape: String,
}

impl std::fmt::Display for Violation {
    /// `focus (path): message`, the line a person reads.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.focus)?;
        if let Some(path) = &self.path {
            write!(f, " ({path})")?;
        }
        write!(f, ": {}", self.message)
    }
}
