//! The schema model, as written in `schemas/`: what the loader produces and the checker,
//! the importer's writer and the generator read.

use std::path::PathBuf;

use crate::diagnostics::Span;

/// A value together with where it was written. Two located values are equal when their values
/// are: where a definition is written does not change what it means (the IR finds identical
/// definitions in different files this way).
#[derive(Clone, Debug)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it starts in its file (zero span for values made in code, such as imports).
    pub span: Span,
}

impl<T: PartialEq> PartialEq for Located<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> Located<T> {
    /// A value with a known position.
    pub fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }

    /// A value made in code, with no position in a file.
    pub fn synthetic(value: T) -> Self {
        Located {
            value,
            span: Span::default(),
        }
    }
}

/// Everything under `schemas/`, loaded and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    /// The providers of `providers.yaml`, sorted by name.
    pub providers: Vec<Provider>,
    /// The types of `shared.yaml`, in file order.
    pub shared: TypeFile,
    /// Every endpoint, sorted by id.
    pub endpoints: Vec<Endpoint>,
}

impl Catalog {
    /// The endpoint with this id.
    pub fn endpoint(&self, id: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.id.value == id)
    }

    /// The provider with this name.
    pub fn provider(&self, name: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.name == name)
    }
}

/// How a provider's requests are addressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Routing {
    /// fal's queue: every URL derives from the endpoint id.
    FalQueue,
    /// Plain HTTP: every endpoint carries its own method and path.
    Http,
}

impl Routing {
    /// The spelling in `providers.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Routing::FalQueue => "fal-queue",
            Routing::Http => "http",
        }
    }
}

/// How a provider authenticates requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Auth {
    /// The header that carries the key (`Authorization`).
    pub header: String,
    /// The word before the key in that header (`Key`, `Bearer`).
    pub scheme: String,
    /// The environment variable that holds the key by convention (`FAL_KEY`).
    pub env: String,
}

/// One API provider.
#[derive(Clone, Debug, PartialEq)]
pub struct Provider {
    /// The key in `providers.yaml` (`fal`, `aimlapi`).
    pub name: String,
    /// Where the provider is defined.
    pub span: Span,
    /// A human-readable name.
    pub title: String,
    /// How requests are addressed.
    pub routing: Routing,
    /// The base URL of requests (fal: the queue).
    pub base_url: String,
    /// The base URL of synchronous and streaming calls, where the provider has one.
    pub sync_base_url: Option<String>,
    /// How requests authenticate.
    pub auth: Auth,
    /// The provider's protocol documentation.
    pub docs_url: Option<String>,
}

/// A file of named types: `shared.yaml`, or the `types` of an endpoint file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypeFile {
    /// The file the types come from.
    pub file: PathBuf,
    /// The types, in file order.
    pub types: Vec<NamedType>,
}

impl TypeFile {
    /// The type with this name.
    pub fn get(&self, name: &str) -> Option<&NamedType> {
        self.types.iter().find(|t| t.name.value == name)
    }
}

/// The HTTP method and path of an endpoint of a provider with `routing: http`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Http {
    /// The method.
    pub method: HttpMethod,
    /// The path, relative to the provider's base URL.
    pub path: String,
    /// Where the input goes.
    pub input_in: InputLocation,
}

/// How a client follows a job an endpoint starts (the AI/ML API's create, then fetch): call the
/// poll endpoint with the job's id until the output's state is done or failed. The poll
/// endpoint's output must be the same type as this endpoint's.
#[derive(Clone, Debug, PartialEq)]
pub struct PollSpec {
    /// The id of the endpoint to call.
    pub endpoint: Located<String>,
    /// The output field (a required string) that identifies the job.
    pub id: Located<String>,
    /// The poll endpoint's input field (a string) that receives the job's id.
    pub id_input: Located<String>,
    /// The poll endpoint's other input fields, with fixed values.
    pub input: Vec<(Located<String>, Located<serde_json::Value>)>,
    /// The output field (an enum, possibly nullable) that tells where the job stands.
    pub state: Located<String>,
    /// The states in which the job is done.
    pub done: Vec<Located<String>>,
    /// The states in which the job has failed.
    pub failed: Vec<Located<String>>,
    /// The output field (a string, possibly nullable) that says why the job failed.
    pub reason: Option<Located<String>>,
}

