//! Types: a struct per object, an open enum per string enum, with constructors, setters and the
//! query and header pairs of made parameter types.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::validate::validate_impl;
use super::{doc_attrs, docs, ident, invocation, rt, type_text, Part};
use crate::ir::{EnumDef, Field, Role, Service, StructDef, Ty, TypeDef, TypeId};

/// The Rust type of `ty`; the names of generated types come from `s`.
pub(crate) fn ty_tokens(s: &Service, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote! { String },
        Ty::I32 => quote! { i32 },
        Ty::I64 => quote! { i64 },
        Ty::F64 => quote! { f64 },
        Ty::Bool => quote! { bool },
        Ty::Vec(inner) => {
            let i = ty_tokens(s, inner);
            quote! { Vec<#i> }
        }
        Ty::Struct(id) | Ty::Enum(id) => {
            let n = format_ident!("{}", s.type_def(*id).rust_name());
            quote! { #n }
        }
        Ty::Map(inner) => {
            let i = ty_tokens(s, inner);
            quote! { ::std::collections::BTreeMap<String, #i> }
        }
        Ty::Json => quote! { ::serde_json::Value },
    }
}

pub(super) fn has_float(ty: &Ty, float_structs: &BTreeSet<TypeId>) -> bool {
    match ty {
        Ty::F64 => true,
        Ty::Vec(i) | Ty::Map(i) => has_float(i, float_structs),
        Ty::Struct(n) => float_structs.contains(n),
        _ => false,
    }
}

/// The structs that hold a float, directly or through other structs: they cannot derive `Eq`.
pub(super) fn float_structs(types: &[TypeDef]) -> BTreeSet<TypeId> {
    let mut found = BTreeSet::new();
    loop {
        let before = found.len();
        for (i, t) in types.iter().enumerate() {
            if let TypeDef::Struct(s) = t {
                if s.fields.iter().any(|f| has_float(&f.ty, &found)) {
                    found.insert(TypeId(i));
                }
            }
        }
        if found.len() == before {
            return found;
        }
    }
}

pub(super) fn struct_def(s: &Service, id: TypeId, d: &StructDef, float_structs: &BTreeSet<TypeId>) -> Vec<Part> {
    let rt = rt();
    let name = format_ident!("{}", d.rust_name);
    let doc = doc_attrs(&docs::struct_doc(d));
    let request = d.role == Role::Request;
    let all_optional = d.fields.iter().all(|f| !(request && f.required));
    let eq = if float_structs.contains(&id) {
        quote! {}
    } else {
        quote! { Eq, }
    };
    let default = if all_optional {
        quote! { Default, }
    } else {
        quote! {}
    };
    let strict = if request {
        quote! { #[serde(deny_unknown_fields)] }
    } else {
        quote! {}
    };
    // A mandatory field of a request is a constructor argument; a nullable one is an
    // `Option` there too, and is always sent (`null` when `None`).
    let required = |f: &Field| request && f.required;
    let fields = d.fields.iter().map(|f| {
        let fdoc = doc_attrs(&docs::field_doc(f));
        let id = ident(&f.rust_name);
        let t = ty_tokens(s, &f.ty);
        if required(f) && f.nullable {
            quote! {
                #fdoc
                #[serde(default)]
                pub #id: Option<#t>,
            }
        } else if required(f) {
            quote! { #fdoc pub #id: #t, }
        } else {
            quote! {
                #fdoc
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub #id: Option<#t>,
            }
        }
    });
    let args = d.fields.iter().filter(|f| required(f)).map(|f| {
        let id = ident(&f.rust_name);
        if f.nullable {
            let t = ty_tokens(s, &f.ty);
            quote! { #id: Option<#t> }
        } else if f.ty == Ty::String {
            quote! { #id: impl Into<String> }
        } else {
            let t = ty_tokens(s, &f.ty);
            quote! { #id: #t }
        }
    });
    let inits = d.fields.iter().map(|f| {
        let id = ident(&f.rust_name);
        match (required(f), &f.ty) {
            (true, Ty::String) if !f.nullable => quote! { #id: #id.into() },
            (true, _) => quote! { #id },
            (false, _) => quote! { #id: None },
        }
    });
    // Every field optional: the derived `Default` is every field unset.
    let new_body = if all_optional {
        quote! { Self::default() }
    } else {
        quote! { Self { #(#inits),* } }
    };
    let mandatory: Vec<String> = d.fields.iter().filter(|f| required(f)).map(|f| format!("`{}`", f.wire_name)).collect();
    let new_doc = if mandatory.is_empty() {
        format!(" A `{}` with every field unset.", d.rust_name)
    } else {
        format!(" A `{}` from its mandatory fields ({}); the optional ones start unset.", d.rust_name, mandatory.join(", "))
    };
    // A setter per optional field, from the runtime's `setters!`: `"wire" => with_x(x: T)`.
    let setters: Vec<String> = d
        .fields
        .iter()
        .filter(|f| !required(f))
        .map(|f| {
            let t = if f.ty == Ty::String { "impl Into<String>".to_string() } else { type_text(ty_tokens(s, &f.ty)) };
            format!("{:?} => with_{}({}: {t})", f.wire_name, f.rust_name, ident(&f.rust_name))
        })
        .collect();
    let setters = (!setters.is_empty()).then(|| Part::Text(invocation("::huaweicloud_restore::setters", &d.rust_name, &setters)));
    let query_pairs = if d.is_query {
        query_pairs(d)
    } else {
        quote! {}
    };
    let header_pairs = if d.is_headers {
        header_pairs(d)
    } else {
        quote! {}
    };
    let validate = if request {
        validate_impl(d)
    } else {
        quote! {}
    };
    let _ = &rt;
    let definition = quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #eq #default ::serde::Serialize, ::serde::Deserialize)]
        #strict
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #[doc = #new_doc]
            #[must_use]
            pub fn new(#(#args),*) -> Self {
                #new_body
            }
            #query_pairs
            #header_pairs
        }
    };
    let mut parts = vec![Part::Tokens(definition)];
    parts.extend(setters);
    if !validate.is_empty() {
        parts.push(Part::Tokens(validate));
    }
    parts
}

pub(super) fn header_pairs(d: &StructDef) -> TokenStream {
    let rt = rt();
    let pushes = param_pushes(d);
    quote! {
        /// The headers that are set, as `(name, value)` pairs in the page's order.
        pub fn header_pairs(&self) -> Vec<(&'static str, String)> {
            let mut pairs = Vec::new();
            #(#rt::wire::push(&mut pairs, #pushes);)*
            pairs
        }
    }
}

pub(super) fn query_pairs(d: &StructDef) -> TokenStream {
    let rt = rt();
    let pushes = param_pushes(d);
    quote! {
        /// The parameters that are set, as `(name, value)` pairs in the page's order; an array
        /// gives one pair per item (repeated keys), which the transport sorts as the signer does.
        pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
            let mut pairs = Vec::new();
            #(#rt::wire::push(&mut pairs, #pushes);)*
            pairs
        }
    }
}

/// `"wire", &self.field` for each parameter: what `runtime::wire::push` takes after the pairs.
fn param_pushes(d: &StructDef) -> Vec<TokenStream> {
    d.fields
        .iter()
        .map(|f| {
            let (id, wire) = (ident(&f.rust_name), &f.wire_name);
            quote! { #wire, &self.#id }
        })
        .collect()
}

pub(super) fn enum_def(e: &EnumDef) -> Vec<Part> {
    let name = format_ident!("{}", e.rust_name);
    let doc = doc_attrs(&docs::enum_doc(e));
    let variants = e.values.iter().map(|v| {
        let d = doc_attrs(&docs::value_doc(v));
        let id = format_ident!("{}", v.variant);
        quote! { #d #id, }
    });
    // The rest from the runtime's `open_enum!`: `Variant => "wire"`.
    let values: Vec<String> = e.values.iter().map(|v| format!("{} => {:?}", v.variant, v.wire)).collect();
    vec![
        Part::Tokens(quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A value this crate does not know, kept exactly as received.
                Unknown(String),
            }
        }),
        Part::Text(invocation("::huaweicloud_restore::open_enum", &e.rust_name, &values)),
    ]
}
