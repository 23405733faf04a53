//! What SHACL asks of literal values: whether a literal is well formed for its datatype
//! (`sh:datatype` rejects `"2026-02-30"^^xsd:date`) and how two values compare
//! (`sh:minInclusive`, `sh:lessThan` and their kin use SPARQL's `<`, where values of
//! unrelated types are incomparable and so always fail).

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNodeRef, Term};
use std::cmp::Ordering;
use std::str::FromStr;

/// True when `term` is a literal of `datatype` whose lexical form is valid for it. Datatypes
/// outside XSD's built-ins are taken as declared.
pub(crate) fn has_datatype(term: &Term, datatype: NamedNodeRef<'_>) -> bool {
    let Term::Literal(literal) = term else {
        return false;
    };
    literal.datatype() == datatype && well_formed(literal)
}

/// True when `literal`'s lexical form is in its datatype's lexical space.
fn well_formed(literal: &Literal) -> bool {
    let value = literal.value();
    let dt = literal.datatype();
    if dt == rdf::LANG_STRING {
        return literal.language().is_some();
    }
    if let Some(range) = integer_range(dt) {
        return is_integer(value) && range.contains(value);
    }
    macro_rules! parses {
        ($($vocab:ident => $type:ident),* $(,)?) => {
            $(if dt == xsd::$vocab {
                return oxsdatatypes::$type::from_str(value).is_ok();
            })*
        };
    }
    parses! {
        BOOLEAN => Boolean, DOUBLE => Double, FLOAT => Float,
        DATE => Date, DATE_TIME => DateTime, TIME => Time,
        G_YEAR => GYear, G_YEAR_MONTH => GYearMonth, G_MONTH => GMonth,
        G_MONTH_DAY => GMonthDay, G_DAY => GDay,
        DURATION => Duration, DAY_TIME_DURATION => DayTimeDuration,
        YEAR_MONTH_DURATION => YearMonthDuration,
    }
    if dt == xsd::DECIMAL {
        return is_decimal(value);
    }
    if dt == xsd::DATE_TIME_STAMP {
        return oxsdatatypes::DateTime::from_str(value).is_ok_and(|d| d.timezone().is_some());
    }
    true
}

/// The bounds of XSD's integer types; `xsd:integer` itself is unbounded.
#[derive(Clone, Copy)]
struct IntegerRange {
    min: Option<i128>,
    max: Option<i128>,
}

impl IntegerRange {
    fn contains(self, value: &str) -> bool {
        // Digits beyond i128 are far outside every bounded type.
        let Ok(n) = value.parse::<i128>() else {
            let negative = value.starts_with('-');
            return if negative {
                self.min.is_none()
            } else {
                self.max.is_none()
            };
        };
        self.min.is_none_or(|min| n >= min) && self.max.is_none_or(|max| n <= max)
    }
}

fn integer_range(dt: NamedNodeRef<'_>) -> Option<IntegerRange> {
    let range = |min: Option<i128>, max: Option<i128>| Some(IntegerRange { min, max });
    match dt {
        d if d == xsd::INTEGER => range(None, None),
        d if d == xsd::NON_POSITIVE_INTEGER => range(None, Some(0)),
        d if d == xsd::NEGATIVE_INTEGER => range(None, Some(-1)),
        d if d == xsd::NON_NEGATIVE_INTEGER => range(Some(0), None),
        d if d == xsd::POSITIVE_INTEGER => range(Some(1), None),
        d if d == xsd::LONG => range(Some(i64::MIN.into()), Some(i64::MAX.into())),
        d if d == xsd::INT => range(Some(i32::MIN.into()), Some(i32::MAX.into())),
        d if d == xsd::SHORT => range(Some(i16::MIN.into()), Some(i16::MAX.into())),
        d if d == xsd::BYTE => range(Some(i8::MIN.into()), Some(i8::MAX.into())),
        d if d == xsd::UNSIGNED_LONG => range(Some(0), Some(u64::MAX.into())),
        d if d == xsd::UNSIGNED_INT => range(Some(0), Some(u32::MAX.into())),
        d if d == xsd::UNSIGNED_SHORT => range(Some(0), Some(u16::MAX.into())),
        d if d == xsd::UNSIGNED_BYTE => range(Some(0), Some(u8::MAX.into())),
        _ => None,
    }
}

