//! The `fazhi` binary: parse arguments, run, map errors to an exit code.

use clap::Parser;
use fazhi::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    let code = match &args.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            cli::run(&args, command, &mut out)
        }
        None => {
            eprintln!("fazhi: the reader is not built yet; try `fazhi list`");
            Ok(2)
        }
    };
    match code {
        Ok(c) => std::process::exit(c),
        Err(e) => {
            eprintln!("fazhi: {e:#}");
            std::process::exit(1);
        }
    }
}
