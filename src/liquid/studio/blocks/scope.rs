//! The variables a loop adds for one iteration: the loop variable, read in place from the
//! collection (so JSON items keep their key order and render as JSON), and the `forloop` or
//! `tablerowloop` helper.

use std::fmt;

use liquid_core::model::{DisplayCow, KString, KStringCow, ObjectView, State, Value, ValueView};

/// One item of a loop's collection: borrowed from it, or built (a hash's `[key, value]` pair).
pub enum Item<'v> {
    View(&'v dyn ValueView),
    Owned(Value),
}

impl Item<'_> {
    pub fn as_view(&self) -> &dyn ValueView {
        match self {
            Item::View(v) => *v,
            Item::Owned(v) => v,
        }
    }
}

pub struct LoopScope<'a> {
    pub variable: &'a KString,
    pub item: &'a dyn ValueView,
    pub helper_name: &'static str,
    pub helper: Value,
}

impl fmt::Debug for LoopScope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} and {}", self.variable, self.helper_name)
    }
}

impl ValueView for LoopScope<'_> {
    fn as_debug(&self) -> &dyn fmt::Debug {
        self
    }

    fn render(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(self.to_value().render().to_string()))
    }

    fn source(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(self.to_value().source().to_string()))
    }

    fn type_name(&self) -> &'static str {
        "object"
    }

    fn query_state(&self, state: State) -> bool {
        matches!(state, State::Truthy)
    }

    fn to_kstr(&self) -> KStringCow<'_> {
        self.render().to_string().into()
    }

    fn to_value(&self) -> Value {
        let mut object = liquid_core::model::Object::new();
        object.insert(self.variable.clone(), self.item.to_value());
        object.insert(self.helper_name.into(), self.helper.clone());
        Value::Object(object)
    }

    fn as_object(&self) -> Option<&dyn ObjectView> {
        Some(self)
    }
}

impl ObjectView for LoopScope<'_> {
    fn as_value(&self) -> &dyn ValueView {
        self
    }

    fn size(&self) -> i64 {
        2
    }

    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        Box::new(
            [
                KStringCow::from_ref(self.variable.as_str()),
                KStringCow::from_static(self.helper_name),
            ]
            .into_iter(),
        )
    }

    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new([self.item, &self.helper as &dyn ValueView].into_iter())
    }

    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        Box::new(self.keys().zip(self.values()))
    }

    fn contains_key(&self, index: &str) -> bool {
        index == self.variable.as_str() || index == self.helper_name
    }

    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        if index == self.variable.as_str() {
            Some(self.item)
        } else if index == self.helper_name {
            Some(&self.helper)
        } else {
            None
        }
    }
}

/// The counters every loop helper has, for iteration `i` (0-based) of `length`.
pub fn counters(i: usize, length: usize) -> liquid_core::model::Object {
    let mut object = liquid_core::model::Object::new();
    let n = |v: usize| Value::scalar(v as i64);
    object.insert("length".into(), n(length));
    object.insert("index".into(), n(i + 1));
    object.insert("index0".into(), n(i));
    object.insert("rindex".into(), n(length - i));
    object.insert("rindex0".into(), n(length - i - 1));
    object.insert("first".into(), Value::scalar(i == 0));
    object.insert("last".into(), Value::scalar(i + 1 == length));
    object
}
