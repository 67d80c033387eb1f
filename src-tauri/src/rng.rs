//! Seeded pseudo-random numbers, written out here so that what they drive
//! is identical across runs, platforms and crate upgrades: SplitMix64 for
//! retry jitter and for seeding, xoshiro256** (seeded by SplitMix64) for the
//! sandbox's synthetic company, where the same seed must always give the
//! same people. Nothing here is for secrets. A leaf: it uses nothing else
//! in the crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// SplitMix64: one `u64` of state, each draw a mixed step of it.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn next_unit(&mut self) -> f64 {
        unit(self.next_u64())
    }
}

/// The top 53 bits of `bits` as a fraction in `[0, 1)`.
fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// A seed that differs per process and moment (process id and the clock's
/// nanoseconds), for draws that must not run in step across processes.
pub fn varying_seed() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .subsec_nanos();
    u64::from(std::process::id()) ^ u64::from(nanos)
}

/// Deterministic pseudo-random numbers (xoshiro256**).
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut st = SplitMix::new(seed);
        let s = [st.next_u64(), st.next_u64(), st.next_u64(), st.next_u64()];
        Self { s }
    }

    /// An independent stream for one purpose (`stream`) under one seed, so
    /// adding draws to one purpose never shifts another.
    pub fn derive(seed: u64, stream: u64) -> Self {
        let mixed = SplitMix::new(seed ^ stream.wrapping_mul(0xD6E8_FEB8_6659_FD93)).next_u64();
        Self::new(mixed)
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        unit(self.next_u64())
    }

    /// Uniform in `[0, n)`; `n` must be positive.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `[lo, hi]`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(hi >= lo);
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Index chosen with probability proportional to `weights`.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// A Poisson-distributed count with mean `lambda`.
    pub fn poisson(&mut self, lambda: f64) -> usize {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda > 200.0 {
            // Normal approximation; exact enough for churn counts.
            let u1 = self.unit().max(f64::MIN_POSITIVE);
            let u2 = self.unit();
            let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
            return (lambda + z * lambda.sqrt()).round().max(0.0) as usize;
        }
        let limit = (-lambda).exp();
        let mut k = 0;
        let mut p = self.unit();
        while p > limit {
            k += 1;
            p *= self.unit();
        }
        k
    }

    /// ASCII letters and digits, e.g. for client ids and tokens.
    pub fn alphanumeric(&mut self, len: usize) -> String {
        const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| CHARS[self.below(CHARS.len())] as char)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_draws_are_pinned() {
        // Pinned values: retry jitter and every sandbox seed come from these.
        let mut m = SplitMix::new(0);
        let first: Vec<u64> = (0..2).map(|_| m.next_u64()).collect();
        assert_eq!(first, [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4]);
        let mut j = SplitMix::new(7);
        assert!((0..1000).all(|_| (0.0..1.0).contains(&j.next_unit())));
    }

    #[test]
    fn sandbox_rng_is_stable_across_versions() {
        // Pinned values: if these change, every persisted sandbox changes too.
        let mut r = Rng::new(42);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        assert_eq!(
            first,
            [
                1546998764402558742,
                6990951692964543102,
                12544586762248559009
            ]
        );
        assert_ne!(Rng::new(43).next_u64(), first[0]);
        let mut p = Rng::new(7);
        let mean = (0..2000).map(|_| p.poisson(3.0)).sum::<usize>() as f64 / 2000.0;
        assert!((mean - 3.0).abs() < 0.3, "poisson mean {mean}");
    }
}
