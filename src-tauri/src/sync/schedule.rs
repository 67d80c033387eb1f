//! When a scheduled sync is due. Pure: the clock, the time zone and the
//! last run are inputs, so the rules (a missed run runs once, off never
//! runs, daily follows the local wall clock through DST) are tested with
//! an injected clock.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How often Roster syncs on its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Schedule {
    /// Only when the admin previews (the default).
    #[default]
    Off,
    /// Every `minutes` minutes (at least [`MIN_MINUTES`]).
    EveryMinutes {
        minutes: u32,
    },
    Hourly,
    /// Once a day at `at` ("HH:MM", 24-hour, local time).
    Daily {
        at: String,
    },
}

/// The shortest interval: TriNet's rate limits and a calm history.
pub const MIN_MINUTES: u32 = 5;
/// The longest "every N minutes" (a day; use Daily beyond that).
pub const MAX_MINUTES: u32 = 24 * 60;

/// A schedule that cannot be saved; `field` names the form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ScheduleError {
    pub field: &'static str,
    pub message: String,
}

/// "HH:MM" exactly, 00:00 to 23:59.
fn daily_time(at: &str) -> Option<NaiveTime> {
    if at.len() != 5 {
        return None;
    }
    NaiveTime::parse_from_str(at, "%H:%M").ok()
}

impl Schedule {
    pub fn validate(&self) -> Result<(), ScheduleError> {
        match self {
            Schedule::EveryMinutes { minutes } if !(MIN_MINUTES..=MAX_MINUTES).contains(minutes) => {
                Err(ScheduleError {
                    field: "schedule.minutes",
                    message: format!(
                        "Sync every N minutes: enter a number from {MIN_MINUTES} to {MAX_MINUTES} (not {minutes})."
                    ),
                })
            }
            Schedule::Daily { at } if daily_time(at).is_none() => Err(ScheduleError {
                field: "schedule.at",
                message: format!("Sync daily at: enter a time as HH:MM, such as 06:30 (not {at:?})."),
            }),
            _ => Ok(()),
        }
    }

    /// How the schedule reads in a sentence ("every 15 minutes").
    pub fn describe(&self) -> String {
        match self {
            Schedule::Off => "off".into(),
            Schedule::EveryMinutes { minutes } => format!("every {minutes} minutes"),
            Schedule::Hourly => "hourly".into(),
            Schedule::Daily { at } => format!("daily at {at}"),
        }
    }
}

/// `time` on `day` in `tz`: the earlier of two when the clocks go back,
/// the first valid moment after the gap when they go forward.
fn local_moment<Tz: TimeZone>(tz: &Tz, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let wall = day.and_time(time);
    for shift in 0..=8 {
        let candidate = wall + Duration::minutes(15 * shift);
        if let Some(moment) = tz.from_local_datetime(&candidate).earliest() {
            return moment.with_timezone(&Utc);
        }
    }
    // No zone has a gap over two hours; read the wall clock as UTC.
    Utc.from_utc_datetime(&wall)
}

