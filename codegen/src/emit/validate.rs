//! `Validate` implementations: every rule the spec states, as checks that collect violations.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{ident, rt, type_ident};
use crate::ir::{Branch, Field, Service, StructDef, Ty};

/// Checks on one value of type `ty`; `value` is an expression of type `&T`, `at` one that
/// makes its `FieldPath`.
pub(super) fn value_checks(s: &Service, ty: &Ty, f: &Field, value: TokenStream, at: TokenStream) -> TokenStream {
    let rt = rt();
    match ty {
        Ty::String if f.header => quote! {
            out.extend(#rt::validation::Violation::header_value(#at, #value));
        },
        Ty::String if f.non_empty => quote! {
            if #value.is_empty() {
                out.push(#rt::validation::Violation::empty(#at));
            } else if #value == "." || #value == ".." {
                out.push(#rt::validation::Violation::dot_segment(#at, #value));
            }
        },
        Ty::I32 | Ty::I64 => {
            let lo = f.minimum.map(|lo| {
                let lit = Literal::i64_unsuffixed(lo);
                quote! { if i64::from(*#value) < #lit { out.push(#rt::validation::Violation::below_minimum(#at, i64::from(*#value), #lit)); } }
            });
            let hi = f.maximum.map(|hi| {
                let lit = Literal::i64_unsuffixed(hi);
                quote! { if i64::from(*#value) > #lit { out.push(#rt::validation::Violation::above_maximum(#at, i64::from(*#value), #lit)); } }
            });
            quote! { #lo #hi }
        }
        Ty::Enum(e) => {
            let e = type_ident(s, *e);
            quote! {
                if !#value.is_known() { out.push(#rt::validation::Violation::unknown_value(#at, #value.as_str(), #e::VALUES)); }
            }
        }
        Ty::Struct(_) => quote! { #rt::validation::Validate::validate_at(#value, &#at, out); },
        Ty::Vec(inner) => {
            let inner_checks = value_checks(s, inner, f, quote! { item }, quote! { #at.index(i) });
            if inner_checks.is_empty() {
                quote! {}
            } else {
                quote! { for (i, item) in #value.iter().enumerate() { #inner_checks } }
            }
        }
        Ty::Map(inner) => {
            let inner_checks = value_checks(s, inner, f, quote! { item }, quote! { #at.field(key) });
            if inner_checks.is_empty() {
                quote! {}
            } else {
                quote! { for (key, item) in #value.iter() { #inner_checks } }
            }
        }
        _ => quote! {},
    }
}

pub(super) fn validate_impl(s: &Service, d: &StructDef) -> TokenStream {
    let rt = rt();
    let name = format_ident!("{}", d.rust_name);
    let checks: Vec<TokenStream> = d
        .fields
        .iter()
        .filter_map(|f| {
            let id = ident(&f.rust_name);
            let wire = &f.wire_name;
            let c = value_checks(s, &f.ty, f, quote! { value }, quote! { path.field(#wire) });
            if c.is_empty() {
                return None;
            }
            Some(if f.required && !f.nullable {
                quote! { { let value = &self.#id; #c } }
            } else {
                quote! { if let Some(value) = &self.#id { #c } }
            })
        })
        .collect();
    let any_of = if d.any_of.is_empty() {
        quote! {}
    } else {
        any_of_checks(d)
    };
    let body_empty = checks.is_empty() && d.any_of.is_empty();
    let (path_arg, out_arg) = if body_empty { (quote! { _path }, quote! { _out }) } else { (quote! { path }, quote! { out }) };
    quote! {
        impl #rt::validation::Validate for #name {
            fn validate_at(&self, #path_arg: &#rt::validation::FieldPath, #out_arg: &mut Vec<#rt::validation::Violation>) {
                #(#checks)*
                #any_of
            }
        }
    }
}

pub(super) fn any_of_checks(d: &StructDef) -> TokenStream {
    let rt = rt();
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
    let alternatives = d.any_of.iter().enumerate().map(|(i, b): (usize, &Branch)| {
        let missing_var = format_ident!("missing_{}", i);
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
        let mut pushes = Vec::new();
        for (rust, wire) in &b.required {
            let p = present(rust);
            if restricted.contains(&rust) {
                conds.push(p);
            } else {
                let a = absent(rust);
                pushes.push(quote! { if #a { #missing_var.push(#wire); } });
            }
        }
        let cond = if conds.is_empty() {
            quote! { true }
        } else {
            quote! { #(#conds)&&* }
        };
        let desc = &b.description;
        (
            quote! {
                #[allow(unused_mut)]
                let mut #missing_var: Vec<&'static str> = Vec::new();
                #(#pushes)*
            },
            quote! { #rt::validation::Alternative { description: #desc, condition: #cond, missing: &#missing_var } },
        )
    });
    let (lets, alts): (Vec<_>, Vec<_>) = alternatives.unzip();
    quote! {
        #(#lets)*
        #rt::validation::any_of(path, &[#(#alts),*], out);
    }
}
