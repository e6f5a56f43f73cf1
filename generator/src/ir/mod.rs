//! The resolved model the emitters read: every named type assigned to the one place it is
//! emitted, every name final, every crate and module known. Building it is where generation
//! can fail (two things that would get one Rust name), so the emitters never have to.

mod calls;
mod hoist;
mod made_up;
mod members;
mod recursion;
mod shape;
pub mod shared;
mod usage;
mod values;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::naming;
use crate::schema::model::{Catalog, EnumLiteral, NamedType};
pub use calls::{Follow, ProviderIr, Route};
pub use members::{FieldIr, Kind, Ty, UnionIr, ValueIr, VariantIr};
pub use shape::FieldShape;
pub use values::Example;

/// Where a type name is looked up: `shared.yaml`, or the file of endpoint `n` (an index into
/// [`Catalog::endpoints`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// `shared.yaml`.
    Shared,
    /// The endpoint with this index.
    Endpoint(usize),
}

/// An emitted type: an index into [`Ir::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// The module a type is emitted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Home {
    /// The common crate: a type of `shared.yaml` that several families use (see [`shared`]).
    Common,
    /// The `types` module of family `n`: defined identically by several of its endpoints, or a
    /// type of `shared.yaml` that only this family uses.
    Hoisted(usize),
    /// The module of endpoint `e` of family `f`.
    Module(usize, usize),
}

/// The names of a generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateNames {
    /// The package name (`genmedia-fal-ai-flux-pro`).
    pub package: String,
    /// The library name (`genmedia_fal_ai_flux_pro`).
    pub lib: String,
    /// The directory under the output directory (`fal-ai-flux-pro`).
    pub dir: String,
    /// The crate's version: the workspace's until [`Ir::set_versions`] gives the released one.
    pub version: String,
}

impl CrateNames {
    fn new(prefix: &str, dir: &str) -> Self {
        // `dir` is already kebab-case, so the package rule of `naming` gives `<prefix>-<dir>`.
        let package = naming::crate_package(prefix, dir);
        CrateNames {
            lib: naming::lib_name(&package),
            package,
            dir: dir.to_string(),
            version: crate::release::WORKSPACE_VERSION.to_string(),
        }
    }
}

/// One emitted named type and what the emitters need to know about it.
#[derive(Clone, Debug)]
pub struct TypeInfo<'c> {
    /// The definition (for hoisted types, the first endpoint's): read while the model is
    /// built; the emitters read [`Self::kind`].
    def: &'c NamedType,
    /// The scope its own references resolve in.
    scope: Scope,
    /// Where it is emitted.
    pub home: Home,
    /// The schema file that defines it (for diagnostics and generated comments).
    pub file: &'c Path,
    /// What it holds, resolved.
    pub kind: Kind<'c>,
    /// Reachable from some endpoint's input: strict about `null`, and validated.
    pub in_input: bool,
    /// Reachable from some endpoint's output: enums get a catch-all variant.
    pub in_output: bool,
    /// The input type of some endpoint: gets a builder.
    pub is_endpoint_input: bool,
    /// The output type of some endpoint.
    pub is_endpoint_output: bool,
    /// Whether validating it can find anything.
    pub needs_validation: bool,
    /// For enums: the default every field of this type agrees on, if any.
    pub enum_default: Option<EnumLiteral>,
}

impl<'c> TypeInfo<'c> {
    /// The type's name.
    pub fn name(&self) -> &'c str {
        &self.def.name.value
    }

    /// What the type means.
    pub fn description(&self) -> Option<&'c str> {
        self.def.description.as_deref()
    }

    /// Whether the API keeps it only for compatibility.
    pub fn deprecated(&self) -> bool {
        self.def.deprecated
    }

    /// Whether the type is `#[non_exhaustive]`, so that what fal adds to it later is a
    /// compatible change (docs/versioning.md): every enum and union, and the input and output
    /// structs of endpoints (built with their builder or read from JSON). Other structs stay
    /// open: they have no builder, and struct literals are how users and defaults build them.
    pub fn is_non_exhaustive(&self) -> bool {
        match &self.kind {
            Kind::Object(fields) => {
                !fields.is_empty() && (self.is_endpoint_input || self.is_endpoint_output)
            }
            Kind::Enum(_) | Kind::Union(_) => true,
        }
    }

    /// Whether this is an enum with a catch-all variant for values the schema does not know.
    pub fn has_catch_all(&self) -> bool {
        self.in_output && matches!(self.kind, Kind::Enum(_))
    }

    /// Whether it is an enum whose Rust type is `Copy`: integer enums, and string enums without
    /// a catch-all (a string enum's catch-all holds a `String`, an integer enum's an `i64`).
    pub fn is_copy_enum(&self) -> bool {
        match &self.kind {
            Kind::Enum(values) => {
                !self.has_catch_all()
                    || values
                        .iter()
                        .all(|v| matches!(v.value, EnumLiteral::Int(_)))
            }
            _ => false,
        }
    }
}