/// When the next scheduled run is due, or `None` when the schedule is off
/// (or unusable). Counting starts from the later of the last scheduled run
/// and `since`, when the schedule was last changed; with neither, a run is
/// due at once. A run missed while Roster was closed is due now, once: the
/// next one counts from when it ran.
pub fn next_due<Tz: TimeZone>(
    schedule: &Schedule,
    last_run: Option<DateTime<Utc>>,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Option<DateTime<Utc>> {
    if schedule.validate().is_err() {
        return None;
    }
    // A clock that jumped back must not push the next run far away.
    let anchor = last_run.max(since).map(|a| a.min(now));
    match schedule {
        Schedule::Off => None,
        Schedule::EveryMinutes { minutes } => {
            Some(anchor.map_or(now, |a| a + Duration::minutes(i64::from(*minutes))))
        }
        Schedule::Hourly => Some(anchor.map_or(now, |a| a + Duration::hours(1))),
        Schedule::Daily { at } => {
            let time = daily_time(at)?;
            let Some(anchor) = anchor else {
                return Some(now);
            };
            let day = anchor.with_timezone(tz).date_naive();
            (0..3)
                .filter_map(|d| day.checked_add_days(chrono::Days::new(d)))
                .map(|d| local_moment(tz, d, time))
                .find(|moment| *moment > anchor)
        }
    }
}

/// Whether a scheduled run is due at `now` (see [`next_due`]).
pub fn is_due<Tz: TimeZone>(
    schedule: &Schedule,
    last_run: Option<DateTime<Utc>>,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> bool {
    next_due(schedule, last_run, since, now, tz).is_some_and(|due| due <= now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::New_York;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn daily(at: &str) -> Schedule {
        Schedule::Daily { at: at.into() }
    }

    /// Runs a simulated clock from `from` to `to` in 30-second ticks, as
    /// the app's scheduler does, and returns when runs happened.
    fn simulate(
        schedule: &Schedule,
        since: Option<DateTime<Utc>>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<DateTime<Utc>> {
        let mut runs: Vec<DateTime<Utc>> = vec![];
        let mut now = from;
        while now <= to {
            if is_due(schedule, runs.last().copied(), since, now, &New_York) {
                runs.push(now);
            }
            now += Duration::seconds(30);
        }
        runs
    }

    #[test]
    fn off_never_runs() {
        let now = utc(2026, 6, 1, 12, 0);
        assert_eq!(next_due(&Schedule::Off, None, None, now, &Utc), None);
        assert!(simulate(&Schedule::Off, None, now, now + Duration::days(3)).is_empty());
    }

    #[test]
    fn every_n_minutes_needs_at_least_five() {
        for minutes in [0, 1, 4, MAX_MINUTES + 1] {
            let err = Schedule::EveryMinutes { minutes }.validate().unwrap_err();
            assert_eq!(err.field, "schedule.minutes");
            assert!(err.message.contains("from 5"), "{}", err.message);
        }
        assert!(Schedule::EveryMinutes { minutes: 5 }.validate().is_ok());
        // An invalid stored schedule never runs rather than running constantly.
        let now = utc(2026, 6, 1, 12, 0);
        let bad = Schedule::EveryMinutes { minutes: 1 };
        assert!(simulate(&bad, None, now, now + Duration::hours(1)).is_empty());
    }

    #[test]
    fn daily_needs_a_real_time() {
        for at in ["", "6:30", "24:00", "12:60", "noon", "06:30:00"] {
            let err = daily(at).validate().unwrap_err();
            assert_eq!(err.field, "schedule.at", "{at}");
        }
        assert!(daily("00:00").validate().is_ok());
        assert!(daily("23:59").validate().is_ok());
    }

    #[test]
    fn every_n_minutes_runs_at_that_interval() {
        let start = utc(2026, 6, 1, 12, 0);
        let every = Schedule::EveryMinutes { minutes: 5 };
        let runs = simulate(&every, Some(start), start, start + Duration::minutes(30));
        assert_eq!(runs.len(), 6, "{runs:?}");
        assert_eq!(runs[0], start + Duration::minutes(5));
        for pair in runs.windows(2) {
            assert_eq!(pair[1] - pair[0], Duration::minutes(5));
        }
    }

    #[test]
    fn hourly_counts_from_the_last_run() {
        let last = utc(2026, 6, 1, 8, 17);
        let due = next_due(&Schedule::Hourly, Some(last), None, last, &Utc);
        assert_eq!(due, Some(utc(2026, 6, 1, 9, 17)));
        assert!(!is_due(
            &Schedule::Hourly,
            Some(last),
            None,
            utc(2026, 6, 1, 9, 16),
            &Utc
        ));
        assert!(is_due(
            &Schedule::Hourly,
            Some(last),
            None,
            utc(2026, 6, 1, 9, 17),
            &Utc
        ));
        // Never run and no record of when it was switched on: due at once.
        assert!(is_due(&Schedule::Hourly, None, None, last, &Utc));
    }

    #[test]
    fn daily_runs_at_the_local_time_before_and_after_it() {
        // 06:30 in New York in June is 10:30 UTC (EDT, UTC-4).
        let at = daily("06:30");
        let since = utc(2026, 6, 1, 9, 0); // switched on at 05:00 local
        assert_eq!(
            next_due(&at, None, Some(since), since, &New_York),
            Some(utc(2026, 6, 1, 10, 30)),
            "before the time: today"
        );
        let later = utc(2026, 6, 1, 15, 0); // switched on at 11:00 local
        assert_eq!(
            next_due(&at, None, Some(later), later, &New_York),
            Some(utc(2026, 6, 2, 10, 30)),
            "after the time: tomorrow, not at once"
        );
        let runs = simulate(&at, Some(since), since, since + Duration::days(3));
        assert_eq!(
            runs,
            vec![
                utc(2026, 6, 1, 10, 30),
                utc(2026, 6, 2, 10, 30),
                utc(2026, 6, 3, 10, 30)
            ]
        );
    }

    #[test]
    fn a_run_missed_while_closed_runs_once_not_once_per_miss() {
        let last = utc(2026, 6, 1, 10, 30);
        let opened = utc(2026, 6, 9, 14, 0); // a week and more later
        for schedule in [
            Schedule::EveryMinutes { minutes: 5 },
            Schedule::Hourly,
            daily("06:30"),
        ] {
            assert!(is_due(&schedule, Some(last), None, opened, &New_York));
            // The run happens at `opened`; the next one counts from it.
            let next = next_due(&schedule, Some(opened), None, opened, &New_York).unwrap();
            assert!(next > opened, "{schedule:?} would run again at once");
        }
        assert_eq!(
            next_due(&daily("06:30"), Some(opened), None, opened, &New_York),
            Some(utc(2026, 6, 10, 10, 30))
        );
    }

    #[test]
    fn daily_follows_the_wall_clock_through_dst() {
        // Spring forward: 2026-03-08 02:00 EST becomes 03:00 EDT.
        let nine = daily("09:00");
        let runs = simulate(
            &nine,
            Some(utc(2026, 3, 7, 12, 0)),
            utc(2026, 3, 7, 12, 0),
            utc(2026, 3, 10, 12, 0),
        );
        // 09:00 EST = 14:00 UTC; 09:00 EDT = 13:00 UTC: 23 hours apart.
        assert_eq!(
            runs,
            vec![
                utc(2026, 3, 7, 14, 0),
                utc(2026, 3, 8, 13, 0),
                utc(2026, 3, 9, 13, 0)
            ]
        );
        // 02:30 does not exist on 2026-03-08: it runs once, right after the gap.
        let gap = simulate(
            &daily("02:30"),
            Some(utc(2026, 3, 8, 0, 0)),
            utc(2026, 3, 8, 0, 0),
            utc(2026, 3, 8, 23, 0),
        );
        assert_eq!(gap, vec![utc(2026, 3, 8, 7, 0)], "03:00 EDT");
        // Fall back: 01:30 happens twice on 2026-11-01; it runs once, the first time.
        let twice = simulate(
            &daily("01:30"),
            Some(utc(2026, 11, 1, 0, 0)),
            utc(2026, 11, 1, 0, 0),
            utc(2026, 11, 1, 23, 0),
        );
        assert_eq!(twice, vec![utc(2026, 11, 1, 5, 30)], "01:30 EDT only");
    }

    #[test]
    fn a_clock_that_went_back_does_not_stall_the_schedule() {
        let now = utc(2026, 6, 1, 12, 0);
        let future_run = now + Duration::days(30);
        let due = next_due(&Schedule::Hourly, Some(future_run), None, now, &Utc).unwrap();
        assert_eq!(due, now + Duration::hours(1));
    }
}
