//! `sfdb explore`: runs found for you. A coverage-guided search over what a run can be given —
//! the trigger event, each waiting widget's reply, digits, speech or event, each HTTP widget's
//! response (success with a body that holds the fields the flow reads, a server error, a
//! timeout), each simulated widget's event — keeping every run that takes a transition no run
//! took before. Values come from the flow's own conditions, so a Split Based On that compares
//! with `shipped` is tried with `shipped`. Every run is offline: HTTP widgets get a mock.

mod witness;
mod words;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::coverage;
use crate::engine::http::HttpResult;
use crate::engine::script::{Input, Mock};
use crate::engine::widgets::{catalog, Need};
use crate::engine::{Execution, Progress, Status};
use crate::flow::{Document, Flow, Widget};
use crate::session::{self, Start};

/// What one visit of one widget is given.
#[derive(Debug, Clone, PartialEq)]
enum Choice {
    Input(Input),
    Event(String),
    Mock(Mock),
    /// Outputs merged over what a simulated widget writes (`{"AnsweredBy": "human"}`).
    Outputs(Value),
    /// The widget's default event (a simulated widget), or no choice to make.
    Default,
}

/// A run's choices: its trigger event, values its context starts with, and, per widget, one
/// choice per visit.
#[derive(Debug, Clone, Default)]
struct Choices {
    trigger: String,
    /// "now" for this run, for flows that read the time; else the search's.
    now: Option<String>,
    set: BTreeMap<String, String>,
    visits: BTreeMap<String, Vec<Choice>>,
}

/// A kept run: the execution (to record as a scenario), the values its context started with
/// beyond those asked for, and the transitions it took first.
pub struct Found {
    pub execution: Execution,
    pub set: BTreeMap<String, String>,
    pub new: Vec<(usize, usize)>,
}

/// What the search reached.
pub struct Explored {
    pub found: Vec<Found>,
    /// Counted transitions, and those some run took (found now or given as covered).
    pub all: Vec<(usize, usize)>,
    pub covered: HashSet<(usize, usize)>,
    pub runs: usize,
    pub elapsed: Duration,
    /// Widgets some run reached.
    pub reached: HashSet<usize>,
}

pub struct Limits {
    pub budget: Duration,
    /// Runs at most (the same seed and runs give the same scenarios on any machine).
    pub runs: Option<usize>,
    pub max_steps: usize,
    pub seed: u64,
}

/// A small, seeded generator: a search that can be run again gives the same scenarios.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

struct Search<'a> {
    document: &'a Document,
    start: Start,
    values: Vec<String>,
    /// What splits compare each widget, field and context path with (see `words::asked`).
    asked: BTreeMap<String, Vec<String>>,
    fields: BTreeMap<String, BTreeSet<Vec<String>>>,
    /// Context paths the splits read that a run may start with (`flow.data.event_type`).
    context: Vec<String>,
    /// Moments a run may take as "now", for a flow whose splits read the time (business
    /// hours): every few hours over the week from the search's own "now".
    moments: Vec<String>,
    rng: Rng,
}

