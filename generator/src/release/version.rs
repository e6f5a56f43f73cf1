//! A crate's version, and how a change bumps it.

use std::fmt;

use crate::changes::Class;

/// A version `major.minor.patch` (the generated crates have no pre-release or build parts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Breaking changes from 1.0 on.
    pub major: u64,
    /// Breaking changes before 1.0, additive ones from 1.0 on.
    pub minor: u64,
    /// Everything else.
    pub patch: u64,
}

/// How much a release changes a crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// The code changed without changing the API: docs, dependency versions, the generator.
    Patch,
    /// The API grew, and code written against the old one still works.
    Additive,
    /// Code written against the old API may break.
    Breaking,
}

impl From<Class> for Bump {
    fn from(class: Class) -> Self {
        match class {
            Class::Additive => Bump::Additive,
            Class::Breaking => Bump::Breaking,
        }
    }
}

impl Version {
    /// The version after a change, as semver and cargo read it: before 1.0 a breaking change
    /// bumps the minor and anything else the patch; from 1.0 on, breaking bumps the major,
    /// additive the minor, the rest the patch.
    pub fn bump(self, bump: Bump) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        match (major, bump) {
            (0, Bump::Breaking) => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
            (0, _) | (_, Bump::Patch) => Version {
                major,
                minor,
                patch: patch + 1,
            },
            (_, Bump::Additive) => Version {
                major,
                minor: minor + 1,
                patch: 0,
            },
            (_, Bump::Breaking) => Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
        }
    }

    /// Parses `major.minor.patch`.
    pub fn parse(text: &str) -> Result<Version, String> {
        let parts: Vec<&str> = text.split('.').collect();
        let number = |s: &str| {
            let plain = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let canonical = s == "0" || !s.starts_with('0');
            if plain && canonical {
                s.parse::<u64>().ok()
            } else {
                None
            }
        };
        match parts.as_slice() {
            [a, b, c] => match (number(a), number(b), number(c)) {
                (Some(major), Some(minor), Some(patch)) => Ok(Version {
                    major,
                    minor,
                    patch,
                }),
                _ => Err(format!("`{text}` is not a version `major.minor.patch`")),
            },
            _ => Err(format!("`{text}` is not a version `major.minor.patch`")),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn bumps_follow_semver_before_and_after_1_0() {
        assert_eq!(v("0.3.2").bump(Bump::Breaking), v("0.4.0"));
        assert_eq!(v("0.3.2").bump(Bump::Additive), v("0.3.3"));
        assert_eq!(v("0.3.2").bump(Bump::Patch), v("0.3.3"));
        assert_eq!(v("1.3.2").bump(Bump::Breaking), v("2.0.0"));
        assert_eq!(v("1.3.2").bump(Bump::Additive), v("1.4.0"));
        assert_eq!(v("1.3.2").bump(Bump::Patch), v("1.3.3"));
    }

    #[test]
    fn only_plain_versions_parse() {
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "1.2.x",
            "01.2.3",
            "1.2.3-beta",
            " 1.2.3",
        ] {
            assert!(Version::parse(bad).is_err(), "{bad:?} parsed");
        }
        assert_eq!(v("10.0.1").to_string(), "10.0.1");
    }
}
