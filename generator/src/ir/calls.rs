//! How each endpoint is called, resolved once: its provider (with the constant the common crate
//! gives it), its route, and how a client follows a request to its result (the poll endpoint
//! found by id). The emitters write these as the runtime's `Route` and `Follow` without
//! looking anything up.

use std::collections::BTreeMap;

use super::Ir;
use crate::naming;
use crate::schema::model::{Endpoint, Http, PollSpec, Provider};

/// How one endpoint's requests are addressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route<'c> {
    /// Through fal's queue: every URL derives from the endpoint id.
    FalQueue,
    /// A plain HTTP call with its own method and path.
    Http(&'c Http),
}

impl<'c> Route<'c> {
    /// The route of an endpoint: its `http:` block if it has one, else fal's queue (the checker
    /// has made sure that matches its provider's routing).
    pub fn of(e: &'c Endpoint) -> Self {
        match &e.http {
            Some(http) => Route::Http(&http.value),
            None => Route::FalQueue,
        }
    }
}

/// How a client's `subscribe` follows an endpoint's requests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Follow<'c> {
    /// fal's queue: status, then result.
    FalQueue,
    /// Calls to another endpoint until the job is done (the schema's `poll:` block).
    Poll {
        /// The block.
        spec: &'c PollSpec,
        /// The poll endpoint's route.
        route: Route<'c>,
    },
    /// Nothing to follow: a plain HTTP call answers at once, and `subscribe` does not apply.
    None,
}

/// A provider of `providers.yaml` and the name of its constant in the common crate.
#[derive(Clone, Debug)]
pub struct ProviderIr<'c> {
    /// The definition.
    pub def: &'c Provider,
    /// The constant in the common crate's `providers` module (`FAL`).
    pub constant: String,
}

/// Gives the model its providers, and every endpoint its provider, route and follow.
pub(super) fn resolve(ir: &mut Ir<'_>) {
    let catalog = ir.catalog;
    ir.providers = catalog
        .providers
        .iter()
        .map(|p| ProviderIr {
            def: p,
            constant: naming::provider_const(&p.name),
        })
        .collect();
    let by_id: BTreeMap<&str, &Endpoint> = catalog
        .endpoints
        .iter()
        .map(|e| (e.id.value.as_str(), e))
        .collect();
    for ep in ir.families.iter_mut().flat_map(|f| &mut f.endpoints) {
        let e = ep.def;
        // The checker has made sure the provider exists.
        ep.provider = catalog
            .providers
            .iter()
            .position(|p| p.name == e.provider.value)
            .unwrap_or_default();
        ep.route = Route::of(e);
        ep.follow = match (&e.poll, ep.route) {
            // The checker has made sure the poll endpoint exists; were it missing, the endpoint
            // would simply not implement `Subscribe`.
            (Some(poll), _) => match by_id.get(poll.value.endpoint.value.as_str()) {
                Some(target) => Follow::Poll {
                    spec: &poll.value,
                    route: Route::of(target),
                },
                None => Follow::None,
            },
            (None, Route::FalQueue) => Follow::FalQueue,
            (None, Route::Http(_)) => Follow::None,
        };
    }
}
