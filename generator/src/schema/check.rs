//! Every semantic rule of the schema format, applied after the files have been parsed.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::constraint::{Bound, Kind, PAIRS};
use super::load::Parsed;
use super::model::*;
use crate::diagnostics::{Diagnostic, Span};
use crate::naming;

/// Where a name is looked up: an endpoint's own types, then the shared ones.
struct Scope<'a> {
    local: Option<&'a TypeFile>,
    shared: &'a TypeFile,
}

impl<'a> Scope<'a> {
    fn get(&self, name: &str) -> Option<&'a NamedType> {
        self.local
            .and_then(|l| l.get(name))
            .or_else(|| self.shared.get(name))
    }
}

struct Checker<'d> {
    diags: &'d mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(
        &mut self,
        file: &Path,
        span: Span,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) {
        let mut d = Diagnostic::new(file, span, message);
        d.help = help.into();
        self.diags.push(d);
    }
}

/// Applies every rule, adding a diagnostic per violation.
pub fn check(parsed: &Parsed, diags: &mut Vec<Diagnostic>) {
    let mut c = Checker { diags };
    let shared_scope = Scope {
        local: None,
        shared: &parsed.shared,
    };
    check_types(&mut c, &parsed.shared, &shared_scope);
    for (relative, endpoint) in &parsed.endpoints {
        check_endpoint(&mut c, relative, endpoint, parsed);
    }
}

fn check_endpoint(c: &mut Checker, relative: &str, e: &Endpoint, parsed: &Parsed) {
    let file = e.types.file.as_path();
    let expected_id = relative.strip_suffix(".yaml").unwrap_or(relative);
    if let Some(problem) = id_problem(&e.id.value) {
        c.error(
            file,
            e.id.span,
            format!("the endpoint id {:?} {problem}", e.id.value),
            "an id is `/`-separated segments of ASCII letters, digits, `-`, `_` and `.` (`fal-ai/flux/dev`); rename the file and its id".to_string(),
        );
    }
    if e.id.value != expected_id {
        c.error(
            file,
            e.id.span,
            format!("the endpoint id `{}` does not match the file's path, which says `{expected_id}`", e.id.value),
            format!("an endpoint lives at schemas/<id>.yaml: change the id to `{expected_id}` or move the file to schemas/{}.yaml", e.id.value),
        );
    }
    match parsed.providers.iter().find(|p| p.name == e.provider.value) {
        None if !parsed.providers.is_empty() => {
            let names: Vec<&str> = parsed.providers.iter().map(|p| p.name.as_str()).collect();
            c.error(file, e.provider.span, format!("unknown provider `{}`", e.provider.value), format!("providers.yaml defines: {}", names.join(", ")));
        }
        None => {}
        Some(p) => match (p.routing, &e.http) {
            (Routing::Http, None) => c.error(
                file,
                e.id.span,
                format!("provider `{}` routes by HTTP path, so this endpoint needs an `http` block", p.name),
                "add `http: {method: POST, path: /..., input_in: body}`".to_string(),
            ),
            (Routing::FalQueue, Some(http)) => c.error(
                file,
                http.span,
                format!("provider `{}` derives every URL from the endpoint id, so `http` must not be given", p.name),
                "remove the `http` block".to_string(),
            ),
            _ => {}
        },
    }
    for t in &e.types.types {
        if let Some(shared) = parsed.shared.get(&t.name.value) {
            c.error(
                file,
                t.name.span,
                format!(
                    "type `{}` is also defined in shared.yaml (line {}): two different types with one name",
                    t.name.value, shared.name.span.line
                ),
                "rename the local type, or delete it and use the shared one".to_string(),
            );
        }
    }
    let scope = Scope {
        local: Some(&e.types),
        shared: &parsed.shared,
    };
    for (role, name) in [("input", &e.input), ("output", &e.output)] {
        match scope.get(&name.value) {
            None => c.error(
                file,
                name.span,
                format!("the {role} type `{}` is not defined", name.value),
                format!(
                    "define `{}` under `types:` in this file or in shared.yaml",
                    name.value
                ),
            ),
            Some(t) if !matches!(t.kind, TypeKind::Object(_)) => c.error(
                file,
                name.span,
                format!(
                    "the {role} type `{}` must be an object (a type with `fields`)",
                    name.value
                ),
                None,
            ),
            Some(_) => {}
        }
    }
    check_types(c, &e.types, &scope);
    if let Some(poll) = &e.poll {
        check_poll(c, e, poll, parsed, &scope);
    }
    for example in &e.examples {
        for json in [&example.input, &example.output].into_iter().flatten() {
            if let Err(err) = serde_json::from_str::<Value>(&json.value) {
                // In a block scalar the span is where the JSON text starts, so JSON positions
                // are offsets from it.
                let line = json.span.line + err.line() as u32 - 1;
                let column = if err.line() == 1 {
                    json.span.column - 1
                } else {
                    json.span.column.saturating_sub(1)
                } + err.column() as u32;
                c.error(
                    file,
                    Span::new(line, column),
                    format!("example is not valid JSON: {err}"),
                    "examples are JSON text; check quotes, commas and brackets".to_string(),
                );
            }
        }
    }
}