/// One endpoint, placed.
#[derive(Clone, Debug)]
pub struct EndpointIr<'c> {
    /// The index in [`Catalog::endpoints`].
    pub index: usize,
    /// The schema.
    pub def: &'c crate::schema::model::Endpoint,
    /// The module name (`ray_2_image_to_video`).
    pub module: String,
    /// The marker type (`Ray2ImageToVideo`).
    pub marker: String,
    /// The types emitted in its module, in file order.
    pub types: Vec<TypeId>,
    /// The family's hoisted types it defines, re-exported from its module.
    pub reexports: Vec<TypeId>,
    /// Its input type (set when the types are placed).
    pub input: TypeId,
    /// Its output type.
    pub output: TypeId,
    /// The short name its module gives the input type ([`naming::INPUT_ALIAS`]); `None` when a
    /// type of the schema takes that name in its scope: that type is then the input itself,
    /// already short, or another one the alias must not hide.
    pub input_alias: Option<&'static str>,
    /// The same for the output ([`naming::OUTPUT_ALIAS`]).
    pub output_alias: Option<&'static str>,
    /// Every field name of its input's objects, at any depth, sorted and without repeats.
    pub input_fields: Vec<&'c str>,
    /// Its provider: an index into [`Ir::providers`].
    pub provider: usize,
    /// How its requests are addressed.
    pub route: Route<'c>,
    /// How a client follows its requests to their result.
    pub follow: Follow<'c>,
}

/// One family crate.
#[derive(Clone, Debug)]
pub struct Family<'c> {
    /// The family (`fal-ai/luma-dream-machine`).
    pub family: String,
    /// The crate's names.
    pub names: CrateNames,
    /// Its endpoints, sorted by id.
    pub endpoints: Vec<EndpointIr<'c>>,
    /// Types emitted once in its `types` module, sorted by name.
    pub hoisted: Vec<TypeId>,
    /// The common crate's types it names, sorted by name: the features of the common crate it
    /// turns on.
    pub common_uses: Vec<TypeId>,
}

/// The resolved model.
#[derive(Clone, Debug)]
pub struct Ir<'c> {
    /// The checked schemas: read while the model is built, never by the emitters, which find
    /// everything they need resolved here (hence private to the module).
    catalog: &'c Catalog,
    /// The providers, in the order of `providers.yaml`.
    pub providers: Vec<ProviderIr<'c>>,
    /// The common crate (shared types, providers, runtime re-exports).
    pub common: CrateNames,
    /// The catalog crate (every endpoint, looked up by id at run time).
    pub registry: CrateNames,
    /// One crate per family, sorted by family.
    pub families: Vec<Family<'c>>,
    /// Every emitted type.
    pub types: Vec<TypeInfo<'c>>,
    /// Each type of the common crate, sorted by name, with the common types it names: its
    /// feature, and the features that one turns on.
    pub common_uses: Vec<(TypeId, Vec<TypeId>)>,
    resolve: BTreeMap<(Scope, String), TypeId>,
}

impl<'c> Ir<'c> {
    /// Gives each crate its released version (crates without one keep the workspace's).
    pub fn set_versions(&mut self, versions: &crate::release::Versions) {
        let crates = [&mut self.common, &mut self.registry]
            .into_iter()
            .chain(self.families.iter_mut().map(|f| &mut f.names));
        for names in crates {
            if let Some(entry) = versions.entries.get(&names.package) {
                names.version = entry.version.to_string();
            }
        }
    }

    /// Every generated crate's names: the common crate, the families, the catalog crate.
    pub fn crates(&self) -> impl Iterator<Item = &CrateNames> {
        std::iter::once(&self.common)
            .chain(self.families.iter().map(|f| &f.names))
            .chain(std::iter::once(&self.registry))
    }

    /// The emitted type a name written in `scope` refers to. The loader has checked every
    /// reference, so a miss is a bug of the generator, reported as `None`.
    fn lookup(&self, scope: Scope, name: &str) -> Option<TypeId> {
        self.resolve
            .get(&(scope, name.to_string()))
            .or_else(|| self.resolve.get(&(Scope::Shared, name.to_string())))
            .copied()
    }

