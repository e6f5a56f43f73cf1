//! Where the types of `shared.yaml` go (schemas/README.md, "shared.yaml"): the common crate
//! holds those that several families use, each behind the cargo feature of its name, and each
//! family crate turns on exactly the ones it names, so that an application compiles only the
//! shared types of its families. Checked on the real catalogue and on the fixtures.
//! (`.ci/run` also builds a few families alone, with only the features they turn on.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// crates.io refuses a crate with more features than this.
const CRATES_IO_FEATURE_LIMIT: usize = 300;

struct Tree {
    /// The common crate's package and library names.
    package: String,
    lib: String,
    /// Each shared type's feature and the features it turns on.
    features: BTreeMap<String, BTreeSet<String>>,
    /// Each family crate's directory, with the common features its manifest turns on and the
    /// text of its sources.
    families: Vec<(PathBuf, BTreeSet<String>, String)>,
}

fn quoted(list: &str) -> BTreeSet<String> {
    list.split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn load(dir: &str) -> Tree {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let common = std::fs::read_to_string(root.join("common/Cargo.toml")).unwrap();
    let package = common
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|n| n.strip_suffix('"'))
        .expect("the common manifest names its package")
        .to_string();
    let section = common
        .split("[features]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("the common crate has features");
    let features = section
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|l| {
            let (name, deps) = l.split_once(" = ").expect("`Name = [...]`");
            let deps = deps.trim_start_matches('[').trim_end_matches(']');
            (name.to_string(), quoted(deps))
        })
        .collect();
    let mut families = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "common" || name == "catalog" {
            continue;
        }
        let manifest = std::fs::read_to_string(path.join("Cargo.toml")).unwrap();
        let line = manifest
            .lines()
            .find(|l| l.starts_with(&format!("{package} = ")))
            .unwrap_or_else(|| panic!("{name} depends on the common crate"));
        let on = line
            .split_once("features = [")
            .map(|(_, rest)| quoted(rest.split(']').next().unwrap_or("")))
            .unwrap_or_default();
        let mut text = String::new();
        for file in std::fs::read_dir(path.join("src")).unwrap() {
            text.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
        }
        families.push((path, on, text));
    }
    families.sort_by(|a, b| a.0.cmp(&b.0));
    Tree {
        lib: package.replace('-', "_"),
        package,
        features,
        families,
    }
}

/// The names a source text writes as `<lib>::<Name>`.
fn named_from(text: &str, lib: &str) -> BTreeSet<String> {
    let prefix = format!("{lib}::");
    text.match_indices(&prefix)
        .map(|(at, _)| {
            text[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .collect()
}

/// The features `on` turns on, with the ones they turn on, and so on.
fn closure(tree: &Tree, on: &BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&String> = on.iter().collect();
    while let Some(f) = stack.pop() {
        if seen.insert(f.clone()) {
            stack.extend(tree.features.get(f).into_iter().flatten());
        }
    }
    seen
}

fn check_tree(dir: &str) {
    let tree = load(dir);
    assert!(!tree.families.is_empty());
    for (path, on, text) in &tree.families {
        let named: BTreeSet<String> = named_from(text, &tree.lib)
            .into_iter()
            .filter(|n| tree.features.contains_key(n))
            .collect();
        assert_eq!(
            on,
            &named,
            "{}: the features of {} it turns on must be the shared types its code names",
            path.display(),
            tree.package
        );
    }
    for (name, deps) in &tree.features {
        for d in deps {
            assert!(
                tree.features.contains_key(d),
                "{dir}: the feature {name} turns on {d}, which is no shared type"
            );
        }
        let users = tree
            .families
            .iter()
            .filter(|(_, on, _)| closure(&tree, on).contains(name))
            .count();
        assert!(
            users != 1,
            "{dir}: the shared type {name} serves one family only: it belongs in that family's `types` module"
        );
    }
    assert!(
        tree.features.len() < CRATES_IO_FEATURE_LIMIT,
        "{dir}: {} has {} features, and crates.io takes at most {CRATES_IO_FEATURE_LIMIT}",
        tree.package,
        tree.features.len()
    );
}

#[test]
fn each_family_turns_on_exactly_the_shared_types_it_names_and_common_holds_only_shared_ones() {
    check_tree("generated");
}

#[test]
fn the_fixtures_place_shared_types_by_the_same_rule() {
    check_tree("tests/fixtures/generated");
    // The fixtures cover both places: a type both families use, and one only acme uses.
    let tree = load("tests/fixtures/generated");
    assert!(tree.features.contains_key("File"));
    let types =
        std::fs::read_to_string(tree.families[0].0.join("src/types.rs")).unwrap_or_default();
    assert!(
        types.contains("pub enum ImageSizePreset"),
        "acme's own shared types are in its `types` module"
    );
}
