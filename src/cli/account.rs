//! `sfdb flows`, `pull`, `push` and `executions`: the flows and executions of the user's
//! Twilio account, through the Studio REST API. What every account command shares lives here
//! too: where the API is, the client, and the progress bar.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use futures_util::{stream, StreamExt};
use serde_json::{json, Value};

use super::exit;
use crate::account::profile::{self, Account};
use crate::account::{shape, sid, ApiError, Client, Credentials, Progress};
use crate::flow::{write_atomically, Document};

/// Which account and where its API is, for every account command.
#[derive(Debug, Clone, Args)]
pub struct Api {
    /// The Studio API's base URL (default: the account's region and edge, else
    /// https://studio.twilio.com; or $SFDB_STUDIO_API).
    #[arg(long, value_name = "URL", global = true)]
    pub api_base: Option<String>,
    /// A twilio CLI profile to use (from its config.json), before the environment's
    /// credentials and the CLI's active profile.
    #[arg(short = 'p', long, value_name = "NAME", global = true)]
    pub profile: Option<String>,
}

impl Api {
    /// The account: `-p`'s profile, else the environment, else the twilio CLI's active
    /// profile.
    pub fn account(&self) -> Result<Account, String> {
        let vars = |name: &str| std::env::var(name).ok();
        // The CLI's configuration is read only when it may be used: a broken one does not
        // stop a command whose credentials come from the environment.
        let needed = self.profile.is_some() || Credentials::from_vars(vars).is_err();
        let path = profile::config_path(&vars).filter(|_| needed);
        let config = match &path {
            Some(p) if p.is_file() => {
                let text = crate::flow::read::text(p)?;
                let value: Value = serde_json::from_str(&text).map_err(|e| {
                    format!("{}: not the twilio CLI's configuration: {e}", p.display())
                })?;
                Some((p.display().to_string(), value))
            }
            _ => None,
        };
        profile::resolve(
            self.profile.as_deref(),
            &vars,
            config.as_ref().map(|(p, v)| (p.as_str(), v)),
        )
    }

    /// `--api-base`, else `SFDB_STUDIO_API`, else the account's regional endpoint.
    fn base(&self, account: &Account) -> String {
        self.api_base
            .clone()
            .or_else(|| {
                std::env::var("SFDB_STUDIO_API")
                    .ok()
                    .filter(|v| !v.is_empty())
            })
            .unwrap_or_else(|| account.base())
    }

    /// The client for the account. `SFDB_API_MAX_WAIT_MS` caps the wait between retried
    /// attempts (30 s) and `SFDB_API_TIMEOUT_MS` a request's (30 s, a GET's over its
    /// attempts twice that): less for tests.
    pub fn client(&self) -> Result<Client, String> {
        let ms = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse::<u64>().ok())
                .map(std::time::Duration::from_millis)
        };
        let account = self.account()?;
        let mut client = Client::new(&self.base(&account), account.credentials);
        if let Some(wait) = ms("SFDB_API_MAX_WAIT_MS") {
            client = client.with_max_wait(wait);
        }
        if let Some(timeout) = ms("SFDB_API_TIMEOUT_MS") {
            client = client.with_timeout(timeout);
        }
        Ok(client)
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub struct Bar(indicatif::ProgressBar);

impl Bar {
    pub fn new() -> Bar {
        let bar = indicatif::ProgressBar::hidden();
        if std::io::stderr().is_terminal() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        Bar(bar)
    }
}

impl Default for Bar {
    fn default() -> Bar {
        Bar::new()
    }
}