impl Search<'_> {
    fn flow(&self) -> &Flow {
        &self.document.flow
    }

    /// A value to set `key` (a widget's answer, a response field, a context path) to: mostly
    /// one a split compares it with, else any the flow mentions.
    fn value_for(&mut self, key: &str) -> String {
        let asked = self.asked.get(key).cloned().unwrap_or_default();
        if !asked.is_empty() && self.rng.below(4) != 0 {
            return self.rng.pick(&asked).cloned().unwrap_or_default();
        }
        self.rng.pick(&self.values).cloned().unwrap_or_default()
    }

    /// The outputs of a simulated widget that splits read (`AnsweredBy` of
    /// `widgets.call.AnsweredBy`).
    fn outputs_read(&self, widget: &Widget) -> Vec<String> {
        let simulated = catalog::spec(&widget.kind).is_some_and(|s| s.need.is_none());
        if !simulated || widget.kind.sends_http() {
            return Vec::new();
        }
        let prefix = format!("{}.", widget.name);
        self.asked
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter(|field| !field.contains('.'))
            .map(str::to_string)
            .collect()
    }

    /// The choices a widget's visit can be given; empty when it has none to make.
    fn options(&mut self, widget: &Widget) -> Vec<Choice> {
        let spec = catalog::spec(&widget.kind);
        if widget.kind.sends_http() {
            let mut body = json!({});
            for path in self.fields.get(&widget.name).cloned().unwrap_or_default() {
                let value = self.value_for(&format!("{}.parsed.{}", widget.name, path.join(".")));
                set_path(&mut body, &path, Value::String(value));
            }
            return [
                Choice::Mock(Mock {
                    status: Some(200),
                    content_type: "application/json".into(),
                    body: Some(body),
                    error: None,
                }),
                Choice::Mock(Mock {
                    status: Some(500),
                    content_type: "application/json".into(),
                    body: Some(json!({"message": "explored: a server error"})),
                    error: None,
                }),
                Choice::Mock(Mock {
                    status: Some(404),
                    content_type: "application/json".into(),
                    body: Some(json!({"message": "explored: not found"})),
                    error: None,
                }),
                Choice::Mock(Mock {
                    status: None,
                    content_type: String::new(),
                    body: None,
                    error: Some("timed out after 10 s".into()),
                }),
            ]
            .into_iter()
            // The statuses a split compares the widget's `status_code` with.
            .chain(
                self.asked
                    .get(&format!("{}.status_code", widget.name))
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.parse::<u16>().ok())
                    .map(|status| {
                        Choice::Mock(Mock {
                            status: Some(status),
                            content_type: "application/json".into(),
                            body: Some(json!({})),
                            error: None,
                        })
                    }),
            )
            .collect();
        }
        let Some(spec) = spec else {
            return Vec::new();
        };
        // A simulated widget whose outputs a split reads (`widgets.call.AnsweredBy`): given
        // them, at every visit (an empty set keeps what it writes), so a replay lines up.
        let read = self.outputs_read(widget);
        if !read.is_empty() {
            let mut out = vec![Choice::Outputs(json!({}))];
            for field in read {
                let value = self.value_for(&format!("{}.{field}", widget.name));
                out.push(Choice::Outputs(json!({ field: value })));
            }
            out.extend(
                spec.events
                    .iter()
                    .filter(|e| **e != spec.default_event)
                    .map(|e| Choice::Event((*e).to_string())),
            );
            return out;
        }
        let value = self.value_for(&widget.name);
        let mut out: Vec<Choice> = match spec.need {
            Some(Need::Reply) => vec![Choice::Input(Input::Text(value))],
            Some(Need::Gather) => {
                let is_digits =
                    |v: &&String| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit());
                let asked: Vec<String> = self
                    .asked
                    .get(&widget.name)
                    .map(|a| a.iter().filter(is_digits).cloned().collect())
                    .unwrap_or_default();
                let any: Vec<String> = self.values.iter().filter(is_digits).cloned().collect();
                let from = if !asked.is_empty() && self.rng.below(4) != 0 {
                    asked
                } else {
                    any
                };
                let digits = self.rng.pick(&from).cloned().unwrap_or_else(|| "1".into());
                vec![
                    Choice::Input(Input::Digits { digits }),
                    Choice::Input(Input::Speech { speech: value }),
                ]
            }
            _ => vec![Choice::Default],
        };
        // The other events the widget can fire instead (a timeout, a failure), those the
        // flow connects or not.
        for event in spec.events {
            let answered = match spec.need {
                Some(Need::Reply) => *event == "incomingMessage",
                Some(Need::Gather) => matches!(*event, "keypress" | "speech"),
                _ => *event == spec.default_event,
            };
            if !answered {
                out.push(Choice::Event((*event).to_string()));
            }
        }
        if out.len() == 1 && out[0] == Choice::Default {
            return Vec::new();
        }
        out
    }

    /// Runs `choices`, filling in each visit it does not decide with a random option (kept in
    /// the returned choices, so a later mutation builds on the same run).
    fn run(&mut self, mut choices: Choices) -> Option<(Execution, Choices)> {
        let mut start = self.start.clone();
        start.trigger = Some(choices.trigger.clone());
        if let Some(now) = &choices.now {
            start.now = Some(now.clone());
        }
        start.set.extend(
            choices
                .set
                .iter()
                .map(|(path, value)| format!("{path}={value}")),
        );
        let mut execution = session::execution(self.document, &start).ok()?;
        execution.forget_history();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut guard = 0;
        loop {
            guard += 1;
            if guard > self.start.max_steps * 4 + 16 {
                break;
            }
            if matches!(execution.status(), Status::Ready) {
                if let Some(widget) = execution.current_widget_ref().cloned() {
                    let visit = seen.entry(widget.name.clone()).or_insert(0);
                    let k = *visit;
                    *visit += 1;
                    let list = choices.visits.entry(widget.name.clone()).or_default();
                    if list.len() <= k {
                        let options = self.options(&widget);
                        let chosen = if options.is_empty() {
                            Choice::Default
                        } else {
                            // The first option (an answer, a success) half the time: most
                            // transitions lie on the way most runs go.
                            let i = if self.rng.below(2) == 0 {
                                0
                            } else {
                                self.rng.below(options.len())
                            };
                            options[i].clone()
                        };
                        let list = choices.visits.entry(widget.name.clone()).or_default();
                        list.resize(k, Choice::Default);
                        list.push(chosen);
                    }
                    let mut choice = choices.visits[&widget.name][k].clone();
                    // A scenario gives a widget its events before its inputs (each a queue of
                    // its own): once a visit took an input, later ones take inputs too, so the
                    // run is one its scenario replays.
                    let answered = choices.visits[&widget.name][..k]
                        .iter()
                        .any(|c| matches!(c, Choice::Input(_)));
                    if answered && matches!(choice, Choice::Event(_)) {
                        if let Some(input) = self
                            .options(&widget)
                            .into_iter()
                            .find(|c| matches!(c, Choice::Input(_)))
                        {
                            choice = input;
                            choices.visits.get_mut(&widget.name).expect("listed")[k] =
                                choice.clone();
                        }
                    }
                    let spec = catalog::spec(&widget.kind);
                    let script = execution.script_mut();
                    let gives_outputs = !self.outputs_read(&widget).is_empty();
                    match choice {
                        Choice::Input(input) => script.push_input(&widget.name, input),
                        Choice::Event(event) => {
                            // Outputs every visit, once any: the replay's list lines up.
                            if gives_outputs {
                                script.set_outputs(&widget.name, vec![json!({})]);
                            }
                            script.push_event(&widget.name, &event);
                        }
                        Choice::Mock(mock) => script.set_mocks(&widget.name, vec![mock]),
                        Choice::Outputs(given) => script.set_outputs(&widget.name, vec![given]),
                        // Said outright, so a later visit's chosen event is not taken here.
                        Choice::Default => {
                            if gives_outputs {
                                script.set_outputs(&widget.name, vec![json!({})]);
                            }
                            if let Some(spec) = spec.filter(|s| s.need.is_none()) {
                                if spec.events.len() > 1 {
                                    script.push_event(&widget.name, spec.default_event);
                                }
                            }
                        }
                    }
                }
            }
            match execution.advance() {
                Progress::Stepped | Progress::Inside => {}
                // A request no mock answers (in a subflow): none is made.
                Progress::Http(_) => {
                    execution.complete_http(HttpResult {
                        response: Err("sfdb explore makes no request".into()),
                        elapsed: Duration::ZERO,
                        function: None,
                    });
                }
                Progress::Halted => {
                    let Status::Waiting { widget, .. } = execution.status().clone() else {
                        break;
                    };
                    // A waiting widget of a subflow: answered with a value.
                    let value = self.rng.pick(&self.values).cloned().unwrap_or_default();
                    if widget.is_empty() || !execution.provide_input(Input::Text(value)) {
                        break;
                    }
                }
            }
        }
        Some((execution, choices))
    }

    /// A copy of `base` with one to three visits given another option.
    fn mutate(&mut self, base: &Choices, triggers: &[String]) -> Choices {
        let mut choices = base.clone();
        if self.rng.below(8) == 0 {
            if let Some(t) = self.rng.pick(triggers) {
                choices.trigger = t.clone();
            }
        }
        if !self.moments.is_empty() && self.rng.below(4) == 0 {
            choices.now = self.rng.pick(&self.moments).cloned();
        }
        if !self.context.is_empty() && self.rng.below(4) == 0 {
            let path = self.rng.pick(&self.context).cloned().unwrap_or_default();
            let value = self.value_for(&path);
            choices.set.insert(path, value);
        }
        let names: Vec<String> = choices.visits.keys().cloned().collect();
        for _ in 0..=self.rng.below(3) {
            let Some(name) = self.rng.pick(&names).cloned() else {
                break;
            };
            let Some(widget) = self.flow().widget(&name).cloned() else {
                continue;
            };
            let options = self.options(&widget);
            let Some(option) = self.rng.pick(&options).cloned() else {
                continue;
            };
            let list = choices.visits.entry(name).or_default();
            // Another visit of the same widget, or one more (a loop once more round).
            let k = self.rng.below(list.len() + 1);
            if k == list.len() {
                list.push(option);
            } else {
                list[k] = option;
                // What came after depended on what this visit did: chosen afresh.
                if self.rng.below(2) == 0 {
                    list.truncate(k + 1);
                }
            }
        }
        choices
    }
}

