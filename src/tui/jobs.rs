//! Background work, in one shape: a [`Job`] is spawned on its own thread, polled on the
//! loop's `Tick` (or right after an input), and cancelled by dropping it. The UI thread
//! never sleeps, and waits on the disk only when the user deletes a note: the palette's
//! index, search everywhere, loading the library and the notes database's reads of a report's
//! notes, note and draft writes and change polls all run here.

use super::app::App;
use super::notebook::{place, write_note, Placed, Target};
use super::popup::Popup;
use crate::library::{Library, Loading};
use crate::note::{Note, Store};
use crate::palette::PaletteIndex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Work running on another thread that sends results of type `T` as it finds them.
pub struct Job<T> {
    results: Receiver<T>,
    cancel: Arc<AtomicBool>,
    finished: bool,
}

/// What a job's work gets: whether to stop, and where to send results (`false` back means
/// nobody is listening any more).
pub struct Worker<T> {
    cancel: Arc<AtomicBool>,
    results: Sender<T>,
}

impl<T> Worker<T> {
    /// Has the job been dropped (a newer query replaced it, or its popup closed)?
    pub fn cancelled(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Send one result; false when nobody wants more.
    pub fn send(&self, item: T) -> bool {
        self.results.send(item).is_ok() && !self.cancel.load(Ordering::Relaxed)
    }
}

impl<T: Send + 'static> Job<T> {
    /// Run `work` on a new thread named `name`. Without a thread to be had, it runs here and
    /// the caller waits once.
    pub fn spawn(name: &str, work: impl FnOnce(Worker<T>) + Send + 'static) -> Job<T> {
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let worker = Worker {
            cancel: Arc::clone(&cancel),
            results: tx,
        };
        // Shared so that the work can be taken back if the thread cannot be started.
        let task = Arc::new(Mutex::new(Some((work, worker))));
        let theirs = Arc::clone(&task);
        let spawned = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || run(&theirs));
        if spawned.is_err() {
            run(&task);
        }
        Job {
            results: rx,
            cancel,
            finished: false,
        }
    }

    /// The results sent since the last poll.
    pub fn poll(&mut self) -> Vec<T> {
        let mut out = Vec::new();
        loop {
            match self.results.try_recv() {
                Ok(item) => out.push(item),
                Err(TryRecvError::Empty) => return out,
                Err(TryRecvError::Disconnected) => {
                    self.finished = true;
                    return out;
                }
            }
        }
    }

    /// Wait for the next result (for a job whose result the user is already waiting for).
    pub fn wait(&mut self) -> Option<T> {
        let item = self.results.recv().ok();
        if item.is_none() {
            self.finished = true;
        }
        item
    }

    /// Has the work ended and every result been polled?
    pub fn is_finished(&self) -> bool {
        self.finished
    }
}

