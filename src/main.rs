//! `samverkan`: the command line. A thin layer over the `store` and `web` crates.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use samverkan_store::Store;

mod serve_args;
use serve_args::{MailArgs, OperationsArgs};

/// A page's many small, short-lived allocations (rows, strings, the rendered page) are cheaper
/// in mimalloc than in glibc's malloc, which took ~15% of a page's CPU (bench/RESULTS.md). Its
/// `override` feature hands the embedded SQLite's `malloc` to it as well: SQLite copies every
/// value of every row it returns, and glibc's malloc took another ~10% there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Samverkan kring hälsa, vård och omsorg i Stockholms län (HÖK).
#[derive(Debug, Parser)]
#[command(name = "samverkan", version, about)]
struct Cli {
    /// Database URL: `sqlite://FILE?mode=rwc` (embedded; `mode=rwc` creates the file) or
    /// `postgres://USER:PASSWORD@HOST/DB`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://samverkan.db?mode=rwc", global = true)]
    database_url: String,

    /// Log format.
    #[arg(long, env = "SAMVERKAN_LOG_FORMAT", value_enum, default_value = "text", global = true)]
    log_format: LogFormat,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web application and API. Migrates, and loads the reference data into an empty
    /// database, first.
    Serve {
        /// Address to listen on; port 0 takes a free port (the real address is logged).
        #[arg(long, env = "SAMVERKAN_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// The address people reach the service at, `https://host[:port]`: every absolute URL
        /// (the sitemap, links in e-mail) is built on it, never on the request's Host header.
        /// Default: `http://` and the address listened on.
        #[arg(long, env = "SAMVERKAN_PUBLIC_URL", value_parser = samverkan_web::PublicUrl::parse)]
        public_url: Option<samverkan_web::PublicUrl>,
        /// Behind a reverse proxy: honour its X-Forwarded-Proto (Secure cookies and HSTS over
        /// HTTPS) and X-Forwarded-For (the address sign-ins are throttled by). Without it both
        /// headers are ignored. Set it only if nobody can reach the server but through the proxy.
        #[arg(long, env = "SAMVERKAN_TRUST_PROXY")]
        trust_proxy: bool,
        /// The public actor that runs the service, named in the accessibility statement
        /// (/tillganglighet). Without it the statement says the information is missing.
        #[arg(long, env = "SAMVERKAN_OPERATOR")]
        operator: Option<String>,
        /// Where people report an accessibility problem: an e-mail address or an https:// address
        /// of a form, shown in the accessibility statement. Without it the statement says it is
        /// missing.
        #[arg(long, env = "SAMVERKAN_ACCESSIBILITY_CONTACT", value_parser = samverkan_web::Contact::parse)]
        accessibility_contact: Option<samverkan_web::Contact>,
        /// Seconds a client has to send a request's headers (also how long an idle connection
        /// is kept).
        #[arg(long, env = "SAMVERKAN_HEADER_READ_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
        header_read_timeout: u64,
        /// Connections served at once; more wait until one closes.
        #[arg(long, env = "SAMVERKAN_MAX_CONNECTIONS", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=100_000))]
        max_connections: u64,
        /// Keep anonymous pages and API answers in memory (64 MB), each under the data version,
        /// the day and the address it answers for: `on` or `off`. Conditional requests (ETag,
        /// 304) work either way.
        #[arg(long, env = "SAMVERKAN_RESPONSE_CACHE", default_value = "on", value_parser = clap::builder::BoolishValueParser::new(), action = clap::ArgAction::Set)]
        response_cache: bool,
        #[command(flatten)]
        mail: Box<MailArgs>,
        #[command(flatten)]
        operations: Box<OperationsArgs>,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Take a consistent copy of the whole database into a new file, while the server runs and
    /// writes go on: SQLite by VACUUM INTO, PostgreSQL by pg_dump's custom format (pg_dump must
    /// be on the PATH). Prints what it wrote and how large it is.
    Backup {
        /// The new file (never overwritten).
        #[arg(long, env = "SAMVERKAN_BACKUP_TO")]
        to: std::path::PathBuf,
    },
    /// Restore a backup into an empty database (--database-url), then walk its audit trail and
    /// print the rows per main table. A database with data is refused and left as it was.
    Restore {
        /// The backup: a SQLite file from `backup`, or a pg_dump custom-format file.
        #[arg(long, env = "SAMVERKAN_RESTORE_FROM")]
        from: std::path::PathBuf,
    },
    /// Load the Stockholm County reference data (idempotent: only what is missing is added).
    Seed,
    /// Fill an empty database with synthetic data, deterministically: one county shaped like
    /// Stockholm's, or the whole country (290 municipalities, 21 regions). Every row is marked
    /// synthetic.
    DemoData {
        /// How much to make.
        #[arg(long, value_enum, default_value = "county")]
        scale: DemoScale,
        /// The same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Accounts: who may sign in, with which role.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Personal API tokens, sent as `Authorization: Bearer …`.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Write a party's records for its archive (arkivlagen) as a BagIt package (RFC 8493) in a
    /// new or empty folder: its consultation answers, decisions, preparatory steps and
    /// withdrawals with their documents, the consultations it received and the agreements'
    /// versions they concern, each with a JSON description. The export is on the audit trail.
    Export {
        /// The party's SCB code: 0180 Stockholm, 0182 Nacka, 01 Region Stockholm.
        #[arg(long, env = "SAMVERKAN_EXPORT_PARTY")]
        party: String,
        /// The folder to write the bag into; it must not exist or be empty.
        #[arg(long, env = "SAMVERKAN_EXPORT_TO")]
        to: std::path::PathBuf,
        /// The first day covered (YYYY-MM-DD); everything before it by default.
        #[arg(long, env = "SAMVERKAN_EXPORT_FROM")]
        from: Option<String>,
        /// The last day covered (YYYY-MM-DD), included; everything after it by default.
        #[arg(long, env = "SAMVERKAN_EXPORT_UNTIL")]
        until: Option<String>,
        /// Who hands the package over (bag-info.txt's Source-Organization): the public actor
        /// that runs the service, as for serve.
        #[arg(long, env = "SAMVERKAN_OPERATOR")]
        operator: Option<String>,
    },
    /// The audit trail: every write on the record, each event chained to the one before.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add an account with one role and print its one-time password (alone, on the last line).
    /// There is no default password anywhere: this is how the first administrator is made.
    Add {
        /// The person's e-mail address: what they sign in with.
        #[arg(long)]
        email: String,
        /// admin (process leaders), party_editor (needs --party), area_coordinator (needs --area)
        /// or reader.
        #[arg(long)]
        role: String,
        /// The party's SCB code, for a party_editor.
        #[arg(long)]
        party: Option<String>,
        /// The area's id, for an area_coordinator.
        #[arg(long)]
        area: Option<i32>,
    },
    /// Issue a new one-time password for an account (it forgot its password, or its one-time
    /// password expired) and print it (alone, on the last line). It must be changed at the next
    /// sign-in and works for 72 hours; the account's sessions end and its API tokens are revoked.
    ResetPassword {
        /// The account's e-mail address.
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Make a personal API token for an account and print it (alone, on the last line). It is
    /// shown this once and stored only as a hash; the account page lists and revokes it.
    Create {
        /// The account's e-mail address.
        #[arg(long)]
        email: String,
        /// What the token is for, as the account page lists it.
        #[arg(long, default_value = "Skapad på kommandoraden")]
        name: String,
        /// The last day the token works (YYYY-MM-DD, Stockholm time); none by default.
        #[arg(long)]
        expires: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Walk the audit trail and check every event's hash and its link to the one before; name the
    /// first event that does not fit.
    Verify,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DemoScale {
    County,
    National,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("samverkan: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, fit for a terminal: the causes joined, no backtrace.
            eprintln!("samverkan: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("SAMVERKAN_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let store = Store::connect(&cli.database_url).await?;
    match cli.command {
        Command::Migrate => {
            store.migrate().await.context("migration failed")?;
            tracing::info!("database schema is up to date");
        }
        Command::Backup { to } => {
            let report = store.backup_to(&to).await?;
            println!("{report}");
        }
        Command::Restore { from } => {
            let (_, report) = store.restore(&from).await?;
            println!("restored {}", from.display());
            for (table, rows) in &report.tables {
                println!("{table:<22} {rows:>9}");
            }
            match report.audit {
                samverkan_store::AuditCheck::Intact { .. } => println!("{}", report.audit),
                samverkan_store::AuditCheck::Broken { .. } => {
                    anyhow::bail!("restored, but {}: do not serve it before finding out why", report.audit)
                }
            }
        }
        Command::Seed => {
            store.migrate().await.context("migration failed")?;
            let report = store.seed_reference_data().await.context("loading reference data failed")?;
            tracing::info!("{report}");
        }
        Command::DemoData { scale, seed } => {
            store.migrate().await.context("migration failed")?;
            let scale = match scale {
                DemoScale::County => samverkan_store::Scale::County,
                DemoScale::National => samverkan_store::Scale::National,
            };
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg:22} [{bar:40}] {pos}/{len} rader ({elapsed})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            let report = store
                .load_demo_data(scale, seed, &|p| {
                    bar.set_length(p.total);
                    bar.set_position(p.done);
                    bar.set_message(p.stage);
                })
                .await
                .context("making demo data failed")?;
            bar.finish_and_clear();
            tracing::info!("{report}");
        }
        Command::User { command: UserCommand::Add { email, role, party, area } } => {
            store.migrate().await.context("migration failed")?;
            let role = samverkan_domain::Role::parse(&role).map_err(|e| anyhow::anyhow!("role: {e}"))?;
            let new = samverkan_store::NewUser { email: &email, role, party_code: party.as_deref(), area_id: area };
            let added = store.add_user(new, "cli").await?;
            tracing::info!(
                user = added.id,
                "added {} as {}; the password below must be changed at first sign-in",
                added.email,
                role.code()
            );
            println!("{}", added.one_time_password);
        }
        Command::User { command: UserCommand::ResetPassword { email } } => {
            store.migrate().await.context("migration failed")?;
            let reset = store.reset_password(&email, "cli").await?;
            tracing::info!(
                user = reset.id,
                "issued a new one-time password for {}; its sessions and API tokens have ended; the password below \
                 must be changed at the next sign-in",
                reset.email
            );
            println!("{}", reset.one_time_password);
        }
        Command::Token { command: TokenCommand::Create { email, name, expires } } => {
            store.migrate().await.context("migration failed")?;
            let expires_at = samverkan_web::token_expiry(expires.as_deref().unwrap_or(""))
                .map_err(|e| anyhow::anyhow!("expires: {e}"))?;
            let (id, token) = store.create_api_token_for_email(&email, &name, expires_at, "cli").await?;
            tracing::info!(token = id, "made API token {name:?} for {email}; it is shown below this once");
            println!("{token}");
        }
        Command::Export { party, to, from, until, operator } => {
            export(&store, party, &to, from, until, operator).await?;
        }
        Command::Audit { command: AuditCommand::Verify } => {
            store.migrate().await.context("migration failed")?;
            let check = store.verify_audit_trail().await.context("reading the audit trail failed")?;
            match check {
                samverkan_store::AuditCheck::Intact { .. } => println!("{check}"),
                samverkan_store::AuditCheck::Broken { .. } => anyhow::bail!("{check}"),
            }
        }
        Command::Serve {
            addr,
            public_url,
            trust_proxy,
            operator,
            accessibility_contact,
            header_read_timeout,
            max_connections,
            response_cache,
            mail,
            operations,
        } => {
            let mail = (*mail).settings()?;
            let OperationsArgs { backup_dir, backup_every, backup_keep, metrics_token, metrics_addr } = *operations;
            // Listening before the database is migrated: /readyz answers 503 meanwhile, and every
            // other address 503 with Retry-After.
            let listener =
                tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
            let local = listener.local_addr()?;
            let metrics_listener = match metrics_addr {
                Some(at) => Some(
                    tokio::net::TcpListener::bind(at)
                        .await
                        .with_context(|| format!("cannot listen on {at} (metrics)"))?,
                ),
                None => None,
            };
            tracing::info!(addr = %local, "bound to {local}; preparing the database before serving");
            let public_url = public_url.unwrap_or_else(|| samverkan_web::PublicUrl::for_address(local));
            let operator = operator.map(|o| o.trim().to_owned()).filter(|o| !o.is_empty());
            let sms = mail.sms.is_some();
            let settings = samverkan_web::Settings {
                public_url,
                trust_proxy,
                operator,
                accessibility_contact,
                sms,
                metrics_token,
                response_cache,
            };
            let limits = samverkan_web::Limits {
                header_read_timeout: std::time::Duration::from_secs(header_read_timeout),
                max_connections: usize::try_from(max_connections).unwrap_or(usize::MAX),
            };
            let backups = backup_dir.map(|dir| samverkan_web::BackupSchedule {
                dir,
                every: backup_every,
                keep: usize::try_from(backup_keep).unwrap_or(usize::MAX),
            });
            let operations = samverkan_web::Operations { mail, backups, metrics_listener };
            let prepared = store.clone();
            let prepare = async move {
                prepared.migrate().await.context("migration failed")?;
                if prepared.is_empty().await? {
                    let report = prepared.seed_reference_data().await.context("loading reference data failed")?;
                    tracing::info!("empty database: loaded the Stockholm County reference data ({report})");
                }
                anyhow::Ok(())
            };
            let prepare = async move { prepare.await.map_err(|e| format!("{e:#}")) };
            samverkan_web::serve_operated(listener, store, settings, limits, operations, prepare, shutdown_signal())
                .await?;
            tracing::info!("stopped");
        }
    }
    Ok(())
}

/// `samverkan export`: checks the folder before anything is read, then writes the bag.
async fn export(
    store: &Store,
    party: String,
    to: &std::path::Path,
    from: Option<String>,
    until: Option<String>,
    operator: Option<String>,
) -> anyhow::Result<()> {
    let day = |flag: &str, value: Option<String>| -> anyhow::Result<Option<chrono::NaiveDate>> {
        value
            .filter(|v| !v.trim().is_empty())
            .map(|v| samverkan_domain::parse_date(v.trim()).map_err(|e| anyhow::anyhow!("--{flag}: {e}")))
            .transpose()
    };
    let period = samverkan_store::ExportPeriod { from: day("from", from)?, to: day("until", until)? };
    if let (Some(from), Some(until)) = (period.from, period.to)
        && until < from
    {
        anyhow::bail!("--until: {}", samverkan_store::PERIOD_REVERSED);
    }
    if to.exists() {
        let mut entries = std::fs::read_dir(to).with_context(|| format!("{} is not a folder", to.display()))?;
        if entries.next().is_some() {
            anyhow::bail!("{} is not empty: the export writes only into a new or empty folder", to.display());
        }
    }
    store.migrate().await.context("migration failed")?;
    let admin = samverkan_domain::Grant::new(samverkan_domain::Role::Admin, None, None)
        .map_err(|e| anyhow::anyhow!("{}", e.message))?;
    let actor = samverkan_store::Actor { audit_name: "cli:export".to_owned(), grants: vec![admin] };
    let operator = operator.map(|o| o.trim().to_owned()).filter(|o| !o.is_empty());
    let request = samverkan_store::ExportRequest {
        party_code: party.trim().to_owned(),
        period,
        source_organization: operator.unwrap_or_else(|| samverkan_web::SOURCE_NOT_GIVEN.to_owned()),
        software_agent: format!("samverkan {}", env!("CARGO_PKG_VERSION")),
        bagging_date: samverkan_web::today(),
    };
    let bag = match store.export_party(&actor, &request).await {
        Ok(bag) => bag,
        Err(samverkan_store::WriteError::NotFound) => anyhow::bail!(
            "--party: no party has the code {:?}; a party's code is SCB's (0180 Stockholm, 0182 Nacka, 01 Region \
             Stockholm), shown on its page under /parter",
            request.party_code
        ),
        Err(e) => return Err(anyhow::anyhow!("the export failed: {e}")),
    };
    for file in &bag.files {
        let path = to.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
        }
        std::fs::write(&path, &file.bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    tracing::info!(
        party = %request.party_code,
        "wrote the bag {} to {}: {} payload files, {} bytes (Payload-Oxum {}.{})",
        bag.name,
        to.display(),
        bag.payload_files,
        bag.payload_bytes,
        bag.payload_bytes,
        bag.payload_files
    );
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
