//! `application/x-www-form-urlencoded`, as URL query strings and form bodies carry it, decoded
//! strictly: a `%` not followed by two hex digits, or bytes that are not UTF-8, are the
//! client's mistake and answered 400, not guessed at (a lenient decoder would run a query
//! other than the one sent).

/// The `name=value` pairs of `encoded`, in order; a name without `=` has an empty value.
pub(crate) fn parse(encoded: &str) -> Result<Vec<(String, String)>, String> {
    encoded
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

fn decode(text: &str) -> Result<String, String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, after)) = rest.split_first() {
        rest = after;
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = rest
                    .get(..2)
                    .filter(|pair| pair.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|pair| std::str::from_utf8(pair).ok())
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                    .ok_or_else(|| {
                        let shown: String =
                            String::from_utf8_lossy(&rest[..rest.len().min(2)]).into();
                        format!(
                            "malformed percent-encoding: `%{shown}` is not `%` and two hex digits"
                        )
                    })?;
                bytes.push(hex);
                rest = &rest[2..];
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes)
        .map_err(|_| "malformed percent-encoding: the decoded bytes are not UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_pairs_plus_and_percent() {
        assert_eq!(
            parse("query=SELECT+*+%7B%7D&x&lang=%D8%B9").unwrap(),
            vec![
                ("query".into(), "SELECT * {}".into()),
                ("x".into(), String::new()),
                ("lang".into(), "ع".into()),
            ]
        );
    }

    #[test]
    fn refuses_malformed_escapes() {
        for bad in ["q=%", "q=%4", "q=%zz", "q=%+1", "q=%C3%28", "q=%e"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
