//! A bound on how deeply a query nests, checked on its text before the parser sees it.
//!
//! oxigraph's SPARQL parser, optimiser and evaluator recurse once per level of nesting, and a
//! query of 1,000 nested `{ }` or a chain of 1,000 `UNION`s overflowed the stack and aborted
//! the process. Real queries nest a handful of levels; these bounds leave ample room for them
//! (and for generated queries) while keeping every query far from the stack's end.

use crate::error::{Error, Result};

/// Brackets (`{ ( [`) open at once.
pub(crate) const MAX_DEPTH: usize = 128;
/// `UNION`s in one query: each adds a level to the algebra tree.
pub(crate) const MAX_UNIONS: usize = 400;

/// Fails when `text` nests deeper than [`MAX_DEPTH`] or holds more than [`MAX_UNIONS`]
/// `UNION`s, naming where (`origin:line:column`).
pub(crate) fn check(text: &str, origin: &str) -> Result<()> {
    let mut scanner = Scanner::new(text);
    let mut depth = 0usize;
    let mut unions = 0usize;
    while let Some(token) = scanner.next_token() {
        let too_complex = |what: String| Error::TooComplex {
            what: format!("{origin}:{}:{}: {what}", token.line, token.column),
        };
        match token.kind {
            Token::Open => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_complex(format!(
                        "the query nests more than {MAX_DEPTH} levels of brackets"
                    )));
                }
            }
            Token::Close => depth = depth.saturating_sub(1),
            Token::Union => {
                unions += 1;
                if unions > MAX_UNIONS {
                    return Err(too_complex(format!(
                        "the query has more than {MAX_UNIONS} UNIONs; a VALUES block lists \
                         alternatives without nesting"
                    )));
                }
            }
        }
    }
    Ok(())
}

enum Token {
    Open,
    Close,
    Union,
}

struct Located {
    kind: Token,
    line: usize,
    column: usize,
}

/// Just enough of SPARQL's lexical rules to find brackets and the UNION keyword outside
/// strings, IRIs and comments.
struct Scanner<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
    line: usize,
    column: usize,
    /// The previous character, to tell `?union` and `ex:union` from the keyword.
    previous: char,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            chars: text.char_indices().peekable(),
            text,
            line: 1,
            column: 0,
            previous: ' ',
        }
    }

    fn bump(&mut self) -> Option<(usize, char)> {
        let (at, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 0;
        } else {
            self.column += 1;
        }
        Some((at, c))
    }

    fn next_token(&mut self) -> Option<Located> {
        while let Some((at, c)) = self.bump() {
            let (line, column) = (self.line, self.column);
            let before = std::mem::replace(&mut self.previous, c);
            let kind = match c {
                '{' | '(' | '[' => Token::Open,
                '}' | ')' | ']' => Token::Close,
                '#' => {
                    while self.chars.peek().is_some_and(|(_, c)| *c != '\n') {
                        self.bump();
                    }
                    continue;
                }
                '"' | '\'' => {
                    self.skip_string(at, c);
                    continue;
                }
                '<' => {
                    self.skip_iri(at);
                    continue;
                }
                'u' | 'U' if !is_name_char(before) && self.keyword_at(at, "union") => {
                    for _ in 1.."union".len() {
                        self.bump();
                    }
                    Token::Union
                }
                _ => continue,
            };
            return Some(Located { kind, line, column });
        }
        None
    }

    fn keyword_at(&self, at: usize, keyword: &str) -> bool {
        let rest = &self.text[at..];
        rest.len() >= keyword.len()
            && rest[..keyword.len()].eq_ignore_ascii_case(keyword)
            && !rest[keyword.len()..]
                .chars()
                .next()
                .is_some_and(is_name_char)
    }

    /// Skips a string that opened with `quote` at `at`: short or long (`"""`), with escapes.
    fn skip_string(&mut self, at: usize, quote: char) {
        let triple: String = std::iter::repeat_n(quote, 3).collect();
        let long = self.text[at..].starts_with(&triple);
        if long {
            self.bump();
            self.bump();
        }
        while let Some((at, c)) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '\n' if !long => return,
                c if c == quote && (!long || self.text[at..].starts_with(&triple)) => {
                    if long {
                        self.bump();
                        self.bump();
                    }
                    return;
                }
                _ => {}
            }
        }
    }

    /// Skips an IRI (`<…>` with no space or bracket inside); a `<` that does not open one is
    /// the less-than operator and is left alone.
    fn skip_iri(&mut self, at: usize) {
        let rest = &self.text[at + 1..];
        let end = rest.find(|c: char| {
            c.is_whitespace() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`')
        });
        if let Some(end) = end
            && rest[end..].starts_with('>')
        {
            for _ in rest[..=end].chars() {
                self.bump();
            }
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '?' | '$' | ':' | '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!(
            "SELECT * WHERE {{ {}?s ?p ?o{} }}",
            "{ ".repeat(depth),
            " }".repeat(depth)
        )
    }

    #[test]
    fn ordinary_queries_pass() {
        check(&nested(MAX_DEPTH - 1), "q").unwrap();
        let unions = vec!["{ ?s ?p ?o }"; MAX_UNIONS + 1].join(" UNION ");
        check(&format!("SELECT * WHERE {{ {unions} }}"), "q").unwrap();
    }

    #[test]
    fn deep_nesting_is_refused_where_it_starts() {
        let error = check(&format!("\n{}", nested(MAX_DEPTH + 5)), "deep.rq").unwrap_err();
        let message = error.to_string();
        // `SELECT * WHERE {` is level 1; the 128th `{ ` after it opens level 129.
        let column = "SELECT * WHERE { ".len() + 2 * (MAX_DEPTH - 1) + 1;
        assert!(
            message.starts_with(&format!("deep.rq:2:{column}: ")),
            "{message}"
        );
    }

    #[test]
    fn too_many_unions_are_refused() {
        let unions = vec!["{ ?s ?p ?o }"; MAX_UNIONS + 2].join(" union ");
        let error = check(&format!("SELECT * WHERE {{ {unions} }}"), "-e").unwrap_err();
        assert!(error.to_string().contains("UNION"), "{error}");
    }

    #[test]
    fn brackets_and_keywords_in_strings_iris_comments_and_names_do_not_count() {
        let noise = "SELECT ?union WHERE { ?s <urn:a((> \"{{ UNION\" . ?s ex:union '''(((\n''' # {{{ UNION\n FILTER(?s < 3 && 2 > 1) }";
        let mut scanner = Scanner::new(noise);
        let mut tokens = Vec::new();
        while let Some(token) = scanner.next_token() {
            tokens.push(match token.kind {
                Token::Open => '(',
                Token::Close => ')',
                Token::Union => 'U',
            });
        }
        assert_eq!(tokens.into_iter().collect::<String>(), "(())");
    }
}
