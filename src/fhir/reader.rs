//! The reading of a patient's resources into a [`Record`](crate::record::Record), with the
//! report of every resource used or not used and why.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use crate::codes::{self, CodeSystem};
use crate::model::drug::Drug;
use crate::model::lab::{Ferritin, LabKind, TransferrinSaturation};
use crate::model::patient::{
    Condition, CrampKind, Presentation, PresentationKind, SpasticityOrigin,
};
use crate::model::quantity::{Age, Days, Stated};
use crate::model::record::{MedicineSource, Record, RecordPresentation, UnidentifiedMedicine};
use crate::model::set::Set;
use crate::wire::path as field_path;

use super::date::CivilDate;
use super::identify::{concept, identify, is};
use super::input::{Res, date, parse};
use super::{
    FhirError, MUSCLE_SPASM_OF_CALF, NotUsed, Outcome, ReadOptions, Reading, ReadingReport,
    SLEEP_RELATED_LEG_CRAMPS, Used, model,
};

pub(super) struct Reader<'a, 'v> {
    resources: &'a [Res<'v>],
    options: &'a ReadOptions<'a>,
    patient: Option<String>,
    pub(super) record: Record,
    pub(super) report: ReadingReport,
    kinds: Vec<(PresentationKind, Option<Presentation>)>,
    referenced: Vec<usize>,
}

