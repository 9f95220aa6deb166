//! `Validate` implementations: every rule the spec states, as checks that collect violations.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::ident;
use crate::ir::{Branch, Field, StructDef, Ty};

/// The check of field `f`, at `at`, as one call into `runtime::validation` (or into the nested
/// type's own `validate_at`), whatever holds its values: the runtime's `Each` and `Validate`
/// reach through an `Option`, a `Vec` or a map. `None` when the field states no rule.
fn field_check(f: &Field) -> Option<TokenStream> {
    let (id, wire) = (ident(&f.rust_name), &f.wire_name);
    let at = quote! { at.field(#wire) };
    let mut leaf = &f.ty;
    while let Ty::Vec(inner) | Ty::Map(inner) = leaf {
        leaf = inner;
    }
    Some(match leaf {
        Ty::String if f.header => quote! { validation::header(#at, &self.#id, out); },
        Ty::String if f.non_empty => quote! { validation::segment(#at, &self.#id, out); },
        Ty::I32 | Ty::I64 if f.minimum.is_some() || f.maximum.is_some() => {
            let bound = |b: Option<i64>| match b {
                Some(b) => {
                    let lit = Literal::i64_unsuffixed(b);
                    quote! { Some(#lit) }
                }
                None => quote! { None },
            };
            let (lo, hi) = (bound(f.minimum), bound(f.maximum));
            quote! { validation::range(#at, &self.#id, #lo, #hi, out); }
        }
        Ty::Enum(_) => quote! { validation::known(#at, &self.#id, out); },
        Ty::Struct(_) => quote! { self.#id.validate_at(#at, out); },
        _ => return None,
    })
}

/// `impl Validate`: a call per field that states a rule, then the rules between fields. A type
/// with neither keeps the trait's default, which checks nothing.
pub(super) fn validate_impl(d: &StructDef) -> TokenStream {
    let name = format_ident!("{}", d.rust_name);
    let checks: Vec<TokenStream> = d.fields.iter().filter_map(field_check).collect();
    if checks.is_empty() && d.any_of.is_empty() {
        return quote! { impl validation::Validate for #name {} };
    }
    let any_of = if d.any_of.is_empty() {
        quote! {}
    } else {
        any_of_checks(d)
    };
    quote! {
        impl validation::Validate for #name {
            fn validate_at(&self, at: validation::At<'_>, out: &mut Vec<validation::Violation>) {
                #(#checks)*
                #any_of
            }
        }
    }
}

pub(super) fn any_of_checks(d: &StructDef) -> TokenStream {
    let field = |rust: &str| d.fields.iter().find(|f| f.rust_name == rust);
    let present = |rust: &str| -> TokenStream {
        match field(rust) {
            Some(f) if f.required => quote! { true },
            _ => {
                let id = ident(rust);
                quote! { self.#id.is_some() }
            }
        }
    };
    let absent = |rust: &str| -> TokenStream {
        match field(rust) {
            Some(f) if f.required => quote! { false },
            _ => {
                let id = ident(rust);
                quote! { self.#id.is_none() }
            }
        }
    };
    let alternatives = d.any_of.iter().map(|b: &Branch| {
        let restricted: Vec<&String> = b.restrictions.iter().map(|(r, _)| r).collect();
        let mut conds: Vec<TokenStream> = Vec::new();
        for (r, values) in &b.restrictions {
            let id = ident(r);
            conds.push(quote! { validation::among(&self.#id, &[#(#values),*]) });
        }
        for a in &b.absent {
            conds.push(absent(a));
        }
        let mut needs = Vec::new();
        for (rust, wire) in &b.required {
            let p = present(rust);
            if restricted.contains(&rust) {
                conds.push(p);
            } else {
                needs.push(quote! { (#wire, #p) });
            }
        }
        let cond = if conds.is_empty() {
            quote! { true }
        } else {
            quote! { #(#conds)&&* }
        };
        let desc = &b.description;
        quote! { validation::Alternative { description: #desc, condition: #cond, needs: &[#(#needs),*] } }
    });
    quote! {
        validation::any_of(at, &[#(#alternatives),*], out);
    }
}