impl Progress for Bar {
    fn start(&self, what: &str, total: u64) {
        self.0.set_length(total);
        self.0.set_position(0);
        self.0.set_style(
            indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        self.0.set_message(what.to_string());
    }
    fn advance(&self) {
        self.0.inc(1);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// Runs `work` on a runtime, saying what went wrong in words (exit 2) if it fails.
pub fn block<T>(
    err: &mut dyn Write,
    work: impl std::future::Future<Output = Result<T, String>>,
) -> Result<T, u8> {
    let runtime = match super::runtime() {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return Err(exit::BAD_INPUT);
        }
    };
    runtime.block_on(work).map_err(|e| {
        let _ = writeln!(err, "sfdb: {e}");
        exit::BAD_INPUT
    })
}

pub fn api_error(what: &str) -> impl Fn(ApiError) -> String + '_ {
    move |e| format!("{what}: {e}")
}

#[derive(Debug, Args)]
pub struct FlowsArgs {
    #[command(flatten)]
    pub api: Api,
}

pub fn flows(args: &FlowsArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let listed = block(err, async {
        let client = args.api.client()?;
        client.flows().await.map_err(api_error("listing the flows"))
    });
    let flows = match listed {
        Ok(f) => f,
        Err(code) => return code,
    };
    let _ = writeln!(
        out,
        "{:<34}  {:<30}  {:<9}  {:>3}  UPDATED",
        "SID", "NAME", "STATUS", "REV"
    );
    for f in &flows {
        let _ = writeln!(
            out,
            "{:<34}  {:<30}  {:<9}  {:>3}  {}",
            crate::mask::visible(shape::text(f, "sid")),
            crate::mask::visible(shape::text(f, "friendly_name")),
            crate::mask::visible(shape::text(f, "status")),
            f.get("revision").map(Value::to_string).unwrap_or_default(),
            shape::text(f, "date_updated"),
        );
    }
    exit::ENDED
}

#[derive(Debug, Args)]
pub struct PullArgs {
    /// The flow's SID (FW…).
    pub flow: String,
    /// Where to write it (default FW….json in the current directory).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A revision number, latest-published or latest (default: the flow as it is now).
    #[arg(long, value_name = "N")]
    pub revision: Option<String>,
    /// Write only the definition, as Studio's export does (the file forgets where it came from).
    #[arg(long)]
    pub definition_only: bool,
    #[command(flatten)]
    pub api: Api,
}

/// A revision as the API names it: a number, `LatestPublished` or `LatestRevision`.
pub fn revision_name(text: &str) -> Result<String, String> {
    match text.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
        "latestpublished" => Ok("LatestPublished".into()),
        "latest" | "latestrevision" => Ok("LatestRevision".into()),
        n if n.parse::<u32>().is_ok() => Ok(n.to_string()),
        _ => Err(format!(
            "--revision {text}: give a number, latest-published or latest"
        )),
    }
}

pub fn pull(args: &PullArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let fetched = block(err, async {
        let revision = args.revision.as_deref().map(revision_name).transpose()?;
        let client = args.api.client()?;
        client
            .flow(&args.flow, revision.as_deref())
            .await
            .map_err(api_error(&format!("pulling {}", args.flow)))
    });
    let mut resource = match fetched {
        Ok(r) => r,
        Err(code) => return code,
    };
    // A revision resource carries the flow's SID as `sid` too; make sure it is there.
    if resource.get("sid").is_none_or(Value::is_null) {
        resource["sid"] = json!(args.flow);
    }
    let written = if args.definition_only {
        crate::account::import::definition(&resource).clone()
    } else {
        resource.clone()
    };
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.json", args.flow)));
    if let Err(e) = write_json(&path, &written) {
        let _ = writeln!(err, "sfdb: {}: cannot write: {e}", path.display());
        return exit::BAD_INPUT;
    }
    let _ = writeln!(
        out,
        "wrote {} ({}, revision {}, {})",
        path.display(),
        shape::text(&resource, "friendly_name"),
        resource
            .get("revision")
            .map(Value::to_string)
            .unwrap_or_default(),
        shape::text(&resource, "status"),
    );
    exit::ENDED
}

pub fn write_json(path: &Path, value: &Value) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    write_atomically(path, text.as_bytes())
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// The flow file: a Flow resource as `sfdb pull` writes it, or a bare definition with
    /// --flow.
    pub file: PathBuf,
    /// Publish the new revision (default: save it as a draft).
    #[arg(long)]
    pub publish: bool,
    /// The commit message of the new revision.
    #[arg(short, long, value_name = "MESSAGE")]
    pub message: Option<String>,
    /// The flow to update, when the file does not say, or another than the one it says: that
    /// flow keeps its name (unless --name), and the file's revision, which is of its own flow,
    /// is neither compared nor rewritten.
    #[arg(long, value_name = "FW")]
    pub flow: Option<String>,
    /// The flow's new name (default: the file's for its own flow, else the flow's own).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Push despite check errors or a newer revision in the account.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub api: Api,
}