/// Every three hours, and the working hours' edges, on each day of the week that starts at
/// `now`, in its offset; none when no split reads the time.
fn moments(flow: &Flow, now: Option<&str>) -> Vec<String> {
    let reads_time = flow.widgets.iter().any(|w| {
        let input = w.text("input");
        input.contains("now") || input.contains("date")
    });
    let Some(base) = now.and_then(|n| chrono::DateTime::parse_from_rfc3339(n).ok()) else {
        return Vec::new();
    };
    if !reads_time {
        return Vec::new();
    }
    let mut out = Vec::new();
    for day in 0..7 {
        let date = base.date_naive() + chrono::Duration::days(day);
        for hour in [0, 3, 6, 8, 9, 12, 15, 17, 18, 21] {
            let Some(local) = date.and_hms_opt(hour, 30, 0) else {
                continue;
            };
            if let Some(moment) =
                chrono::TimeZone::from_local_datetime(base.offset(), &local).single()
            {
                out.push(moment.to_rfc3339());
            }
        }
    }
    out
}

/// `value` set at `path` in `root`, making objects on the way.
fn set_path(root: &mut Value, path: &[String], value: Value) {
    let mut at = root;
    for (i, key) in path.iter().enumerate() {
        if !at.is_object() {
            *at = json!({});
        }
        let map = at.as_object_mut().expect("made an object");
        if i + 1 == path.len() {
            map.insert(key.clone(), value);
            return;
        }
        at = map.entry(key.clone()).or_insert_with(|| json!({}));
    }
}

