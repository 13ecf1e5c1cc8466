//! `screen --input DIR --as-of YYYY-MM-DD --output DIR [--csv] [--partitions N]
//! [--chunk-mib N]`: screens a Bulk FHIR export with the crate's medication check on
//! DataFusion, writes the result tables and prints a summary. `screen --scan-only --input DIR`
//! counts the lines through the same reading path (the benchmark's baseline).

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use datafusion::prelude::{SessionConfig, SessionContext};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use leg_spasm_cds::fhir::CivilDate;
use leg_spasm_cds_datafusion::functions::{self, BYTES_READ};
use leg_spasm_cds_datafusion::job::{self, DEFAULT_CHUNK_BYTES, ScreenOptions};

const USAGE: &str = "usage: screen --input DIR --as-of YYYY-MM-DD --output DIR [--csv] [--partitions N] [--chunk-mib N]\n       screen --scan-only --input DIR [--partitions N] [--chunk-mib N]";

struct Args {
    input: PathBuf,
    output: Option<PathBuf>,
    as_of: Option<CivilDate>,
    csv: bool,
    scan_only: bool,
    partitions: usize,
    chunk_bytes: u64,
}

fn parse() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut input = None;
    let mut out = Args {
        input: PathBuf::new(),
        output: None,
        as_of: None,
        csv: false,
        scan_only: false,
        partitions: std::thread::available_parallelism().map_or(1, |n| n.get()),
        chunk_bytes: DEFAULT_CHUNK_BYTES,
    };
    while let Some(flag) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        let positive = |name: &str, v: String| match v.parse::<u64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!(
                "{name} {v:?}: not a positive whole number\n{USAGE}"
            )),
        };
        match flag.as_str() {
            "--input" => input = Some(PathBuf::from(value("--input")?)),
            "--output" => out.output = Some(PathBuf::from(value("--output")?)),
            "--as-of" => {
                let v = value("--as-of")?;
                out.as_of = Some(
                    v.parse::<CivilDate>()
                        .map_err(|e| format!("--as-of {v:?}: {e}\n{USAGE}"))?,
                );
            }
            "--csv" => out.csv = true,
            "--scan-only" => out.scan_only = true,
            "--partitions" => {
                let n = positive("--partitions", value("--partitions")?)?;
                out.partitions = usize::try_from(n).map_err(|e| format!("--partitions: {e}"))?;
            }
            "--chunk-mib" => {
                out.chunk_bytes = positive("--chunk-mib", value("--chunk-mib")?)? << 20;
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    out.input = input.ok_or_else(|| format!("--input is required\n{USAGE}"))?;
    if !out.scan_only && (out.output.is_none() || out.as_of.is_none()) {
        return Err(format!("--output and --as-of are required\n{USAGE}"));
    }
    Ok(out)
}

async fn run(args: Args) -> Result<(), String> {
    let config = SessionConfig::new().with_target_partitions(args.partitions);
    let ctx = SessionContext::new_with_config(config);
    functions::register(&ctx);
    let started = Instant::now();
    if args.scan_only {
        let lines = job::scan_count(&ctx, &args.input, args.chunk_bytes)
            .await
            .map_err(|e| e.to_string())?;
        let secs = started.elapsed().as_secs_f64();
        println!("lines {lines} seconds {secs:.3}");
        return Ok(());
    }
    let (Some(output), Some(as_of)) = (args.output, args.as_of) else {
        return Err(USAGE.to_owned());
    };
    let files = job::list_export(&args.input).map_err(|e| e.to_string())?;
    let total = files.bytes();
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({eta})",
        )
        .map_err(|e| e.to_string())?,
    );
    bar.set_message("reading and checking");
    let ticker = {
        let bar = bar.clone();
        let base = BYTES_READ.load(Ordering::Relaxed);
        tokio::spawn(async move {
            loop {
                let read = BYTES_READ.load(Ordering::Relaxed) - base;
                bar.set_position(read.min(total));
                if read >= total {
                    bar.set_message("checking patients and writing");
                }
                bar.tick();
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };
    let mut options = ScreenOptions::new(&args.input, &output, as_of);
    options.csv = args.csv;
    options.chunk_bytes = args.chunk_bytes;
    let result = job::screen(&ctx, &options).await;
    ticker.abort();
    bar.finish_and_clear();
    let summary = result.map_err(|e| e.to_string())?;
    let secs = started.elapsed().as_secs_f64();
    println!("Screen of {} as of {as_of}", args.input.display());
    print!("{}", summary.table());
    println!("  {:<44} {:>12.2}", "seconds", secs);
    println!(
        "  {:<44} {:>12.0}",
        "patients per second",
        summary.patients as f64 / secs.max(1e-9)
    );
    println!("Written:");
    for path in &summary.written {
        println!("  {}", path.display());
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("screen: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("screen: {e}");
            ExitCode::FAILURE
        }
    }
}
