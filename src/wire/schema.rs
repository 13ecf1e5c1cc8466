//! The hand-written JSON Schemas of the patient record, its presentation and its labs (feature
//! `schemars`): what [`Patient::from_json`] and serde read.

use strum::VariantNames;

use crate::model::lab::{Ferritin, FerritinUnit, LabKind, TransferrinSaturation};
use crate::model::patient::{
    Condition, CrampKind, Impact, OutOfScopeKind, Patient, Presentation, PresentationKind,
    RlsCriterion, SpasticityOrigin, Stage, SymptomSeverity,
};
use crate::model::quantity::{Age, Stated};
use crate::model::set::Set;

/// The wire form of a presentation: its `kind` and, for some kinds, a subtype.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Presentation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Presentation".into()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        "leg_spasm_cds::Presentation".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let kind = |k: PresentationKind| schemars::json_schema!({ "const": k.name() });
        schemars::json_schema!({
            "description": "What the patient presents with: the kind and, for some kinds, its subtype.",
            "oneOf": [
                {
                    "type": "object",
                    "properties": {
                        "kind": kind(PresentationKind::TrueCramp),
                        "cramp_kind": generator.subschema_for::<CrampKind>(),
                    },
                    "required": ["kind", "cramp_kind"],
                    "additionalProperties": false,
                },
                {
                    "type": "object",
                    "properties": { "kind": kind(PresentationKind::RestlessLegs) },
                    "required": ["kind"],
                    "additionalProperties": false,
                },
                {
                    "type": "object",
                    "properties": {
                        "kind": kind(PresentationKind::Spasticity),
                        "origin": generator.subschema_for::<SpasticityOrigin>(),
                        "impacts": generator.subschema_for::<Set<Impact>>(),
                    },
                    "required": ["kind", "origin", "impacts"],
                    "additionalProperties": false,
                },
                {
                    "type": "object",
                    "properties": { "kind": kind(PresentationKind::AcuteMusculoskeletal) },
                    "required": ["kind"],
                    "additionalProperties": false,
                },
                {
                    "type": "object",
                    "properties": {
                        "kind": kind(PresentationKind::OutOfScope),
                        "oos_kind": generator.subschema_for::<OutOfScopeKind>(),
                    },
                    "required": ["kind", "oos_kind"],
                    "additionalProperties": false,
                },
            ],
        })
    }
}

/// The wire form of a patient record, as [`Patient::from_json`] and serde read it and as the
/// crate writes it. What a schema cannot say, the reader still checks: each drug at most once,
/// carbidopa only as carbidopa-levodopa.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Patient {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Patient".into()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        "leg_spasm_cds::Patient".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // The reader takes `null` for an optional field as absent; the crate never writes it.
        let reading = generator.contract().is_deserialize();
        let optional = |schema: schemars::Schema| {
            if reading {
                schemars::json_schema!({ "anyOf": [schema, { "type": "null" }] })
            } else {
                schema
            }
        };
        let labs = optional(schemars::json_schema!({
            "description": "The labs measured; a lab that is absent was not measured.",
            "type": "object",
            "properties": {
                "ferritin": optional(generator.subschema_for::<crate::model::lab::Ferritin>()),
                "transferrin_saturation":
                    optional(generator.subschema_for::<crate::model::lab::TransferrinSaturation>()),
            },
            "additionalProperties": false,
        }));
        let rls_criteria = optional(generator.subschema_for::<Set<RlsCriterion>>());
        schemars::json_schema!({
            "description": "A patient record. Each drug is listed at most once.",
            "type": "object",
            "properties": {
                "presentation": generator.subschema_for::<Presentation>(),
                "stage": generator.subschema_for::<Stage>(),
                "severity": generator.subschema_for::<SymptomSeverity>(),
                "age": generator.subschema_for::<Stated<Age>>(),
                "conditions": generator.subschema_for::<Set<Condition>>(),
                "medications": {
                    "description": "The current medicines, each drug at most once; an empty list means checked, none.",
                    "type": "array",
                    "items": generator.subschema_for::<crate::model::drug::Medication>(),
                    "uniqueItems": true,
                },
                "labs": labs,
                "rls_criteria": rls_criteria,
            },
            "required": ["presentation", "stage", "severity", "age", "conditions", "medications"],
            "additionalProperties": false,
        })
    }
}

/// `{"value": N, "unit": "ng/mL"}`: a value >= 0 and its unit. The crate writes `ng/mL` or
/// `ug/L`, and reads `µg/L` as `ug/L`.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Ferritin {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Ferritin".into()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        "leg_spasm_cds::Ferritin".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let units: &[&str] = if generator.contract().is_deserialize() {
            LabKind::Ferritin.accepted_units()
        } else {
            <FerritinUnit as VariantNames>::VARIANTS
        };
        schemars::json_schema!({
            "description": "Serum ferritin: a value >= 0 with its unit (1 ng/mL = 1 µg/L).",
            "type": "object",
            "properties": {
                "value": { "type": "number", "minimum": 0 },
                "unit": { "type": "string", "enum": units },
            },
            "required": ["value", "unit"],
            "additionalProperties": false,
        })
    }
}

/// `{"value": N, "unit": "%"}`: a percentage, 0 to 100.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for TransferrinSaturation {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TransferrinSaturation".into()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        "leg_spasm_cds::TransferrinSaturation".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Transferrin saturation in percent, 0 to 100.",
            "type": "object",
            "properties": {
                "value": { "type": "number", "minimum": 0, "maximum": 100 },
                "unit": { "const": "%" },
            },
            "required": ["value", "unit"],
            "additionalProperties": false,
        })
    }
}