/// Why `id` is not an endpoint id, if it is not. Ids land in paths, URLs, Rust strings, TOML
/// and Markdown: keeping them to these characters keeps every one of those safe.
fn id_problem(id: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if let Some(c) = id.chars().find(|&c| !allowed(c) && c != '/') {
        return Some(format!("contains {c:?}, which an id cannot hold"));
    }
    if id
        .split('/')
        .any(|segment| segment.is_empty() || segment == "." || segment == "..")
    {
        return Some("has an empty, `.` or `..` segment".to_string());
    }
    None
}

fn check_types(c: &mut Checker, types: &TypeFile, scope: &Scope) {
    let file = types.file.as_path();
    for t in &types.types {
        match &t.kind {
            TypeKind::Object(fields) => {
                for f in fields {
                    check_field(c, file, t, f, scope);
                }
            }
            TypeKind::Enum(values) => check_enum(c, file, t, values),
            TypeKind::Union(u) => check_union(c, file, t, u, scope),
        }
    }
}

fn check_refs(
    c: &mut Checker,
    file: &Path,
    ty: &Located<TypeExpr>,
    scope: &Scope,
    what: &str,
) -> bool {
    let mut ok = true;
    for name in ty.value.names() {
        if scope.get(name).is_none() {
            ok = false;
            let help = if scope.local.is_some() {
                format!("define `{name}` under `types:` in this file or in shared.yaml, or fix the spelling")
            } else {
                format!(
                    "define `{name}` in shared.yaml (shared types may only refer to shared types)"
                )
            };
            c.error(
                file,
                ty.span,
                format!("{what} refers to the type `{name}`, which does not exist"),
                help,
            );
        }
    }
    ok
}

fn check_field(c: &mut Checker, file: &Path, owner: &NamedType, f: &Field, scope: &Scope) {
    let what = format!("field `{}` of `{}`", f.name.value, owner.name.value);
    if !check_refs(c, file, &f.ty, scope, &what) {
        return;
    }
    check_constraints(
        c,
        file,
        &f.constraints,
        f.ty.value.non_null(),
        f.ty.span,
        scope,
        &what,
    );
    if let Some(default) = &f.default {
        if let Err(reason) = value_fits(&default.value, &f.ty.value, &f.constraints, scope) {
            c.error(
                file,
                default.span,
                format!(
                    "the default of {what} is {}: {reason}",
                    compact(&default.value)
                ),
                "make the default a value the field accepts, or fix the type or bounds".to_string(),
            );
        }
    }
}

/// Resolves a type to its definition when it names an enum.
fn enum_of<'a>(ty: &TypeExpr, scope: &Scope<'a>) -> Option<&'a [EnumValue]> {
    match ty.non_null() {
        TypeExpr::Named(n) => match &scope.get(n)?.kind {
            TypeKind::Enum(v) => Some(v),
            _ => None,
        },
        _ => None,
    }
}