pub fn push(args: &PushArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let name = args.file.display().to_string();
    let doc = match Document::load(&args.file) {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return exit::BAD_INPUT;
        }
    };
    let findings = crate::check::check(&doc.flow);
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == crate::check::Severity::Error)
        .collect();
    if !errors.is_empty() {
        for f in &errors {
            let _ = writeln!(err, "{name}: {}", f.line());
        }
        if !args.force {
            let _ = writeln!(
                err,
                "sfdb: {name}: {} check errors: not pushed (--force pushes anyway)",
                errors.len()
            );
            return exit::BAD_INPUT;
        }
    }
    // A twilio CLI file is a one-element array: its revision is recorded inside it.
    let mut revision_at = vec![crate::flow::splice::Key::Member("revision".into())];
    let raw: Value = match crate::flow::read::text(&args.file)
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(Value::Array(mut list)) if list.len() == 1 => {
            revision_at.insert(0, crate::flow::splice::Key::Index(0));
            shape::normalise(list.remove(0))
        }
        Ok(v) => shape::normalise(v),
        Err(e) => {
            let _ = writeln!(err, "sfdb: {name}: {e}");
            return exit::BAD_INPUT;
        }
    };
    let definition = match crate::account::import::definition(&raw) {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let file_sid = raw.get("sid").and_then(Value::as_str).map(str::to_string);
    let sid = args.flow.clone().or_else(|| file_sid.clone());
    let Some(sid) = sid else {
        let _ = writeln!(
            err,
            "sfdb: {name}: no flow SID in the file: give --flow FW…"
        );
        return exit::BAD_INPUT;
    };
    if let Err(why) = sid::checked(&sid, sid::Kind::Flow) {
        let _ = writeln!(err, "sfdb: {name}: {why}");
        return exit::BAD_INPUT;
    }
    // The file's revision and name are of the flow it was pulled from.
    let own_flow = file_sid.as_deref().is_none_or(|f| f == sid);
    let pulled_at = raw
        .get("revision")
        .and_then(Value::as_i64)
        .filter(|_| own_flow);
    let status = if args.publish { "published" } else { "draft" };
    let message = args
        .message
        .clone()
        .unwrap_or_else(|| format!("pushed by sfdb from {name}"));
    let pushed = block(err, async {
        let client = args.api.client()?;
        let remote = client
            .flow(&sid, None)
            .await
            .map_err(api_error(&format!("reading {sid}")))?;
        let friendly = match (&args.name, shape::text(&raw, "friendly_name")) {
            (Some(name), _) => name.clone(),
            (None, f) if own_flow && !f.is_empty() => f.to_string(),
            _ => shape::text(&remote, "friendly_name").to_string(),
        };
        let form = [
            ("FriendlyName", friendly.as_str()),
            ("Status", status),
            ("Definition", definition.as_str()),
            ("CommitMessage", message.as_str()),
        ];
        client
            .post("/v2/Flows/Validate", &form)
            .await
            .map_err(|e| rejected(&e).unwrap_or_else(|| format!("validating: {e}")))?;
        let newest = remote.get("revision").and_then(Value::as_i64);
        if let (Some(newest), Some(pulled)) = (newest, pulled_at) {
            if newest > pulled && !args.force {
                return Err(format!(
                    "{sid} has revision {newest} in the account, newer than revision {pulled} \
                     {name} was pulled at: not pushed (pull it again and merge, or --force)"
                ));
            }
        }
        match client.post(&format!("/v2/Flows/{sid}"), &form).await {
            Err(e @ ApiError::TimedOut { .. }) => applied_after_all(&client, &sid, newest, &e)
                .await
                .map(|now| {
                    let note =
                        format!("updating {sid}: {e}, but the update was applied (read back)");
                    (now, Some(note))
                }),
            other => other
                .map(|updated| (updated, None))
                .map_err(|e| rejected(&e).unwrap_or_else(|| format!("updating {sid}: {e}"))),
        }
    });
    let updated = match pushed {
        Ok((u, note)) => {
            if let Some(note) = note {
                let _ = writeln!(err, "sfdb: {note}");
            }
            u
        }
        Err(code) => return code,
    };
    let revision = updated.get("revision").and_then(Value::as_i64);
    // The file now records the revision it matches, so the next push compares with it.
    if let (Some(n), Some(_)) = (revision, pulled_at) {
        let text = crate::flow::read::text(&args.file).unwrap_or_default();
        if let Some(new) = crate::flow::splice::set(&text, &revision_at, &json!(n)) {
            if let Err(e) = write_atomically(&args.file, new.as_bytes()) {
                let _ = writeln!(
                    err,
                    "sfdb: {name}: pushed, but cannot record the revision: {e}"
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "pushed {name} to {sid}: revision {} ({status})",
        revision.map_or_else(|| "?".into(), |n| n.to_string())
    );
    exit::ENDED
}

/// An update that timed out may have been carried out all the same: the flow is read back,
/// and a revision past `before` means it was (the push goes on as done); otherwise it says
/// that it was not, and that pushing again is safe.
async fn applied_after_all(
    client: &Client,
    sid: &str,
    before: Option<i64>,
    timed_out: &ApiError,
) -> Result<Value, String> {
    let now = client.flow(sid, None).await.map_err(|e| {
        format!(
            "updating {sid}: {timed_out}; it may have been applied, and reading the flow back \
             failed too ({e}): see its revisions before pushing again"
        )
    })?;
    let revision = now.get("revision").and_then(Value::as_i64);
    match (before, revision) {
        (Some(b), Some(r)) if r > b => Ok(now),
        _ => Err(format!(
            "updating {sid}: {timed_out}; read back, the flow is still at revision {}: not \
             applied, so pushing again is safe",
            revision.map_or_else(|| "?".into(), |n| n.to_string())
        )),
    }
}

/// A 400 from Validate or from the update itself: Twilio's words and its `details` whole
/// (which widget, which property), as they came.
fn rejected(e: &ApiError) -> Option<String> {
    match e {
        ApiError::Http {
            status: 400, body, ..
        } => Some(format!(
            "Twilio found the flow invalid: {e}\n{}",
            serde_json::to_string_pretty(body).unwrap_or_default()
        )),
        _ => None,
    }
}

#[derive(Debug, Args)]
pub struct ExecutionsArgs {
    /// The flow's SID (FW…).
    pub flow: String,
    /// Only executions started on or after this time: a date (2026-11-26, midnight in this
    /// machine's time zone) or a date and time with its offset (2026-11-26T09:30:00-08:00).
    #[arg(long, value_name = "DATE", value_parser = date_filter)]
    pub since: Option<String>,
    /// Only executions started before this time (a date or a date and time, as --since).
    #[arg(long, value_name = "DATE", value_parser = date_filter)]
    pub until: Option<String>,
    /// Show at most this many executions, newest first (as the twilio CLI, 50); each shown
    /// costs a request for its steps.
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Show every execution in the window.
    #[arg(long, conflicts_with = "limit")]
    pub no_limit: bool,
    #[command(flatten)]
    pub api: Api,
}

/// A `--since` / `--until` as the API requires it (`YYYY-MM-DDThh:mm:ss-hh:mm`): a bare date is
/// midnight in the local zone; a time with `Z` or an offset keeps its instant.
fn date_filter(value: &str) -> Result<String, String> {
    use chrono::{Local, NaiveDate, SecondsFormat, TimeZone};
    if let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let midnight = day.and_hms_opt(0, 0, 0).ok_or("no midnight that day")?;
        return Local
            .from_local_datetime(&midnight)
            .earliest()
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, false))
            .ok_or_else(|| format!("{value}: midnight does not exist in this time zone"));
    }
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, false))
        .map_err(|_| {
            format!(
                "{value} is not a date (2026-11-26) or a date and time with its offset \
                 (2026-11-26T09:30:00-08:00)"
            )
        })
}