/// Searches `document`'s flow for runs that take transitions not in `covered` yet, until
/// every transition is taken or the budget is spent.
pub fn explore(
    document: &Document,
    start: &Start,
    limits: &Limits,
    covered: HashSet<(usize, usize)>,
) -> Explored {
    let flow = &document.flow;
    let mut start = start.clone();
    start.max_steps = limits.max_steps;
    let moments = moments(flow, start.now.as_deref());
    let mut search = Search {
        document,
        start,
        values: words::values(flow),
        asked: words::asked(flow),
        fields: words::parsed_fields(flow),
        context: words::context_paths(flow),
        moments,
        rng: Rng(limits.seed.max(1)),
    };
    let all = coverage::all_in(flow);
    let wanted: HashSet<(usize, usize)> = all.iter().copied().collect();
    let mut covered = covered;
    let mut reached: HashSet<usize> = HashSet::new();
    // The trigger's events that lead somewhere: each a way in.
    let triggers: Vec<String> = flow
        .widget(&flow.initial_state)
        .map(|t| {
            t.transitions
                .iter()
                .filter(|t| t.next.is_some())
                .map(|t| t.event.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut corpus: Vec<Choices> = Vec::new();
    let mut found = Vec::new();
    let started = Instant::now();
    let mut runs = 0;
    let mut queue: Vec<Choices> = triggers
        .iter()
        .map(|t| Choices {
            trigger: t.clone(),
            ..Choices::default()
        })
        .collect();
    while started.elapsed() < limits.budget
        && limits.runs.is_none_or(|most| runs < most)
        && !wanted.is_subset(&covered)
    {
        // The first runs (one per trigger event) seed the search whatever they take: with
        // `--from`, they may take nothing new.
        let (choices, seed) = match queue.pop() {
            Some(c) => (c, true),
            None => match search.rng.pick(&corpus).cloned() {
                Some(base) => (search.mutate(&base, &triggers), false),
                None => break,
            },
        };
        let Some((execution, choices)) = search.run(choices) else {
            break;
        };
        runs += 1;
        for step in execution.steps() {
            if let Some(w) = flow.index_of(&step.transitioned_from) {
                reached.insert(w);
            }
        }
        let mut new: Vec<(usize, usize)> = Vec::new();
        for taken in coverage::taken_in(flow, execution.steps()) {
            if covered.insert(taken) {
                new.push(taken);
            }
        }
        if new.is_empty() {
            if seed {
                corpus.push(choices);
            }
        } else {
            found.push(Found {
                execution,
                set: choices.set.clone(),
                new,
            });
            corpus.push(choices);
        }
    }
    Explored {
        found,
        all,
        covered,
        runs,
        elapsed: started.elapsed(),
        reached,
    }
}

/// Why a transition was not reached, as far as can be told.
pub fn why_not(flow: &Flow, explored: &Explored, (w, t): (usize, usize)) -> String {
    let widget = &flow.widgets[w];
    if !explored.reached.contains(&w) {
        return if flow.graph().sources(w).is_empty() && w != 0 {
            "unreachable: nothing leads to the widget".into()
        } else {
            "the widget was never reached".into()
        };
    }
    let input = widget.text("input");
    if widget.kind == crate::flow::WidgetKind::SplitBasedOn {
        if input.contains("now") || input.contains("date") {
            return format!("condition on {input:?}, which depends on \"now\"; run with --now");
        }
        if input.contains("flow.variables") && !input.contains("flow.data") {
            return format!("condition on {input:?}, which only the flow's own steps set");
        }
        let transition = &widget.transitions[t];
        if let Some(c) = transition.conditions.first() {
            return format!(
                "condition {} {:?} on {input:?} not met by any value tried",
                c.kind, c.value
            );
        }
    }
    "not reached within the budget".into()
}