/// Checks the constraints `k` of a value of type `ty`; `type_span` is where the field's type
/// is written, the location of problems that have no key of their own to point at.
fn check_constraints(
    c: &mut Checker,
    file: &Path,
    k: &Constraints,
    ty: &TypeExpr,
    type_span: Span,
    scope: &Scope,
    what: &str,
) {
    for u in unfit_constraints(k, ty, scope) {
        // `items` has no position of its own: point at the type it does not suit.
        let (span, fix) = match u.span {
            Some(span) => (span, ": remove it or fix the type"),
            None => (type_span, ""),
        };
        c.error(
            file,
            span,
            format!("`{}` does not apply to {what}, whose type is `{ty}`", u.key),
            format!("`{}` applies to {} only{fix}", u.key, u.needs.describe()),
        );
    }
    if let Some(pattern) = &k.pattern {
        // The generated validation compiles the pattern with regex-lite at run time: refuse
        // here what it could not compile, rather than emit a check that rejects every value.
        if let Err(err) = regex_lite::Regex::new(&pattern.value) {
            let reason = err.to_string();
            c.error(
                file,
                pattern.span,
                format!(
                    "the pattern `{}` of {what} is not a valid regular expression: {}",
                    pattern.value,
                    reason.lines().next().unwrap_or_default()
                ),
                "patterns use the regex-lite syntax (a subset of ECMA-262 that the generated validation runs); escape special characters with `\\`".to_string(),
            );
        }
    }
    if let Some(m) = &k.multiple_of {
        // A multiple of zero or less has no meaning (JSON Schema requires a positive number).
        if m.value.as_f64().is_none_or(|v| v <= 0.0 || !v.is_finite()) {
            c.error(
                file,
                m.span,
                format!(
                    "`multiple_of` of {what} is {}, but must be above 0",
                    m.value
                ),
                "write a positive number such as 2 or 0.5".to_string(),
            );
        }
    }
    let at = |kind: Kind| k.get(kind).and_then(|b| b.as_f64().map(|v| (v, b.span())));
    let pairs = PAIRS
        .iter()
        .map(|&(lo, hi, strict)| (lo.key(), at(lo), hi.key(), at(hi), strict));
    let before_pairs = c.diags.len();
    for (lo_key, lo, hi_key, hi, strict) in pairs {
        if let (Some((lo, span)), Some((hi, _))) = (lo, hi) {
            if lo > hi || (strict && lo >= hi) {
                c.error(
                    file,
                    span,
                    format!("{what} has `{lo_key}` {lo} above `{hi_key}` {hi}, so no value can satisfy both"),
                    format!("lower `{lo_key}` or raise `{hi_key}`"),
                );
            }
        }
    }
    if matches!(ty.non_null(), TypeExpr::Integer) {
        // An empty range as real numbers is reported above already.
        let empty_reported = c.diags.len() > before_pairs;
        check_integer_bounds(c, file, k, what, empty_reported);
    }
    if let (Some(items), Some(element)) = (&k.items, element_type(ty)) {
        check_constraints(
            c,
            file,
            items,
            element,
            type_span,
            scope,
            &format!("the elements of {what}"),
        );
    }
}

/// The bounds of an integer field: each within the field's Rust type (`i64`), and together
/// leaving at least one integer (`exclusive_minimum: 1, exclusive_maximum: 2` leaves none,
/// although as real numbers the range is not empty).
fn check_integer_bounds(
    c: &mut Checker,
    file: &Path,
    k: &Constraints,
    what: &str,
    empty_reported: bool,
) {
    let bounds = [
        ("minimum", &k.minimum),
        ("exclusive_minimum", &k.exclusive_minimum),
        ("maximum", &k.maximum),
        ("exclusive_maximum", &k.exclusive_maximum),
    ];
    let mut lowest = f64::NEG_INFINITY;
    let mut highest = f64::INFINITY;
    let mut span = None;
    for (key, bound) in bounds {
        let Some(bound) = bound else { continue };
        let v = bound.value.as_f64().unwrap_or(f64::NAN);
        if !integer_bound_fits(&bound.value) {
            c.error(
                file,
                bound.span,
                format!(
                    "`{key}` {} of {what} is beyond the range of an integer field, which holds {} to {}",
                    bound.value,
                    i64::MIN,
                    i64::MAX
                ),
                format!("remove `{key}` (no integer field can exceed it) or make the field a float"),
            );
            return;
        }
        span.get_or_insert(bound.span);
        match key {
            "minimum" => lowest = lowest.max(v.ceil()),
            "exclusive_minimum" => lowest = lowest.max(v.floor() + 1.0),
            "maximum" => highest = highest.min(v.floor()),
            _ => highest = highest.min(v.ceil() - 1.0),
        }
    }
    if let Some(span) = span {
        if lowest > highest && !empty_reported {
            c.error(
                file,
                span,
                format!("the bounds of {what} leave no integer: the lowest allowed would be {lowest}, the highest {highest}"),
                "widen the bounds, or make the field a float".to_string(),
            );
        }
    }
}

/// Whether `n` can bound an integer field, whose Rust type is `i64`: the one rule by which the
/// checker refuses a bound and the importer leaves one out.
pub fn integer_bound_fits(n: &serde_json::Number) -> bool {
    // i64::MAX as f64 rounds up to 2^63, which is itself out of range.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    n.as_f64().is_some_and(|v| (-LIMIT..LIMIT).contains(&v))
}