impl<'a, 'v> Reader<'a, 'v> {
    pub(super) fn new(
        resources: &'a [Res<'v>],
        options: &'a ReadOptions<'a>,
    ) -> Result<Self, FhirError> {
        let patient = options.patient_id.map(str::to_owned).or_else(|| {
            resources
                .iter()
                .find(|r| r.kind == "Patient")
                .and_then(|r| r.id.map(str::to_owned))
        });
        Ok(Reader {
            resources,
            options,
            record: Record::new(patient.clone()),
            patient,
            report: ReadingReport::default(),
            kinds: Vec::new(),
            referenced: Vec::new(),
        })
    }

    pub(super) fn finish(mut self) -> Reading {
        self.record.patient_id = self.patient.clone();
        let mut found: Vec<PresentationKind> = Vec::new();
        for (k, _) in &self.kinds {
            if !found.contains(k) {
                found.push(*k);
            }
        }
        self.report.presentation_kinds_found.clone_from(&found);
        self.record.presentation = match found.as_slice() {
            [] => self.record.presentation.clone(),
            [kind] => {
                let full: Vec<Option<Presentation>> = self.kinds.iter().map(|(_, p)| *p).collect();
                match full.first().copied().flatten() {
                    Some(p) if full.iter().all(|q| *q == Some(p)) => {
                        RecordPresentation::Known { presentation: p }
                    }
                    _ => RecordPresentation::Kind { kind: *kind },
                }
            }
            _ => RecordPresentation::Unknown { conflicting: found },
        };
        self.report.unidentified = self.record.unidentified.clone();
        Reading {
            record: self.record,
            report: self.report,
        }
    }

    pub(super) fn read_all(&mut self, drafted: bool) -> Result<(), FhirError> {
        // The patient first, so that the context is known.
        for r in self.resources.iter().filter(|r| r.kind == "Patient") {
            if drafted {
                continue;
            }
            self.patient_resource(r)?;
        }
        let mut labs: Vec<(LabKind, (CivilDate, String), usize, LabValue)> = Vec::new();
        for (i, r) in self.resources.iter().enumerate() {
            match r.kind {
                "Patient" => {
                    if drafted {
                        self.report.push(r, Outcome::NotUsed(NotUsed::NotRead));
                    }
                }
                "Condition" if !drafted => self.condition(r)?,
                "MedicationRequest" | "MedicationStatement" => self.medicine(r, drafted)?,
                "Observation" if !drafted => {
                    if let Some(lab) = self.observation(r)? {
                        labs.push((lab.0, lab.1, i, lab.2));
                    }
                }
                "Medication" => {}
                _ => self.report.push(r, Outcome::NotUsed(NotUsed::NotRead)),
            }
        }
        self.labs(labs);
        for (i, r) in self.resources.iter().enumerate() {
            if r.kind == "Medication" {
                let outcome = if self.referenced.contains(&i) {
                    Outcome::Used(Used::ReferencedMedication)
                } else {
                    Outcome::NotUsed(NotUsed::NotReferenced)
                };
                self.report.push(r, outcome);
            }
        }
        Ok(())
    }

    fn patient_resource(&mut self, r: &Res<'v>) -> Result<(), FhirError> {
        let p: model::Patient = parse(r)?;
        if let (Some(ctx), Some(id)) = (&self.patient, &p.id)
            && ctx != id
        {
            return Err(FhirError::OtherPatient {
                resource: r.name(),
                path: format!("{}.id", r.path),
                expected: ctx.clone(),
                found: id.clone(),
            });
        }
        let age = match &p.birth_date {
            None => Stated::Unknown,
            Some(text) => {
                // A partial date is held as its earliest day: the older bound.
                let birth = date(r, "birthDate", text)?;
                let years = birth.years_until(self.options.as_of);
                let age = u32::try_from(years)
                    .ok()
                    .and_then(|y| Age::new(y).ok())
                    .ok_or_else(|| FhirError::InvalidValue {
                        resource: r.name(),
                        path: format!("{}.birthDate", r.path),
                        value: format!("{text:?}"),
                        reason: format!(
                            "gives an age of {years} years on {}; an age is 0 to {}",
                            self.options.as_of,
                            Age::MAX
                        ),
                    })?;
                Stated::Known(age)
            }
        };
        self.record.age = age;
        self.report.push(r, Outcome::Used(Used::Patient { age }));
        self.report.input("age".to_owned(), r.name());
        Ok(())
    }

    /// Checks the subject; `Ok(false)` when the resource is not used (reported).
    fn subject(
        &mut self,
        r: &Res<'v>,
        subject: Option<&model::Reference>,
    ) -> Result<bool, FhirError> {
        let Some(reference) = subject.and_then(|s| s.reference.as_deref()) else {
            self.report.push(r, Outcome::NotUsed(NotUsed::NoSubject));
            return Ok(false);
        };
        // A Bundle's fullUrl of a Patient, else `[base/]Patient/id[/_history/v]`.
        let by_url = self
            .resources
            .iter()
            .find(|p| p.kind == "Patient" && p.full_url == Some(reference))
            .and_then(|p| p.id.map(str::to_owned));
        let id = by_url.or_else(|| {
            let trimmed = reference.split("/_history/").next().unwrap_or(reference);
            let mut parts = trimmed.rsplit('/');
            let id = parts.next()?;
            (parts.next()? == "Patient").then(|| id.to_owned())
        });
        let Some(id) = id else {
            self.report.push(
                r,
                Outcome::NotUsed(NotUsed::SubjectNotAPatient {
                    reference: reference.to_owned(),
                }),
            );
            return Ok(false);
        };
        match &self.patient {
            Some(ctx) if *ctx != id => Err(FhirError::OtherPatient {
                resource: r.name(),
                path: format!("{}.subject.reference", r.path),
                expected: ctx.clone(),
                found: id,
            }),
            Some(_) => Ok(true),
            None => {
                self.patient = Some(id);
                Ok(true)
            }
        }
    }

    fn condition(&mut self, r: &Res<'v>) -> Result<(), FhirError> {
        let c: model::Condition = parse(r)?;
        if !self.subject(r, c.subject.as_ref())? {
            return Ok(());
        }
        let status = |cc: &Option<model::CodeableConcept>| {
            cc.as_ref()
                .and_then(|cc| cc.coding.iter().find_map(|c| c.code.clone()))
        };
        let clinical = status(&c.clinical_status);
        if !matches!(
            clinical.as_deref(),
            Some("active" | "recurrence" | "relapse")
        ) {
            let outcome = NotUsed::Status {
                element: "clinicalStatus".to_owned(),
                value: clinical.unwrap_or_else(|| "missing".to_owned()),
            };
            self.report.push(r, Outcome::NotUsed(outcome));
            return Ok(());
        }
        let verification = status(&c.verification_status);
        if let Some(v @ ("refuted" | "entered-in-error")) = verification.as_deref() {
            let outcome = NotUsed::Status {
                element: "verificationStatus".to_owned(),
                value: v.to_owned(),
            };
            self.report.push(r, Outcome::NotUsed(outcome));
            return Ok(());
        }
        let mut conditions: Vec<Condition> = Vec::new();
        let mut kind: Option<(PresentationKind, Option<Presentation>)> = None;
        let mut symptom: Option<String> = None;
        let cramp_symptom =
            codes::presentation_icd10cm(Presentation::TrueCramp(CrampKind::Idiopathic));
        let spasticity = codes::presentation_snomed(Presentation::Spasticity {
            origin: SpasticityOrigin::OtherOrUnknown,
            impacts: Set::new(),
        });
        for coding in c.code.iter().flat_map(|cc| cc.coding.iter()) {
            let Some(code) = coding.code.as_deref() else {
                continue;
            };
            if is(&coding.system, CodeSystem::Icd10Cm) {
                if let Some(x) = codes::condition_from_icd10cm(code) {
                    conditions.push(x);
                } else if let Some(p) = codes::presentation_from_icd10cm(code) {
                    kind = Some((p.kind(), Some(p)));
                } else if code == SLEEP_RELATED_LEG_CRAMPS {
                    kind = Some((PresentationKind::TrueCramp, None));
                } else if cramp_symptom.as_ref().is_some_and(|s| s.code == code)
                    || code == MUSCLE_SPASM_OF_CALF
                {
                    symptom = Some(code.to_owned());
                }
            } else if is(&coding.system, CodeSystem::SnomedCt) {
                if let Some(x) = codes::condition_from_snomed(code) {
                    conditions.push(x);
                } else if let Some(p) = codes::presentation_from_snomed(code) {
                    kind = Some((p.kind(), Some(p)));
                } else if spasticity.as_ref().is_some_and(|s| s.code == code) {
                    kind = Some((PresentationKind::Spasticity, None));
                }
            }
        }
        conditions.dedup();
        if !conditions.is_empty() {
            for &x in &conditions {
                self.record.conditions.insert(x);
                self.report.input(format!("condition {x}"), r.name());
            }
            self.report
                .push(r, Outcome::Used(Used::Condition { conditions }));
        } else if let Some((k, p)) = kind {
            self.kinds.push((k, p));
            self.report.input(format!("presentation {k}"), r.name());
            self.report
                .push(r, Outcome::Used(Used::Presentation { kind: k }));
        } else if let Some(code) = symptom {
            self.report
                .push(r, Outcome::NotUsed(NotUsed::SymptomCode { code }));
        } else {
            self.report.push(r, Outcome::NotUsed(NotUsed::NoCodeRead));
        }
        Ok(())
    }

    fn find_medication(
        &self,
        owner: &Res<'v>,
        reference: &str,
    ) -> Option<(Option<usize>, &'v Value)> {
        if let Some(local) = reference.strip_prefix('#') {
            let contained = owner.value.get("contained")?.as_array()?;
            return contained
                .iter()
                .find(|c| {
                    c.get("resourceType").and_then(Value::as_str) == Some("Medication")
                        && c.get("id").and_then(Value::as_str) == Some(local)
                })
                .map(|c| (None, c));
        }
        self.resources.iter().enumerate().find_map(|(i, m)| {
            let hit = m.kind == "Medication"
                && (m.full_url == Some(reference)
                    || m.id.is_some_and(|id| {
                        reference == format!("Medication/{id}")
                            || reference.ends_with(&format!("/Medication/{id}"))
                    }));
            hit.then_some((Some(i), m.value))
        })
    }

    fn medicine(&mut self, r: &Res<'v>, drafted: bool) -> Result<(), FhirError> {
        let m: model::MedicationUse = parse(r)?;
        if !self.subject(r, m.subject.as_ref())? {
            return Ok(());
        }
        let status = m.status.clone().unwrap_or_else(|| "missing".to_owned());
        let current = match r.kind {
            "MedicationRequest" => matches!(status.as_str(), "active" | "on-hold"),
            _ => status == "active",
        };
        if !drafted && !current {
            self.report.push(
                r,
                Outcome::NotUsed(NotUsed::Status {
                    element: "status".to_owned(),
                    value: status,
                }),
            );
            return Ok(());
        }
        // The medicine named: its concept, or the referenced Medication's.
        let mut named: Option<model::CodeableConcept> = m.medication_codeable_concept.clone();
        let mut medication: Option<(model::Medication, String)> = None;
        if named.is_none()
            && let Some(reference) = m
                .medication_reference
                .as_ref()
                .and_then(|x| x.reference.as_deref())
        {
            if let Some((index, value)) = self.find_medication(r, reference) {
                let med = model::Medication::deserialize(value).or_else(|_| {
                    serde_path_to_error::deserialize(value).map_err(|e| FhirError::Malformed {
                        resource: format!("Medication {reference}"),
                        path: format!(
                            "{}.medicationReference -> {}",
                            r.path,
                            field_path::of(e.path())
                        ),
                        message: e.inner().to_string(),
                    })
                })?;
                if let Some(i) = index {
                    self.referenced.push(i);
                }
                named = med.code.clone();
                medication = Some((med, reference.to_owned()));
            }
        }
        let mut drugs: Vec<(Drug, String)> = Vec::new();
        if let (Some(resolver), Some(cc)) = (self.options.resolver, named.as_ref())
            && let Some(found) = resolver.resolve(&concept(cc))
        {
            drugs = found
                .into_iter()
                .map(|d| (d, "caller's resolver".to_owned()))
                .collect();
        }
        if drugs.is_empty()
            && let Some(cc) = named.as_ref()
        {
            drugs = identify(cc);
        }
        if drugs.is_empty()
            && let Some((med, _)) = &medication
        {
            // The ingredients read together, so that carbidopa with levodopa is one drug.
            let mut all = model::CodeableConcept::default();
            let mut texts: Vec<String> = Vec::new();
            for cc in med
                .ingredient
                .iter()
                .filter_map(|i| i.item_codeable_concept.as_ref())
            {
                all.coding.extend(cc.coding.iter().cloned());
                texts.extend(cc.text.iter().cloned());
                texts.extend(cc.coding.iter().filter_map(|c| c.display.clone()));
            }
            all.text = (!texts.is_empty()).then(|| texts.join(" / "));
            drugs = identify(&all);
        }
        if drugs.is_empty() {
            let cc = named.clone().unwrap_or_default();
            let text = cc.text.clone().or_else(|| {
                m.medication_reference
                    .as_ref()
                    .and_then(|x| x.reference.clone())
            });
            self.record.unidentified.push(UnidentifiedMedicine {
                resource: r.name(),
                text,
                codings: concept(&cc).codings,
                drafted,
            });
            self.report
                .push(r, Outcome::NotUsed(NotUsed::NotIdentified));
            return Ok(());
        }
        let source = |read_as: &str| MedicineSource {
            resource: r.name(),
            read_as: read_as.to_owned(),
        };
        if drafted {
            for (d, read) in &drugs {
                self.record
                    .add_drafted(*d, Stated::Known(Days::new(0)), source(read));
                self.report.input(format!("drafted {d}"), r.name());
            }
            let list = drugs.iter().map(|d| d.0).collect();
            self.report
                .push(r, Outcome::Used(Used::DraftedMedicine { drugs: list }));
            return Ok(());
        }
        // The earliest start stated, if any.
        let mut starts: Vec<(String, &str)> = Vec::new();
        if let Some(s) = m.authored_on.as_deref() {
            starts.push(("authoredOn".to_owned(), s));
        }
        if let Some(s) = m.effective_period.as_ref().and_then(|p| p.start.as_deref()) {
            starts.push(("effectivePeriod.start".to_owned(), s));
        }
        if let Some(s) = m.effective_date_time.as_deref() {
            starts.push(("effectiveDateTime".to_owned(), s));
        }
        for (field, list) in [
            ("dosageInstruction", &m.dosage_instruction),
            ("dosage", &m.dosage),
        ] {
            for (i, d) in list.iter().enumerate() {
                if let Some(s) = d
                    .timing
                    .as_ref()
                    .and_then(|t| t.repeat.as_ref())
                    .and_then(|x| x.bounds_period.as_ref())
                    .and_then(|p| p.start.as_deref())
                {
                    starts.push((format!("{field}[{i}].timing.repeat.boundsPeriod.start"), s));
                }
            }
        }
        let mut earliest: Option<CivilDate> = None;
        for (field, text) in starts {
            let d = date(r, &field, text)?;
            earliest = Some(earliest.map_or(d, |e| e.min(d)));
        }
        let days = match earliest {
            None => Stated::Unknown,
            Some(start) => {
                let n = start.days_until(self.options.as_of).max(0);
                Stated::Known(Days::new(u32::try_from(n).unwrap_or(u32::MAX)))
            }
        };
        for (d, read) in &drugs {
            self.record.add_medicine(*d, days, source(read));
            self.report.input(format!("medicine {d}"), r.name());
        }
        let list = drugs.iter().map(|d| d.0).collect();
        self.report.push(
            r,
            Outcome::Used(Used::CurrentMedicine { drugs: list, days }),
        );
        Ok(())
    }

    /// A usable-or-not lab observation with its time, or `None` when not a lab read.
    #[allow(clippy::type_complexity)]
    fn observation(
        &mut self,
        r: &Res<'v>,
    ) -> Result<Option<(LabKind, (CivilDate, String), LabValue)>, FhirError> {
        let o: model::Observation = parse(r)?;
        let lab = o
            .code
            .iter()
            .flat_map(|cc| cc.coding.iter())
            .filter(|c| is(&c.system, CodeSystem::Loinc))
            .find_map(|c| c.code.as_deref().and_then(codes::lab_from_loinc));
        let Some(lab) = lab else {
            self.report.push(r, Outcome::NotUsed(NotUsed::NotALab));
            return Ok(None);
        };
        if !self.subject(r, o.subject.as_ref())? {
            return Ok(None);
        }
        let status = o.status.clone().unwrap_or_else(|| "missing".to_owned());
        if !matches!(status.as_str(), "final" | "amended" | "corrected") {
            self.report.push(
                r,
                Outcome::NotUsed(NotUsed::Status {
                    element: "status".to_owned(),
                    value: status,
                }),
            );
            return Ok(None);
        }
        let time = [
            ("effectiveDateTime", o.effective_date_time.as_deref()),
            (
                "effectivePeriod.end",
                o.effective_period.as_ref().and_then(|p| p.end.as_deref()),
            ),
            (
                "effectivePeriod.start",
                o.effective_period.as_ref().and_then(|p| p.start.as_deref()),
            ),
            ("effectiveInstant", o.effective_instant.as_deref()),
            ("issued", o.issued.as_deref()),
        ]
        .into_iter()
        .find_map(|(f, v)| v.map(|v| (f, v)));
        let Some((field, text)) = time else {
            self.report
                .push(r, Outcome::NotUsed(NotUsed::NoEffectiveTime));
            return Ok(None);
        };
        let when = (date(r, field, text)?, text.to_owned());
        let value = self.lab_value(r, lab, o.value_quantity.as_ref())?;
        Ok(Some((lab, when, value)))
    }

    fn lab_value(
        &self,
        r: &Res<'v>,
        lab: LabKind,
        q: Option<&model::Quantity>,
    ) -> Result<LabValue, FhirError> {
        let Some(q) = q else {
            return Ok(LabValue::Not(NotUsed::NoValue));
        };
        let Some(value) = q.value else {
            return Ok(LabValue::Not(NotUsed::NoValue));
        };
        let ucum = if is(&q.system, CodeSystem::Ucum) {
            q.code.as_deref()
        } else {
            None
        };
        let Some(unit) = ucum.filter(|u| codes::lab_accepts_ucum(lab, u)) else {
            return Ok(LabValue::Not(NotUsed::Unit {
                unit: q.code.clone().or_else(|| q.unit.clone()),
            }));
        };
        let invalid = |e: crate::model::lab::LabError| FhirError::InvalidValue {
            resource: r.name(),
            path: format!("{}.valueQuantity.value", r.path),
            value: value.to_string(),
            reason: e.to_string(),
        };
        let number = value;
        let value = match lab {
            LabKind::Ferritin => {
                let fu = codes::ferritin_unit_from_ucum(unit).ok_or_else(|| {
                    FhirError::InvalidValue {
                        resource: r.name(),
                        path: format!("{}.valueQuantity.code", r.path),
                        value: unit.to_owned(),
                        reason: "is not a ferritin unit".to_owned(),
                    }
                })?;
                LabValue::Ferritin(Ferritin::new(value, fu).map_err(invalid)?)
            }
            LabKind::TransferrinSaturation => {
                LabValue::Tsat(TransferrinSaturation::new(value).map_err(invalid)?)
            }
        };
        let Some(comparator) = q.comparator.as_deref() else {
            return Ok(value);
        };
        // A bound counts only where every value it allows falls on the same side of every
        // threshold the rules read as the bound itself (the lowest or highest value allowed).
        let decided = match (comparator, &value) {
            ("<" | "<=", LabValue::Ferritin(f)) => f.calls_for_iron(),
            (">" | ">=", LabValue::Ferritin(f)) => !f.calls_for_iron(),
            ("<" | "<=", LabValue::Tsat(t)) => {
                t.calls_for_iron() && !t.calls_for_overload_evaluation()
            }
            (">" | ">=", LabValue::Tsat(t)) => {
                !t.calls_for_iron() && t.calls_for_overload_evaluation()
            }
            _ => false,
        };
        Ok(if decided {
            value
        } else {
            LabValue::Not(NotUsed::ComparatorUndecided {
                comparator: comparator.to_owned(),
                value: number,
            })
        })
    }

    fn labs(&mut self, mut labs: Vec<(LabKind, (CivilDate, String), usize, LabValue)>) {
        // Latest first, per lab.
        labs.sort_by(|a, b| b.1.cmp(&a.1));
        let mut latest: HashMap<LabKind, usize> = HashMap::new();
        let mut outcomes: Vec<(usize, Outcome)> = Vec::new();
        for (lab, _, i, value) in labs {
            if let Some(&by) = latest.get(&lab) {
                let by = self.resources[by].name();
                outcomes.push((i, Outcome::NotUsed(NotUsed::Superseded { by })));
                continue;
            }
            latest.insert(lab, i);
            let name = self.resources[i].name();
            match value {
                LabValue::Ferritin(f) => {
                    self.record.labs = self.record.labs.with_ferritin(f);
                    self.report.input(format!("lab {lab}"), name);
                    outcomes.push((i, Outcome::Used(Used::Lab { lab })));
                }
                LabValue::Tsat(t) => {
                    self.record.labs = self.record.labs.with_transferrin_saturation(t);
                    self.report.input(format!("lab {lab}"), name);
                    outcomes.push((i, Outcome::Used(Used::Lab { lab })));
                }
                LabValue::Not(why) => outcomes.push((i, Outcome::NotUsed(why))),
            }
        }
        outcomes.sort_by_key(|o| o.0);
        for (i, outcome) in outcomes {
            self.report.push(&self.resources[i], outcome);
        }
    }
}

/// A lab observation's value, or why it is not used.
#[derive(Debug, Clone, PartialEq)]
enum LabValue {
    Ferritin(Ferritin),
    Tsat(TransferrinSaturation),
    Not(NotUsed),
}
