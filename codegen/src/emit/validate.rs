//! `Validate` implementations: every rule the spec states, as checks that collect violations.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::ident;
use crate::ir::{Branch, Field, StructDef, Ty};

/// Where a checked value is: a variable holding a reference to it, or a field of `self`.
pub(super) enum Place {
    /// A variable of type `&T`.
    Ref(Ident),
    /// `self.NAME`, of type `T`.
    Field(Ident),
}

impl Place {
    /// The value as `&T`.
    fn by_ref(&self) -> TokenStream {
        match self {
            Place::Ref(v) => quote! { #v },
            Place::Field(f) => quote! { &self.#f },
        }
    }
    /// The value as the receiver of a method call.
    fn receiver(&self) -> TokenStream {
        match self {
            Place::Ref(v) => quote! { #v },
            Place::Field(f) => quote! { self.#f },
        }
    }
    /// The value as `T`, for a `Copy` type.
    fn copied(&self) -> TokenStream {
        match self {
            Place::Ref(v) => quote! { *#v },
            Place::Field(f) => quote! { self.#f },
        }
    }
    /// A method call on the value.
    fn call(&self, method: &str) -> TokenStream {
        let (receiver, m) = (self.receiver(), format_ident!("{}", method));
        quote! { #receiver.#m() }
    }
}

/// Checks on one value of type `ty` at `place`, each a call into `runtime::validation`; `at` is
/// an expression that makes its `At`, and `depth` tells nested loops' variables apart.
pub(super) fn value_checks(ty: &Ty, f: &Field, place: &Place, at: TokenStream, depth: usize) -> TokenStream {
    match ty {
        Ty::String if f.header => {
            let v = place.by_ref();
            quote! { validation::header(#at, #v, out); }
        }
        Ty::String if f.non_empty => {
            let v = place.by_ref();
            quote! { validation::segment(#at, #v, out); }
        }
        Ty::I32 | Ty::I64 if f.minimum.is_some() || f.maximum.is_some() => {
            let bound = |b: Option<i64>| match b {
                Some(b) => {
                    let lit = Literal::i64_unsuffixed(b);
                    quote! { Some(#lit) }
                }
                None => quote! { None },
            };
            let (lo, hi, v) = (bound(f.minimum), bound(f.maximum), place.copied());
            quote! { validation::range(#at, #v, #lo, #hi, out); }
        }
        Ty::Enum(_) => {
            let v = place.by_ref();
            quote! { validation::known(#at, #v, out); }
        }
        Ty::Struct(_) => {
            let v = place.receiver();
            quote! { #v.validate_at(#at, out); }
        }
        Ty::Vec(inner) | Ty::Map(inner) => {
            let (i, item) = (format_ident!("i{}", depth), format_ident!("item{}", depth));
            let keyed = matches!(ty, Ty::Map(_));
            let inner_at = if keyed {
                quote! { #at.field(#i) }
            } else {
                quote! { #at.index(#i) }
            };
            let inner_checks = value_checks(inner, f, &Place::Ref(item.clone()), inner_at, depth + 1);
            let iter = place.call("iter");
            if inner_checks.is_empty() {
                quote! {}
            } else if keyed {
                quote! { for (#i, #item) in #iter { #inner_checks } }
            } else {
                quote! { for (#i, #item) in #iter.enumerate() { #inner_checks } }
            }
        }
        _ => quote! {},
    }
}

pub(super) fn validate_impl(d: &StructDef) -> TokenStream {
    let name = format_ident!("{}", d.rust_name);
    let checks: Vec<TokenStream> = d
        .fields
        .iter()
        .filter_map(|f| {
            let id = ident(&f.rust_name);
            let wire = &f.wire_name;
            let at = quote! { at.field(#wire) };
            if f.required && !f.nullable {
                let c = value_checks(&f.ty, f, &Place::Field(id), at, 0);
                (!c.is_empty()).then_some(c)
            } else {
                let c = value_checks(&f.ty, f, &Place::Ref(format_ident!("value")), at, 0);
                (!c.is_empty()).then(|| quote! { if let Some(value) = &self.#id { #c } })
            }
        })
        .collect();
    let any_of = if d.any_of.is_empty() {
        quote! {}
    } else {
        any_of_checks(d)
    };
    let body_empty = checks.is_empty() && d.any_of.is_empty();
    let (at_arg, out_arg) = if body_empty { (quote! { _at }, quote! { _out }) } else { (quote! { at }, quote! { out }) };
    quote! {
        impl validation::Validate for #name {
            fn validate_at(&self, #at_arg: validation::At<'_>, #out_arg: &mut Vec<validation::Violation>) {
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
            if field(r).is_some_and(|f| f.required) {
                conds.push(quote! { [#(#values),*].contains(&self.#id.as_str()) });
            } else {
                conds.push(quote! { self.#id.as_ref().is_none_or(|v| [#(#values),*].contains(&v.as_str())) });
            }
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
