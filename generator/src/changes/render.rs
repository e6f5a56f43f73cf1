//! The report for people (`text`) and for tools (`json`).

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{json as value, Value};

use super::{Change, Class, Kind, Report};

impl Kind {
    /// The change in words, without its place (`maximum 4 → 2`, `value "webp" added`).
    pub fn describe(&self) -> String {
        let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_string());
        match self {
            Kind::EndpointAdded => "endpoint added".into(),
            Kind::EndpointRemoved => "endpoint removed".into(),
            Kind::FieldAdded { required: true } => "required field added".into(),
            Kind::FieldAdded { required: false } => "optional field added".into(),
            Kind::FieldRemoved => "field removed".into(),
            Kind::TypeChanged { from, to } => format!("type {from} → {to}"),
            Kind::BecameRequired => "now required".into(),
            Kind::BecameOptional => "now optional".into(),
            Kind::ValueAdded(v) => format!("value {v} added"),
            Kind::ValueRemoved(v) => format!("value {v} removed"),
            Kind::VariantAdded(v) => format!("variant {v} added"),
            Kind::VariantRemoved(v) => format!("variant {v} removed"),
            Kind::DefaultChanged { from, to } => {
                format!("default {} → {}", or_none(from), or_none(to))
            }
            Kind::BoundChanged {
                bound,
                from,
                to,
                narrower,
            } => format!(
                "{bound} {} → {} ({})",
                or_none(from),
                or_none(to),
                if *narrower { "narrower" } else { "wider" }
            ),
        }
    }

    /// The kind's name in the JSON report (`bound_changed`).
    pub fn name(&self) -> &'static str {
        match self {
            Kind::EndpointAdded => "endpoint_added",
            Kind::EndpointRemoved => "endpoint_removed",
            Kind::FieldAdded { .. } => "field_added",
            Kind::FieldRemoved => "field_removed",
            Kind::TypeChanged { .. } => "type_changed",
            Kind::BecameRequired => "became_required",
            Kind::BecameOptional => "became_optional",
            Kind::ValueAdded(_) => "value_added",
            Kind::ValueRemoved(_) => "value_removed",
            Kind::VariantAdded(_) => "variant_added",
            Kind::VariantRemoved(_) => "variant_removed",
            Kind::DefaultChanged { .. } => "default_changed",
            Kind::BoundChanged { .. } => "bound_changed",
        }
    }
}

impl Change {
    /// The change in one line: where, then what (`input.num_images: maximum 4 → 2 (narrower)`).
    pub fn describe(&self) -> String {
        if self.path.is_empty() {
            self.kind.describe()
        } else {
            format!("{}: {}", self.path, self.kind.describe())
        }
    }
}

/// The changes grouped by endpoint, in id order.
fn by_endpoint(report: &Report) -> BTreeMap<&str, Vec<&Change>> {
    let mut map: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for c in &report.changes {
        map.entry(c.endpoint.as_str()).or_default().push(c);
    }
    map
}

/// The report for people: one block per changed endpoint, breaking changes marked, and a
/// closing count.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let grouped = by_endpoint(report);
    for (endpoint, changes) in &grouped {
        let class = changes
            .iter()
            .map(|c| c.class)
            .max()
            .unwrap_or(Class::Additive);
        let _ = writeln!(
            out,
            "{endpoint} ({}): {}",
            changes[0].package,
            class.as_str()
        );
        for c in changes {
            let _ = writeln!(out, "  {:<9} {}", c.class.as_str(), c.describe());
        }
    }
    let breaking = report
        .changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .count();
    let _ = writeln!(
        out,
        "{} changes to {} endpoints: {breaking} breaking, {} additive",
        report.changes.len(),
        grouped.len(),
        report.changes.len() - breaking,
    );
    out
}

/// The report for tools: `{"endpoints": [{"id", "package", "class", "changes": [...]}],
/// "breaking": n, "additive": n}`, each change with its `path`, `kind`, `class`, `text` and the
/// kind's fields.
pub fn json(report: &Report) -> String {
    let endpoints: Vec<Value> = by_endpoint(report)
        .into_iter()
        .map(|(id, changes)| {
            let class = changes
                .iter()
                .map(|c| c.class)
                .max()
                .unwrap_or(Class::Additive);
            value!({
                "id": id,
                "package": changes[0].package,
                "class": class.as_str(),
                "changes": changes.iter().map(|c| change(c)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let breaking = report
        .changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .count();
    let doc = value!({
        "endpoints": endpoints,
        "breaking": breaking,
        "additive": report.changes.len() - breaking,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn change(c: &Change) -> Value {
    let mut v = value!({
        "path": c.path,
        "kind": c.kind.name(),
        "class": c.class.as_str(),
        "type": c.owner_type,
        "defined_in": c.owner_package,
        "text": c.describe(),
    });
    let details = match &c.kind {
        Kind::FieldAdded { required } => value!({ "required": required }),
        Kind::TypeChanged { from, to } => value!({ "from": from, "to": to }),
        Kind::ValueAdded(x) | Kind::ValueRemoved(x) => value!({ "value": parsed(x) }),
        Kind::VariantAdded(x) | Kind::VariantRemoved(x) => value!({ "variant": x }),
        Kind::DefaultChanged { from, to } => {
            value!({ "from": from.as_deref().map(parsed), "to": to.as_deref().map(parsed) })
        }
        Kind::BoundChanged {
            bound,
            from,
            to,
            narrower,
        } => {
            value!({ "bound": bound, "from": from, "to": to, "narrower": narrower })
        }
        _ => value!({}),
    };
    if let (Value::Object(v), Value::Object(d)) = (&mut v, details) {
        v.extend(d);
    }
    v
}

/// A value the report keeps as JSON text, as a JSON value again.
fn parsed(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}
