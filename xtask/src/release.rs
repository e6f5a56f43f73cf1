//! `cargo xtask release`: bumps the version of exactly the generated crates whose code changed,
//! by what the change report says of their endpoints, writes their changelog entries, and
//! regenerates; `releases/` and `generated/` change together, all or nothing.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use genmedia_generator::changes::Report;
use genmedia_generator::emit::{self, Generated, Options};
use genmedia_generator::release::{self, Bump, Entry, Releases, Unreleased, Version};
use genmedia_generator::schema::{self, model::Catalog};

use crate::diff::{self, Baseline};
use crate::tree::{disk, plan};

const GENERATED: &str = "generated";

/// What one crate's release did.
enum Outcome {
    /// A new crate, recorded at the workspace's version.
    New(Version),
    /// A crate bumped from one version to another.
    Bumped(Version, Version, Bump),
    /// A crate no longer generated, forgotten.
    Gone,
}

/// Runs the release against `baseline` (the schemas the current versions were made from);
/// `date` heads the changelog entries (today, in UTC, by default).
pub fn run(baseline: &Baseline, date: Option<String>) -> Result<(), String> {
    let new = schema::load_dir(Path::new(diff::SCHEMAS))
        .map_err(|d| format!("{d}\nerror: the schemas do not load; nothing was written"))?;
    let report = diff::compare(&baseline.load()?, &new)?;
    let mut releases = Releases::read(Path::new(release::DIR))?;
    let date = date.unwrap_or_else(today);
    let outcomes = settle(&new, &report, &mut releases, &date)?;
    let generated = generate(&new, &releases)?;

    let releases_files = releases.files();
    let releases_state = disk::read_disk(Path::new(release::DIR))?;
    let generated_state = disk::read_disk(Path::new(GENERATED))?;
    let releases_plan = plan::plan(&releases_files, &releases_state);
    let generated_plan = plan::plan(&generated.files, &generated_state);
    disk::apply_all(&[
        (Path::new(release::DIR), &releases_plan),
        (Path::new(GENERATED), &generated_plan),
    ])?;
    print_summary(&outcomes);
    Ok(())
}

/// Bumps versions until every crate's version matches its code. A bump changes the manifests
/// of the crates that depend on the bumped one (the common crate's version is in every
/// family's, every family's in the catalog crate's), so it repeats, at most once per level of
/// the crates' dependencies.
fn settle(
    catalog: &Catalog,
    report: &Report,
    releases: &mut Releases,
    date: &str,
) -> Result<BTreeMap<String, Outcome>, String> {
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    for _ in 0..5 {
        let generated = generate(catalog, releases)?;
        let unreleased = release::unreleased(&generated, &releases.versions);
        if unreleased.is_empty() {
            return Ok(outcomes);
        }
        for u in unreleased {
            match u {
                Unreleased::New { package } => {
                    let version = Version::parse(release::WORKSPACE_VERSION)?;
                    record(releases, &generated, &package, version);
                    outcomes.insert(package, Outcome::New(version));
                }
                Unreleased::Changed { package, .. } if outcomes.contains_key(&package) => {
                    // Bumped already in this run: only its fingerprint moves on.
                    let version = releases.versions.entries[&package].version;
                    record(releases, &generated, &package, version);
                }
                Unreleased::Changed { package, .. } => {
                    let old = releases.versions.entries[&package].version;
                    let bump = report
                        .class_of(&package)
                        .map(Bump::from)
                        .unwrap_or(Bump::Patch);
                    let version = old.bump(bump);
                    record(releases, &generated, &package, version);
                    write_changelog(releases, report, &package, version, date);
                    outcomes.insert(package, Outcome::Bumped(old, version, bump));
                }
                Unreleased::Gone { package } => {
                    releases.versions.entries.remove(&package);
                    releases.changelogs.remove(&package);
                    outcomes.insert(package, Outcome::Gone);
                }
            }
        }
    }
    Err("error: the versions do not settle after five rounds of bumps; this is a bug of the release command".into())
}

fn generate(catalog: &Catalog, releases: &Releases) -> Result<Generated, String> {
    let options = Options {
        crate_prefix: "genmedia".into(),
    };
    emit::generate_with(catalog, &options, releases).map_err(|d| d.to_string())
}

/// Records `package` at `version` with the fingerprint of its code in `generated`.
fn record(releases: &mut Releases, generated: &Generated, package: &str, version: Version) {
    let Some(names) = generated.crates.iter().find(|c| c.package == package) else {
        return;
    };
    let code = release::fingerprint(&generated.files, &names.dir, &names.version);
    releases
        .versions
        .entries
        .insert(package.to_string(), Entry { version, code });
}

/// Adds the release's entry to the package's changelog: the changes that concern it, or, when
/// none does, why its code changed anyway.
fn write_changelog(
    releases: &mut Releases,
    report: &Report,
    package: &str,
    version: Version,
    date: &str,
) {
    let mut changes: Vec<_> = report.concerning(package).collect();
    // A shared type's change reaches the common crate through every endpoint that uses it;
    // its changelog names it once.
    if changes
        .iter()
        .any(|c| c.owner_package == package && c.package != package)
    {
        let mut seen = std::collections::BTreeSet::new();
        changes.retain(|c| seen.insert((c.owner_type.clone(), c.kind.describe())));
    }
    let note = "No change to its endpoints' schemas: regenerated with new generated code \
                (generator, documentation or the versions of the crates it depends on).";
    let entry = release::entry(version, date, &changes, note);
    let log = release::prepend(
        package,
        releases.changelogs.get(package).map(String::as_str),
        &entry,
    );
    releases.changelogs.insert(package.to_string(), log);
}

fn print_summary(outcomes: &BTreeMap<String, Outcome>) {
    if outcomes.is_empty() {
        println!("release: every crate's version matches its code; nothing to do");
        return;
    }
    for (package, outcome) in outcomes {
        match outcome {
            Outcome::New(v) => println!("  {package} {v} (new)"),
            Outcome::Bumped(old, new, bump) => {
                let why = match bump {
                    Bump::Breaking => "breaking changes",
                    Bump::Additive => "additive changes",
                    Bump::Patch => "regenerated",
                };
                println!("  {package} {old} → {new} ({why})");
            }
            Outcome::Gone => println!("  {package} removed (no longer generated)"),
        }
    }
    let count = |f: fn(&Outcome) -> bool| outcomes.values().filter(|o| f(o)).count();
    println!(
        "release: {} bumped, {} new, {} removed; commit releases/, generated/ and Cargo.lock (the next cargo build records the new versions in it)",
        count(|o| matches!(o, Outcome::Bumped(..))),
        count(|o| matches!(o, Outcome::New(_))),
        count(|o| matches!(o, Outcome::Gone)),
    );
}

/// Today's date in UTC, `YYYY-MM-DD` (the civil-from-days algorithm: no date crate needed for
/// one line of a changelog).
fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0) + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
