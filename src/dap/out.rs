//! What the adapter sends: responses and events, numbered, handed to the thread that writes
//! them (so a slow client never holds up the execution).

use std::sync::mpsc::Sender;

use serde_json::{json, Value};

pub struct Out {
    seq: i64,
    tx: Sender<Value>,
    /// Events said while a request is handled, sent after its response (a `stopped` from
    /// `stepBack` must follow the response, as the protocol has it).
    held: Option<Vec<Value>>,
}

impl Out {
    pub fn new(tx: Sender<Value>) -> Out {
        Out {
            seq: 0,
            tx,
            held: None,
        }
    }

    fn send(&mut self, mut message: Value) {
        if let Some(held) = &mut self.held {
            if message["type"] == "event" {
                held.push(message);
                return;
            }
        }
        self.seq += 1;
        message["seq"] = json!(self.seq);
        // The writer is gone only when the client is: nothing left to tell.
        let _ = self.tx.send(message);
    }

    /// Holds events until [`Out::release`].
    pub fn hold(&mut self) {
        self.held.get_or_insert_with(Vec::new);
    }

    /// Sends the events held.
    pub fn release(&mut self) {
        for message in self.held.take().unwrap_or_default() {
            self.send(message);
        }
    }

    pub fn respond(&mut self, request: &Value, body: Value) {
        self.send(json!({
            "type": "response",
            "request_seq": request["seq"],
            "command": request["command"],
            "success": true,
            "body": body,
        }));
    }

    pub fn fail(&mut self, request: &Value, why: &str) {
        self.send(json!({
            "type": "response",
            "request_seq": request["seq"],
            "command": request["command"],
            "success": false,
            "message": why,
            "body": {"error": {"id": 1, "format": why, "showUser": true}},
        }));
    }

    pub fn event(&mut self, name: &str, body: Value) {
        self.send(json!({"type": "event", "event": name, "body": body}));
    }

    /// A line for the debug console; text from flows and servers shows its control
    /// characters.
    pub fn output(&mut self, category: &str, text: &str) {
        let text = format!("{}\n", crate::mask::visible(text));
        self.event("output", json!({"category": category, "output": text}));
    }
}
