//! The one line per stage each bench prints for `scripts/bench.sh`'s
//! table: what was measured, the floor or baseline measured beside it in
//! the same run, their ratio, the goal, and whether it was met.

/// A size the environment variable `var` sets for a quick check or a
/// profile (`ROSTER_BENCH_PEOPLE=2000`), else `default`.
#[allow(dead_code)]
pub fn size(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Milliseconds in a `Duration`.
#[allow(dead_code)]
pub fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A goal on a stage: an upper bound on the measurement, on its ratio to
/// the baseline, or both.
pub struct Goal {
    pub text: &'static str,
    pub below: Option<f64>,
    pub ratio_at_most: Option<f64>,
}

/// Prints one `BENCH` line: stage, measured, baseline, ratio, goal, verdict
/// (tab-separated). `measured` and `baseline` are in `unit`.
pub fn row(stage: &str, measured: f64, baseline: Option<f64>, unit: &str, goal: Goal) {
    let ratio = baseline.filter(|b| *b > 0.0).map(|b| measured / b);
    let met = goal.below.is_none_or(|g| measured < g)
        && goal
            .ratio_at_most
            .is_none_or(|g| ratio.is_some_and(|r| r <= g));
    let figure = |v: f64| {
        if v >= 100.0 {
            format!("{v:.0} {unit}")
        } else {
            format!("{v:.1} {unit}")
        }
    };
    println!(
        "BENCH\t{stage}\t{}\t{}\t{}\t{}\t{}",
        figure(measured),
        baseline.map_or("-".to_string(), figure),
        ratio.map_or("-".to_string(), |r| format!("{r:.2}x")),
        goal.text,
        if met { "met" } else { "MISSED" }
    );
}
