//! A macro for the many small string-valued enumerations of the model.

/// Declares a `Copy` enum whose variants serialise as fixed snake_case strings, with
/// `as_str`, `Display`, `FromStr` (accepting extra aliases) and `ALL`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical spelling, as serialised.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::ParseEnumError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let lower = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                $(
                    if lower == $text $(|| lower == $alias)* {
                        return Ok($name::$variant);
                    }
                )+
                Err($crate::ParseEnumError {
                    what: $what,
                    value: s.to_string(),
                    expected: concat!($($text, ", "),+),
                })
            }
        }
    };
}

pub(crate) use string_enum;
