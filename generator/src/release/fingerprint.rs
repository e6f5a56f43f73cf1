//! The fingerprint of a crate's generated code: what tells codegen's check that a crate
//! changed since its version was set.

use crate::emit::GeneratedFile;

/// A hash of every file of the crate in `dir/` (paths and contents), leaving out what a
/// release itself writes: the changelog, and the crate's own version in its manifest. So the
/// fingerprint changes with the API, the docs, the dependencies' versions or the generator's
/// output, and stays when only the crate's own version moves.
///
/// `files` must be sorted by path, as [`crate::emit::Generated::files`] is: the crate's files are
/// then one contiguous run, found by a binary search rather than a scan of every file.
///
/// FNV-1a, 64 bits: stable across Rust releases and platforms (unlike `std`'s hasher), and
/// enough to notice a change among a few hundred crates; it guards against mistakes, not
/// against forgery.
pub fn fingerprint(files: &[GeneratedFile], dir: &str, version: &str) -> String {
    let prefix = format!("{dir}/");
    let changelog = format!("{dir}/CHANGELOG.md");
    let manifest = format!("{dir}/Cargo.toml");
    let own_version = format!("\nversion = \"{version}\"\n");
    let start = files.partition_point(|f| f.path < prefix);
    let mut hash = Fnv::new();
    for f in files[start..]
        .iter()
        .take_while(|f| f.path.starts_with(&prefix))
        .filter(|f| f.path != changelog)
    {
        hash.write(f.path.as_bytes());
        hash.write(&[0]);
        if f.path == manifest {
            hash.write(
                f.contents
                    .replacen(&own_version, "\nversion = \"\"\n", 1)
                    .as_bytes(),
            );
        } else {
            hash.write(f.contents.as_bytes());
        }
        hash.write(&[0]);
    }
    format!("{:016x}", hash.0)
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    fn krate(version: &str, lib: &str) -> Vec<GeneratedFile> {
        vec![
            file(
                "a/Cargo.toml",
                &format!("[package]\nname = \"a\"\nversion = \"{version}\"\n"),
            ),
            file("a/CHANGELOG.md", &format!("## {version}\n")),
            file("a/src/lib.rs", lib),
            file("b/src/lib.rs", "other crate"),
        ]
    }

    #[test]
    fn only_the_code_moves_the_fingerprint() {
        let base = fingerprint(&krate("0.1.0", "pub struct A;"), "a", "0.1.0");
        assert_eq!(base.len(), 16);
        // Its own version and its changelog do not count, nor do other crates.
        assert_eq!(
            base,
            fingerprint(&krate("0.2.0", "pub struct A;"), "a", "0.2.0")
        );
        let mut other = krate("0.1.0", "pub struct A;");
        other[3].contents = "changed".into();
        assert_eq!(base, fingerprint(&other, "a", "0.1.0"));
        // Its code does.
        assert_ne!(
            base,
            fingerprint(&krate("0.1.0", "pub struct B;"), "a", "0.1.0")
        );
        // And so does any other version in its manifest (a dependency's).
        let mut dep = krate("0.1.0", "pub struct A;");
        dep[0].contents.push_str("b = { version = \"0.1.0\" }\n");
        assert_ne!(base, fingerprint(&dep, "a", "0.1.0"));
        // A crate after another one is found, and only its own files count.
        let b = fingerprint(&krate("0.1.0", "pub struct A;"), "b", "0.1.0");
        assert_eq!(
            b,
            fingerprint(&krate("0.2.0", "pub struct C;"), "b", "0.1.0")
        );
        assert_eq!(b, fingerprint(&krate("0.1.0", "")[3..], "b", "0.1.0"));
        assert_ne!(b, fingerprint(&other, "b", "0.1.0"));
    }
}
