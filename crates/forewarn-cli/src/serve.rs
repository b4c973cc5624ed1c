//! `forewarn serve`, `forewarn demo` and `forewarn token`.

use std::path::Path;
use std::process::ExitCode;

use forewarn_store::{SqliteStore, Store};

use crate::args::{DemoArgs, ServeArgs, TokenCommand};

fn run_server(data: &Path, addr: std::net::SocketAddr, require_token: bool) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let options = forewarn_server::ServeOptions {
        data: data.to_path_buf(),
        addr,
        require_token,
    };
    let open =
        forewarn_server::access_for(&addr, require_token) == forewarn_server::Access::LocalOpen;
    runtime.block_on(forewarn_server::serve(options, |bound| {
        println!("forewarn is serving {} at http://{bound}/", data.display());
        println!("  API: http://{bound}/api (OpenAPI: http://{bound}/api/v1/openapi.json)");
        if open {
            println!("  loopback only: requests without a token act as the local analyst");
        } else {
            println!("  every request needs a token (forewarn token create)");
        }
        println!("  Ctrl-C stops it.");
    }))?;
    Ok(())
}

pub fn serve(data: &Path, a: ServeArgs) -> anyhow::Result<ExitCode> {
    run_server(data, a.addr, a.require_token)?;
    Ok(ExitCode::SUCCESS)
}

pub fn demo(data: &Path, a: DemoArgs) -> anyhow::Result<ExitCode> {
    let all_read = crate::ingest::demo(data, &a)?;
    if a.no_serve {
        return Ok(if all_read {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    println!();
    run_server(data, a.addr, false)?;
    Ok(ExitCode::SUCCESS)
}

pub fn token(data: &Path, c: TokenCommand) -> anyhow::Result<ExitCode> {
    let mut store = SqliteStore::open(data)?;
    match c {
        TokenCommand::Create { name, role, red } => {
            let (t, secret) = forewarn_server::auth::create_token(&mut store, &name, role, red)?;
            println!(
                "token {} ({}, {}{})",
                t.id,
                t.name,
                t.role,
                if t.red { ", TLP:RED" } else { "" }
            );
            println!("{secret}");
            eprintln!(
                "Keep the secret: it is shown only now. Send it as `Authorization: Bearer <secret>` or paste it on the login page."
            );
        }
        TokenCommand::List => {
            println!(
                "{:>4}  {:<24}  {:<8}  {:<4}  {:<20}  REVOKED",
                "ID", "NAME", "ROLE", "RED", "CREATED"
            );
            for t in store.tokens()? {
                println!(
                    "{:>4}  {:<24}  {:<8}  {:<4}  {:<20}  {}",
                    t.id,
                    t.name,
                    t.role.as_str(),
                    if t.red { "yes" } else { "no" },
                    t.created.strftime("%Y-%m-%d %H:%M:%S"),
                    t.revoked
                        .map(|r| r.strftime("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_default()
                );
            }
        }
        TokenCommand::Revoke { id } => {
            if !store.revoke_token(id)? {
                anyhow::bail!("no token {id} (see forewarn token list)");
            }
            println!("token {id} revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}
