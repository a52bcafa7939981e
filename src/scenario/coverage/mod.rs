//! Which widgets ran and which transitions were taken, over every scenario a `sfdb test` run
//! ran: per flow file, with the line where each is written, for the text report and the
//! formats coverage tools read (LCOV, Cobertura, JSON).

mod formats;

use std::collections::HashMap;
use std::path::Path;

use crate::engine::step::Step;
use crate::flow::{Document, Flow, Widget, WidgetKind};

pub use formats::{cobertura, json, lcov, text};

/// One flow file's coverage.
#[derive(Debug, Clone)]
pub struct FlowCoverage {
    /// The file as the user named it (what reports print and tools open).
    pub file: String,
    pub widgets: Vec<WidgetCoverage>,
}

#[derive(Debug, Clone)]
pub struct WidgetCoverage {
    pub name: String,
    pub kind: String,
    pub line: usize,
    pub runs: u64,
    pub transitions: Vec<TransitionCoverage>,
}

#[derive(Debug, Clone)]
pub struct TransitionCoverage {
    /// `noMatch`, `success`; a split's condition as `match "If value equal_to 2"`.
    pub label: String,
    pub line: usize,
    pub taken: u64,
}

impl FlowCoverage {
    fn of(document: &Document) -> FlowCoverage {
        let flow = &document.flow;
        let lines = crate::flow::lines::of(document.text(), flow);
        let widgets = flow
            .widgets
            .iter()
            .enumerate()
            .map(|(w, widget)| WidgetCoverage {
                name: widget.name.clone(),
                kind: widget.kind.to_string(),
                line: lines.widgets[w],
                runs: 0,
                transitions: counted(widget)
                    .map(|t| TransitionCoverage {
                        label: label(widget, t),
                        line: lines.transitions[w][t],
                        taken: 0,
                    })
                    .collect(),
            })
            .collect();
        FlowCoverage {
            file: document.name.clone(),
            widgets,
        }
    }

    pub fn widgets_run(&self) -> usize {
        self.widgets.iter().filter(|w| w.runs > 0).count()
    }

    /// (taken, all) transitions.
    pub fn transitions(&self) -> (usize, usize) {
        let all = self.widgets.iter().flat_map(|w| &w.transitions);
        let (taken, total) = all.fold((0, 0), |(t, n), tr| (t + usize::from(tr.taken > 0), n + 1));
        (taken, total)
    }
}

/// The transitions that count, by index: all of a widget's, but the trigger's events that lead
/// nowhere (a flow started by messages has no call to cover).
fn counted(widget: &Widget) -> impl Iterator<Item = usize> + '_ {
    let trigger = widget.kind == WidgetKind::Trigger;
    (0..widget.transitions.len()).filter(move |&t| !trigger || widget.transitions[t].next.is_some())
}

/// A widget's coverage as written by [`json`] (`detail[].transitions[].taken`), back onto its
/// transitions: the count of each, `None` for a transition coverage does not count.
pub fn per_transition(widget: &Widget, counts: &[u64]) -> Vec<Option<u64>> {
    let mut out = vec![None; widget.transitions.len()];
    for (k, t) in counted(widget).enumerate() {
        out[t] = counts.get(k).copied();
    }
    out
}

fn label(widget: &Widget, t: usize) -> String {
    let transition = &widget.transitions[t];
    match transition.conditions.first() {
        Some(c) if transition.event == "match" => format!("match {:?}", c.friendly_name),
        _ => transition.event.clone(),
    }
}

/// The (widget, transition) each step of `steps` took in `flow`, counted transitions only.
pub fn taken_in(flow: &Flow, steps: &[Step]) -> Vec<(usize, usize)> {
    steps
        .iter()
        .filter_map(|step| {
            let w = flow.index_of(&step.transitioned_from)?;
            let t = taken(&flow.widgets[w], step)?;
            counted(&flow.widgets[w]).any(|c| c == t).then_some((w, t))
        })
        .collect()
}

/// Every counted (widget, transition) of `flow`.
pub fn all_in(flow: &Flow) -> Vec<(usize, usize)> {
    flow.widgets
        .iter()
        .enumerate()
        .flat_map(|(w, widget)| counted(widget).map(move |t| (w, t)))
        .collect()
}

/// A transition's name in reports: `check_status noMatch`, `check match "If value equal_to 2"`.
pub fn name_of(flow: &Flow, (w, t): (usize, usize)) -> String {
    format!("{} {}", flow.widgets[w].name, label(&flow.widgets[w], t))
}

/// The transition a step took, by index into its widget's transitions: for a split's `match`,
/// the first condition that held (Studio takes the first in order).
fn taken(widget: &Widget, step: &Step) -> Option<usize> {
    if step.name == "match" {
        if let Some(c) = step.conditions.iter().find(|c| c.held) {
            return Some(c.transition);
        }
    }
    widget.transitions.iter().position(|t| t.event == step.name)
}

