//! The rules on a `poll:` block: the endpoint it names exists, is another one and shares the
//! provider, and every field it names exists with the type its role needs.

use std::path::Path;

use super::values::value_fits;
use super::{compact, Checker, Scope};
use crate::schema::load::Parsed;
use crate::schema::model::*;

/// The `poll:` block: the poll endpoint exists and shares the provider, and every field it names
/// exists with the type its role needs. (That both outputs end up one Rust type is checked when
/// types are placed, in the IR.)
pub(super) fn check_poll(
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
    let Some(target) = poll_target(c, file, e, p, parsed) else {
        return;
    };
    let target_scope = Scope {
        local: Some(&target.types),
        shared: &parsed.shared,
    };
    let (Some(output), Some(poll_input)) = (
        fields_of(scope, &e.output.value),
        fields_of(&target_scope, &target.input.value),
    ) else {
        // The output or the poll endpoint's input is not an object: reported elsewhere.
        return;
    };
    let output = Object {
        fields: output,
        owner: format!("the output `{}`", e.output.value),
    };
    let poll_input = Object {
        fields: poll_input,
        owner: format!("the poll endpoint's input `{}`", target.input.value),
    };
    check_job_id(c, file, p, &output, &poll_input);
    check_poll_input(c, file, poll, &poll_input, &target_scope);
    check_state(c, file, p, &output, scope);
    if let Some(reason) = &p.reason {
        if let Some(f) = output.field(c, file, reason) {
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

/// The endpoint the block polls: defined, not the polling one itself, and (reported if not)
/// of the same provider. `None`, reported, when there is none to check further.
fn poll_target<'p>(
    c: &mut Checker,
    file: &Path,
    e: &Endpoint,
    p: &PollSpec,
    parsed: &'p Parsed,
) -> Option<&'p Endpoint> {
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
        return None;
    };
    if target.id.value == e.id.value {
        c.error(
            file,
            p.endpoint.span,
            "an endpoint cannot poll itself",
            "name the endpoint that fetches the job".to_string(),
        );
        return None;
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
    Some(target)
}

/// The fields of the type `name`, when it is an object.
fn fields_of(scope: &Scope, name: &str) -> Option<Vec<Field>> {
    match &scope.get(name)?.kind {
        TypeKind::Object(fields) => Some(fields.clone()),
        _ => None,
    }
}

/// An object whose fields the block names: the polling endpoint's output, or the poll
/// endpoint's input.
struct Object {
    fields: Vec<Field>,
    /// The object as messages name it.
    owner: String,
}

impl Object {
    /// The field the block calls `name`; `None`, reported, when there is none.
    fn field(&self, c: &mut Checker, file: &Path, name: &Located<String>) -> Option<Field> {
        let found = self
            .fields
            .iter()
            .find(|f| f.name.value == name.value)
            .cloned();
        if found.is_none() {
            let names: Vec<&str> = self.fields.iter().map(|f| f.name.value.as_str()).collect();
            c.error(
                file,
                name.span,
                format!("`{}` is not a field of {}", name.value, self.owner),
                format!("its fields are: {}", names.join(", ")),
            );
        }
        found
    }
}

/// The job id is a required string of the output, and the poll endpoint's input has a string
/// field to receive it.
fn check_job_id(c: &mut Checker, file: &Path, p: &PollSpec, output: &Object, poll_input: &Object) {
    if let Some(id) = output.field(c, file, &p.id) {
        if !id.required || !matches!(id.ty.value, TypeExpr::String) {
            c.error(file, p.id.span, format!("the job id `{}` must be a required, non-nullable string field", p.id.value), "name the output field that identifies the job, declared `{ type: string, required: true }`".to_string());
        }
    }
    if let Some(id_input) = poll_input.field(c, file, &p.id_input) {
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
}

/// The fixed values under `input` fit the poll endpoint's input fields (looked up in
/// `target_scope`), and every required field of that input is given a value.
fn check_poll_input(
    c: &mut Checker,
    file: &Path,
    poll: &Located<PollSpec>,
    poll_input: &Object,
    target_scope: &Scope,
) {
    let p = &poll.value;
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
        if let Some(f) = poll_input.field(c, file, name) {
            if let Err(why) = value_fits(&value.value, &f.ty.value, &f.constraints, target_scope) {
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
    for f in poll_input.fields.iter().filter(|f| f.required) {
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
}

/// The state field has an enum type, of which every `done` and `failed` state is a value.
fn check_state(c: &mut Checker, file: &Path, p: &PollSpec, output: &Object, scope: &Scope) {
    let Some(state) = output.field(c, file, &p.state) else {
        return;
    };
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
