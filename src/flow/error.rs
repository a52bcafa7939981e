use std::fmt;

/// What is wrong with a flow file. Each problem names the file and, where it applies, the
/// line and column or the widget, so a user can go straight to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub location: Location,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File,
    Position { line: usize, column: usize },
    Widget { name: String, kind: String },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::File => write!(f, "{}: {}", self.file, self.message),
            Location::Position { line, column } => {
                write!(f, "{}:{line}:{column}: {}", self.file, self.message)
            }
            Location::Widget { name, kind } => {
                write!(f, "{}: widget {name} ({kind}): {}", self.file, self.message)
            }
        }
    }
}

/// Loading failed; every problem found is listed, not only the first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FlowError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl FlowError {
    pub fn single(file: &str, location: Location, message: impl Into<String>) -> Self {
        FlowError {
            problems: vec![Problem {
                file: file.to_string(),
                location,
                message: message.into(),
            }],
        }
    }
}