    /// The type with this id.
    pub fn ty(&self, id: TypeId) -> &TypeInfo<'c> {
        &self.types[id.0]
    }

    /// How many endpoints the model has.
    pub fn endpoint_count(&self) -> usize {
        self.families.iter().map(|f| f.endpoints.len()).sum()
    }

    /// Builds the model, or every naming conflict found.
    pub fn build(catalog: &'c Catalog, prefix: &str) -> Result<Ir<'c>, Diagnostics> {
        if let Some(problem) = naming::crate_prefix_problem(prefix) {
            let option = Path::new("--crate-prefix");
            return Err(Diagnostics(vec![Diagnostic::new(
                option,
                Span::default(),
                problem,
            )]));
        }
        let mut diags = Vec::new();
        let mut ir = Ir {
            catalog,
            providers: Vec::new(),
            common: CrateNames::new(prefix, naming::COMMON_CRATE_DIR),
            registry: CrateNames::new(prefix, naming::CATALOG_CRATE_DIR),
            families: Vec::new(),
            types: Vec::new(),
            common_uses: Vec::new(),
            resolve: BTreeMap::new(),
        };
        ir.place_families(prefix, &mut diags);
        calls::resolve(&mut ir);
        let before = diags.len();
        ir.place_types(&mut diags);
        if diags.len() > before {
            // An endpoint without its input or output type: nothing after can place it.
            return Err(Diagnostics::sorted(diags));
        }
        // Members first: every later pass follows the resolved `Ty`s, not the schema's names.
        members::resolve(&mut ir, &mut diags);
        usage::mark(&mut ir);
        shared::place(&mut ir);
        recursion::mark(&mut ir);
        members::check_names(&ir, &mut diags);
        ir.check_module_namespaces(&mut diags);
        ir.check_polls(&mut diags);
        if diags.is_empty() {
            Ok(ir)
        } else {
            Err(Diagnostics::sorted(diags))
        }
    }

    fn place_families(&mut self, prefix: &str, diags: &mut Vec<Diagnostic>) {
        let mut by_family: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, e) in self.catalog.endpoints.iter().enumerate() {
            by_family
                .entry(naming::family(&e.id.value))
                .or_default()
                .push(i);
        }
        let mut packages: BTreeMap<String, &str> = BTreeMap::new();
        packages.insert(self.common.package.clone(), "(the common crate)");
        packages.insert(self.registry.package.clone(), "(the catalog crate)");
        for (family, indices) in by_family {
            let names = CrateNames::new(prefix, &naming::crate_dir(family));
            let first = &self.catalog.endpoints[indices[0]];
            if let Some(other) = packages.insert(names.package.clone(), family) {
                diags.push(
                    Diagnostic::new(
                        &first.types.file,
                        first.id.span,
                        format!(
                            "the family `{family}` would get the crate name `{}`, which {other} already has",
                            names.package
                        ),
                    )
                    .with_help("crate names come from the first two segments of the id; rename one of the endpoints"),
                );
            }
            let mut modules: BTreeMap<String, &str> = BTreeMap::new();
            let mut endpoints = Vec::new();
            for &i in &indices {
                let e = &self.catalog.endpoints[i];
                let id = e.id.value.as_str();
                let Some(module) = naming::module_name(id) else {
                    diags.push(
                        Diagnostic::new(
                            &e.types.file,
                            e.id.span,
                            format!("the id `{id}` gives no module name"),
                        )
                        .with_help("an id needs ASCII letters or digits after its family"),
                    );
                    continue;
                };
                if module == "types" {
                    diags.push(
                        Diagnostic::new(&e.types.file, e.id.span, format!("the id `{id}` would get the module name `types`, which holds the crate's shared types"))
                            .with_help("rename the endpoint"),
                    );
                }
                if let Some(other) = modules.insert(module.clone(), id) {
                    diags.push(
                        Diagnostic::new(
                            &e.types.file,
                            e.id.span,
                            format!("the ids `{other}` and `{id}` would both get the module name `{module}`"),
                        )
                        .with_help("module names join the id's segments after the family with `_`; rename one of the endpoints"),
                    );
                }
                let marker = naming::marker_name(&module).unwrap_or_default();
                endpoints.push(EndpointIr {
                    index: i,
                    def: e,
                    module,
                    marker,
                    types: Vec::new(),
                    reexports: Vec::new(),
                    input: TypeId(0),
                    output: TypeId(0),
                    input_alias: None,
                    output_alias: None,
                    input_fields: Vec::new(),
                    provider: 0,
                    route: Route::FalQueue,
                    follow: Follow::None,
                });
            }
            self.families.push(Family {
                family: family.to_string(),
                names,
                endpoints,
                hoisted: Vec::new(),
                common_uses: Vec::new(),
            });
        }
    }

    fn new_type(&mut self, def: &'c NamedType, scope: Scope, home: Home, file: &'c Path) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeInfo {
            def,
            scope,
            home,
            file,
            in_input: false,
            in_output: false,
            is_endpoint_input: false,
            is_endpoint_output: false,
            needs_validation: false,
            enum_default: None,
            // Filled by `members::resolve` once every name is placed.
            kind: Kind::Object(Vec::new()),
        });
        id
    }

    fn place_types(&mut self, diags: &mut Vec<Diagnostic>) {
        let catalog = self.catalog;
        for t in &catalog.shared.types {
            let id = self.new_type(t, Scope::Shared, Home::Common, &catalog.shared.file);
            self.resolve
                .insert((Scope::Shared, t.name.value.clone()), id);
        }
        for f in 0..self.families.len() {
            let members: Vec<usize> = self.families[f].endpoints.iter().map(|e| e.index).collect();
            let hoisted = hoist::hoistable(catalog, &members);
            for &name in hoisted.keys() {
                // The hoisted definition's names are resolved in the scope of its first user.
                let users: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&i| {
                        catalog.endpoints[i]
                            .types
                            .get(name)
                            .is_some_and(|t| hoist::uses(&hoisted, t))
                    })
                    .collect();
                let Some(&first) = users.first() else {
                    continue;
                };
                let file = &catalog.endpoints[first].types;
                let Some(def) = file.get(name) else { continue };
                let id = self.new_type(def, Scope::Endpoint(first), Home::Hoisted(f), &file.file);
                self.families[f].hoisted.push(id);
                for &i in &users {
                    self.resolve
                        .insert((Scope::Endpoint(i), name.to_string()), id);
                }
            }
            for e in 0..self.families[f].endpoints.len() {
                let index = self.families[f].endpoints[e].index;
                let file = &catalog.endpoints[index].types;
                for t in &file.types {
                    let key = (Scope::Endpoint(index), t.name.value.clone());
                    if let Some(&id) = self.resolve.get(&key) {
                        self.families[f].endpoints[e].reexports.push(id);
                        continue;
                    }
                    let id =
                        self.new_type(t, Scope::Endpoint(index), Home::Module(f, e), &file.file);
                    self.resolve.insert(key, id);
                    self.families[f].endpoints[e].types.push(id);
                }
            }
        }
        for f in 0..self.families.len() {
            for e in 0..self.families[f].endpoints.len() {
                let ep = &self.families[f].endpoints[e];
                let scope = Scope::Endpoint(ep.index);
                let (def, file) = (ep.def, &ep.def.types.file);
                let (Some(input), Some(output)) = (
                    self.lookup(scope, &def.input.value),
                    self.lookup(scope, &def.output.value),
                ) else {
                    diags.push(Diagnostic::new(
                        file,
                        def.id.span,
                        format!("the generator found no input or output type of `{}`, which the loader accepted: this is a bug of the generator", def.id.value),
                    ));
                    continue;
                };
                let free = |name| self.lookup(scope, name).is_none().then_some(name);
                let (input_alias, output_alias) =
                    (free(naming::INPUT_ALIAS), free(naming::OUTPUT_ALIAS));
                let ep = &mut self.families[f].endpoints[e];
                ep.input = input;
                ep.output = output;
                ep.input_alias = input_alias;
                ep.output_alias = output_alias;
                self.types[input.0].is_endpoint_input = true;
                self.types[output.0].is_endpoint_output = true;
            }
        }
    }

    /// Every module's item names must be distinct: types, re-exports, builders and the marker.
    /// A polled endpoint's output and its poll endpoint's must be one Rust type: the client
    /// reads the poll endpoint's answers as the first endpoint's output.
    fn check_polls(&self, diags: &mut Vec<Diagnostic>) {
        let endpoints: Vec<&EndpointIr<'c>> =
            self.families.iter().flat_map(|f| &f.endpoints).collect();
        for ep in &endpoints {
            let Some(poll) = &ep.def.poll else { continue };
            let Some(target) = endpoints
                .iter()
                .find(|t| t.def.id.value == poll.value.endpoint.value)
            else {
                continue;
            };
            if target.output != ep.output {
                diags.push(Diagnostic::new(
                    &ep.def.types.file,
                    poll.value.endpoint.span,
                    format!(
                        "the poll endpoint `{}` returns a `{}` that is not the same type as this endpoint's output `{}`: the client reads the poll endpoint's answers as this endpoint's output",
                        target.def.id.value,
                        self.ty(target.output).name(),
                        self.ty(ep.output).name()
                    ),
                ).with_help("define the output type identically in both endpoint files of one family (it is then emitted once, in the family's `types` module), or once in shared.yaml"));
            }
        }
    }

    fn check_module_namespaces(&self, diags: &mut Vec<Diagnostic>) {
        let mut modules: BTreeMap<Home, Vec<TypeId>> = BTreeMap::new();
        for (i, t) in self.types.iter().enumerate() {
            modules.entry(t.home).or_default().push(TypeId(i));
        }
        for (home, ids) in &modules {
            let mut names: BTreeMap<String, (PathBuf, Span, String)> = BTreeMap::new();
            let mut claim = |name: String,
                             file: &Path,
                             span: Span,
                             what: String,
                             diags: &mut Vec<Diagnostic>| {
                if let Some((_, _, other)) = names.get(&name) {
                    diags.push(
                        Diagnostic::new(
                            file,
                            span,
                            format!("{what} and {other} would both be named `{name}` in Rust"),
                        )
                        .with_help("rename the type, or the endpoint"),
                    );
                } else {
                    names.insert(name, (file.to_path_buf(), span, what));
                }
            };
            for &id in ids {
                let t = self.ty(id);
                if let Some(message) = reserved(t.name(), *home) {
                    diags.push(
                        Diagnostic::new(t.file, t.def.name.span, message)
                            .with_help("rename the type"),
                    );
                }
                claim(
                    t.name().to_string(),
                    t.file,
                    t.def.name.span,
                    format!("the type `{}`", t.name()),
                    diags,
                );
                if t.is_endpoint_input {
                    claim(
                        naming::builder_name(t.name()),
                        t.file,
                        t.def.name.span,
                        format!("the builder of `{}`", t.name()),
                        diags,
                    );
                }
            }
            if let Home::Module(f, e) = *home {
                let ep = &self.families[f].endpoints[e];
                for &id in &ep.reexports {
                    let t = self.ty(id);
                    claim(
                        t.name().to_string(),
                        t.file,
                        t.def.name.span,
                        format!("the shared type `{}`", t.name()),
                        diags,
                    );
                }
                claim(
                    ep.marker.clone(),
                    &ep.def.types.file,
                    ep.def.id.span,
                    format!("the marker type of `{}`", ep.def.id.value),
                    diags,
                );
            }
        }
    }

    /// A type as the schema writes it (`list<Image>`), for docs and change reports.
    pub fn written(&self, ty: &Ty) -> String {
        match ty {
            Ty::String => "string".into(),
            Ty::FileUrl => "file_url".into(),
            Ty::Integer => "integer".into(),
            Ty::Float => "float".into(),
            Ty::Boolean => "boolean".into(),
            Ty::Any => "any".into(),
            Ty::List(t) => format!("list<{}>", self.written(t)),
            Ty::Map(t) => format!("map<{}>", self.written(t)),
            Ty::Nullable(t) => format!("{}?", self.written(t)),
            Ty::Named(id) => self.ty(*id).name().to_string(),
        }
    }
}

