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

/// This process's CPU time so far (user + system, all threads) in ms, from
/// /proc on Linux: on a busy machine it says what the work cost when wall
/// time mostly says how long it waited for a core.
#[allow(dead_code)]
pub fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 Hz).
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}

/// The least CPU time (ms, see [`cpu_ms`]) one of `rounds` runs of `work`
/// took.
#[allow(dead_code)]
pub fn least_cpu(rounds: usize, mut work: impl FnMut()) -> Option<f64> {
    (0..rounds)
        .map(|_| {
            let before = cpu_ms()?;
            work();
            Some(cpu_ms()? - before)
        })
        .collect::<Option<Vec<f64>>>()?
        .into_iter()
        .reduce(f64::min)
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
