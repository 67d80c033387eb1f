//! The employee fetch ([`Client::employees`] and its variants): a window
//! of up to `concurrency` page requests in flight, kept full by as many
//! workers, each of which asks for the next page the moment its last one
//! is in (not once the fetch has got round to counting it).
//!
//! The window opens before the first page answers: pages 2 to
//! `concurrency` are asked for beside page 1, because the token and page 1
//! one after the other would otherwise cost a whole round in which nothing
//! else runs. Until a page is known to exist (page 1 reported a total that
//! covers it, or the page before it said `hasMore`) it is *ahead*: its
//! answer is kept but not counted, and a transient failure (429, 5xx,
//! broken body) waits until the page is known to exist before it spends a
//! retry from the fetch's budget or waits out a `Retry-After`. Pages past
//! the end are dropped with the window (their requests are aborted), never
//! counted in progress and never reported as errors. Every request sent,
//! ahead or not, counts in [`Client::requests_sent`].
//!
//! Invariant: at most `concurrency` page requests are in flight, and at
//! most `concurrency - 1` pages are asked for past the last page known to
//! exist (so a fetch asks for at most that many past the end).
//! Invariant: progress counts only pages known to exist.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use super::client::{
    offset_of, or_cancel, Client, EmployeeList, PageTries, Shape, Tries, MAX_PAGES, PAGE_SIZE,
};
use super::keep::Keep;
use super::wire::{Employee, EmployeePage, PageRecord, Slots};
use super::{Progress, TriNetError};
use crate::net::retry::RetryBudget;
use crate::net::CancelToken;

impl Client {
    /// Every employee of the company.
    ///
    /// Pages 1 to `concurrency` are asked for at once; the first page
    /// tells whether there is more and, maybe, the total. With a total
    /// that is believable (more than the first page holds), the remaining
    /// pages are fetched `concurrency` at a time, a new one started as one
    /// finishes; without one, pages are taken in order while `hasMore`,
    /// the window still asking ahead. If pages still say `hasMore` after
    /// the counted ones (the total was low), paging goes on that way.
    /// Pages asked for ahead that turn out past the end are dropped, never
    /// counted. `progress` is called after every page that exists, on the
    /// caller's task. Any failure or cancellation drops everything read.
    pub async fn employees<P>(
        &self,
        cancel: &CancelToken,
        progress: P,
    ) -> Result<EmployeeList, TriNetError>
    where
        P: FnMut(Progress) + Send,
    {
        let unchanged: Shape<Employee, Employee> = Arc::new(|records| records);
        self.fetch(cancel, progress, None, unchanged).await
    }

    /// Every employee record whole, as [`Client::employees`] fetches
    /// them; each page's records are handed to `shape` as the page arrives
    /// (in the page's own task), and the list holds what it makes of them,
    /// one for one.
    pub async fn employee_values<T, P>(
        &self,
        cancel: &CancelToken,
        progress: P,
        shape: impl Fn(Vec<serde_json::Value>) -> Vec<T> + Send + Sync + 'static,
    ) -> Result<EmployeeList<T>, TriNetError>
    where
        T: Send + 'static,
        P: FnMut(Progress) + Send,
    {
        self.fetch(cancel, progress, None, Arc::new(shape)).await
    }

    /// Every employee record, as [`Client::employees`] fetches them, each
    /// read into a table of `slots` places as `record`'s slots say (what a
    /// mapping reads): the rest of each record is skipped by the parser,
    /// never built. Each page's records are handed to `shape` as the page
    /// arrives (in the page's own task, beside the other pages in flight),
    /// and the list holds what it makes of them, one for one.
    pub async fn employee_records<T, P>(
        &self,
        cancel: &CancelToken,
        progress: P,
        (record, slots): (&Keep, usize),
        shape: impl Fn(Vec<Slots>) -> Vec<T> + Send + Sync + 'static,
    ) -> Result<EmployeeList<T>, TriNetError>
    where
        T: Send + 'static,
        P: FnMut(Progress) + Send,
    {
        let page = Arc::new(Keep::tabled_page(record, slots));
        self.fetch(cancel, progress, Some(page), Arc::new(shape))
            .await
    }

