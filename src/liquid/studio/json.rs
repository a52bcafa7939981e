//! `to_json` (what Twilio's Send to Flex page tells users to write for task attributes) and
//! Shopify's `json`: the input as compact JSON, objects with their keys in their order.

use liquid_core::model::{Value, ValueView};

use super::{Args, Simple};
use crate::liquid::from_liquid;

fn to_json(input: &dyn ValueView, _: &Args) -> Result<Value, String> {
    Ok(Value::scalar(from_liquid(input).to_string()))
}

pub fn filters() -> Vec<Simple> {
    vec![
        Simple {
            name: "to_json",
            description: "The value as compact JSON.",
            arity: (0, 0),
            run: to_json,
        },
        Simple {
            name: "json",
            description: "The value as compact JSON (Shopify's name).",
            arity: (0, 0),
            run: to_json,
        },
    ]
}