pub fn executions(args: &ExecutionsArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let bar = Bar::new();
    let listed = block(err, async {
        let client = args.api.client()?;
        let limit = (!args.no_limit).then_some(args.limit as usize);
        let list = client
            .executions(
                &args.flow,
                args.since.as_deref(),
                args.until.as_deref(),
                limit,
            )
            .await
            .map_err(api_error(&format!(
                "listing the executions of {}",
                args.flow
            )))?;
        bar.start("steps", list.len() as u64);
        // Each execution's steps, a few at a time: the count and the last widget.
        let steps: Vec<Result<Vec<Value>, ApiError>> = stream::iter(list.iter())
            .map(|e| {
                let (client, bar) = (&client, &bar);
                async move {
                    let steps = client.steps(&args.flow, shape::text(e, "sid")).await;
                    bar.advance();
                    steps
                }
            })
            .buffered(4)
            .collect()
            .await;
        bar.finish();
        let steps: Result<Vec<_>, _> = steps.into_iter().collect();
        Ok((list, steps.map_err(api_error("reading steps"))?))
    });
    let (list, steps) = match listed {
        Ok(l) => l,
        Err(code) => return code,
    };
    if !args.no_limit && list.len() >= args.limit as usize {
        let _ = writeln!(
            err,
            "sfdb: the newest {} shown; --limit N or --no-limit for more",
            list.len()
        );
    }
    let _ = writeln!(
        out,
        "{:<34}  {:<20}  {:<6}  {:<16}  {:>5}  LAST WIDGET",
        "SID", "STARTED", "STATUS", "CONTACT", "STEPS"
    );
    for (e, steps) in list.iter().zip(steps) {
        let steps = shape::in_chain(steps.clone()).unwrap_or_else(|_| shape::oldest_first(steps));
        // An active execution waits in the widget its last step entered.
        let side = if shape::text(e, "status") == "active" {
            "transitioned_to"
        } else {
            "transitioned_from"
        };
        let last = steps.last().map_or("", |s| shape::text(s, side));
        let _ = writeln!(
            out,
            "{:<34}  {:<20}  {:<6}  {:<16}  {:>5}  {last}",
            shape::text(e, "sid"),
            shape::text(e, "date_created"),
            shape::text(e, "status"),
            shape::text(e, "contact_channel_address"),
            steps.len(),
        );
    }
    exit::ENDED
}
