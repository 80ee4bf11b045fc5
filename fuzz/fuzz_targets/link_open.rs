//! Any bytes as a share link: opening it gives a scenario or a reason, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = kaohe_core::link::open(text);
        let _ = kaohe_core::link::open(&format!("k1-p.demo-2023.{text}"));
    }
});
