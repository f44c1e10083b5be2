//! PostgreSQL's own tools for a backup and a restore: `pg_dump --format=custom` and
//! `pg_restore`, found on the PATH and given the database URL. The password, if the URL has one,
//! goes to them in `PGPASSWORD` rather than on their command line, which other users of the
//! machine can read in the process list.

use std::path::Path;
use std::process::{Command, Output};

/// Why a tool did not do its work.
pub(super) enum ToolError {
    /// Not on the PATH.
    Missing,
    /// It failed, saying this.
    Failed(String),
}

/// `pg_dump --format=custom --file=to`: one snapshot of the whole database.
pub(super) async fn dump(url: &str, to: &Path) -> Result<(), ToolError> {
    let (url, password) = split_password(url);
    let mut command = Command::new("pg_dump");
    command
        .arg("--format=custom")
        .arg("--no-password")
        .arg(format!("--file={}", to.display()))
        .arg("--dbname")
        .arg(url);
    match run(command, password).await {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(ToolError::Failed(first_lines(&output))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ToolError::Missing),
        Err(e) => Err(ToolError::Failed(e.to_string())),
    }
}

/// `pg_restore` of `from` in one transaction: all of it, or (on any error) nothing. Objects of
/// the same names in the (empty) database are dropped first, so a database that was only
/// migrated takes it too; owners and grants are not restored (the user of the URL owns all).
pub(super) async fn restore(url: &str, from: &Path) -> Result<(), ToolError> {
    let (url, password) = split_password(url);
    let mut command = Command::new("pg_restore");
    command
        .args(["--no-password", "--single-transaction", "--exit-on-error", "--clean", "--if-exists"])
        .args(["--no-owner", "--no-privileges", "--dbname"])
        .arg(url)
        .arg(from);
    match run(command, password).await {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(ToolError::Failed(first_lines(&output))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ToolError::Missing),
        Err(e) => Err(ToolError::Failed(e.to_string())),
    }
}

/// Runs `command` off the async runtime, with `PGPASSWORD` when there is one.
async fn run(mut command: Command, password: Option<String>) -> std::io::Result<Output> {
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    command.stdin(std::process::Stdio::null());
    tokio::task::spawn_blocking(move || command.output()).await.map_err(std::io::Error::other)?
}

/// The first lines of what a tool said on standard error, as one line.
fn first_lines(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).take(3).collect();
    if lines.is_empty() { format!("exit status {}", output.status) } else { lines.join(" / ") }
}

/// The URL without its password, and the password (percent-decoded), if it has one.
fn split_password(url: &str) -> (String, Option<String>) {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return (url.to_owned(), None);
    };
    let Some(password) = parsed.password().map(str::to_owned) else {
        return (url.to_owned(), None);
    };
    let decoded = percent_encoding::percent_decode_str(&password).decode_utf8_lossy().into_owned();
    if parsed.set_password(None).is_err() {
        return (url.to_owned(), None);
    }
    (parsed.to_string(), Some(decoded))
}

#[cfg(test)]
mod tests {
    use super::split_password;

    #[test]
    fn the_password_leaves_the_url() {
        assert_eq!(
            split_password("postgres://sam:hem%40ligt@db:5432/s?sslmode=require"),
            ("postgres://sam@db:5432/s?sslmode=require".to_owned(), Some("hem@ligt".to_owned()))
        );
        assert_eq!(split_password("postgres://sam@db/s"), ("postgres://sam@db/s".to_owned(), None));
    }
}
