//! Any text as a template of Studio's Liquid: rendering it never panics, aborts or runs away
//! (the render's budget and nesting bound hold), against a context like a real step's.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "contained.rs"]
mod contained;
use sfdb::liquid::Liquid;

fuzz_target!(|template: &str| {
    contained::panics();
    let data = serde_json::json!({
        "flow": {"variables": {"count": 2, "name": "Ada"}, "data": {"items": [1, "two", null]}},
        "trigger": {"message": {"Body": "88231", "From": "+15550100"}},
        "widgets": {"get_order": {"status_code": 200, "parsed": {"items": [{"sku": "A"}]}}}
    });
    LIQUID.with(|liquid| {
        let _ = liquid.render(template, &data);
    });
});

thread_local! {
    // Built once: it compiles the dialect's rewrite patterns.
    static LIQUID: Liquid = Liquid::new();
}
