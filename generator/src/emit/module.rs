//! One generated module being assembled: its items, their doc texts, and which runtime names it
//! imports.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::ir::{Home, Ir, TypeInfo};

/// Which runtime names a module's items use, so that it imports exactly those.
#[derive(Clone, Copy, Debug, Default)]
pub struct Uses {
    /// `Validate`, `Path`, `ValidationErrors` (every `Validate` impl).
    pub validate: bool,
    /// `ValidationErrors` outside a `Validate` impl.
    pub errors: bool,
    /// `check` (constraint checks).
    pub check: bool,
    /// `Pattern`.
    pub pattern: bool,
    /// The runtime's `de` module (objects' hand-written `Deserialize`).
    pub de: bool,
    /// The runtime's `ser` module (objects' hand-written `Serialize`).
    pub ser: bool,
}

/// An item of a module: tokens that are parsed when the file is assembled, or a syntax tree
/// built directly. Parsing tokens back costs about as much as printing the file, so the items
/// that come in numbers (one per field) are built as trees.
enum Piece {
    /// Items as tokens (`quote!`).
    Tokens(TokenStream),
    /// An item built as a syntax tree.
    Built(Box<syn::Item>),
}

/// A module under construction.
pub struct Module<'a, 'c> {
    /// The model.
    pub ir: &'a Ir<'c>,
    /// The module's place.
    pub home: Home,
    /// Its items, in order.
    items: Vec<Piece>,
    /// The texts of its doc comments, put in after formatting.
    pub docs: docs::Texts,
    /// The first bug of the generator found while building a syntax tree (reported when the
    /// items are taken, like tokens that do not parse).
    broken: Option<String>,
    /// What it imports from the runtime.
    pub uses: Uses,
}

impl<'a, 'c> Module<'a, 'c> {
    /// An empty module.
    pub fn new(ir: &'a Ir<'c>, home: Home) -> Self {
        Module {
            ir,
            home,
            items: Vec::new(),
            docs: docs::Texts::default(),
            broken: None,
            uses: Uses::default(),
        }
    }

    /// Adds items written as tokens.
    pub fn push(&mut self, tokens: TokenStream) {
        self.items.push(Piece::Tokens(tokens));
    }

    /// Adds an item built as a syntax tree.
    pub fn push_built(&mut self, item: syn::Item) {
        self.items.push(Piece::Built(Box::new(item)));
    }

    /// Records a bug of the generator found while building an item (the first one is kept).
    pub fn fail(&mut self, message: String) {
        self.broken.get_or_insert(message);
    }

    /// The items added so far, parsed where they are tokens; the module keeps its imports.
    pub fn take_items(&mut self) -> Result<Vec<syn::Item>, String> {
        if let Some(message) = self.broken.take() {
            return Err(message);
        }
        let mut items = Vec::new();
        let mut tokens = TokenStream::new();
        for piece in self.items.drain(..) {
            match piece {
                // Consecutive token pieces are parsed in one go.
                Piece::Tokens(t) => tokens.extend([t]),
                Piece::Built(item) => {
                    items.extend(parse_items(std::mem::take(&mut tokens))?);
                    items.push(*item);
                }
            }
        }
        items.extend(parse_items(tokens)?);
        Ok(items)
    }

    /// The whole module's items: its imports, then `before`, then the items added (the module
    /// keeps its doc texts).
    pub fn finish_items(&mut self, before: TokenStream) -> Result<Vec<syn::Item>, String> {
        let mut head = self.imports();
        head.extend([before]);
        let mut items = parse_items(head)?;
        items.extend(self.take_items()?);
        Ok(items)
    }

    /// The rustdoc of a named type: its description and where it is defined.
    pub fn type_doc(&mut self, info: &TypeInfo<'_>) -> TokenStream {
        let mut text = match info.description() {
            Some(d) => docs::sanitize(d),
            None => self.role(info),
        };
        if info.deprecated() {
            text.push_str("\n\nDeprecated: the API keeps it only for compatibility.");
        }
        self.docs.attrs(&text)
    }

    /// What an undocumented type is for: the input or output of which endpoints.
    fn role(&self, info: &TypeInfo<'_>) -> String {
        // A type of an endpoint module or of a family's `types` can only serve that family's
        // endpoints: looking at those alone keeps generation linear in the catalogue's size.
        let families = match info.home {
            Home::Module(f, _) | Home::Hoisted(f) => &self.ir.families[f..=f],
            Home::Common => &self.ir.families[..],
        };
        let mut roles = Vec::new();
        for ep in families.iter().flat_map(|f| &f.endpoints) {
            if std::ptr::eq(self.ir.ty(ep.input), info) {
                roles.push(format!("The input of `{}`.", ep.def.id.value));
            }
            if std::ptr::eq(self.ir.ty(ep.output), info) {
                roles.push(format!("The output of `{}`.", ep.def.id.value));
            }
        }
        if roles.is_empty() {
            format!("The `{}` type of the schema.", info.name())
        } else {
            roles.join("\n")
        }
    }

    /// The `use` line of the runtime names the items need.
    pub fn imports(&self) -> TokenStream {
        let u = self.uses;
        let mut names = Vec::new();
        if u.check {
            names.push(quote!(check));
        }
        if u.validate {
            names.push(quote!(Path));
        }
        if u.pattern {
            names.push(quote!(Pattern));
        }
        if u.validate {
            names.push(quote!(Validate));
        }
        if u.validate || u.errors {
            names.push(quote!(ValidationErrors));
        }
        let de = u.de.then(|| {
            quote!(
                use genmedia_runtime::de;
            )
        });
        let ser = u.ser.then(|| {
            quote!(
                use genmedia_runtime::ser;
            )
        });
        if names.is_empty() {
            quote!(#de #ser)
        } else {
            quote!(#de #ser use genmedia_runtime::validate::{#(#names),*};)
        }
    }
}

/// The items of `tokens`.
fn parse_items(tokens: TokenStream) -> Result<Vec<syn::Item>, String> {
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    syn::parse2::<syn::File>(tokens)
        .map(|file| file.items)
        .map_err(|e| format!("the generator built invalid Rust: {e}"))
}
