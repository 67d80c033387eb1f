//! How the database, the CSV exports, the CLI and the UI spell a unit
//! variant: serde's snake_case name (`ChangeKind::LeaveStarted` →
//! `leave_started`), derived for the text side by strum. A test checks the
//! two agree for every variant.

use std::str::FromStr;

/// Declares a unit enum with one spelling everywhere: serde (the database,
/// JSON and the UI through ts-rs) and strum (text, and every variant in
/// order) both use the snake_case name, so the two cannot drift.
macro_rules! spelled_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            ts_rs::TS,
            strum::IntoStaticStr,
            strum::EnumString,
            strum::EnumIter,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        $vis enum $name { $($body)* }
    };
}
pub(crate) use spelled_enum;

/// A unit enum with one spelling for serde and for text.
pub trait Spelled: Copy + Into<&'static str> + FromStr {
    fn as_str(self) -> &'static str {
        self.into()
    }

    /// The variant spelled `text`, if any.
    fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

impl<T: Copy + Into<&'static str> + FromStr> Spelled for T {}

/// `n` with thousands separators, as counts read everywhere: "100,000".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A count with its noun: "1 account", "1,204 accounts".
pub fn counted(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// `value`'s spelling, owned.
pub fn variant_name<T: Spelled>(value: T) -> String {
    value.as_str().to_string()
}

/// The variant spelled `text`, if any.
pub fn from_variant_name<T: Spelled>(text: &str) -> Option<T> {
    T::parse(text)
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use strum::IntoEnumIterator;

    use super::*;
    use crate::model::*;

    #[test]
    fn counts_read_as_numbers_with_their_noun() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(100_000), "100,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(counted(1u32, "account", "accounts"), "1 account");
        assert_eq!(counted(0u32, "account", "accounts"), "0 accounts");
        assert_eq!(counted(12_040u32, "run", "runs"), "12,040 runs");
    }

    fn agree<T: Spelled + Serialize + IntoEnumIterator + std::fmt::Debug + PartialEq>() -> usize {
        let mut n = 0;
        for v in T::iter() {
            let serde = serde_json::to_value(v).unwrap();
            assert_eq!(serde.as_str(), Some(v.as_str()), "{v:?}");
            assert_eq!(T::parse(v.as_str()), Some(v));
            n += 1;
        }
        n
    }

    #[test]
    fn every_variant_is_spelled_as_serde_spells_it() {
        assert_eq!(agree::<ImportOutcome>(), 6);
        assert_eq!(agree::<ImportTrigger>(), 3);
        assert!(agree::<Resolution>() > 1);
        assert!(agree::<ChangeKind>() > 5);
        assert!(agree::<AttentionReason>() > 1);
        assert_eq!(agree::<PersonStatus>(), 4);
        assert!(agree::<LifecycleEventKind>() > 5);
        assert_eq!(agree::<Finding>(), 3);
        assert_eq!(
            ChangeKind::parse("leave_started"),
            Some(ChangeKind::LeaveStarted)
        );
        assert_eq!(ImportOutcome::parse("Applied"), None);
    }
}