fn check_enum(c: &mut Checker, file: &Path, t: &NamedType, values: &[EnumValue]) {
    let name = &t.name.value;
    if values.is_empty() {
        c.error(
            file,
            t.name.span,
            format!("enum `{name}` has no values"),
            "list at least one value under `enum:`".to_string(),
        );
        return;
    }
    let strings = values
        .iter()
        .filter(|v| matches!(v.value.value, EnumLiteral::Str(_)))
        .count();
    if strings != 0 && strings != values.len() {
        let odd = values
            .iter()
            .find(|v| matches!(v.value.value, EnumLiteral::Str(_)) != (strings * 2 > values.len()))
            .map(|v| v.value.span)
            .unwrap_or(t.name.span);
        c.error(
            file,
            odd,
            format!("enum `{name}` mixes strings and integers"),
            "quote every value to make them all strings, or none to make them all integers"
                .to_string(),
        );
    }
    let mut seen_values: BTreeMap<&EnumLiteral, Span> = BTreeMap::new();
    let mut seen_names: BTreeMap<String, (&EnumLiteral, Span)> = BTreeMap::new();
    for v in values {
        if let Some(first) = seen_values.insert(&v.value.value, v.value.span) {
            c.error(
                file,
                v.value.span,
                format!(
                    "enum `{name}` lists the value {} twice (first at line {})",
                    v.value.value.to_json(),
                    first.line
                ),
                "remove the repeated value".to_string(),
            );
            continue;
        }
        let rust = match &v.rust_name {
            Some(given) => {
                if !naming::is_variant_name(&given.value) {
                    c.error(
                        file,
                        given.span,
                        format!("`rust_name` `{}` is not an UpperCamelCase Rust identifier", given.value),
                        "use letters and digits, starting with an uppercase letter (`_` only between digits)".to_string(),
                    );
                    continue;
                }
                given.value.clone()
            }
            None => match naming::enum_variant_name(&v.value.value) {
                Some(n) => n,
                None => {
                    c.error(
                        file,
                        v.value.span,
                        format!("the value {} of enum `{name}` has no letter or digit to make a Rust name from", v.value.value.to_json()),
                        "write it as `- {value: ..., rust_name: SomeName}`".to_string(),
                    );
                    continue;
                }
            },
        };
        if let Some((other, _)) = seen_names.get(&rust) {
            c.error(
                file,
                v.value.span,
                format!(
                    "the values {} and {} of enum `{name}` would both be named `{rust}` in Rust",
                    other.to_json(),
                    v.value.value.to_json()
                ),
                "give one of them a distinct `rust_name`: `- {value: ..., rust_name: OtherName}`"
                    .to_string(),
            );
        } else {
            seen_names.insert(rust, (&v.value.value, v.value.span));
        }
    }
}

