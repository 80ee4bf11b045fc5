//! Interface text in Chinese (default) and English: the engine's `tr`, shared with the editor module.

pub use kaohe_core::tr;
