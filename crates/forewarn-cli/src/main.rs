//! `forewarn`, the command-line shell: parses arguments, opens the store, calls the
//! pipeline crates and prints what they return. It holds no business logic.

mod actor;
mod args;
mod bench;
mod docs;
mod eval;
mod export;
mod extract;
mod forecast;
mod incidents;
mod ingest;
mod output;
mod review;
mod search;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use args::{AdjudicateCommand, Cli, Command, DocsCommand, EvalCommand, IncidentsCommand};

fn main() -> ExitCode {
    // Piped into `head` or `less`, a command should stop quietly when the reader goes away,
    // as other command-line tools do, rather than fail on a closed pipe.
    #[cfg(unix)]
    // SAFETY: restores the default disposition of one signal at startup, before any thread
    // is started; no handler of ours is involved.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Demo(a) = cli.command {
        // Without --data the demo gets a fresh directory of its own, so it never mixes the
        // samples into a user's record.
        return match cli.data {
            Some(d) => serve::demo(&d, a),
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("forewarn-demo-")
                    .tempdir()
                    .context("making a fresh data directory for the demo")?;
                serve::demo(dir.path(), a)
            }
        };
    }
    let data = data_dir(cli.data)?;
    match cli.command {
        Command::Ingest(a) => ingest::run(&data, a),
        Command::Search(a) => search::run(&data, a),
        Command::Docs(DocsCommand::List(a)) => docs::list(&data, a),
        Command::Docs(DocsCommand::Show(a)) => docs::show(&data, a),
        Command::Incidents(IncidentsCommand::List(a)) => incidents::list(&data, a),
        Command::Incidents(IncidentsCommand::Show(a)) => incidents::show(&data, a),
        Command::Actor(a) => actor::run(&data, a),
        Command::Review(c) => review::run(&data, c),
        Command::Contradictions(a) => incidents::contradictions(&data, a),
        Command::Adjudicate(AdjudicateCommand::List(a)) => incidents::adjudications(&data, a),
        Command::Adjudicate(AdjudicateCommand::Decide(a)) => incidents::decide(&data, a),
        Command::Export(a) => export::run(&data, a),
        Command::Extract(a) => extract::run(a),
        Command::Reextract(a) => extract::reextract(&data, a),
        Command::Eval(EvalCommand::Seeds(a)) => eval::seeds(a),
        Command::Eval(EvalCommand::Muc4(a)) => eval::muc4(a),
        Command::Eval(EvalCommand::Incidents(a)) => eval::incidents(a),
        Command::Eval(EvalCommand::Coref(a)) => eval::coref(a),
        Command::Status(a) => docs::status(&data, a),
        Command::Check => docs::check(&data),
        Command::Forecast(a) => forecast::forecast(&data, a),
        Command::Backtest(a) => forecast::backtest(&data, a),
        Command::Bench(a) => bench::run(a),
        Command::Demo(_) => unreachable!("handled above"),
        Command::Serve(a) => serve::serve(&data, a),
        Command::Token(c) => serve::token(&data, c),
    }
}

/// `--data`, else `FOREWARN_DATA` (clap reads both), else the platform data directory.
fn data_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(d) = given {
        return Ok(d);
    }
    let dirs = directories::ProjectDirs::from("org", "forewarn", "forewarn")
        .context("no home directory to keep data in; give --data DIR or set FOREWARN_DATA")?;
    Ok(dirs.data_dir().to_path_buf())
}
