//! Population screening with [`leg_spasm_cds`] on Apache DataFusion: a FHIR Bulk Data export
//! (one NDJSON file per resource type) in, the medication check's alerts out, as Parquet (and
//! CSV on request).
//!
//! Each patient's resources are grouped by a DataFusion aggregate that runs the crate's FHIR
//! reader ([`leg_spasm_cds::fhir::read`]) and medication check ([`leg_spasm_cds::check()`]) on
//! them; nothing is collected into one process by hand. The plan is built from registered
//! functions ([`functions`]) and built-in operators and file formats only, so that Ballista,
//! DataFusion's distributed scheduler, can run it on a cluster whose executors register the
//! same functions. See [`job`] for the plan and the tables written, and [`generate`] for the
//! synthetic exports of the tests and the benchmark.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use leg_spasm_cds::fhir::CivilDate;
//! use leg_spasm_cds_datafusion::{functions, job};
//!
//! let ctx = datafusion::prelude::SessionContext::new();
//! functions::register(&ctx);
//! let options = job::ScreenOptions::new("export/", "screen-out/", CivilDate::new(2026, 1, 15)?);
//! let summary = job::screen(&ctx, &options).await?;
//! println!("{}", summary.table());
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod functions;
pub mod generate;
pub mod job;
