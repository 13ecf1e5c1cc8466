//! Canonical names of the crate's enums and the error for a name that is not one of them.
//!
//! Every fieldless enum of the crate has one canonical `snake_case` name per variant
//! (identifiers such as `RX-1` and units such as `ng/mL` keep their own spelling). The same
//! name is used by `Display`, `FromStr`, serde and strum, so a value written by one is read
//! back by all the others.
//!
//! One rule for text, everywhere in the crate:
//!
//! - **A value with a canonical name** (every fieldless enum: `Drug`, `Stage`,
//!   `PresentationKind`, `StatementId`, ...): `Display`, `name()`, `FromStr` and serde all use
//!   that name (`gabapentin_enacarbil`, `non_drug_insufficient`, `RX-1`), so text written is
//!   text read back. Its human wording is `label()` (`gabapentin enacarbil`).
//! - **A value without one** (a composite: `Presentation`, `DrugOrClass`, `Patient`, `Plan`
//!   and its entries, errors): nothing parses it back, so `Display` is for people, in words
//!   (`spasticity (origin: stroke; causes: pain)`); its JSON form is serde's.

use std::fmt;

/// A name that is not one of the accepted names of an enum.
///
/// The message names what was being read, the value, and every accepted name:
///
/// ```
/// use leg_spasm_cds::Stage;
/// let err = "step_two".parse::<Stage>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown stage \"step_two\"; expected one of: nothing_tried, non_drug_insufficient, refractory"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    what: &'static str,
    value: String,
    accepted: &'static [&'static str],
    hint: Option<&'static str>,
}

impl NameError {
    pub(crate) fn new(what: &'static str, value: &str, accepted: &'static [&'static str]) -> Self {
        NameError {
            what,
            value: value.to_owned(),
            accepted,
            hint: None,
        }
    }

    pub(crate) fn with_hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    /// What was being read, for example `"drug"` or `"stage"`.
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The name that was not accepted, as given.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Every accepted name, in declaration order.
    pub fn accepted(&self) -> &'static [&'static str] {
        self.accepted
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} {:?}", self.what, self.value)?;
        if let Some(hint) = self.hint {
            write!(f, " ({hint})")?;
        }
        f.write_str("; expected one of: ")?;
        for (i, name) in self.accepted.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl std::error::Error for NameError {}

/// Implements the name-based traits for a fieldless enum that derives strum's `IntoStaticStr`,
/// `VariantArray`, `VariantNames`, `EnumCount`, `Display` and `EnumString` (the last with
/// `#[strum(parse_err_ty = NameError, parse_err_fn = Self::unknown_name)]`): the error function
/// for unknown names, serde by name, a `name()` method and set membership
/// ([`crate::set::Member`]). With `custom_from_str` the enum writes its own `FromStr`.
macro_rules! named_enum {
    ($ty:ident, $what:literal) => {
        named_enum!(@common $ty, $what);
        impl $ty {
            /// The error for a name that is none of the variants' (strum's `parse_err_fn`).
            fn unknown_name(s: &str) -> $crate::model::name::NameError {
                $crate::model::name::NameError::new(
                    $what,
                    s,
                    <$ty as ::strum::VariantNames>::VARIANTS,
                )
            }
        }
    };
    ($ty:ident, $what:literal, hint = $hint:path) => {
        named_enum!(@common $ty, $what);
        impl $ty {
            /// The error for a name that is none of the variants' (strum's `parse_err_fn`).
            fn unknown_name(s: &str) -> $crate::model::name::NameError {
                let e = $crate::model::name::NameError::new(
                    $what,
                    s,
                    <$ty as ::strum::VariantNames>::VARIANTS,
                );
                match $hint(s) {
                    Some(h) => e.with_hint(h),
                    None => e,
                }
            }
        }
    };
    ($ty:ident, $what:literal, custom_from_str) => {
        named_enum!(@common $ty, $what);
    };
    (@common $ty:ident, $what:literal) => {
        impl $ty {
            /// The canonical name, as used by `Display`, `FromStr` and serde.
            pub fn name(self) -> &'static str {
                self.into()
            }
        }
        const _: () = assert!(<$ty as ::strum::EnumCount>::COUNT <= 128);
        impl $crate::model::set::sealed::Sealed for $ty {}
        impl $crate::model::set::Member for $ty {
            const ALL: &'static [Self] = <$ty as ::strum::VariantArray>::VARIANTS;
            fn index(self) -> u32 {
                self as u32
            }
            fn name(self) -> &'static str {
                self.into()
            }
        }
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
        /// A string: one of the canonical names.
        #[cfg(feature = "schemars")]
        impl ::schemars::JsonSchema for $ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                concat!("leg_spasm_cds::", stringify!($ty)).into()
            }
            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "description": concat!("A ", $what, ", by its name."),
                    "type": "string",
                    "enum": <$ty as ::strum::VariantNames>::VARIANTS,
                })
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                struct V;
                impl ::serde::de::Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        write!(f, "a {} name", $what)
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> ::core::result::Result<$ty, E> {
                        v.parse::<$ty>().map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}
pub(crate) use named_enum;
