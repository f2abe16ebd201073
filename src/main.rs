//! The `pierobeza` command: parse the command line, start tracing, call the library.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use pierobeza::cli::{self, Cli, Command};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let args = Cli::parse();
    let out = match args.command {
        Command::Serve(a) => return report(serve(a)),
        Command::Init(a) => return report(init(a)),
        Command::Token(a) => return report(token(a)),
        Command::Generate(a) => return report(generate(a)),
        Command::Report(a) => return report(write_reports(a)),
        Command::Check(a) => {
            let r = pierobeza::check::run(&a.paths());
            print!("{}", r.text);
            return if r.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
        Command::Coverage(a) => cli::run_coverage(&a),
        Command::Nearest(a) => cli::run_nearest(&a),
        Command::Within(a) => cli::run_within(&a),
        Command::Locate(a) => cli::run_locate(&a),
        Command::Export(a) => {
            match pierobeza::export::cli::run_export_with_progress(&a, &progress("export")) {
                Ok(files) => {
                    for f in files {
                        println!("wrote {}", f.display());
                    }
                    return ExitCode::SUCCESS;
                }
                Err(e) => return fail(&e),
            }
        }
        Command::Import(a) if a.database.is_some() => return report(store_import(a)),
        Command::Import(a) => {
            match pierobeza::import::run_import_with_progress(&a, &progress("import")) {
                Ok(report) => {
                    println!("{report}");
                    return ExitCode::SUCCESS;
                }
                Err(e) => return fail(&e),
            }
        }
    };
    match out {
        Ok(s) => {
            print!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("pierobeza: {e}");
            ExitCode::from(2)
        }
    }
}

/// Progress lines of a long command on stderr (stdout carries its result), with
/// the seconds since the command started.
fn progress(command: &'static str) -> impl Fn(&str) {
    let t0 = Instant::now();
    move |step: &str| {
        eprintln!(
            "pierobeza {command}: {step} ({:.1} s)",
            t0.elapsed().as_secs_f64()
        )
    }
}

fn fail(e: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("pierobeza: {e}");
    ExitCode::from(2)
}

fn report(r: anyhow::Result<()>) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pierobeza: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

fn token(a: pierobeza::auth::cli::TokenArgs) -> anyhow::Result<()> {
    print!("{}", runtime()?.block_on(pierobeza::auth::cli::run(&a))?);
    Ok(())
}

fn store_import(a: pierobeza::import::ImportArgs) -> anyhow::Result<()> {
    let say = progress("import");
    let done = runtime()?.block_on(pierobeza::import::run_store_import(&a, &say))?;
    print!("{done}");
    Ok(())
}

fn init(a: cli::InitArgs) -> anyhow::Result<()> {
    use pierobeza::store::InitOutcome;
    let target = a.store.target()?;
    let paths = a.store.data.paths();
    let t0 = Instant::now();
    let say = |s: &str| eprintln!("pierobeza init: {s}");
    let out = runtime()?.block_on(pierobeza::store::init(&target, &paths, a.reload, &say))?;
    let secs = t0.elapsed().as_secs_f64();
    match out {
        InitOutcome::Loaded(n) => println!(
            "loaded {n} records into {} in {secs:.1} s",
            target.display()
        ),
        InitOutcome::Reloaded(n) => {
            println!("stored {n} changes in {} in {secs:.1} s", target.display())
        }
        InitOutcome::AlreadyLoaded { files_changed } => {
            println!("{} holds data already; nothing to do", target.display());
            if files_changed {
                println!("geodata/ or seeds/ changed since: `pierobeza init --reload` stores the difference");
            }
        }
    }
    Ok(())
}

fn write_reports(a: cli::report::ReportArgs) -> anyhow::Result<()> {
    let say = progress("report");
    let files = runtime()?.block_on(cli::report::run_report(&a, &say))?;
    for f in files {
        println!("wrote {}", f.display());
    }
    Ok(())
}

fn generate(a: cli::GenerateArgs) -> anyhow::Result<()> {
    let target = a.store.target()?;
    let paths = a.store.data.paths();
    let t0 = Instant::now();
    let say = |s: &str| eprintln!("pierobeza generate: {s}");
    let g = runtime()?.block_on(pierobeza::store::generate::generate(
        &target,
        &paths,
        a.locations,
        a.seed,
        &say,
    ))?;
    say(&format!("done in {:.1} s", t0.elapsed().as_secs_f64()));
    println!(
        "generated {} points, {} lines, {} areas ({} records) into {}: generate {:.2} s, write {:.2} s, total {:.2} s",
        g.points,
        g.lines,
        g.areas,
        g.records,
        target.display(),
        g.generate_s,
        g.write_s,
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

fn serve(a: cli::ServeArgs) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let paths = a.store.data.paths();
    let target = a.store.target()?;
    let web_dir = a
        .web_dir
        .clone()
        .unwrap_or_else(|| a.store.data.dir().join("web/dist"));
    runtime()?.block_on(async move {
        let started = pierobeza::api::live::start(&target, &paths, web_dir)
            .await
            .with_context(|| format!("opening {}", target.display()))?;
        if started.files_changed {
            tracing::warn!("geodata/ or seeds/ changed since the baseline was stored; `pierobeza init --reload` stores the difference");
        }
        let layers = started.state.view().catalog.layers.len();
        let backend = started.store.backend_name();
        pierobeza::api::live::follow(started.store, started.state.clone());
        // An IPv6 address needs brackets before the port.
        let host = if a.bind.contains(':') && !a.bind.starts_with('[') {
            format!("[{}]", a.bind)
        } else {
            a.bind.clone()
        };
        let addr: SocketAddr = format!("{host}:{}", a.port).parse().with_context(|| {
            format!(
                "--bind {} --port {} is not a socket address",
                a.bind, a.port
            )
        })?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        let local = listener.local_addr()?;
        let edge = a.edge(&local.to_string()).map_err(anyhow::Error::msg)?;
        let app = pierobeza::api::app(started.state.with_edge(edge));
        tracing::info!(%local, layers, backend, initialised = started.initialised, read_ms = started.read_ms, index_ms = started.index_ms, startup_ms = t0.elapsed().as_millis() as u64, "serving");
        // One line on stdout that scripts can wait for.
        println!("listening on http://{local}");
        let shutdown = shutdown_signal();
        pierobeza::api::server::serve(listener, app, a.conn_limits(), shutdown)
            .await
            .context("serving")
    })
}

/// Ctrl-C, or SIGTERM (what service managers and container runtimes send).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {},
                _ = term.recv() => {},
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
