//! `flow.*`, with `flow.variables` kept apart from the rest: Set Variables writes it at nearly
//! every step, and history shares the rest (`flow.data` can be large) instead of copying it.

use std::sync::Arc;

use liquid_core::model::{DisplayCow, KStringCow, ObjectView, State, Value as LValue, ValueView};
use serde_json::{Map, Value};

use crate::liquid::{to_liquid, JsonView};

const VARIABLES: &str = "variables";

#[derive(Debug, Clone, PartialEq)]
pub(super) struct FlowSection {
    /// `flow_sid`, `sid`, `channel`, `data`: an object.
    base: Arc<Value>,
    /// `flow.variables`: an object.
    variables: Arc<Value>,
}

impl FlowSection {
    pub fn new(base: Value) -> FlowSection {
        FlowSection {
            base: Arc::new(base),
            variables: Arc::new(Value::Object(Map::new())),
        }
    }

    /// The section as one JSON object, `variables` last as Studio lists it.
    pub fn to_value(&self) -> Value {
        let mut value = (*self.base).clone();
        if let Some(object) = value.as_object_mut() {
            object.insert(VARIABLES.into(), (*self.variables).clone());
        }
        value
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        if key == VARIABLES {
            Some(&self.variables)
        } else {
            self.base.get(key)
        }
    }

    pub fn base_mut(&mut self) -> &mut Value {
        Arc::make_mut(&mut self.base)
    }

    pub fn variables_mut(&mut self) -> &mut Value {
        Arc::make_mut(&mut self.variables)
    }

    pub fn set_variables(&mut self, value: Value) -> Result<(), String> {
        if !value.is_object() {
            return Err("flow.variables must be an object".into());
        }
        self.variables = Arc::new(value);
        Ok(())
    }

    pub fn set_variable(&mut self, key: &str, value: Value) {
        if let Some(variables) = self.variables_mut().as_object_mut() {
            // Most steps overwrite a variable that exists: no new key to allocate.
            match variables.get_mut(key) {
                Some(slot) => *slot = value,
                None => {
                    variables.insert(key.to_string(), value);
                }
            }
        }
    }

    fn base_keys(&self) -> impl Iterator<Item = &String> {
        self.base
            .as_object()
            .into_iter()
            .flat_map(|o| o.keys())
            .filter(|k| *k != VARIABLES)
    }
}

object_value_view!(FlowSection, |_| false);

impl ObjectView for FlowSection {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        self.base_keys().count() as i64 + 1
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        Box::new(
            self.base_keys()
                .map(|k| KStringCow::from_ref(k))
                .chain(std::iter::once(KStringCow::from_static(VARIABLES))),
        )
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(self.iter().map(|(_, v)| v))
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        Box::new(self.keys().filter_map(|k| {
            let value = self.get(k.as_str())?;
            Some((k, JsonView::new(value) as &dyn ValueView))
        }))
    }
    fn contains_key(&self, index: &str) -> bool {
        FlowSection::get(self, index).is_some()
    }
    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        FlowSection::get(self, index).map(|v| JsonView::new(v) as &dyn ValueView)
    }
}
