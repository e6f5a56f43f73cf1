//! Syntax trees built directly, for the code that comes once per field: tokens written with
//! `quote!` are parsed back before printing, which costs as much as the printing itself, while
//! a tree built here is printed as it is. Each builder makes the tree that parsing the code in
//! its doc would make, so the printed files are the same either way.

use proc_macro2::{Literal, Span, TokenStream};
use syn::{Expr, Ident, Pat, Stmt};

use super::rust::ident;

/// `a::b::c`.
pub fn path(segments: &[&str]) -> syn::Path {
    syn::Path {
        leading_colon: None,
        segments: segments
            .iter()
            .map(|s| syn::PathSegment::from(ident(s)))
            .collect(),
    }
}

/// `a::b::c` as an expression.
pub fn path_expr(segments: &[&str]) -> Expr {
    Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: path(segments),
    })
}

/// `name` as an expression (a local): [`path_expr`] of one segment, from an identifier
/// already made.
pub fn local(name: Ident) -> Expr {
    Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: name.into(),
    })
}

/// `func(args...)`.
pub fn call(func: Expr, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(func),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `expr?`.
pub fn try_(expr: Expr) -> Expr {
    Expr::Try(syn::ExprTry {
        attrs: Vec::new(),
        expr: Box::new(expr),
        question_token: Default::default(),
    })
}

/// `&mut expr`.
pub fn ref_mut(expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: Some(Default::default()),
        expr: Box::new(expr),
    })
}

/// A string literal.
pub fn str_lit(value: &str) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(value, Span::call_site())),
    })
}

/// A literal as an expression (a negative number stays one literal, as parsing keeps it).
pub fn lit(literal: Literal) -> Expr {
    Expr::Lit(lit_node(literal))
}

fn lit_node(literal: Literal) -> syn::ExprLit {
    syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(literal),
    }
}

/// `&expr`.
pub fn reference(expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `*expr`.
pub fn deref(expr: Expr) -> Expr {
    Expr::Unary(syn::ExprUnary {
        attrs: Vec::new(),
        op: syn::UnOp::Deref(Default::default()),
        expr: Box::new(expr),
    })
}

/// `receiver.method(args...)`.
pub fn method(receiver: Expr, method: &str, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `expr;`.
pub fn semi(expr: Expr) -> Stmt {
    Stmt::Expr(expr, Some(Default::default()))
}

/// `expr` as a block's statement without `;` (a block, `if` or `for`, or the tail).
pub fn tail(expr: Expr) -> Stmt {
    Stmt::Expr(expr, None)
}

fn block(stmts: Vec<Stmt>) -> syn::Block {
    syn::Block {
        brace_token: Default::default(),
        stmts,
    }
}

/// `{ stmts }` as an expression.
pub fn block_expr(stmts: Vec<Stmt>) -> Expr {
    Expr::Block(syn::ExprBlock {
        attrs: Vec::new(),
        label: None,
        block: block(stmts),
    })
}

/// `if let pat = expr { stmts }`.
pub fn if_let(pat: Pat, expr: Expr, stmts: Vec<Stmt>) -> Expr {
    Expr::If(syn::ExprIf {
        attrs: Vec::new(),
        if_token: Default::default(),
        cond: Box::new(Expr::Let(syn::ExprLet {
            attrs: Vec::new(),
            let_token: Default::default(),
            pat: Box::new(pat),
            eq_token: Default::default(),
            expr: Box::new(expr),
        })),
        then_branch: block(stmts),
        else_branch: None,
    })
}

/// `for pat in expr { stmts }`.
pub fn for_loop(pat: Pat, expr: Expr, stmts: Vec<Stmt>) -> Expr {
    Expr::ForLoop(syn::ExprForLoop {
        attrs: Vec::new(),
        label: None,
        for_token: Default::default(),
        pat: Box::new(pat),
        in_token: Default::default(),
        expr: Box::new(expr),
        body: block(stmts),
    })
}

/// A binding: `name`.
pub fn pat_ident(name: &str) -> Pat {
    Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: None,
        ident: ident(name),
        subpat: None,
    })
}

/// `(a, b)` as a pattern.
pub fn pat_tuple(elems: impl IntoIterator<Item = Pat>) -> Pat {
    Pat::Tuple(syn::PatTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// `Some(pat)` as a pattern.
pub fn pat_some(pat: Pat) -> Pat {
    Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path: ident("Some").into(),
        paren_token: Default::default(),
        elems: std::iter::once(pat).collect(),
    })
}

/// `let name = init;`.
pub fn let_(name: &str, init: Expr) -> Stmt {
    local_stmt(pat_ident(name), init)
}

