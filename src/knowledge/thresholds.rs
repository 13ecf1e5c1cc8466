//! The numbers and criteria the rules compare a patient with, in one place for review: the
//! age of SA-12, the days of DEC-7 and DEC-8, the iron thresholds of FE-2 (read with DEC-5)
//! and SA-11, the article's four RLS criteria (DX-3) and the stroke-recovery reading of
//! DEC-10.
//!
//! They are associated items of the model's types (`Age::OLDER_ADULT`,
//! `Ferritin::calls_for_iron`, ...), so a caller finds them on the type; they are written here,
//! in the knowledge room, because changing one changes the advice of a plan and bumps
//! [`KNOWLEDGE_VERSION`](crate::KNOWLEDGE_VERSION).

use crate::model::lab::{Ferritin, FerritinUnit, Labs, TransferrinSaturation};
use crate::model::patient::{Condition, Patient, Presentation, RlsCriterion, SpasticityOrigin};
use crate::model::quantity::{Age, Days};

impl Age {
    /// From SA-12 (Beers criteria): the age from which skeletal muscle relaxants are
    /// potentially inappropriate.
    pub const OLDER_ADULT: Age = Age(65);
}

impl Days {
    /// DEC-8: cyclobenzaprine is used for 21 days at most (RX-2, PF-1).
    pub const CYCLOBENZAPRINE_MAX: Days = Days(21);

    /// DEC-7: over-the-counter analgesic use of this many days or more is long-term (PF-4).
    pub const LONG_TERM_ANALGESIC: Days = Days(90);
}

impl Ferritin {
    /// FE-2: iron supplementation is considered at or below 75 ng/mL.
    pub const IRON_THRESHOLD: Ferritin = Ferritin {
        value: 75.0,
        unit: FerritinUnit::NanogramsPerMillilitre,
    };

    /// FE-2: whether the value is at or below [`Ferritin::IRON_THRESHOLD`].
    pub fn calls_for_iron(self) -> bool {
        self.in_ng_per_ml() <= Ferritin::IRON_THRESHOLD.in_ng_per_ml()
    }
}

impl TransferrinSaturation {
    /// FE-2: iron supplementation is considered below 20 %.
    pub const IRON_THRESHOLD: TransferrinSaturation = TransferrinSaturation { percent: 20.0 };

    /// SA-11: at 45 % or more, iron overload is evaluated before iron is given.
    pub const OVERLOAD_THRESHOLD: TransferrinSaturation = TransferrinSaturation { percent: 45.0 };

    /// FE-2: whether the saturation is below [`TransferrinSaturation::IRON_THRESHOLD`].
    pub fn calls_for_iron(self) -> bool {
        self.percent() < TransferrinSaturation::IRON_THRESHOLD.percent()
    }

    /// SA-11: whether the saturation is at or above
    /// [`TransferrinSaturation::OVERLOAD_THRESHOLD`].
    pub fn calls_for_overload_evaluation(self) -> bool {
        self.percent() >= TransferrinSaturation::OVERLOAD_THRESHOLD.percent()
    }
}

impl Labs {
    /// FE-2: ferritin <= 75 ng/mL or transferrin saturation < 20 %, among the labs measured
    /// (DEC-5: one lab known and meeting its threshold is enough).
    pub fn call_for_iron(&self) -> bool {
        self.ferritin().is_some_and(Ferritin::calls_for_iron)
            || self
                .transferrin_saturation()
                .is_some_and(TransferrinSaturation::calls_for_iron)
    }
}

impl RlsCriterion {
    /// The article's four criteria (DX-3).
    pub const ARTICLE_FOUR: [RlsCriterion; 4] = [
        RlsCriterion::UrgeToMove,
        RlsCriterion::WorseAtRest,
        RlsCriterion::ReliefWithMovement,
        RlsCriterion::WorseInEvening,
    ];
}

impl Patient {
    /// DEC-10: recovering from a stroke, as the caller says or because the presentation is
    /// spasticity of stroke origin.
    pub fn stroke_recovery(&self) -> bool {
        self.has(Condition::StrokeRecovery)
            || matches!(
                self.presentation(),
                Presentation::Spasticity {
                    origin: SpasticityOrigin::Stroke,
                    ..
                }
            )
    }
}