/// Take the work out of `task` and do it (once, whoever gets there).
fn run<T, F: FnOnce(Worker<T>)>(task: &Mutex<Option<(F, Worker<T>)>>) {
    let taken = task.lock().ok().and_then(|mut t| t.take());
    if let Some((work, worker)) = taken {
        work(worker);
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// What the notes database thread is asked to do.
enum NotesTask {
    /// Save a draft.
    SaveDraft { key: String, text: String },
    /// Forget a draft (after its note was saved or discarded), then say so.
    ClearDraft { key: String, done: Sender<()> },
    /// Save a note, then forget its draft.
    Save { target: Target, body: String },
    /// Read and place the notes of a report, for the UI's read `generation`.
    Load {
        library: Arc<Library>,
        report: usize,
        generation: u64,
    },
}

/// The notes database off the UI thread: reading a report's notes when it opens, saving
/// notes, draft saves while typing, and looking for notes other processes wrote. It has its
/// own connection, so drafts are written in the order they were typed and a saved note's
/// draft is cleared after them.
pub struct NotesJob {
    tasks: Option<Sender<NotesTask>>,
    changed: Arc<AtomicBool>,
    loaded: Receiver<(u64, Option<Vec<Placed>>)>,
    saved: Receiver<Result<Note, String>>,
    thread: Option<JoinHandle<()>>,
}

/// How often to look for notes written by other processes.
const POLL: Duration = Duration::from_millis(700);

impl NotesJob {
    /// Start the thread on a second connection to `store`, for `author`; `None` if it
    /// cannot be had (drafts are then written on the caller's connection).
    pub fn start(store: &Store, author: String) -> Option<NotesJob> {
        let mut store = store.connect_again().ok()?;
        let (tx, rx) = mpsc::channel();
        let (send_loaded, loaded) = mpsc::channel();
        let (send_saved, saved) = mpsc::channel();
        let changed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&changed);
        let thread = std::thread::Builder::new()
            .name("notes".into())
            .spawn(move || {
                let mut version = store.data_version().unwrap_or(-1);
                let mut pending = None;
                loop {
                    let task = match pending.take() {
                        Some(task) => Ok(task),
                        None => rx.recv_timeout(POLL),
                    };
                    match task {
                        // A failed draft write loses at most the last keystrokes, and the
                        // editor still has them; nothing to tell the user mid-sentence.
                        Ok(NotesTask::SaveDraft { key, mut text }) => {
                            // The editor queues a save per edit; of a run of saves waiting
                            // here only the newest text is written.
                            while let Ok(next) = rx.try_recv() {
                                match next {
                                    NotesTask::SaveDraft { key: k, text: t } if k == key => {
                                        text = t
                                    }
                                    other => {
                                        pending = Some(other);
                                        break;
                                    }
                                }
                            }
                            let _ = store.save_draft(&author, &key, &text);
                        }
                        Ok(NotesTask::Save { target, body }) => {
                            let _ = send_saved.send(write_note(&mut store, &author, &target, body));
                        }
                        Ok(NotesTask::Load {
                            library,
                            report,
                            generation,
                        }) => {
                            // A failed read (`None`) keeps what the reader shows; the next
                            // change tries again.
                            let placed = place(&store, &library.report(report)).ok();
                            let _ = send_loaded.send((generation, placed));
                        }
                        Ok(NotesTask::ClearDraft { key, done }) => {
                            let _ = store.clear_draft(&author, &key);
                            let _ = done.send(());
                        }
                        Err(RecvTimeoutError::Timeout) => {
                            let now = store.data_version().unwrap_or(version);
                            if now != version {
                                version = now;
                                flag.store(true, Ordering::Relaxed);
                            }
                        }
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .ok()?;
        Some(NotesJob {
            tasks: Some(tx),
            changed,
            loaded,
            saved,
            thread: Some(thread),
        })
    }

    /// Queue a draft save.
    pub fn save_draft(&self, key: String, text: String) {
        self.send(NotesTask::SaveDraft { key, text });
    }

    /// Forget a draft after the drafts queued before it, and wait until it is gone: the
    /// note it was for is saved (or discarded) by then, and a draft left behind would be
    /// offered back next time.
    pub fn clear_draft(&self, key: String) {
        let (done, gone) = mpsc::channel();
        self.send(NotesTask::ClearDraft { key, done });
        let _ = gone.recv();
    }

    fn send(&self, task: NotesTask) {
        if let Some(tx) = &self.tasks {
            let _ = tx.send(task);
        }
    }

    /// Queue saving a note (after the drafts queued before it); its outcome comes back from
    /// [`NotesJob::take_saved`].
    pub fn save(&self, target: Target, body: String) {
        self.send(NotesTask::Save { target, body });
    }

    /// The outcome of a save, once the note is written (or could not be).
    pub fn take_saved(&self) -> Option<Result<Note, String>> {
        self.saved.try_recv().ok()
    }

    /// Ask for report `report`'s notes to be read and placed.
    pub fn load(&self, library: Arc<Library>, report: usize, generation: u64) {
        self.send(NotesTask::Load {
            library,
            report,
            generation,
        });
    }

    /// The newest notes read since the last call (`None`: the read failed), with the
    /// generation asked for.
    pub fn take_loaded(&self) -> Option<(u64, Option<Vec<Placed>>)> {
        self.loaded.try_iter().last()
    }

    /// Did another process write notes since this was last asked?
    pub fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::Relaxed)
    }
}

impl Drop for NotesJob {
    /// Wait for the queued drafts to be written: a session ending must not lose the last
    /// keystrokes, nor let an old draft land after a newer one.
    fn drop(&mut self) {
        self.tasks = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Up to this many reports the palette's candidates are built as soon as the reader is idle,
/// and opening the palette waits for them rather than showing it empty for a moment (building
/// them takes well under a second). Larger libraries build them when the palette first opens,
/// in the background, because the index costs memory (about 80 KB a report).
pub const SMALL_LIBRARY: usize = 200;

impl App {
    /// Start with the library loading in the background: the first frame shows at once, the
    /// status line shows progress, and the reports fill in when it is done.
    pub fn start_loading(&mut self, loading: Loading) {
        self.loading = Some(loading);
    }

    /// Take the loading library back, to wait for it elsewhere (a benchmark's first frame).
    pub fn take_loading(&mut self) -> Option<Loading> {
        self.loading.take()
    }

    /// `(done, total)` while the library loads.
    pub fn loading_progress(&self) -> Option<(usize, usize)> {
        self.loading.as_ref().map(Loading::progress)
    }

    /// Is any background job running whose progress or result the screen shows?
    pub fn busy(&self) -> bool {
        self.loading.is_some()
            || self.notes.busy()
            || self.palette_building()
            || matches!(&self.popup, Some(Popup::Everywhere(e)) if e.searching())
    }

    /// Take what the background jobs have done since the last look.
    pub(super) fn poll_jobs(&mut self) {
        if self.loading.as_ref().is_some_and(Loading::is_finished) {
            if let Some(loading) = self.loading.take() {
                let (library, _) = loading.finish();
                self.set_library(Arc::new(library));
            }
        }
        if self.loading.is_none() && self.library.len() <= SMALL_LIBRARY {
            self.start_palette_build();
        }
        if self.collect_palette(false) {
            self.requery();
        }
        if self.loading.is_none() {
            self.start_report_index();
            self.collect_report_index(false);
        }
        self.prepare_likely();
        self.compare_highlighted();
        if let Some(view) = self.view_build.as_mut().and_then(|j| j.poll().pop()) {
            self.view_build = None;
            if self.popup.is_none() {
                self.popup = Some(view);
                self.message = None;
            }
        }
        if let Some(Popup::Everywhere(e)) = &mut self.popup {
            e.drain();
        }
    }

    /// Drop the palette's candidates (and any build under way) after the reports or topics
    /// changed; they are built again when needed.
    pub(super) fn forget_palette(&mut self) {
        self.palette = None;
        self.palette_build = None;
    }

    /// Start building the palette's candidates in the background, unless they are built or
    /// being built.
    pub(super) fn start_palette_build(&mut self) {
        if self.palette.is_some() || self.palette_build.is_some() {
            return;
        }
        let library = Arc::clone(&self.library);
        let topics = Arc::clone(&self.topics);
        self.palette_build = Some(Job::spawn("palette-index", move |worker| {
            worker.send(PaletteIndex::build_chunked(
                library.len(),
                |r| library.chunk(r),
                &topics,
            ));
        }));
    }

    /// Take the palette's candidates once the background build is done (or, with `wait`,
    /// wait for it). True when they just arrived.
    pub(super) fn collect_palette(&mut self, wait: bool) -> bool {
        let Some(job) = &mut self.palette_build else {
            return false;
        };
        let index = if wait { job.wait() } else { job.poll().pop() };
        match index {
            Some(index) => {
                self.palette = Some(Arc::new(index));
                self.palette_build = None;
                true
            }
            None => {
                // Building only reads the reports; a build that ended without sending its
                // index panicked, which is a bug: pass it on, as a join would.
                assert!(!job.is_finished(), "building the palette's index failed");
                false
            }
        }
    }

    /// Use candidates built elsewhere for these reports and topics (a server builds them once
    /// for all its sessions).
    pub fn share_palette(&mut self, index: Arc<PaletteIndex>) {
        self.palette_build = None;
        self.palette = Some(index);
    }

    /// True while the palette's candidates are being built.
    pub fn palette_building(&self) -> bool {
        self.palette.is_none() && self.palette_build.is_some()
    }
}