/// `let mut name = init;`.
pub fn let_mut(name: Ident, init: Expr) -> Stmt {
    local_stmt(
        Pat::Ident(syn::PatIdent {
            attrs: Vec::new(),
            by_ref: None,
            mutability: Some(Default::default()),
            ident: name,
            subpat: None,
        }),
        init,
    )
}

fn local_stmt(pat: Pat, init: Expr) -> Stmt {
    Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        modifiers: Default::default(),
        pat,
        init: Some(syn::LocalInit {
            eq_token: Default::default(),
            expr: Box::new(init),
            diverge: None,
        }),
        semi_token: Default::default(),
    })
}

/// `Some(n)` as a pattern, `n` an index.
pub fn some_index(n: usize) -> Pat {
    pat_some(Pat::Lit(lit_node(Literal::usize_unsuffixed(n))))
}

/// `pat => body,`.
pub fn arm(pat: Pat, body: Expr) -> syn::Arm {
    syn::Arm {
        attrs: Vec::new(),
        pat,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    }
}

/// `match scrutinee { arms }`.
pub fn match_(scrutinee: Expr, arms: Vec<syn::Arm>) -> Expr {
    Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(scrutinee),
        brace_token: Default::default(),
        arms,
    })
}

/// `Self { name: value, ... }`.
pub fn self_struct(fields: impl IntoIterator<Item = (Ident, Expr)>) -> Expr {
    struct_lit(ident("Self").into(), fields)
}

/// The type `a::b::C`.
pub fn type_path(segments: &[&str]) -> syn::Type {
    path_type(path(segments))
}

/// The type `a::b::C<args...>`.
pub fn generic(segments: &[&str], args: impl IntoIterator<Item = syn::Type>) -> syn::Type {
    path_type(generic_path(segments, args))
}

/// The path `a::b::C<args...>`.
fn generic_path(segments: &[&str], args: impl IntoIterator<Item = syn::Type>) -> syn::Path {
    let mut path = path(segments);
    if let Some(last) = path.segments.last_mut() {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args.into_iter().map(syn::GenericArgument::Type).collect(),
            gt_token: Default::default(),
        });
    }
    path
}

