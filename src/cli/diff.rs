//! `sfdb diff OLD NEW`: two flows compared by meaning. Either side is a file or a flow in the
//! account, `FW…` or `FW…@REVISION`. Exit 0 when equal and 1 when not, as `diff` does.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::account::{api_error, block, revision_name, Api};
use super::{exit, Format};
use crate::flow::diff::{diff as compare, Change};
use crate::flow::{Document, Flow};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old flow: a file, or FW… / FW…@REVISION from the account.
    pub old: String,
    /// The new flow, the same way.
    pub new: String,
    /// Count canvas positions as changes too.
    #[arg(long)]
    pub positions: bool,
    /// One readable line per change, or one JSON object per change.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub api: Api,
}

/// `FW` and 32 hex digits, optionally `@revision`, naming no file that exists.
fn account_flow(side: &str) -> Option<(&str, Option<&str>)> {
    if PathBuf::from(side).exists() {
        return None;
    }
    let (sid, revision) = match side.split_once('@') {
        Some((s, r)) => (s, Some(r)),
        None => (side, None),
    };
    let is_sid =
        sid.len() == 34 && sid.starts_with("FW") && sid[2..].chars().all(|c| c.is_ascii_hexdigit());
    is_sid.then_some((sid, revision))
}

async fn load(side: &str, api: &Api) -> Result<Flow, String> {
    let Some((sid, revision)) = account_flow(side) else {
        return Document::load(&PathBuf::from(side))
            .map(|d| d.flow)
            .map_err(|e| e.to_string());
    };
    let revision = revision.map(revision_name).transpose()?;
    let resource = api
        .client()?
        .flow(sid, revision.as_deref())
        .await
        .map_err(api_error(&format!("reading {side}")))?;
    let text = crate::account::import::definition(&resource).to_string();
    Document::parse(side, &text)
        .map(|d| d.flow)
        .map_err(|e| e.to_string())
}

pub fn diff(args: &DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let loaded = block(err, async {
        Ok((
            load(&args.old, &args.api).await?,
            load(&args.new, &args.api).await?,
        ))
    });
    let (old, new) = match loaded {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let changes: Vec<Change> = compare(&old, &new, args.positions);
    for change in &changes {
        let _ = match args.format {
            Format::Text => writeln!(out, "{change}"),
            Format::Jsonl => writeln!(out, "{}", serde_json::to_string(change).unwrap_or_default()),
        };
    }
    if changes.is_empty() {
        if args.format == Format::Text {
            let _ = writeln!(
                out,
                "the flows are the same ({} widgets)",
                new.widgets.len()
            );
        }
        exit::ENDED
    } else {
        1
    }
}
