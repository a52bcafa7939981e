//! Twilio's resource identifiers. Every SID that goes into a URL or a file name, whether the
//! user typed it or a server answered it, is checked against Twilio's shape first: two capital
//! letters naming the resource, then 32 hexadecimal digits. Nothing else reaches a path, so a
//! hostile answer (`"sid": "../../evil"`) can neither leave the API's paths nor the folder the
//! user named.

/// What a SID names, by its two letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `FW…`
    Flow,
    /// `FN…`
    Execution,
    /// `FT…`
    Step,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Flow => "FW",
            Kind::Execution => "FN",
            Kind::Step => "FT",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Flow => "a flow",
            Kind::Execution => "an execution",
            Kind::Step => "a step",
        }
    }
}

/// `sid` when it has Twilio's shape for `kind`, or why not, in words (the SID shown with its
/// control characters made visible).
pub fn checked(sid: &str, kind: Kind) -> Result<&str, String> {
    let well_formed = sid.len() == 34
        && sid.starts_with(kind.prefix())
        && sid[2..].bytes().all(|b| b.is_ascii_hexdigit());
    if well_formed {
        Ok(sid)
    } else {
        Err(format!(
            "{:?} is not {} SID: Twilio's are {} and 32 hexadecimal digits",
            crate::mask::visible(sid),
            kind.name(),
            kind.prefix()
        ))
    }
}

/// A flow revision as it may go into a path or a file name: a number (or, in a path,
/// `LatestPublished`).
pub fn checked_revision(revision: &str) -> Result<&str, String> {
    let number = !revision.is_empty()
        && revision.len() <= 10
        && revision.bytes().all(|b| b.is_ascii_digit());
    // The description names both: `LatestPublished` and `LatestRevision`.
    if number || revision == "LatestPublished" || revision == "LatestRevision" {
        Ok(revision)
    } else {
        Err(format!(
            "{:?} is not a revision: a revision is a number, LatestPublished or LatestRevision",
            crate::mask::visible(revision)
        ))
    }
}