fn path_type(path: syn::Path) -> syn::Type {
    syn::Type::Path(syn::TypePath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// The type `impl Into<t>`.
pub fn impl_into(t: syn::Type) -> syn::Type {
    let bound = syn::TraitBound {
        paren_token: None,
        lifetimes: None,
        modifiers: Default::default(),
        maybe: None,
        path: generic_path(&["Into"], [t]),
    };
    syn::Type::ImplTrait(syn::TypeImplTrait {
        attrs: Vec::new(),
        impl_token: Default::default(),
        bounds: std::iter::once(syn::TypeParamBound::Trait(bound)).collect(),
    })
}

/// `#[doc = "text"]`.
pub fn doc_attr(text: &str) -> syn::Attribute {
    outer_attr(syn::Meta::NameValue(syn::MetaNameValue {
        path: path(&["doc"]),
        eq_token: Default::default(),
        value: str_lit(text),
    }))
}

/// `#[name]`.
pub fn path_attr(name: &str) -> syn::Attribute {
    outer_attr(syn::Meta::Path(path(&[name])))
}

/// `#[name(tokens)]`: the tokens are kept as they are, as parsing keeps them.
pub fn list_attr(name: &str, tokens: TokenStream) -> syn::Attribute {
    outer_attr(syn::Meta::List(syn::MetaList {
        path: path(&[name]),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

fn outer_attr(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// `pub name: ty` with attributes.
pub fn pub_field(attrs: Vec<syn::Attribute>, name: Ident, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        modifiers: Default::default(),
        ident: Some(name),
        colon_token: Some(Default::default()),
        ty,
        default: None,
    }
}

/// `{ fields }`, the named fields of a struct.
pub fn named_fields(fields: Vec<syn::Field>) -> syn::Fields {
    syn::Fields::Named(syn::FieldsNamed {
        brace_token: Default::default(),
        named: fields.into_iter().collect(),
    })
}

/// `base.member`.
pub fn field(base: Expr, member: Ident) -> Expr {
    Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: syn::Member::Named(member),
    })
}

/// `left = right;`.
pub fn assign(left: Expr, right: Expr) -> Stmt {
    Stmt::Expr(
        Expr::Assign(syn::ExprAssign {
            attrs: Vec::new(),
            left: Box::new(left),
            eq_token: Default::default(),
            right: Box::new(right),
        }),
        Some(Default::default()),
    )
}

/// The receiver of a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receiver {
    /// `mut self`.
    MutValue,
    /// `&self`.
    Ref,
    /// None: an associated function.
    None,
}

/// `pub fn name(<receiver>, args...) -> ret { stmts }`, with attributes.
pub fn pub_fn(
    attrs: Vec<syn::Attribute>,
    name: Ident,
    receiver: Receiver,
    args: Vec<(Ident, syn::Type)>,
    ret: Option<syn::Type>,
    stmts: Vec<Stmt>,
) -> syn::ImplItemFn {
    let self_arg = |mutability, kind| {
        syn::FnArg::Receiver(syn::Receiver {
            attrs: Vec::new(),
            mutability,
            self_token: Default::default(),
            kind,
        })
    };
    let receiver = match receiver {
        Receiver::MutValue => Some(self_arg(Some(Default::default()), syn::ReceiverKind::Value)),
        Receiver::Ref => Some(self_arg(
            None,
            syn::ReceiverKind::Reference(Default::default(), None, None),
        )),
        Receiver::None => None,
    };
    let args = args.into_iter().map(|(name, ty)| {
        syn::FnArg::Typed(syn::PatType {
            attrs: Vec::new(),
            pat: Box::new(Pat::Ident(syn::PatIdent {
                attrs: Vec::new(),
                by_ref: None,
                mutability: None,
                ident: name,
                subpat: None,
            })),
            colon_token: Default::default(),
            ty: Box::new(ty),
        })
    });
    syn::ImplItemFn {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        modifiers: Default::default(),
        sig: syn::Signature {
            constness: None,
            asyncness: None,
            safety: syn::Safety::Default,
            abi: None,
            fn_token: Default::default(),
            ident: name,
            generics: Default::default(),
            paren_token: Default::default(),
            inputs: receiver.into_iter().chain(args).collect(),
            variadic: None,
            output: match ret {
                Some(t) => syn::ReturnType::Type(Default::default(), Box::new(t)),
                None => syn::ReturnType::Default,
            },
        },
        block: block(stmts),
    }
}

/// The type `&t`.
pub fn ref_type(t: syn::Type) -> syn::Type {
    syn::Type::Reference(syn::TypeReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        lifetime: None,
        mutability: None,
        elem: Box::new(t),
    })
}

/// `|| body`.
pub fn closure(body: Expr) -> Expr {
    Expr::Closure(syn::ExprClosure {
        attrs: Vec::new(),
        lifetimes: None,
        modifiers: Default::default(),
        constness: None,
        asyncness: None,
        capture: None,
        inputs_begin: Default::default(),
        inputs: Default::default(),
        inputs_end: Default::default(),
        output: syn::ReturnType::Default,
        body: Box::new(body),
    })
}

/// `path { name: value, ... }`.
pub fn struct_lit(path: syn::Path, fields: impl IntoIterator<Item = (Ident, Expr)>) -> Expr {
    Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        brace_token: Default::default(),
        fields: fields
            .into_iter()
            .map(|(name, expr)| syn::FieldValue {
                attrs: Vec::new(),
                member: syn::Member::Named(name),
                colon_token: Some(Default::default()),
                expr,
            })
            .collect(),
        dot2_token: None,
        rest: None,
    })
}

/// `[elems...]`.
pub fn array(elems: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// A path as a pattern (`Self::Jpeg`).
pub fn pat_path(segments: &[&str]) -> Pat {
    Pat::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: path(segments),
    })
}

