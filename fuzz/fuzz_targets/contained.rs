//! The `liquid` crate panics on some templates; sfdb catches those panics and reports a Liquid
//! error instead (`sfdb::liquid::panic_is_contained`). libFuzzer's panic hook aborts on every
//! panic, caught or not, so the targets let the contained ones pass and hand the rest on.

use std::sync::Once;

pub fn panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let fuzzer = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !sfdb::liquid::panic_is_contained() {
                fuzzer(info);
            }
        }));
    });
}
