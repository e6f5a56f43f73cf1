//! Reading one fal OpenAPI document: JSON Schema nodes become proto types whose references
//! still point at components (`Ref`) and whose inline enums and unions are not named yet.
//! Naming and deduplication happen later, across all documents, in `assemble/`.

use serde_json::{Map, Value};

use crate::diagnostics::Span;
use crate::schema::constraint::{self, ValueType, ROWS};
use crate::schema::model::{Constraints, EnumLiteral, TypeExpr};

/// A type before names are assigned.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PType {
    /// A primitive (or `any`).
    Leaf(TypeExpr),
    /// A list.
    List(Box<PType>),
    /// A map from strings.
    Map(Box<PType>),
    /// Nullable.
    Nullable(Box<PType>),
    /// A reference to a component of the same document.
    Ref(String),
    /// An enum written inline; named after its field later.
    Enum(Vec<EnumLiteral>),
    /// A union written inline; named after its field later.
    Union(Vec<PType>),
}

/// A field before names are assigned.
#[derive(Clone, Debug, PartialEq)]
pub struct PField {
    pub name: String,
    pub ty: PType,
    pub required: bool,
    pub default: Option<Value>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub constraints: Constraints,
}

/// A component before names are assigned.
#[derive(Clone, Debug, PartialEq)]
pub enum PComponent {
    /// An object with properties.
    Object {
        description: Option<String>,
        fields: Vec<PField>,
    },
    /// Anything else (a free-form object, an enum, a bare type): inlined where referenced.
    Inline(PType),
}

/// Converts a component's schema.
pub fn component(schema: &Value) -> Result<PComponent, String> {
    let obj = schema
        .as_object()
        .ok_or("a component schema must be a JSON object")?;
    let Some(props) = obj.get("properties").and_then(Value::as_object) else {
        let (ty, _) = ptype(schema, "value")?;
        return Ok(PComponent::Inline(ty));
    };
    let required: Vec<&str> = obj
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // Field order: `x-fal-order-properties` first, then any property it leaves out, in document order.
    let mut order: Vec<&str> = obj
        .get("x-fal-order-properties")
        .and_then(Value::as_array)
        .map(|o| {
            let mut order: Vec<&str> = Vec::new();
            for name in o.iter().filter_map(Value::as_str) {
                // A name listed twice is still one field.
                if props.contains_key(name) && !order.contains(&name) {
                    order.push(name);
                }
            }
            order
        })
        .unwrap_or_default();
    for name in props.keys() {
        if !order.contains(&name.as_str()) {
            order.push(name);
        }
    }
    let mut fields = Vec::new();
    for name in order {
        let prop = &props[name];
        let (ty, constraints) = ptype(prop, name).map_err(|e| format!("property `{name}`: {e}"))?;
        let p = prop.as_object();
        let get = |k: &str| p.and_then(|p| p.get(k));
        fields.push(PField {
            name: name.to_string(),
            ty,
            required: required.contains(&name),
            default: get("default").cloned(),
            description: get("description").and_then(Value::as_str).map(clean_text),
            deprecated: get("deprecated").and_then(Value::as_bool).unwrap_or(false),
            constraints,
        });
    }
    Ok(PComponent::Object {
        description: obj
            .get("description")
            .and_then(Value::as_str)
            .map(clean_text),
        fields,
    })
}

/// Trims trailing spaces on every line: they carry no meaning and would not survive YAML.
fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .split('\n')
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Converts a schema node to a proto type and the bounds written on it. OpenAPI 3.0's
/// `nullable: true` (beside any other keyword) makes the type nullable.
pub fn ptype(node: &Value, field: &str) -> Result<(PType, Constraints), String> {
    let (ty, k) = ptype_of(node, field)?;
    let nullable = node.get("nullable") == Some(&Value::Bool(true));
    Ok(match ty {
        PType::Nullable(_) | PType::Leaf(TypeExpr::Any) => (ty, k),
        ty if nullable => (PType::Nullable(Box::new(ty)), k),
        ty => (ty, k),
    })
}

