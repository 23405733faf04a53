//! The bearer token that lets a client write.

use sha2::{Digest, Sha256};
use std::fmt;

/// A secret that lets requests write. Only its SHA-256 digest is kept, and a presented token
/// is hashed and compared in full, byte by byte without stopping early, so the time a
/// comparison takes says nothing about how much of a guess was right (nor about its length).
#[derive(Clone)]
pub struct Token {
    digest: [u8; 32],
}

impl Token {
    /// The shortest token taken: a short one could be guessed over the network.
    pub const MIN_LEN: usize = 16;

    /// The token `secret`, without the white space around it (a file's last newline);
    /// `None` when what is left is shorter than [`Token::MIN_LEN`] characters.
    pub fn new(secret: &str) -> Option<Self> {
        let secret = secret.trim();
        (secret.chars().count() >= Self::MIN_LEN).then(|| Self {
            digest: Sha256::digest(secret.as_bytes()).into(),
        })
    }

    /// True when `presented` is this token.
    pub(crate) fn admits(&self, presented: &str) -> bool {
        let presented: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        let difference = self
            .digest
            .iter()
            .zip(presented.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        std::hint::black_box(difference) == 0
    }
}

impl fmt::Debug for Token {
    /// Never the secret, nor its digest.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_only_itself() {
        let token = Token::new("correct horse battery staple\n").unwrap();
        assert!(token.admits("correct horse battery staple"));
        assert!(!token.admits("correct horse battery stapl"));
        assert!(!token.admits("correct horse battery staple "));
        assert!(!token.admits(""));
        assert_eq!(format!("{token:?}"), "Token(…)");
    }

    #[test]
    fn refuses_short_secrets() {
        assert!(Token::new("").is_none());
        assert!(Token::new("   \n").is_none());
        assert!(Token::new("fifteen chars!!").is_none());
        assert!(Token::new("sixteen chars!!!").is_some());
    }
}
