//! Runs a goal seek (kaohe_core::seek::Seeker) off the keystroke path: a slice of about 12 ms of
//! work, then back to the browser (timers, input, painting), until it is done or cancelled.
//! Progress and the answer reach the reducer as actions.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use kaohe_core::scenario::Scenario;
use kaohe_core::seek::{FieldSet, Seeker, Target};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::Callback;

use crate::state::{Action, SeekAnswer};

thread_local! {
    /// The run allowed to go on: starting another or cancelling bumps it, and older runs stop.
    static CURRENT: Cell<u64> = const { Cell::new(0) };
}

/// How long one slice of work may take before the browser gets the thread back.
const SLICE_MS: f64 = 12.0;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Stops the goal seek under way, if any.
pub fn cancel() {
    CURRENT.with(|c| c.set(c.get() + 1));
}

/// Starts a goal seek for `unit` of the scenario; `dispatch` receives SeekProgress and, at the end,
/// SeekDone (with the scenario it answers, so that a later edit marks it out of date).
pub fn start(scenario: Rc<Scenario>, unit: String, target: String, all: bool, dispatch: Callback<Action>) {
    cancel();
    let run = CURRENT.with(Cell::get);
    let fields = if all { FieldSet::All } else { FieldSet::Own };
    let seeker = target
        .parse::<Target>()
        .and_then(|t| Seeker::new(Arc::new(scenario.document().clone()), &unit, &t, fields));
    let seeker = match seeker {
        Ok(s) => s,
        Err(e) => {
            dispatch.emit(Action::SeekDone(Rc::new(SeekAnswer { scenario, result: Err(e) })));
            return;
        }
    };
    dispatch.emit(Action::SeekProgress(seeker.progress()));
    let job = Rc::new(RefCell::new(Some(seeker)));
    slice(job, run, scenario, dispatch);
}

/// One slice of work, then the next one after the browser had its turn.
fn slice(job: Rc<RefCell<Option<Seeker>>>, run: u64, scenario: Rc<Scenario>, dispatch: Callback<Action>) {
    if CURRENT.with(Cell::get) != run {
        return;
    }
    let start = now();
    let done = {
        let mut guard = job.borrow_mut();
        let Some(seeker) = guard.as_mut() else { return };
        let mut done = false;
        while !done && now() - start < SLICE_MS {
            done = seeker.step();
        }
        if !done {
            dispatch.emit(Action::SeekProgress(seeker.progress()));
        }
        done
    };
    if done {
        if let Some(seeker) = job.borrow_mut().take() {
            dispatch.emit(Action::SeekDone(Rc::new(SeekAnswer { scenario, result: Ok(seeker.finish()) })));
        }
        return;
    }
    let Some(w) = web_sys::window() else { return };
    let next = Closure::once_into_js(move || slice(job, run, scenario, dispatch));
    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0);
}