fn check_union(c: &mut Checker, file: &Path, t: &NamedType, u: &Union, scope: &Scope) {
    let name = &t.name.value;
    if u.variants.is_empty() {
        c.error(
            file,
            t.name.span,
            format!("union `{name}` has no variants"),
            "list its variants under `variants:`".to_string(),
        );
        return;
    }
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    for v in &u.variants {
        let what = format!("a variant of union `{name}`");
        if !check_refs(c, file, &v.ty, scope, &what) {
            continue;
        }
        let rust = v
            .rust_name
            .as_ref()
            .map(|r| r.value.clone())
            .unwrap_or_else(|| naming::union_variant_name(&v.ty.value));
        if let Some(r) = &v.rust_name {
            if !naming::is_variant_name(&r.value) {
                c.error(
                    file,
                    r.span,
                    format!(
                        "`rust_name` `{}` is not an UpperCamelCase Rust identifier",
                        r.value
                    ),
                    None,
                );
            }
        }
        if let Some(first) = names.insert(rust.clone(), v.ty.span) {
            c.error(
                file,
                v.ty.span,
                format!("two variants of union `{name}` would both be named `{rust}` in Rust (first at line {})", first.line),
                "give one of them a `rust_name`".to_string(),
            );
        }
        match (&u.tag, &v.tag_value) {
            (None, Some(tv)) => c.error(
                file,
                tv.span,
                format!("`tag_value` needs a `tag` on union `{name}`"),
                "add `tag: <field>` to the union, or remove `tag_value`".to_string(),
            ),
            (Some(_), None) => c.error(
                file,
                v.ty.span,
                format!("every variant of the tagged union `{name}` needs a `tag_value`"),
                format!(
                    "add `tag_value: ...` to the variant: the value of the field `{}` that selects it",
                    u.tag.as_ref().map(|t| t.value.as_str()).unwrap_or_default(),
                ),
            ),
            (Some(tag), Some(_)) => match &v.ty.value {
                TypeExpr::Named(n) => match scope.get(n).map(|t| &t.kind) {
                    Some(TypeKind::Object(fields)) => {
                        if let Some(f) = fields.iter().find(|f| f.name.value == tag.value) {
                            c.error(
                                file,
                                v.ty.span,
                                format!("`{n}` defines the field `{}`, which is the tag of union `{name}`", f.name.value),
                                "remove the field from the object: the union's tag carries it".to_string(),
                            );
                        }
                    }
                    _ => c.error(
                        file,
                        v.ty.span,
                        format!("a variant of the tagged union `{name}` must be an object type"),
                        None,
                    ),
                },
                _ => c.error(
                    file,
                    v.ty.span,
                    format!(
                        "a variant of the tagged union `{name}` must name an object type, not `{}`",
                        v.ty.value
                    ),
                    None,
                ),
            },
            (None, None) => {}
        }
    }
    if u.tag.is_some() {
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for tv in u.variants.iter().filter_map(|v| v.tag_value.as_ref()) {
            if seen.insert(&tv.value, tv.span).is_some() {
                c.error(
                    file,
                    tv.span,
                    format!("union `{name}` uses the tag value `{}` twice", tv.value),
                    None,
                );
            }
        }
    }
}

fn compact(v: &Value) -> String {
    v.to_string()
}

/// Whether `value` is a value of `ty` within `k`; the error says why not.
pub fn value_fits(
    value: &Value,
    ty: &TypeExpr,
    k: &Constraints,
    scope_types: &dyn TypeLookup,
) -> Result<(), String> {
    match (ty, value) {
        (TypeExpr::Nullable(_) | TypeExpr::Any, Value::Null) => return Ok(()),
        (TypeExpr::Nullable(inner), _) => return value_fits(value, inner, k, scope_types),
        _ => {}
    }
    match (ty, value) {
        (TypeExpr::Any, _) => Ok(()),
        (TypeExpr::String | TypeExpr::FileUrl, Value::String(s)) => {
            let len = s.chars().count() as u64;
            if let Some(min) = &k.min_length {
                if len < min.value {
                    return Err(format!(
                        "{len} characters, below `min_length` {}",
                        min.value
                    ));
                }
            }
            if let Some(max) = &k.max_length {
                if len > max.value {
                    return Err(format!(
                        "{len} characters, above `max_length` {}",
                        max.value
                    ));
                }
            }
            match &k.pattern {
                // An invalid pattern is reported where it is written.
                Some(p) => match regex_lite::Regex::new(&p.value) {
                    Ok(re) if !re.is_match(s) => Err(format!(
                        "does not match the `pattern` {}",
                        Value::String(p.value.clone())
                    )),
                    _ => Ok(()),
                },
                None => Ok(()),
            }
        }
        (TypeExpr::Integer, Value::Number(n)) if n.is_i64() => number_in_bounds(n, k),
        (TypeExpr::Integer, Value::Number(n)) if n.is_u64() => Err(format!(
            "beyond the range of an integer field, which holds {} to {}",
            i64::MIN,
            i64::MAX
        )),
        (TypeExpr::Float, Value::Number(n)) => number_in_bounds(n, k),
        (TypeExpr::Boolean, Value::Bool(_)) => Ok(()),
        (TypeExpr::List(inner), Value::Array(items)) => {
            let n = items.len() as u64;
            if let Some(min) = &k.min_items {
                if n < min.value {
                    return Err(format!("{n} elements, below `min_items` {}", min.value));
                }
            }
            if let Some(max) = &k.max_items {
                if n > max.value {
                    return Err(format!("{n} elements, above `max_items` {}", max.value));
                }
            }
            let none = Constraints::default();
            let item_k = k.items.as_deref().unwrap_or(&none);
            for (i, item) in items.iter().enumerate() {
                value_fits(item, inner, item_k, scope_types)
                    .map_err(|e| format!("element {i}: {e}"))?;
            }
            Ok(())
        }
        (TypeExpr::Map(inner), Value::Object(map)) => {
            for (key, item) in map {
                value_fits(item, inner, &Constraints::default(), scope_types)
                    .map_err(|e| format!("key `{key}`: {e}"))?;
            }
            Ok(())
        }
        (TypeExpr::Named(name), _) => match scope_types.lookup(name).map(|t| &t.kind) {
            None => Ok(()), // reported as a dangling reference already
            Some(TypeKind::Enum(values)) => {
                if values.iter().any(|v| v.value.value.to_json() == *value) {
                    number_in_bounds_if_number(value, k)
                } else {
                    let listed: Vec<String> = values
                        .iter()
                        .map(|v| v.value.value.to_json().to_string())
                        .collect();
                    Err(format!(
                        "not one of the values of `{name}` ({})",
                        listed.join(", ")
                    ))
                }
            }
            Some(TypeKind::Object(fields)) => match value {
                Value::Object(map) => {
                    for f in fields {
                        match map.get(&f.name.value) {
                            Some(v) => value_fits(v, &f.ty.value, &f.constraints, scope_types)
                                .map_err(|e| format!("field `{}`: {e}", f.name.value))?,
                            None if f.required => {
                                return Err(format!(
                                    "the required field `{}` is missing",
                                    f.name.value
                                ))
                            }
                            None => {}
                        }
                    }
                    Ok(())
                }
                _ => Err(format!("not an object, as `{name}` requires")),
            },
            Some(TypeKind::Union(u)) => {
                let none = Constraints::default();
                if u.variants
                    .iter()
                    .any(|v| value_fits(value, &v.ty.value, &none, scope_types).is_ok())
                {
                    Ok(())
                } else {
                    Err(format!("not a value of any variant of `{name}`"))
                }
            }
        },
        (ty, _) => Err(format!("not a value of type `{ty}`")),
    }
}