fn ptype_of(node: &Value, field: &str) -> Result<(PType, Constraints), String> {
    let Some(obj) = node.as_object() else {
        return match node {
            Value::Bool(true) => Ok((PType::Leaf(TypeExpr::Any), Constraints::default())),
            _ => Err("a schema must be a JSON object".into()),
        };
    };
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        let name = r
            .strip_prefix("#/components/schemas/")
            .ok_or_else(|| format!("unsupported reference `{r}`"))?;
        return Ok((PType::Ref(name.to_string()), Constraints::default()));
    }
    if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
        return match all.as_slice() {
            [one] => ptype(one, field),
            _ => Err(format!(
                "`allOf` with {} members is not supported; only a single reference is",
                all.len()
            )),
        };
    }
    if let Some(any) = obj
        .get("anyOf")
        .or_else(|| obj.get("oneOf"))
        .and_then(Value::as_array)
    {
        return any_of(any, field);
    }
    let mut k = constraints(obj);
    let ty = if let Some(values) = obj.get("enum").and_then(Value::as_array) {
        let mut lits = Vec::new();
        for v in values {
            match v {
                Value::String(s) => lits.push(EnumLiteral::Str(s.clone())),
                Value::Number(n) if n.is_i64() => {
                    lits.push(EnumLiteral::Int(n.as_i64().unwrap_or_default()))
                }
                other => {
                    return Err(format!(
                        "enum value {other} is neither a string nor an integer"
                    ))
                }
            }
        }
        // The schema format's enums are all strings or all integers, and never empty.
        let strings = lits
            .iter()
            .filter(|l| matches!(l, EnumLiteral::Str(_)))
            .count();
        if lits.is_empty() {
            return Err("an enum without values is not supported".into());
        }
        if strings != 0 && strings != lits.len() {
            return Err(format!(
                "the enum {} mixes strings and integers, which is not supported",
                Value::Array(values.clone())
            ));
        }
        // Bounds on an enum add nothing the values do not already say.
        if matches!(obj.get("type").and_then(Value::as_str), Some("string")) {
            k = Constraints::default();
        }
        PType::Enum(lits)
    } else {
        match obj.get("type") {
            Some(Value::String(t)) => match t.as_str() {
                "string" if is_file_field(field) => PType::Leaf(TypeExpr::FileUrl),
                "string" => PType::Leaf(TypeExpr::String),
                "integer" => PType::Leaf(TypeExpr::Integer),
                "number" => PType::Leaf(TypeExpr::Float),
                "boolean" => PType::Leaf(TypeExpr::Boolean),
                "null" => PType::Nullable(Box::new(PType::Leaf(TypeExpr::Any))),
                "array" => {
                    let item_field = field.strip_suffix('s').unwrap_or(field);
                    let (item, item_k) = match obj.get("items") {
                        Some(items) => ptype(items, item_field)?,
                        None => (PType::Leaf(TypeExpr::Any), Constraints::default()),
                    };
                    if item_k != Constraints::default() {
                        k.items = Some(Box::new(item_k));
                    }
                    PType::List(Box::new(item))
                }
                "object" => match obj.get("additionalProperties") {
                    Some(v @ Value::Object(_)) => PType::Map(Box::new(ptype(v, field)?.0)),
                    _ => PType::Map(Box::new(PType::Leaf(TypeExpr::Any))),
                },
                other => return Err(format!("unknown type `{other}`")),
            },
            Some(Value::Array(types)) => {
                // `type: [string, null]`: the JSON Schema spelling of a nullable type.
                let non_null: Vec<&Value> = types
                    .iter()
                    .filter(|t| t.as_str() != Some("null"))
                    .collect();
                let mut copy = obj.clone();
                let nullable = non_null.len() < types.len();
                match non_null.as_slice() {
                    [one] => {
                        copy.insert("type".into(), (*one).clone());
                        let (t, k2) = ptype(&Value::Object(copy), field)?;
                        k = k2;
                        if nullable {
                            PType::Nullable(Box::new(t))
                        } else {
                            t
                        }
                    }
                    _ => PType::Leaf(TypeExpr::Any),
                }
            }
            None => PType::Leaf(TypeExpr::Any),
            Some(other) => return Err(format!("`type` must be a string, found {other}")),
        }
    };
    Ok((ty, k))
}

fn any_of(members: &[Value], field: &str) -> Result<(PType, Constraints), String> {
    let is_null = |m: &Value| m.get("type").and_then(Value::as_str) == Some("null");
    let nullable = members.iter().any(is_null);
    let rest: Vec<&Value> = members.iter().filter(|m| !is_null(m)).collect();
    let (ty, k) = match rest.as_slice() {
        [] => (PType::Leaf(TypeExpr::Any), Constraints::default()),
        [one] => ptype(one, field)?,
        many => {
            let mut variants = Vec::new();
            for m in many {
                let (t, _) = ptype(m, field)?;
                // A nested `T?` inside a union adds nothing but noise: the union itself is nullable.
                let t = match t {
                    PType::Nullable(inner) => *inner,
                    t => t,
                };
                if !variants.contains(&t) {
                    variants.push(t);
                }
            }
            (PType::Union(variants), Constraints::default())
        }
    };
    let ty = match ty {
        PType::Nullable(_) | PType::Leaf(TypeExpr::Any) => ty,
        t if nullable => PType::Nullable(Box::new(t)),
        t => t,
    };
    Ok((ty, k))
}

fn constraints(obj: &Map<String, Value>) -> Constraints {
    let mut k = Constraints::default();
    for row in ROWS {
        let value = match (row.value, obj.get(row.openapi)) {
            (ValueType::Number, Some(Value::Number(n))) => constraint::Value::Number(n.clone()),
            (ValueType::Count, Some(v)) => match v.as_u64() {
                Some(n) => constraint::Value::Count(n),
                None => continue,
            },
            (ValueType::Pattern, Some(Value::String(p))) => constraint::Value::Pattern(p.clone()),
            _ => continue,
        };
        k.set(row.kind, value, Span::default());
    }
    // OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum.
    if obj.get("exclusiveMinimum") == Some(&Value::Bool(true)) {
        k.exclusive_minimum = k.minimum.take();
    }
    if obj.get("exclusiveMaximum") == Some(&Value::Bool(true)) {
        k.exclusive_maximum = k.maximum.take();
    }
    k
}

/// fal's inputs name file and media URLs `*_url`, lists of them `*_urls`.
fn is_file_field(field: &str) -> bool {
    field.ends_with("_url") || field.ends_with("_urls")
}