fn is_integer(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(value: &str) -> bool {
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (!whole.is_empty() || !fraction.is_empty()) && digits(whole) && digits(fraction)
}

/// The ordering of two terms under SPARQL's `<`, or `None` when they are incomparable
/// (IRIs, blank nodes, language-tagged strings, values of unrelated types, ill-formed ones).
pub(crate) fn compare(a: &Term, b: &Term) -> Option<Ordering> {
    let (Term::Literal(a), Term::Literal(b)) = (a, b) else {
        return None;
    };
    if !well_formed(a) || !well_formed(b) {
        return None;
    }
    if let (Some(x), Some(y)) = (Number::of(a), Number::of(b)) {
        return x.compare(&y);
    }
    let (da, db) = (a.datatype(), b.datatype());
    if da != db {
        // dateTimeStamp is a dateTime with a time zone.
        let as_date_time = |d: NamedNodeRef<'_>| d == xsd::DATE_TIME || d == xsd::DATE_TIME_STAMP;
        if !(as_date_time(da) && as_date_time(db)) {
            return None;
        }
    }
    macro_rules! ordered {
        ($($vocab:ident => $type:ident),* $(,)?) => {
            $(if da == xsd::$vocab {
                let x = oxsdatatypes::$type::from_str(a.value()).ok()?;
                let y = oxsdatatypes::$type::from_str(b.value()).ok()?;
                return x.partial_cmp(&y);
            })*
        };
    }
    ordered! {
        DATE_TIME => DateTime, DATE_TIME_STAMP => DateTime, DATE => Date, TIME => Time,
        G_YEAR => GYear, G_YEAR_MONTH => GYearMonth, G_MONTH => GMonth,
        G_MONTH_DAY => GMonthDay, G_DAY => GDay, BOOLEAN => Boolean,
        DURATION => Duration, DAY_TIME_DURATION => DayTimeDuration,
        YEAR_MONTH_DURATION => YearMonthDuration,
    }
    (da == xsd::STRING).then(|| a.value().cmp(b.value()))
}

/// A numeric value: exact for integers and decimals, binary floating point otherwise, as
/// SPARQL promotes them.
enum Number {
    Exact(oxsdatatypes::Decimal),
    Float(f64),
}

impl Number {
    fn of(literal: &Literal) -> Option<Self> {
        let dt = literal.datatype();
        let value = literal.value();
        if integer_range(dt).is_some() || dt == xsd::DECIMAL {
            return match oxsdatatypes::Decimal::from_str(value) {
                Ok(decimal) => Some(Number::Exact(decimal)),
                // Beyond the exact decimal's range: compare approximately.
                Err(_) => value.parse().ok().map(Number::Float),
            };
        }
        if dt == xsd::DOUBLE || dt == xsd::FLOAT {
            return oxsdatatypes::Double::from_str(value)
                .ok()
                .map(|d| Number::Float(d.into()));
        }
        None
    }

    fn compare(&self, other: &Self) -> Option<Ordering> {
        match (self, other) {
            (Number::Exact(x), Number::Exact(y)) => x.partial_cmp(y),
            _ => self.approximate().partial_cmp(&other.approximate()),
        }
    }

    fn approximate(&self) -> f64 {
        match self {
            Number::Exact(d) => f64::from(oxsdatatypes::Double::from(*d)),
            Number::Float(f) => *f,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(value: &str, datatype: NamedNodeRef<'_>) -> Term {
        Literal::new_typed_literal(value, datatype).into()
    }

    #[test]
    fn ill_typed_literals_are_rejected() {
        assert!(has_datatype(&typed("2026-04-26", xsd::DATE), xsd::DATE));
        assert!(!has_datatype(&typed("2026-02-30", xsd::DATE), xsd::DATE));
        assert!(!has_datatype(&typed("April 2026", xsd::DATE), xsd::DATE));
        assert!(!has_datatype(&typed("300", xsd::BYTE), xsd::BYTE));
        assert!(!has_datatype(&typed("c", xsd::BYTE), xsd::BYTE));
        assert!(has_datatype(&typed("-128", xsd::BYTE), xsd::BYTE));
        assert!(has_datatype(
            &typed("123456789012345678901234567890", xsd::INTEGER),
            xsd::INTEGER
        ));
        assert!(!has_datatype(&typed("1.", xsd::INTEGER), xsd::INTEGER));
        assert!(has_datatype(&typed("1.", xsd::DECIMAL), xsd::DECIMAL));
        assert!(!has_datatype(&typed(".", xsd::DECIMAL), xsd::DECIMAL));
        assert!(has_datatype(
            &Literal::new_language_tagged_literal_unchecked("a", "en").into(),
            rdf::LANG_STRING
        ));
        assert!(!has_datatype(
            &Literal::new_simple_literal("a").into(),
            rdf::LANG_STRING
        ));
    }

    #[test]
    fn numbers_compare_across_types_and_other_values_only_within_theirs() {
        let int = typed("3", xsd::INTEGER);
        let dec = typed("3.5", xsd::DECIMAL);
        let dbl = typed("2.5e0", xsd::DOUBLE);
        assert_eq!(compare(&int, &dec), Some(Ordering::Less));
        assert_eq!(compare(&dec, &dbl), Some(Ordering::Greater));
        let date = typed("2026-04-26", xsd::DATE);
        assert_eq!(
            compare(&date, &typed("2026-04-28", xsd::DATE)),
            Some(Ordering::Less)
        );
        assert_eq!(compare(&date, &int), None);
        assert_eq!(
            compare(&Literal::new_simple_literal("a").into(), &int),
            None
        );
        assert_eq!(
            compare(
                &Literal::new_simple_literal("a").into(),
                &Literal::new_simple_literal("b").into()
            ),
            Some(Ordering::Less)
        );
    }
}
