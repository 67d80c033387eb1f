//! A wrapper that keeps a secret out of logs, Debug output and IPC replies,
//! and out of freed memory.

use std::fmt;

use zeroize::Zeroize;

/// Holds a secret. Its `Debug` prints a placeholder and it has no
/// `Serialize`, so it cannot reach a log line or the UI by accident; read
/// the value only where it is used, with `expose`. Its memory is
/// overwritten with zeros when it is dropped (copies made through `expose`,
/// such as an HTTP header, are not).
#[derive(Clone, PartialEq, Eq)]
pub struct Sensitive<T: Zeroize>(T);

impl<T: Zeroize> Sensitive<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize> Drop for Sensitive<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sensitive(<redacted>)")
    }
}

/// Secrets may arrive from the UI (the Connect form); they never go back out,
/// so there is deliberately no `Serialize`.
impl<'de, T: serde::Deserialize<'de> + Zeroize> serde::Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Sensitive::new("hunter2".to_string());
        let shown = format!("{s:?} {:?}", Some(&s));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn dropping_overwrites_the_secret_with_zeros() {
        // Zeroize's own guarantee, checked through Sensitive's Drop: the
        // value is zeroed in place before the memory is released.
        let mut slot = std::mem::ManuallyDrop::new(Sensitive::new(*b"hunter2-hunter2!"));
        assert_eq!(slot.expose(), b"hunter2-hunter2!");
        // SAFETY: `slot` is dropped exactly once and not used as a value after.
        unsafe { std::mem::ManuallyDrop::drop(&mut slot) };
        let left: &[u8; 16] = &slot.0;
        assert_eq!(left, &[0u8; 16]);
    }
}