/// A unit variant `Name` of an enum, with attributes.
pub fn unit_variant(attrs: Vec<syn::Attribute>, name: Ident) -> syn::Variant {
    syn::Variant {
        attrs,
        ident: name,
        fields: syn::Fields::Unit,
        discriminant: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// `stmts` as the body of a function, printed.
    fn printed(stmts: Vec<Stmt>) -> String {
        let mut f: syn::ItemFn = syn::parse2(quote!(
            fn f() {}
        ))
        .unwrap();
        f.block.stmts = stmts;
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items: vec![syn::Item::Fn(f)],
        })
    }

    fn parsed(tokens: proc_macro2::TokenStream) -> String {
        let f: syn::ItemFn = syn::parse2(quote!(fn f() { #tokens })).unwrap();
        printed(f.block.stmts)
    }

    /// Each builder prints as the code it stands for does once parsed: the file built either
    /// way is the same.
    #[test]
    fn built_trees_print_as_the_parsed_code() {
        let read = ident("read_seed");
        let value = call(
            path_expr(&["de", "value_as"]),
            [
                ref_mut(local(ident("map"))),
                ref_mut(local(read.clone())),
                str_lit("seed \"quoted\""),
                call(path_expr(&["de", "Nullable"]), [path_expr(&["de", "Int"])]),
            ],
        );
        let ok = self_struct([
            (
                ident("seed"),
                method(local(read.clone()), "unwrap_or_default", []),
            ),
            (ident("n"), lit(Literal::usize_unsuffixed(7))),
        ]);
        let built = printed(vec![
            let_mut(read, path_expr(&["None"])),
            Stmt::Expr(
                match_(local(ident("field")), vec![arm(some_index(3), try_(value))]),
                None,
            ),
            Stmt::Expr(ok, None),
        ]);
        let expected = parsed(quote! {
            let mut read_seed = None;
            match field {
                Some(3) => de::value_as(&mut map, &mut read_seed, "seed \"quoted\"", de::Nullable(de::Int))?,
            }
            Self { seed: read_seed.unwrap_or_default(), n: 7 }
        });
        assert_eq!(built, expected);
        assert!(built.contains("Some(3) =>"), "{built}");
    }

    fn printed_items(items: Vec<syn::Item>) -> String {
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items,
        })
    }

    #[test]
    fn built_items_print_as_the_parsed_code() {
        let t = || generic(&["Option"], [type_path(&["genmedia_common", "Seed"])]);
        let mut object: syn::ItemStruct = syn::parse2(quote!(
            pub struct A {}
        ))
        .unwrap();
        object.fields = named_fields(vec![
            pub_field(
                vec![
                    doc_attr(" The seed."),
                    list_attr("serde", quote!(rename = "Seed")),
                ],
                ident("seed"),
                t(),
            ),
            pub_field(Vec::new(), ident("n"), type_path(&["i64"])),
        ]);
        let mut imp: syn::ItemImpl = syn::parse2(quote!(impl B {})).unwrap();
        let set = assign(
            field(field(path_expr(&["self"]), ident("inner")), ident("seed")),
            call(
                path_expr(&["Some"]),
                [method(local(ident("value")), "into", [])],
            ),
        );
        imp.items.push(syn::ImplItem::Fn(pub_fn(
            vec![doc_attr(" Sets it.")],
            ident("seed"),
            Receiver::MutValue,
            vec![(ident("value"), impl_into(t()))],
            Some(type_path(&["Self"])),
            vec![set, Stmt::Expr(path_expr(&["self"]), None)],
        )));
        imp.items.push(syn::ImplItem::Fn(pub_fn(
            Vec::new(),
            ident("seed_or_default"),
            Receiver::Ref,
            Vec::new(),
            Some(ref_type(type_path(&["str"]))),
            vec![tail(method(
                field(path_expr(&["self"]), ident("seed")),
                "unwrap_or_else",
                [closure(str_lit("x"))],
            ))],
        )));
        let built = printed_items(vec![syn::Item::Struct(object), syn::Item::Impl(imp)]);
        let expected: syn::File = syn::parse2(quote! {
            pub struct A {
                #[doc = " The seed."]
                #[serde(rename = "Seed")]
                pub seed: Option<genmedia_common::Seed>,
                pub n: i64,
            }
            impl B {
                #[doc = " Sets it."]
                pub fn seed(mut self, value: impl Into<Option<genmedia_common::Seed>>) -> Self {
                    self.inner.seed = Some(value.into());
                    self
                }
                pub fn seed_or_default(&self) -> &str {
                    self.seed.unwrap_or_else(|| "x")
                }
            }
        })
        .unwrap();
        assert_eq!(built, prettyplease::unparse(&expected));
    }

    #[test]
    fn built_control_flow_prints_as_the_parsed_code() {
        let at = || local(ident("at"));
        let check = call(
            path_expr(&["check", "minimum"]),
            [
                reference(at()),
                deref(local(ident("item"))),
                lit(Literal::f64_unsuffixed(-1.5)),
                local(ident("errors")),
            ],
        );
        let body = vec![
            let_("at", method(at(), "index", [local(ident("i"))])),
            tail(if_let(
                pat_some(pat_ident("item")),
                local(ident("item")),
                vec![semi(check)],
            )),
        ];
        let items = method(method(local(ident("value")), "iter", []), "enumerate", []);
        let pat = pat_tuple([pat_ident("i"), pat_ident("item")]);
        let built = printed(vec![tail(if_let(
            pat_some(pat_some(pat_ident("value"))),
            reference(field(path_expr(&["self"]), ident("list"))),
            vec![tail(block_expr(vec![
                let_("at", method(at(), "field", [str_lit("list")])),
                tail(for_loop(pat, items, body)),
            ]))],
        ))]);
        let expected = parsed(quote! {
            if let Some(Some(value)) = &self.list {
                {
                    let at = at.field("list");
                    for (i, item) in value.iter().enumerate() {
                        let at = at.index(i);
                        if let Some(item) = item {
                            check::minimum(&at, *item, -1.5, errors);
                        }
                    }
                }
            }
        });
        assert_eq!(built, expected);
    }
}