/// An HTTP method an endpoint of a `routing: http` provider is called with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl HttpMethod {
    /// Every method, for the loader's list of what it accepts.
    pub const ALL: [HttpMethod; 4] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Delete,
    ];

    /// The spelling in schema files and request lines.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// Where an endpoint's input travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputLocation {
    /// As the JSON body.
    Body,
    /// As query-string parameters.
    Query,
}

impl InputLocation {
    /// The spelling in schema files.
    pub fn as_str(self) -> &'static str {
        match self {
            InputLocation::Body => "body",
            InputLocation::Query => "query",
        }
    }
}

/// Where an endpoint's description comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    /// The upstream document it was imported from, relative to the repository root.
    pub upstream: Option<String>,
    /// The documentation pages it follows.
    pub pages: Vec<String>,
}

/// A JSON example kept with an endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// An optional label.
    pub name: Option<String>,
    /// JSON text of an input.
    pub input: Option<Located<String>>,
    /// JSON text of an output.
    pub output: Option<Located<String>>,
    /// Why the example is remarkable (for example, where it contradicts the schema).
    pub note: Option<String>,
}

/// One endpoint file.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// The endpoint id (`fal-ai/luma-dream-machine/ray-2/image-to-video`).
    pub id: Located<String>,
    /// A key of `providers.yaml`.
    pub provider: Located<String>,
    /// The page's title.
    pub title: String,
    /// fal's category (`image-to-video`).
    pub category: String,
    /// What the model does.
    pub description: Option<String>,
    /// The documentation page.
    pub docs_url: Option<String>,
    /// Whether the endpoint answers with server-sent events.
    pub streaming: bool,
    /// The input type's name.
    pub input: Located<String>,
    /// The output type's name.
    pub output: Located<String>,
    /// Provenance.
    pub source: Option<Source>,
    /// Provenance notes, and what the page showed differently.
    pub notes: Vec<String>,
    /// The page's JSON examples.
    pub examples: Vec<Example>,
    /// Method and path, for providers with `routing: http`.
    pub http: Option<Located<Http>>,
    /// How a client follows a job this endpoint starts, by calling another endpoint.
    pub poll: Option<Located<PollSpec>>,
    /// The first line of the file, when it is a comment (kept so the importer's header survives).
    pub header: Option<String>,
    /// The types this endpoint defines.
    pub types: TypeFile,
}

impl Endpoint {
    /// Its family: the owner and the first segment of its alias
    /// (`fal-ai/luma-dream-machine/ray-2/image-to-video` → `fal-ai/luma-dream-machine`). Every
    /// endpoint of a family lives in one crate.
    pub fn family(&self) -> &str {
        crate::naming::family(&self.id.value)
    }
}

/// A named type: an object, an enum or a union.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedType {
    /// The UpperCamelCase name.
    pub name: Located<String>,
    /// What the type is for.
    pub description: Option<String>,
    /// Whether the API keeps the type only for compatibility.
    pub deprecated: bool,
    /// The definition.
    pub kind: TypeKind,
}

/// The three kinds of named types.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with ordered fields.
    Object(Vec<Field>),
    /// A closed set of string or integer values.
    Enum(Vec<EnumValue>),
    /// One of several types.
    Union(Union),
}

/// A field of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The wire name.
    pub name: Located<String>,
    /// The field's type.
    pub ty: Located<TypeExpr>,
    /// Whether the field must be present.
    pub required: bool,
    /// The value the server uses when the field is absent.
    pub default: Option<Located<serde_json::Value>>,
    /// What the field is for.
    pub description: Option<String>,
    /// Whether the API keeps the field only for compatibility.
    pub deprecated: bool,
    /// Bounds on the value.
    pub constraints: Constraints,
}