/// The kinds of value a constraint bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bounds {
    /// `minimum`, `maximum` and the exclusive bounds: integers, floats and integer enums.
    Numbers,
    /// `min_length`, `max_length` and `pattern`: strings and file URLs.
    Strings,
    /// `min_items`, `max_items` and `items`: lists.
    Lists,
}

impl Bounds {
    /// What a value of type `ty` is bounded as, nullability unwrapped (`integer?` takes the
    /// bounds of a number); `None` for the types no constraint applies to: booleans, `any`,
    /// maps, objects, unions and string enums.
    pub fn of(ty: &TypeExpr, types: &dyn TypeLookup) -> Option<Bounds> {
        match ty.non_null() {
            TypeExpr::Integer | TypeExpr::Float => Some(Bounds::Numbers),
            TypeExpr::String | TypeExpr::FileUrl => Some(Bounds::Strings),
            TypeExpr::List(_) => Some(Bounds::Lists),
            TypeExpr::Named(n) => match types.lookup(n).map(|t| &t.kind) {
                Some(TypeKind::Enum(values))
                    if values
                        .iter()
                        .all(|v| matches!(v.value.value, EnumLiteral::Int(_))) =>
                {
                    Some(Bounds::Numbers)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The values, as messages name them.
    pub fn describe(self) -> &'static str {
        match self {
            Bounds::Numbers => "integer and float values",
            Bounds::Strings => "strings",
            Bounds::Lists => "lists",
        }
    }
}

/// A constraint written on a value whose type it does not apply to.
#[derive(Clone, Debug, PartialEq)]
pub struct Unfit {
    /// Its key, as schema files write it (`min_length`, `items`).
    pub key: &'static str,
    /// Its value, as schema files write it; `None` for `items`, a mapping of constraints.
    pub value: Option<String>,
    /// Where it is written; `None` for `items`, which has no position of its own.
    pub span: Option<Span>,
    /// The values it applies to.
    pub needs: Bounds,
}

/// The constraints of `k` that do not apply to a value of type `ty` (nullability unwrapped), in
/// the order schema files write them: the one rule of what applies where, by which the checker
/// refuses a schema and the importer leaves a constraint out. Only `k`'s own keys are looked
/// at; the constraints under `items` apply to the elements, of type [`element_type`].
pub fn unfit_constraints(k: &Constraints, ty: &TypeExpr, types: &dyn TypeLookup) -> Vec<Unfit> {
    let bounds = Bounds::of(ty, types);
    let written = k.set_ones().map(|(row, bound)| {
        let text = match bound {
            Bound::Pattern(p) => Value::String(p.value.clone()).to_string(),
            other => other.text(),
        };
        (row.key, row.applies, Some((text, bound.span())))
    });
    let mut unfit: Vec<Unfit> = written
        .into_iter()
        .filter(|(_, needs, _)| bounds != Some(*needs))
        .filter_map(|(key, needs, written)| {
            written.map(|(value, span)| Unfit {
                key,
                value: Some(value),
                span: Some(span),
                needs,
            })
        })
        .collect();
    if k.items.is_some() && bounds != Some(Bounds::Lists) {
        unfit.push(Unfit {
            key: "items",
            value: None,
            span: None,
            needs: Bounds::Lists,
        });
    }
    unfit
}

/// The type the constraints under `items` apply to: the elements of a list, nullability
/// unwrapped (`list<integer?>?` gives `integer`); `None` when `ty` is not a list.
pub fn element_type(ty: &TypeExpr) -> Option<&TypeExpr> {
    match ty.non_null() {
        TypeExpr::List(inner) => Some(inner.non_null()),
        _ => None,
    }
}

fn number_in_bounds_if_number(value: &Value, k: &Constraints) -> Result<(), String> {
    match value {
        Value::Number(n) => number_in_bounds(n, k),
        _ => Ok(()),
    }
}

fn number_in_bounds(n: &serde_json::Number, k: &Constraints) -> Result<(), String> {
    let v = n.as_f64().unwrap_or(f64::NAN);
    let b = |x: &Option<Located<serde_json::Number>>| {
        x.as_ref()
            .map(|l| (l.value.as_f64().unwrap_or(f64::NAN), l.value.to_string()))
    };
    if let Some((min, text)) = b(&k.minimum) {
        if v < min {
            return Err(format!("below `minimum` {text}"));
        }
    }
    if let Some((max, text)) = b(&k.maximum) {
        if v > max {
            return Err(format!("above `maximum` {text}"));
        }
    }
    if let Some((min, text)) = b(&k.exclusive_minimum) {
        if v <= min {
            return Err(format!("not above `exclusive_minimum` {text}"));
        }
    }
    if let Some((max, text)) = b(&k.exclusive_maximum) {
        if v >= max {
            return Err(format!("not below `exclusive_maximum` {text}"));
        }
    }
    if let Some((m, text)) = b(&k.multiple_of) {
        if !is_multiple(v, m) {
            return Err(format!("not a multiple of `multiple_of` {text}"));
        }
    }
    Ok(())
}

/// Whether `v` is a whole multiple of `m`, allowing for the rounding of binary floats (0.3 is a
/// multiple of 0.1). The generated validation uses the same rule (`check::multiple_of` of
/// `genmedia-runtime`).
pub fn is_multiple(v: f64, m: f64) -> bool {
    let q = v / m;
    q.is_finite() && (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)
}

/// The `poll:` block: the poll endpoint exists and shares the provider, and every field it names
/// exists with the type its role needs. (That both outputs end up one Rust type is checked when
/// types are placed, in the IR.)
fn check_poll(
    c: &mut Checker,
    e: &Endpoint,
    poll: &Located<PollSpec>,
    parsed: &Parsed,
    scope: &Scope,
) {
    let file = e.types.file.as_path();
    let p = &poll.value;
    if e.http.is_none() {
        c.error(file, poll.span, "`poll` is for endpoints called by HTTP path (an `http` block); a queue endpoint is followed through its queue", "remove the `poll` block".to_string());
        return;
    }
    let Some(target) = parsed
        .endpoints
        .iter()
        .map(|(_, t)| t)
        .find(|t| t.id.value == p.endpoint.value)
    else {
        c.error(
            file,
            p.endpoint.span,
            format!("the poll endpoint `{}` is not defined", p.endpoint.value),
            "name the id of an endpoint under schemas/ (the one that fetches the job)".to_string(),
        );
        return;
    };
    if target.id.value == e.id.value {
        c.error(
            file,
            p.endpoint.span,
            "an endpoint cannot poll itself",
            "name the endpoint that fetches the job".to_string(),
        );
        return;
    }
    if target.provider.value != e.provider.value {
        c.error(
            file,
            p.endpoint.span,
            format!(
                "the poll endpoint `{}` belongs to provider `{}`, this endpoint to `{}`",
                target.id.value, target.provider.value, e.provider.value
            ),
            None,
        );
    }
    let target_scope = Scope {
        local: Some(&target.types),
        shared: &parsed.shared,
    };
    let fields_of = |scope: &Scope, name: &str| -> Option<Vec<Field>> {
        match &scope.get(name)?.kind {
            TypeKind::Object(fields) => Some(fields.clone()),
            _ => None,
        }
    };
    let (Some(output), Some(poll_input)) = (
        fields_of(scope, &e.output.value),
        fields_of(&target_scope, &target.input.value),
    ) else {
        // The output or the poll endpoint's input is not an object: reported elsewhere.
        return;
    };
    let field =
        |c: &mut Checker, fields: &[Field], name: &Located<String>, owner: &str| -> Option<Field> {
            let found = fields.iter().find(|f| f.name.value == name.value).cloned();
            if found.is_none() {
                let names: Vec<&str> = fields.iter().map(|f| f.name.value.as_str()).collect();
                c.error(
                    file,
                    name.span,
                    format!("`{}` is not a field of {owner}", name.value),
                    format!("its fields are: {}", names.join(", ")),
                );
            }
            found
        };
    let output_owner = format!("the output `{}`", e.output.value);
    let input_owner = format!("the poll endpoint's input `{}`", target.input.value);
    if let Some(id) = field(c, &output, &p.id, &output_owner) {
        if !id.required || !matches!(id.ty.value, TypeExpr::String) {
            c.error(file, p.id.span, format!("the job id `{}` must be a required, non-nullable string field", p.id.value), "name the output field that identifies the job, declared `{ type: string, required: true }`".to_string());
        }
    }
    if let Some(id_input) = field(c, &poll_input, &p.id_input, &input_owner) {
        if !matches!(id_input.ty.value.non_null(), TypeExpr::String) {
            c.error(
                file,
                p.id_input.span,
                format!(
                    "`{}` must be a string field to receive the job id",
                    p.id_input.value
                ),
                None,
            );
        }
    }
    for (name, value) in &p.input {
        if name.value == p.id_input.value {
            c.error(
                file,
                name.span,
                format!(
                    "`{}` receives the job id; it cannot also have a fixed value",
                    name.value
                ),
                "remove it from `input`".to_string(),
            );
            continue;
        }
        if let Some(f) = field(c, &poll_input, name, &input_owner) {
            if let Err(why) = value_fits(&value.value, &f.ty.value, &f.constraints, &target_scope) {
                c.error(
                    file,
                    value.span,
                    format!(
                        "the value {} does not fit `{}`: {why}",
                        compact(&value.value),
                        name.value
                    ),
                    None,
                );
            }
        }
    }
    for f in poll_input.iter().filter(|f| f.required) {
        let given = f.name.value == p.id_input.value
            || p.input.iter().any(|(n, _)| n.value == f.name.value);
        if !given {
            c.error(
                file,
                poll.span,
                format!(
                    "the poll endpoint's required input field `{}` is given no value",
                    f.name.value
                ),
                format!("add `{}: <value>` under `input`", f.name.value),
            );
        }
    }
    if let Some(state) = field(c, &output, &p.state, &output_owner) {
        match enum_of(&state.ty.value, scope) {
            None => c.error(
                file,
                p.state.span,
                format!("the state field `{}` must have an enum type", p.state.value),
                None,
            ),
            Some(values) => {
                for s in p.done.iter().chain(&p.failed) {
                    if !values
                        .iter()
                        .any(|v| v.value.value == EnumLiteral::Str(s.value.clone()))
                    {
                        let known: Vec<String> = values
                            .iter()
                            .map(|v| compact(&v.value.value.to_json()))
                            .collect();
                        c.error(
                            file,
                            s.span,
                            format!(
                                "`{}` is not a value of the state field `{}`",
                                s.value, p.state.value
                            ),
                            format!("its values are: {}", known.join(", ")),
                        );
                    }
                }
            }
        }
    }
    if let Some(reason) = &p.reason {
        if let Some(f) = field(c, &output, reason, &output_owner) {
            if !matches!(f.ty.value.non_null(), TypeExpr::String) {
                c.error(
                    file,
                    reason.span,
                    format!("the reason field `{}` must be a string field", reason.value),
                    None,
                );
            }
        }
    }
}

/// Looks a type name up; lets `value_fits` serve the checker and the generator alike.
pub trait TypeLookup {
    /// The type with this name, if any.
    fn lookup(&self, name: &str) -> Option<&NamedType>;
}

impl TypeLookup for Scope<'_> {
    fn lookup(&self, name: &str) -> Option<&NamedType> {
        self.get(name)
    }
}
