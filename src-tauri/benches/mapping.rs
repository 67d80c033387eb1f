//! How fast a mapping applies to a large company: the default mapping plus
//! a value-mapped and a templated custom field and an exclusion rule, over
//! 100,000 sandbox records kept as a preview fetches them, as their values
//! at the paths the mapping reads (goal: under 250 ms; whole records beside
//! it), and the catalog over the
//! same records. Prints figures; not a pass/fail test:
//! `cargo bench -p roster --bench mapping`.

use std::time::Instant;

use roster_app::mapping::{
    self, default_spec, CompiledMapping, DirectoryField, Exclusion, FieldKind, FieldMapping,
    Transform, ValueMapEntry,
};
use roster_app::sandbox::Company;
use roster_app::trinet;

/// The allocator the `roster` binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RECORDS: usize = 100_000;

const ROUNDS: usize = 5;

fn custom(name: &str, transform: Transform) -> (DirectoryField, FieldMapping) {
    (
        DirectoryField {
            name: name.into(),
            label: name.into(),
            kind: FieldKind::Text,
            core: false,
            drives_group: false,
        },
        FieldMapping {
            field: name.into(),
            transform,
        },
    )
}

mod common;
use common::{cpu_ms, row, Goal};

/// Best of [`ROUNDS`] mappings of `records` with `spec`: wall and CPU ms.
fn best_map<R: mapping::RawRecord>(
    spec: &mapping::MappingSpec,
    records: &[R],
    what: &str,
) -> (f64, f64) {
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    for round in 1..=ROUNDS {
        let cpu = cpu_ms();
        let t = Instant::now();
        let mapping = CompiledMapping::compile(spec);
        let mapped = mapping.map_all(records);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let cpu = cpu.zip(cpu_ms()).map(|(a, b)| b - a);
        best = best.min(ms);
        best_cpu = best_cpu.min(cpu.unwrap_or(f64::MAX));
        let excluded = mapped.iter().filter(|r| r.excluded).count();
        let errors: usize = mapped.iter().map(|r| r.errors.len()).sum();
        println!(
            "  {what}, round {round}: {ms:>7.1} ms wall, {:>5.0} ms CPU  ({} people, {excluded} excluded, {errors} value errors)",
            cpu.unwrap_or(f64::NAN),
            mapped.len()
        );
    }
    (best, best_cpu)
}

fn main() {
    let started = Instant::now();
    let company = Company::generate(
        7,
        RECORDS,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
    );
    let records = company.to_employee_json();
    println!(
        "input: {} records generated in {} ms",
        records.len(),
        started.elapsed().as_millis()
    );

    let mut spec = default_spec();
    for (field, m) in [
        custom(
            "pay_basis",
            Transform::ValueMap {
                source: "payInfo.compFrequency".into(),
                table: vec![
                    ValueMapEntry {
                        from: "A".into(),
                        to: "salaried".into(),
                    },
                    ValueMapEntry {
                        from: "H".into(),
                        to: "hourly".into(),
                    },
                ],
                default: None,
            },
        ),
        custom(
            "display_name",
            Transform::Template {
                template: "{preferred_name} {last_name} ({src:employmentInfo.jobCode})".into(),
            },
        ),
    ] {
        spec.custom_fields.push(field);
        spec.mappings.push(m);
    }
    spec.exclusion = Some(Exclusion {
        source: "employmentInfo.customGroupB".into(),
        value: "Yes".into(),
    });

    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "mapping: {} fields, {threads} thread(s) available",
        spec.fields().len()
    );
    // What a preview maps: each record as fetched, read into a table of
    // the values this mapping reads (from the pages the sandbox would send).
    let fetched_for = CompiledMapping::compile(&spec);
    let keep = fetched_for.keep();
    let kept: Vec<mapping::PathValues> = records
        .chunks(100)
        .flat_map(|page| {
            let body = serde_json::to_vec(&serde_json::json!({
                "data": { "hasMore": false, "employeeData": page },
            }))
            .expect("serialisable");
            let page =
                trinet::parse_employee_page_tabled("/bench", &body, &keep, fetched_for.slots())
                    .expect("pages parse")
                    .employees;
            fetched_for.values_from_tables(page)
        })
        .collect();
    let (best, best_cpu) = best_map(&spec, &kept, "kept records");
    println!(
        "map {RECORDS} kept records: best {best:.1} ms wall (goal: under 250 ms), best {best_cpu:.0} ms CPU over {threads} thread(s)"
    );
    let (whole, whole_cpu) = best_map(&spec, &records, "whole records");
    println!(
        "map {RECORDS} whole records (Map fields' preview maps these): best {whole:.1} ms wall, best {whole_cpu:.0} ms CPU"
    );

    // Where the time goes, on one thread: the supervisor index, then the
    // records one by one, then a bare walk that only touches each record.
    row(
        "map 100,000 records (kept as fetched), 16 fields",
        best,
        None,
        "ms",
        Goal {
            text: "< 250 ms",
            below: Some(250.0),
            ratio_at_most: None,
        },
    );

    let mapping = CompiledMapping::compile(&spec);
    let t = Instant::now();
    let index = mapping.index_for(&records);
    let index_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let mut filled = 0usize;
    for r in &records {
        filled += mapping.map_one(r, &index).values.iter().flatten().count();
    }
    let serial_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let touched = records
        .iter()
        .filter(|r| r["employmentInfo"]["workEmail"].is_string())
        .count();
    let walk_ms = t.elapsed().as_secs_f64() * 1000.0;
    // The same work on 1,000 records that stay in the CPU cache: the gap to
    // the per-record cost above is time spent waiting for memory.
    let hot = &records[..1_000];
    let hot_index = mapping.index_for(hot);
    let mut hot_ns = f64::MAX;
    for _ in 0..20 {
        let t = Instant::now();
        for r in hot {
            std::hint::black_box(mapping.map_one(r, &hot_index));
        }
        hot_ns = hot_ns.min(t.elapsed().as_secs_f64() * 1e9 / hot.len() as f64);
    }
    println!(
        "  per record: {:.0} ns over all records, {hot_ns:.0} ns on 1,000 cached records",
        serial_ms * 1e6 / records.len() as f64
    );
    println!(
        "  one thread: supervisor index {index_ms:.1} ms, mapping {serial_ms:.1} ms ({filled} values); \
         bare walk to workEmail {walk_ms:.1} ms ({touched})"
    );

    let t = Instant::now();
    let catalog = mapping::catalog(records.iter());
    println!(
        "catalog of {RECORDS} records: {} ms ({} fields)",
        t.elapsed().as_millis(),
        catalog.len()
    );
}