    async fn fetch<R: PageRecord, T: Send + 'static, P>(
        &self,
        cancel: &CancelToken,
        mut progress: P,
        keep: Option<Arc<Keep>>,
        shape: Shape<R, T>,
    ) -> Result<EmployeeList<T>, TriNetError>
    where
        P: FnMut(Progress) + Send,
    {
        let started = Instant::now();
        let requests_before = self.requests_sent();
        let budget = Arc::new(RetryBudget::for_fetch(&self.config().retry));
        // Pages 2 to `concurrency` are asked for beside page 1 (see `paging`).
        let limit = self.config().concurrency;
        let mut window = Window::open(self, cancel, budget, (keep, shape), limit);
        let first = window.take(1).await?;
        let total_reported = first.total;
        let expected = match first.total {
            _ if !first.has_more => Some(1),
            Some(total) if total > first.employees.len() as u64 => {
                Some(total.div_ceil(PAGE_SIZE).clamp(1, MAX_PAGES) as usize)
            }
            // No total, or one that only counts this page.
            _ => None,
        };
        let mut received = first.employees.len();
        let mut has_more = first.has_more;
        let mut pages: Vec<Vec<T>> = vec![first.employees];
        progress(Progress {
            pages_done: 1,
            pages_expected: expected,
            employees_received: received,
        });

        if let Some(count) = expected.filter(|&n| has_more && n > 1) {
            has_more = window
                .counted(count, &mut pages, &mut received, &mut progress)
                .await?;
        }
        if has_more {
            window
                .while_more(&mut pages, &mut received, &mut progress)
                .await?;
        }
        // Pages asked for ahead that turned out past the end stop here.
        drop(window);

        let page_count = pages.len();
        let employees: Vec<T> = pages.into_iter().flatten().collect();
        if total_reported.is_some_and(|t| t != employees.len() as u64) {
            tracing::warn!(reported = ?total_reported, received = employees.len(), "employee count differs from employeesTotal");
        }
        tracing::info!(
            company = %self.company_id(),
            employees = employees.len(),
            pages = page_count,
            requests = self.requests_sent() - requests_before,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "fetched TriNet employees"
        );
        Ok(EmployeeList {
            employees,
            total_reported,
            pages: page_count,
        })
    }
}

type Finished<T> = (usize, Result<EmployeePage<T>, TriNetError>);

/// Which pages the window's workers may take: the next one, while it is
/// not past `upto`.
struct Claims {
    next: usize,
    upto: usize,
    workers: usize,
}

/// What a worker needs: it asks for the next page the moment its last one
/// is in, until none may be started, and hands each page to the window.
struct Worker<R, T> {
    client: Client,
    cancel: CancelToken,
    budget: Arc<RetryBudget>,
    keep: Option<Arc<Keep>>,
    shape: Shape<R, T>,
    known: watch::Receiver<usize>,
    claims: Arc<Mutex<Claims>>,
    finished: mpsc::UnboundedSender<Finished<T>>,
}

impl<R: PageRecord, T: Send + 'static> Worker<R, T> {
    async fn run(self) {
        loop {
            let page_no = {
                let mut claims = self.claims.lock().unwrap_or_else(|e| e.into_inner());
                if claims.next > claims.upto {
                    // Under the lock, so `fill` either sees this worker
                    // gone or this worker sees `fill`'s new `upto`.
                    claims.workers -= 1;
                    return;
                }
                claims.next += 1;
                claims.next - 1
            };
            let tries = PageTries {
                budget: self.budget.clone(),
                page_no,
                known: self.known.clone(),
            };
            let page = self
                .client
                .page::<R>(
                    offset_of(page_no),
                    &self.cancel,
                    Tries::InFetch(&tries),
                    self.keep.as_deref(),
                )
                .await
                .map(|page| page.shaped(&*self.shape));
            if self.finished.send((page_no, page)).is_err() {
                return;
            }
        }
    }
}

