//! The population screen of `leg-spasm-cds-datafusion` on Ballista.
//!
//! ```text
//! ballista-screen scheduler [--bind HOST] [--port 50050]
//! ballista-screen executor  [--bind HOST] [--scheduler HOST] [--scheduler-port 50050]
//!                           [--port 50051] [--grpc-port 50052] [--tasks N] [--work-dir DIR]
//! ballista-screen screen --scheduler df://HOST:50050 --input DIR --as-of YYYY-MM-DD
//!                        --output DIR [--csv] [--partitions N]
//! ```
//!
//! The scheduler and the executors register the screen's functions (their plans name them;
//! a stock Ballista binary cannot decode them); the client builds the same DataFusion plan as
//! the `screen` program and submits it to the scheduler. The export and the output directory
//! must be at the same path on the client and on every executor (a shared file system).

#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use ballista::extension::SessionContextExt;
use ballista_core::registry::BallistaFunctionRegistry;
use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use datafusion::execution::{FunctionRegistry, SessionState};
use datafusion::prelude::{SessionConfig, SessionContext};
use leg_spasm_cds::fhir::CivilDate;
use leg_spasm_cds_datafusion::functions;
use leg_spasm_cds_datafusion::job::{self, ScreenOptions};

const USAGE: &str = "usage: ballista-screen scheduler [--bind HOST] [--port 50050]
       ballista-screen executor [--bind HOST] [--scheduler HOST] [--scheduler-port 50050] [--port 50051] [--grpc-port 50052] [--tasks N] [--work-dir DIR]
       ballista-screen screen --scheduler df://HOST:PORT --input DIR --as-of YYYY-MM-DD --output DIR [--csv] [--chunk-mib N]";

/// The scheduler's session: Ballista's default, with the screen's functions.
fn session_with_screen_functions(
    config: SessionConfig,
) -> datafusion::common::Result<SessionState> {
    let mut state = ballista_core::utils::default_session_builder(config)?;
    for f in functions::scalar_functions() {
        state.register_udf(f)?;
    }
    for f in functions::aggregate_functions() {
        state.register_udaf(f)?;
    }
    Ok(state)
}

/// The executors' function registry: Ballista's default, with the screen's functions.
fn executor_registry() -> BallistaFunctionRegistry {
    let mut registry = BallistaFunctionRegistry::default();
    for f in functions::scalar_functions() {
        registry.scalar_functions.insert(f.name().to_owned(), f);
    }
    for f in functions::aggregate_functions() {
        registry.aggregate_functions.insert(f.name().to_owned(), f);
    }
    registry
}

/// `--flag value` pairs and bare flags.
struct Flags(Vec<String>);

impl Flags {
    fn value(&self, flag: &str) -> Option<&str> {
        self.0
            .iter()
            .position(|a| a == flag)
            .and_then(|i| self.0.get(i + 1))
            .map(String::as_str)
    }

    fn has(&self, flag: &str) -> bool {
        self.0.iter().any(|a| a == flag)
    }

    fn number<T: std::str::FromStr>(&self, flag: &str, default: T) -> Result<T, String> {
        match self.value(flag) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("{flag} {v:?}: not a number\n{USAGE}")),
        }
    }

    fn required(&self, flag: &str) -> Result<&str, String> {
        self.value(flag)
            .ok_or_else(|| format!("{flag} is required\n{USAGE}"))
    }
}

async fn scheduler(flags: &Flags) -> Result<(), String> {
    let host = flags.value("--bind").unwrap_or("127.0.0.1").to_owned();
    let port: u16 = flags.number("--port", 50050)?;
    let addr: SocketAddr = format!("{host}:{port}")
        .parse()
        .map_err(|e| format!("--bind {host} --port {port}: {e}"))?;
    let mut config = SchedulerConfig {
        bind_host: host.clone(),
        bind_port: port,
        external_host: host,
        ..SchedulerConfig::default()
    };
    config.override_session_builder = Some(Arc::new(session_with_screen_functions));
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(|e| format!("scheduler: {e}"))?;
    eprintln!("scheduler with the screen's functions listening on {addr}");
    start_server(cluster, addr, Arc::new(config))
        .await
        .map_err(|e| format!("scheduler: {e}"))
}

async fn executor(flags: &Flags) -> Result<(), String> {
    let defaults = ExecutorProcessConfig::default();
    let config = ExecutorProcessConfig {
        bind_host: flags.value("--bind").unwrap_or("127.0.0.1").to_owned(),
        scheduler_host: flags.value("--scheduler").unwrap_or("127.0.0.1").to_owned(),
        scheduler_port: flags.number("--scheduler-port", 50050)?,
        port: flags.number("--port", 50051)?,
        grpc_port: flags.number("--grpc-port", 50052)?,
        vcores: flags.number("--tasks", defaults.vcores)?,
        work_dir: flags.value("--work-dir").map(str::to_owned),
        override_function_registry: Some(Arc::new(executor_registry())),
        ..defaults
    };
    eprintln!(
        "executor with the screen's functions: flight port {}, grpc port {}, {} task slots, scheduler {}:{}",
        config.port, config.grpc_port, config.vcores, config.scheduler_host, config.scheduler_port
    );
    start_executor_process(Arc::new(config))
        .await
        .map_err(|e| format!("executor: {e}"))
}

async fn screen(flags: &Flags) -> Result<(), String> {
    let url = flags.required("--scheduler")?;
    let input = PathBuf::from(flags.required("--input")?);
    let output = PathBuf::from(flags.required("--output")?);
    let as_of: CivilDate = flags
        .required("--as-of")?
        .parse()
        .map_err(|e| format!("--as-of: {e}"))?;
    let ctx = SessionContext::remote(url)
        .await
        .map_err(|e| format!("scheduler {url}: {e}"))?;
    functions::register(&ctx);
    let mut options = ScreenOptions::new(
        std::path::absolute(&input).map_err(|e| format!("{}: {e}", input.display()))?,
        std::path::absolute(&output).map_err(|e| format!("{}: {e}", output.display()))?,
        as_of,
    );
    options.csv = flags.has("--csv");
    options.chunk_bytes = flags.number::<u64>("--chunk-mib", 16)?.max(1) << 20;
    let started = Instant::now();
    let summary = job::screen(&ctx, &options)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "Screen of {} as of {as_of} on Ballista ({url})",
        input.display()
    );
    print!("{}", summary.table());
    println!(
        "  {:<44} {:>12.2}",
        "seconds",
        started.elapsed().as_secs_f64()
    );
    println!("Written:");
    for path in &summary.written {
        println!("  {}", path.display());
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let flags = Flags(args.collect());
    let result = match command.as_str() {
        "scheduler" => scheduler(&flags).await,
        "executor" => executor(&flags).await,
        "screen" => screen(&flags).await,
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ballista-screen: {e}");
            ExitCode::FAILURE
        }
    }
}