/// Why a type may not have this name in a module at `home`: the emitted code uses the name
/// unqualified there, or it is a keyword.
fn reserved(name: &str, home: Home) -> Option<String> {
    // What every module imports from the runtime, and the prelude's names the items write.
    const IMPORTED: &[&str] = &["Path", "Pattern", "Validate", "ValidationErrors"];
    const PRELUDE: &[&str] = &[
        "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Into",
    ];
    // What the common crate's root re-exports from the runtime beside the shared types.
    const COMMON_ROOT: &[&str] = &[
        "Endpoint",
        "InputError",
        "StreamingEndpoint",
        "UnknownValue",
        "Violation",
    ];
    if name == "Self" {
        Some("a type cannot be named `Self`, a Rust keyword".to_string())
    } else if IMPORTED.contains(&name) {
        Some(format!("the type `{name}` would clash with `genmedia_runtime::validate::{name}`, which the generated module imports"))
    } else if PRELUDE.contains(&name) {
        Some(format!(
            "the type `{name}` would shadow the prelude's `{name}`, which the generated code uses"
        ))
    } else if home == Home::Common && COMMON_ROOT.contains(&name) {
        Some(format!("the shared type `{name}` would clash with `genmedia_runtime::{name}`, which the common crate re-exports"))
    } else {
        None
    }
}
