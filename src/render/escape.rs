//! Keeping the data's control characters away from the terminal.
//!
//! Claims are copied from propaganda channels and files from other teams: a statement holding
//! ESC or BEL sequences, printed raw, can move the cursor, recolour or rewrite what the analyst
//! sees, or retitle the window. Text meant for people shows every control character as a
//! visible escape (`\x1B`); machine formats keep the data exact, and a front end wraps them in
//! [`TerminalSafe`] only when they are going to a terminal.

use std::borrow::Cow;
use std::io::{self, Write};

/// `text` with each control character (C0, DEL, C1) written as a visible escape: `\x1B`,
/// `\u{9B}`. Line breaks and tabs are control characters too; callers that keep them say so
/// with `keep_layout`.
pub fn for_terminal(text: &str, keep_layout: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_control(c) && !(keep_layout && matches!(c, '\n' | '\t'));
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = if (c as u32) < 0x80 {
        write!(out, "\\x{:02X}", c as u32)
    } else {
        write!(out, "\\u{{{:X}}}", c as u32)
    };
}

/// A writer that passes bytes through, except control characters (other than line feed and
/// tab), which it writes as visible escapes. For machine formats (CSV, TSV, Turtle …) shown on
/// a terminal; the same output sent to a file or a pipe should not go through it.
///
/// It works on bytes, so it can be handed any output: C0 controls and DEL are single bytes
/// that never occur inside a UTF-8 sequence, and a C1 control is `0xC2` followed by
/// `0x80..=0x9F`, whose first byte it holds back when a write ends on it.
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// A `0xC2` that ended the previous write.
    held: bool,
}

impl<W: Write> TerminalSafe<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Self { inner, held: false }
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        let mut bytes = buf.iter().copied().peekable();
        let mut previous_c2 = std::mem::take(&mut self.held);
        while let Some(byte) = bytes.next() {
            if previous_c2 {
                previous_c2 = false;
                if (0x80..=0x9F).contains(&byte) {
                    write!(out, "\\u{{{byte:X}}}")?;
                    continue;
                }
                out.push(0xC2);
            }
            match byte {
                b'\n' | b'\t' => out.push(byte),
                0x00..=0x1F | 0x7F => write!(out, "\\x{byte:02X}")?,
                0xC2 if bytes.peek().is_none() => self.held = true,
                0xC2 => previous_c2 = true,
                _ => out.push(byte),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.held) {
            self.inner.write_all(&[0xC2])?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "Kidal \u{1b}[2J\u{1b}]0;owned\u{7}\r fell\u{9b}31m";

    #[test]
    fn text_for_people_shows_every_control_character() {
        assert_eq!(
            for_terminal(HOSTILE, false),
            "Kidal \\x1B[2J\\x1B]0;owned\\x07\\x0D fell\\u{9B}31m"
        );
        assert_eq!(for_terminal("a\nb\tc", true), "a\nb\tc");
        assert_eq!(for_terminal("a\nb", false), "a\\x0Ab");
        assert!(matches!(for_terminal("كيدال", false), Cow::Borrowed(_)));
    }

    #[test]
    fn the_writer_escapes_across_write_boundaries() {
        let bytes = format!("{HOSTILE}\n\"é\",كيدال\n").into_bytes();
        for split in 0..bytes.len() {
            let mut out = TerminalSafe::new(Vec::new());
            out.write_all(&bytes[..split]).unwrap();
            out.write_all(&bytes[split..]).unwrap();
            out.flush().unwrap();
            let text = String::from_utf8(out.inner).unwrap();
            assert_eq!(
                text, "Kidal \\x1B[2J\\x1B]0;owned\\x07\\x0D fell\\u{9B}31m\n\"é\",كيدال\n",
                "split at {split}"
            );
        }
    }
}
