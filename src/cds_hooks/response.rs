//! The answer of a CDS service (CDS Hooks 2.0, "CDS Service Response"): cards, their
//! sources, suggestions, actions and links, and the discovery document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::codes::Coding;
use crate::plan::Severity;

/// The answer of a CDS service: its cards (CDS Hooks 2.0, "CDS Service Response").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CdsResponse {
    /// The cards; empty when there is no decision support.
    pub cards: Vec<Card>,
    /// Actions the service proposes to apply without the user. This crate proposes none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub system_actions: Vec<Action>,
}

/// A card: decision support for the user (CDS Hooks 2.0, "Card Attributes").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Card {
    /// A unique identifier of the card, for logging and feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub uuid: Option<String>,
    /// One sentence, under 140 characters.
    #[cfg_attr(feature = "schemars", schemars(length(max = 139)))]
    pub summary: String,
    /// More detail, in GitHub-flavoured Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub detail: Option<String>,
    /// How urgent the card is.
    pub indicator: Indicator,
    /// The source of the card's guidance.
    pub source: CardSource,
    /// Suggested changes. This crate suggests none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
    /// How the suggestions may be chosen; required when there are suggestions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "SelectionBehavior"))]
    pub selection_behavior: Option<SelectionBehavior>,
    /// Reasons the user may give for overriding the card, each with a `display`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub override_reasons: Vec<CdsCoding>,
    /// Links to apps or pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

/// How urgent a card is. Ordered: info < warning < critical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Indicator {
    /// `info`.
    Info,
    /// `warning`.
    Warning,
    /// `critical`.
    Critical,
}

impl From<Severity> for Indicator {
    fn from(s: Severity) -> Indicator {
        match s {
            Severity::Info => Indicator::Info,
            Severity::Warning => Indicator::Warning,
            Severity::Critical => Indicator::Critical,
        }
    }
}

/// The source of a card's guidance (CDS Hooks 2.0, "Source").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CardSource {
    /// A short label for the source.
    pub label: String,
    /// An absolute URL to learn more about the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub url: Option<String>,
    /// An absolute URL of an icon for the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub icon: Option<String>,
    /// A high-level category of the card's content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "CdsCoding"))]
    pub topic: Option<CdsCoding>,
}

/// A code from a code system (CDS Hooks 2.0, "Coding"). Unlike the crate's own `Coding`, it
/// takes any system URI, and its `display` is optional (required in override reasons).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct CdsCoding {
    /// The code system's URI.
    pub system: String,
    /// The code.
    pub code: String,
    /// A short label for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub display: Option<String>,
}

impl From<&Coding> for CdsCoding {
    fn from(c: &Coding) -> CdsCoding {
        CdsCoding {
            system: c.system.uri().to_owned(),
            code: c.code.to_string(),
            display: Some(c.display.to_string()),
        }
    }
}

/// A suggested set of changes (CDS Hooks 2.0, "Suggestion").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Suggestion {
    /// The label of the suggestion, for a button.
    pub label: String,
    /// A unique identifier, for logging and feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub uuid: Option<String>,
    /// Whether this suggestion is the recommended one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "bool"))]
    pub is_recommended: Option<bool>,
    /// The actions, all taken together when the suggestion is chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
}

/// How the suggestions of a card may be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SelectionBehavior {
    /// `at-most-one`: none or one.
    AtMostOne,
    /// `any`: any number, none to all.
    Any,
}

/// A suggested action on a FHIR resource (CDS Hooks 2.0, "Action").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Action {
    /// Create, update or delete.
    pub r#type: ActionType,
    /// What the action does, for people.
    pub description: String,
    /// The FHIR resource to create, or the updated resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "Map<String, Value>"))]
    pub resource: Option<Value>,
    /// A relative reference to the resource to delete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub resource_id: Option<String>,
}

/// The type of an action: create, update or delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ActionType {
    /// `create`.
    Create,
    /// `update`.
    Update,
    /// `delete`.
    Delete,
}

/// A link to a page or a SMART app (CDS Hooks 2.0, "Link").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Link {
    /// The label of the link.
    pub label: String,
    /// The URL to open.
    pub url: String,
    /// `absolute` or `smart`.
    pub r#type: LinkType,
    /// Context for a SMART app, for `smart` links only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub app_context: Option<String>,
}

/// The type of a link: absolute or smart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum LinkType {
    /// `absolute`: a URL used as it is.
    Absolute,
    /// `smart`: a SMART app launch URL.
    Smart,
}

/// The discovery document, `GET {baseUrl}/cds-services` (CDS Hooks 2.0, "Discovery").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Discovery {
    /// The services offered.
    pub services: Vec<CdsService>,
}

/// A CDS service as discovery describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CdsService {
    /// The hook the service is called on.
    pub hook: String,
    /// A human-friendly name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub title: Option<String>,
    /// What the service does.
    pub description: String,
    /// The `{id}` of `POST {baseUrl}/cds-services/{id}`.
    pub id: String,
    /// Prefetch templates, by prefetch key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "BTreeMap<String, String>"))]
    pub prefetch: Option<BTreeMap<String, String>>,
    /// A human-friendly description of what the service needs to be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(with = "String"))]
    pub usage_requirements: Option<String>,
}