/// The page requests of one fetch. Dropping it aborts those in flight.
pub(super) struct Window<R, T> {
    client: Client,
    cancel: CancelToken,
    budget: Arc<RetryBudget>,
    keep: Option<Arc<Keep>>,
    shape: Shape<R, T>,
    limit: usize,
    /// Highest page the window may start (`MAX_PAGES` until a count is known).
    last: usize,
    claims: Arc<Mutex<Claims>>,
    workers: JoinSet<()>,
    finished_tx: mpsc::UnboundedSender<Finished<T>>,
    finished: mpsc::UnboundedReceiver<Finished<T>>,
    /// Answers not yet taken, by page number.
    done: BTreeMap<usize, Result<EmployeePage<T>, TriNetError>>,
    /// Pages known to exist: 1 to this.
    known: watch::Sender<usize>,
    /// Pages that added their share to the retry budget: 1 to this.
    shared: usize,
}

impl<R: PageRecord, T: Send + 'static> Window<R, T> {
    /// A window of `limit` requests with pages 1 to `limit` started.
    pub(super) fn open(
        client: &Client,
        cancel: &CancelToken,
        budget: Arc<RetryBudget>,
        (keep, shape): (Option<Arc<Keep>>, Shape<R, T>),
        limit: usize,
    ) -> Self {
        let (finished_tx, finished) = mpsc::unbounded_channel();
        let mut window = Self {
            client: client.clone(),
            cancel: cancel.clone(),
            budget,
            keep,
            shape,
            limit: limit.max(1),
            last: MAX_PAGES as usize,
            claims: Arc::new(Mutex::new(Claims {
                next: 1,
                upto: 0,
                workers: 0,
            })),
            workers: JoinSet::new(),
            finished_tx,
            finished,
            done: BTreeMap::new(),
            known: watch::Sender::new(1),
            shared: 0,
        };
        window.fill();
        window
    }

    /// Lets pages start up to `last` or to `limit - 1` past the last page
    /// known to exist, whichever is lower, and starts workers (up to
    /// `limit`) while there are pages for them.
    fn fill(&mut self) {
        let upto = (*self.known.borrow() + self.limit - 1).min(self.last);
        let mut claims = self.claims.lock().unwrap_or_else(|e| e.into_inner());
        claims.upto = upto;
        let idle = upto.saturating_sub(claims.next - 1);
        let wanted = self.limit.min(claims.workers + idle);
        while claims.workers < wanted {
            claims.workers += 1;
            let worker = Worker {
                client: self.client.clone(),
                cancel: self.cancel.clone(),
                budget: self.budget.clone(),
                keep: self.keep.clone(),
                shape: self.shape.clone(),
                known: self.known.subscribe(),
                claims: self.claims.clone(),
                finished: self.finished_tx.clone(),
            };
            self.workers.spawn(worker.run());
        }
        drop(claims);
        self.share();
    }

    /// Pages 1 to `pages` exist: their retries may go ahead.
    fn exist(&mut self, pages: usize) {
        self.known.send_if_modified(|known| {
            let more = pages > *known;
            *known = (*known).max(pages);
            more
        });
        self.share();
    }

    /// Every page known to exist that may start adds its share to the
    /// budget, once.
    fn share(&mut self) {
        let upto = (*self.known.borrow()).min(self.last);
        while self.shared < upto {
            self.budget.add_page();
            self.shared += 1;
        }
    }

    /// Waits for the next page to finish; `false` when none is in flight.
    async fn join_one(&mut self) -> Result<bool, TriNetError> {
        loop {
            let (finished, workers) = (&mut self.finished, &mut self.workers);
            let next = or_cancel(&self.cancel, async move {
                tokio::select! {
                    biased;
                    page = finished.recv() => Ok(page),
                    joined = workers.join_next() => Err(joined),
                }
            })
            .await?;
            match next {
                Ok(Some((page_no, page))) => {
                    self.done.insert(page_no, page);
                    return Ok(true);
                }
                // The window holds a sender: never.
                Ok(None) => return Ok(false),
                // No worker left: what they sent is queued, or nothing is.
                Err(None) => match self.finished.try_recv() {
                    Ok((page_no, page)) => {
                        self.done.insert(page_no, page);
                        return Ok(true);
                    }
                    Err(_) => return Ok(false),
                },
                Err(Some(Ok(()))) => continue,
                Err(Some(Err(e))) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(Some(Err(_))) => return Err(TriNetError::Cancelled),
            }
        }
    }

    /// Page `page_no`'s answer, once it is in (starting it if need be).
    pub(super) async fn take(&mut self, page_no: usize) -> Result<EmployeePage<T>, TriNetError> {
        loop {
            if let Some(page) = self.done.remove(&page_no) {
                return page;
            }
            self.last = self.last.max(page_no);
            self.fill();
            if !self.join_one().await? {
                return Err(TriNetError::Cancelled);
            }
        }
    }

    /// Pages 2 to `count` (the first page's total), added to `pages` in
    /// order, each reported to `progress` as it arrives; whether the last
    /// of them still says `hasMore`.
    pub(super) async fn counted<P: FnMut(Progress)>(
        &mut self,
        count: usize,
        pages: &mut Vec<Vec<T>>,
        received: &mut usize,
        progress: &mut P,
    ) -> Result<bool, TriNetError> {
        self.last = count;
        self.exist(count);
        let mut slots: Vec<Option<EmployeePage<T>>> = (2..=count).map(|_| None).collect();
        let mut pages_done = 1;
        while pages_done < count {
            let in_range: Vec<usize> = self.done.range(2..=count).map(|(&n, _)| n).collect();
            for page_no in in_range {
                let page = self.done.remove(&page_no).expect("listed above")?;
                *received += page.employees.len();
                slots[page_no - 2] = Some(page);
                pages_done += 1;
                progress(Progress {
                    pages_done,
                    pages_expected: Some(count),
                    employees_received: *received,
                });
            }
            if pages_done == count {
                break;
            }
            self.fill();
            if !self.join_one().await? {
                return Err(TriNetError::Cancelled);
            }
        }
        let mut has_more = true;
        for page in slots {
            let page = page.ok_or(TriNetError::Cancelled)?;
            has_more = page.has_more;
            pages.push(page.employees);
        }
        if has_more {
            tracing::warn!(
                counted = count,
                "employee pages continue past the reported total; paging on"
            );
        }
        Ok(has_more)
    }

    /// The pages after those in `pages`, in order, while they say
    /// `hasMore`; the window keeps asking ahead meanwhile.
    pub(super) async fn while_more<P: FnMut(Progress)>(
        &mut self,
        pages: &mut Vec<Vec<T>>,
        received: &mut usize,
        progress: &mut P,
    ) -> Result<(), TriNetError> {
        let employees_path = format!("/v1/company/{}/employees", self.client.company_id());
        self.last = MAX_PAGES as usize;
        loop {
            let page_no = pages.len() + 1;
            if page_no as u64 > MAX_PAGES {
                return Err(TriNetError::malformed(
                    &employees_path,
                    format!("hasMore is still true after {MAX_PAGES} pages"),
                ));
            }
            self.exist(page_no);
            let page = self.take(page_no).await?;
            if page.employees.is_empty() && page.has_more {
                return Err(TriNetError::malformed(
                    &employees_path,
                    format!("page {page_no} is empty but says there is more"),
                ));
            }
            *received += page.employees.len();
            pages.push(page.employees);
            progress(Progress {
                pages_done: pages.len(),
                pages_expected: None,
                employees_received: *received,
            });
            if !page.has_more {
                return Ok(());
            }
        }
    }
}