/// Coverage over many runs, one entry per flow file in the order first seen.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub flows: Vec<FlowCoverage>,
    /// Entries by the file's canonical path (or its name, when it has none).
    by_file: HashMap<String, usize>,
}

impl Coverage {
    /// The entry for the flow in `document`, made on first sight.
    pub fn flow(&mut self, document: &Document) -> usize {
        let key = document
            .path
            .as_ref()
            .and_then(|p| p.canonicalize().ok())
            .map_or_else(|| document.name.clone(), |p| p.display().to_string());
        if let Some(&i) = self.by_file.get(&key) {
            return i;
        }
        self.flows.push(FlowCoverage::of(document));
        self.by_file.insert(key, self.flows.len() - 1);
        self.flows.len() - 1
    }

    /// Counts one execution's steps against entry `entry` (whose flow is `flow`), and the steps
    /// of its subflows against theirs: `subflows` gives each subflow's entry and flow by SID.
    pub fn record(
        &mut self,
        entry: usize,
        flow: &Flow,
        steps: &[Step],
        subflows: &HashMap<String, (usize, &Flow)>,
    ) {
        for step in steps {
            let Some(w) = flow.index_of(&step.transitioned_from) else {
                continue;
            };
            let widget = &flow.widgets[w];
            let covered = &mut self.flows[entry].widgets[w];
            covered.runs += 1;
            if let Some(t) = taken(widget, step) {
                // Only counted transitions have an entry: find this one's place among them.
                if let Some(k) = counted(widget).position(|c| c == t) {
                    covered.transitions[k].taken += 1;
                }
            }
            if !step.subflow.is_empty() {
                if let Some(&(sub, sub_flow)) = subflows.get(widget.text("flow_sid").trim()) {
                    self.record(sub, sub_flow, &step.subflow, subflows);
                }
            }
        }
    }

    /// The flows in the order of their file names (runs in parallel see them in any order).
    pub fn sort_by_file(&mut self) {
        let mut order: Vec<usize> = (0..self.flows.len()).collect();
        order.sort_by(|&a, &b| self.flows[a].file.cmp(&self.flows[b].file));
        let mut flows = std::mem::take(&mut self.flows);
        let mut taken: Vec<Option<FlowCoverage>> = flows.drain(..).map(Some).collect();
        self.flows = order.iter().filter_map(|&i| taken[i].take()).collect();
        for place in self.by_file.values_mut() {
            *place = order.iter().position(|&i| i == *place).unwrap_or(*place);
        }
    }

    /// (taken, all) transitions over every flow.
    pub fn transitions(&self) -> (usize, usize) {
        self.flows.iter().fold((0, 0), |(t, n), f| {
            let (ft, fn_) = f.transitions();
            (t + ft, n + fn_)
        })
    }
}

/// Per widget: how often it ran, and how often each of its transitions was taken (`None` where
/// coverage does not count it), as read back from the JSON format.
pub type Covered = Vec<(u64, Vec<Option<u64>>)>;

/// The coverage of `flow` (loaded from `path`) in the JSON `sfdb test` wrote to `file`: the
/// entry for the same file, else the one entry with the same file name.
pub fn read(file: &Path, path: &Path, flow: &Flow) -> Result<Covered, String> {
    let shown = file.display();
    let text = crate::flow::read::text(file).map_err(|e| format!("{shown}: {e}"))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|_| {
        format!("{shown}: not coverage JSON (write it with --coverage-format json)")
    })?;
    let entries = json["flows"].as_array().ok_or_else(|| {
        format!("{shown}: not coverage JSON (write it with --coverage-format json)")
    })?;
    let same = |entry: &&serde_json::Value| {
        let named = Path::new(entry["file"].as_str().unwrap_or_default());
        matches!((named.canonicalize(), path.canonicalize()), (Ok(a), Ok(b)) if a == b)
    };
    let by_name: Vec<&serde_json::Value> = entries
        .iter()
        .filter(|e| {
            Path::new(e["file"].as_str().unwrap_or_default()).file_name() == path.file_name()
        })
        .collect();
    let entry = entries
        .iter()
        .find(same)
        .or(match by_name.as_slice() {
            [one] => Some(*one),
            _ => None,
        })
        .ok_or_else(|| format!("{shown}: no coverage for {}", path.display()))?;
    let detail = entry["detail"].as_array().cloned().unwrap_or_default();
    Ok(flow
        .widgets
        .iter()
        .map(|w| {
            let mine = detail.iter().find(|d| d["widget"] == w.name.as_str());
            let runs = mine.and_then(|d| d["runs"].as_u64()).unwrap_or(0);
            let counts: Vec<u64> = mine
                .and_then(|d| d["transitions"].as_array())
                .map(|ts| {
                    ts.iter()
                        .map(|t| t["taken"].as_u64().unwrap_or(0))
                        .collect()
                })
                .unwrap_or_default();
            (runs, per_transition(w, &counts))
        })
        .collect())
}

/// `part` of `whole` as a percentage (100 for nothing to cover).
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}
