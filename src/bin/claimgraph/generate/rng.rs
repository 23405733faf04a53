//! A small deterministic pseudo-random generator (SplitMix64), so that the same seed gives the
//! same bytes on every platform and with every version of every dependency.
//!
//! Each entity (an event, a source, a claim) gets a generator of its own, derived from the seed,
//! a stream number and its index. An entity can therefore be recomputed on demand from its index
//! alone (a claim re-derives the sources it cites instead of keeping them in memory), and the
//! output never depends on the order in which entities are visited.

/// SplitMix64 (Steele, Lea and Flood 2014): one 64-bit state, one add and a mixing function.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijective mixing of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator seeded with `seed`.
    #[cfg(test)]
    pub fn new(seed: u64) -> Self {
        Self { state: mix(seed) }
    }

    /// The generator of entity `index` in `stream` (one stream per kind of entity).
    pub fn derived(seed: u64, stream: u64, index: u64) -> Self {
        let key = mix(seed ^ mix(stream.wrapping_mul(GOLDEN) ^ 0xC1A1_3A6D))
            ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03);
        Self { state: mix(key) }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// A number in `0..n` (`n > 0`), by Lemire's multiply-shift (its bias is below 2^-32 for
    /// the small ranges used here).
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// An index into a slice of length `n` (`n > 0`).
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < u64::from(per_mille)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// The index of a weighted choice: `weights[i]` is the relative weight of `i`.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut roll = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            let w = u64::from(*w);
            if roll < w {
                return i;
            }
            roll -= w;
        }
        weights.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers() {
        let a: Vec<u64> = (0..5).map(|_| Rng::new(7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut x = Rng::new(7);
        let mut y = Rng::new(8);
        assert_ne!(x.next_u64(), y.next_u64());
    }

    #[test]
    fn derived_streams_differ() {
        let mut a = Rng::derived(1, 1, 0);
        let mut b = Rng::derived(1, 1, 1);
        let mut c = Rng::derived(1, 2, 0);
        let (a, b, c) = (a.next_u64(), b.next_u64(), c.next_u64());
        assert!(a != b && a != c && b != c);
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = Rng::new(1);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            seen[rng.index(7)] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(rng.weighted(&[0, 5, 0]), 1);
    }
}