/// Bounds on a value; each is optional.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// Inclusive lower bound.
    pub minimum: Option<Located<serde_json::Number>>,
    /// Inclusive upper bound.
    pub maximum: Option<Located<serde_json::Number>>,
    /// Exclusive lower bound.
    pub exclusive_minimum: Option<Located<serde_json::Number>>,
    /// Exclusive upper bound.
    pub exclusive_maximum: Option<Located<serde_json::Number>>,
    /// A number the value must be a whole multiple of (JSON Schema's `multipleOf`).
    pub multiple_of: Option<Located<serde_json::Number>>,
    /// Minimum string length in characters.
    pub min_length: Option<Located<u64>>,
    /// Maximum string length in characters.
    pub max_length: Option<Located<u64>>,
    /// A regular expression the whole string must match.
    pub pattern: Option<Located<String>>,
    /// Minimum number of list elements.
    pub min_items: Option<Located<u64>>,
    /// Maximum number of list elements.
    pub max_items: Option<Located<u64>>,
    /// Bounds on each list element.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    /// True when no bound is set.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// Removes the constraint schema files write as `key` (`min_length`, `items`); an unknown
    /// key removes nothing.
    pub fn remove(&mut self, key: &str) {
        if key == super::constraint::ITEMS {
            self.items = None;
        } else if let Some(r) = super::constraint::ROWS.iter().find(|r| r.key == key) {
            self.clear(r.kind);
        }
    }
}

/// A type expression (`string`, `list<Image>?`, `map<any>`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeExpr {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// A number.
    Float,
    /// True or false.
    Boolean,
    /// A file or media URL, or a `data:` URI.
    FileUrl,
    /// Any JSON value.
    Any,
    /// A list.
    List(Box<TypeExpr>),
    /// A map from string keys.
    Map(Box<TypeExpr>),
    /// A named type.
    Named(String),
    /// The inner type or `null`.
    Nullable(Box<TypeExpr>),
}

impl TypeExpr {
    /// The type without nullability.
    pub fn non_null(&self) -> &TypeExpr {
        match self {
            TypeExpr::Nullable(inner) => inner.non_null(),
            other => other,
        }
    }

    /// Whether `null` is a value of this type.
    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeExpr::Nullable(_) | TypeExpr::Any)
    }

    /// Every named type this expression mentions.
    pub fn names(&self) -> Vec<&str> {
        match self {
            TypeExpr::Named(n) => vec![n.as_str()],
            TypeExpr::List(t) | TypeExpr::Map(t) | TypeExpr::Nullable(t) => t.names(),
            _ => Vec::new(),
        }
    }
}

/// A literal value of an enum.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EnumLiteral {
    /// A string value.
    Str(String),
    /// An integer value.
    Int(i64),
}

impl EnumLiteral {
    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            EnumLiteral::Str(s) => serde_json::Value::String(s.clone()),
            EnumLiteral::Int(i) => serde_json::Value::from(*i),
        }
    }
}

/// One value of an enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    /// The wire value.
    pub value: Located<EnumLiteral>,
    /// The Rust variant name, when the naming rule's would read badly.
    pub rust_name: Option<Located<String>>,
    /// What the value means.
    pub description: Option<String>,
}

/// A union of types.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// The discriminator field, for tagged unions.
    pub tag: Option<Located<String>>,
    /// The variants, in the order they are tried.
    pub variants: Vec<Variant>,
}

/// One variant of a union.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The variant's type.
    pub ty: Located<TypeExpr>,
    /// The Rust variant name, when the one derived from the type would read badly.
    pub rust_name: Option<Located<String>>,
    /// The discriminator's value, for tagged unions.
    pub tag_value: Option<Located<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_values_are_equal_by_value_wherever_written() {
        let at = |line| Span { line, column: 3 };
        assert_eq!(Located::new("Image", at(4)), Located::new("Image", at(90)));
        assert_ne!(Located::new("Image", at(4)), Located::new("Video", at(4)));
    }
}
