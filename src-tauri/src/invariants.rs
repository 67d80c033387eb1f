//! The architecture invariants of README.md's map, checked: which top-level
//! module may use which. Reads every source file's `crate::` paths (test
//! code excluded: a test may reach across layers to set up its case) and
//! fails naming each use a layer may not make.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers from the bottom up: a module may use modules of lower layers
/// only, never one of its own layer or above. README.md § Layout says why.
const LAYERS: &[&[&str]] = &[
    // Vocabulary and leaves: nothing from the crate.
    &[
        "model", "vault", "files", "paths", "logging", "fuzzing", "rng",
    ],
    // What every HTTP client shares.
    &["net"],
    // Side by side, never using each other: the HTTP clients and SQL.
    &["trinet", "scim", "store"],
    &["mapping"],
    &["plan"],
    &["reconcile"],
    &["runlock", "sandbox"],
    // Workflows that read and write the store with the domain's rules.
    &["connection"],
    &["sync", "provision"],
    &["history"],
    // Everything a front end does, without tauri.
    &["operations"],
    // The two front ends, never using each other.
    &["app", "cli"],
];

/// Uses the layers allow but the map forbids: the domain never touches SQL.
const NEVER: &[(&str, &str)] = &[
    ("mapping", "store"),
    ("plan", "store"),
    ("sandbox", "store"),
    ("reconcile", "store"),
    ("reconcile", "scim"),
    ("provision", "store"),
];

/// The only modules that may name the `tauri` crate (lib.rs wires the app).
const TAURI_ALLOWED: &[&str] = &["app", "lib"];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a source file belongs to (`lib`, `main` for the
/// crate roots).
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().expect("a file in src");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// `text` without its `#[cfg(test)]` items (an inline `mod tests { … }` or
/// a `use` only tests need), and the names of test-only child modules
/// declared as `#[cfg(test)] mod name;`.
fn production_code(text: &str) -> (String, Vec<String>) {
    let mut kept = String::new();
    let mut test_modules = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "#[cfg(test)]" {
            kept.push_str(line);
            kept.push('\n');
            continue;
        }
        let Some(item) = lines.next() else { break };
        let item_trimmed = item.trim();
        if let Some(name) = item_trimmed
            .strip_prefix("mod ")
            .or_else(|| item_trimmed.strip_prefix("pub mod "))
            .or_else(|| item_trimmed.strip_prefix("pub(crate) mod "))
            .and_then(|rest| rest.strip_suffix(';'))
        {
            test_modules.push(name.to_string());
            continue;
        }
        let mut depth: i32 = 0;
        let mut line = item;
        loop {
            depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
            if depth <= 0 && (line.contains('}') || line.trim_end().ends_with(';')) {
                break;
            }
            match lines.next() {
                Some(next) => line = next,
                None => break,
            }
        }
    }
    (kept, test_modules)
}

/// Every production source file under `src`, relative to it.
fn production_files(src: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    let mut test_only: BTreeSet<PathBuf> = BTreeSet::new();
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("src is readable")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            let (code, tests) = production_code(&text);
            let parent = if matches!(
                path.file_name().and_then(|n| n.to_str()),
                Some("mod.rs" | "lib.rs" | "main.rs")
            ) {
                path.parent().expect("a parent").to_path_buf()
            } else {
                path.with_extension("")
            };
            for t in tests {
                test_only.insert(parent.join(format!("{t}.rs")));
                test_only.insert(parent.join(&t));
            }
            out.push((path, code));
        }
    }
    out.into_iter()
        .filter(|(path, _)| !test_only.iter().any(|t| path.starts_with(t)))
        .map(|(path, code)| {
            let relative = path.strip_prefix(src).expect("under src").to_path_buf();
            (relative, code)
        })
        .collect()
}

/// The names that follow each `prefix` in `line` (`crate::store::x` →
/// `store` for the prefix `crate::`).
fn names_after<'a>(line: &'a str, prefix: &'a str) -> impl Iterator<Item = String> + 'a {
    line.match_indices(prefix).filter_map(move |(at, _)| {
        let name: String = line[at + prefix.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        (!name.is_empty()).then_some(name)
    })
}

/// Which top-level modules each module's production code names.
fn uses(src: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (relative, code) in production_files(src) {
        let module = module_of(&relative);
        for (n, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for name in names_after(line, "crate::").filter(|name| *name != module) {
                graph
                    .entry(module.clone())
                    .or_default()
                    .entry(name)
                    .or_insert_with(|| format!("{}:{}", relative.display(), n + 1));
            }
            if !TAURI_ALLOWED.contains(&module.as_str())
                && (line.contains("tauri::") || line.contains("use tauri"))
            {
                graph
                    .entry(module.clone())
                    .or_default()
                    .entry("tauri".into())
                    .or_insert_with(|| format!("{}:{}", relative.display(), n + 1));
            }
        }
    }
    graph
}

/// Each use the layers forbid, as "module uses other (where)".
fn violations(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<String> {
    let mut out = Vec::new();
    for (module, used) in graph {
        let own = layer_of(module);
        for (other, at) in used {
            let allowed = match (own, layer_of(other)) {
                // The crate roots wire everything together.
                _ if matches!(module.as_str(), "lib" | "main") => true,
                _ if other == "tauri" => false,
                (Some(a), Some(b)) => b < a && !NEVER.contains(&(module.as_str(), other.as_str())),
                (None, _) => false,
                (_, None) => false,
            };
            if !allowed {
                out.push(format!("{module} uses {other} ({at})"));
            }
        }
    }
    out
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = uses(&src);
    let unknown: Vec<&String> = graph
        .keys()
        .filter(|m| layer_of(m).is_none() && !matches!(m.as_str(), "lib" | "main"))
        .collect();
    assert!(
        unknown.is_empty(),
        "top-level modules missing from LAYERS (add them, and to README's map): {unknown:?}"
    );
    let broken = violations(&graph);
    assert!(
        broken.is_empty(),
        "uses that break README's architecture invariants:\n  {}",
        broken.join("\n  ")
    );
}

#[test]
fn the_check_sees_a_use_that_breaks_a_layer_and_ignores_test_code() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("store")).unwrap();
    std::fs::write(
        src.join("store/mod.rs"),
        "use crate::model::ImportRow;\nuse crate::plan::ImportPlan;\n#[cfg(test)]\nmod tests;\n",
    )
    .unwrap();
    std::fs::write(src.join("store/tests.rs"), "use crate::sync::run;\n").unwrap();
    std::fs::write(
        src.join("plan.rs"),
        "fn f() { crate::store::Store::open(); }\n#[cfg(test)]\nmod tests {\n    use crate::app::X;\n}\n",
    )
    .unwrap();
    std::fs::write(
        src.join("cli.rs"),
        "fn f() { tauri::async_runtime::block_on(x) }\n",
    )
    .unwrap();
    let broken = violations(&uses(src));
    assert_eq!(
        broken,
        vec![
            "cli uses tauri (cli.rs:1)".to_string(),
            "plan uses store (plan.rs:1)".to_string(),
            "store uses plan (store/mod.rs:2)".to_string(),
        ]
    );
}

/// Within each top-level module, which of its rooms (child modules) each
/// room's production code names, through `super::` or the full path.
fn room_uses(src: &Path) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut graph: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (relative, code) in production_files(src) {
        let parts: Vec<String> = relative
            .components()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_string()
            })
            .collect();
        let [top, room, ..] = parts.as_slice() else {
            continue;
        };
        if room == "mod" {
            continue;
        }
        // `super::` reaches the module's rooms only from a room's own file.
        let prefixes = if parts.len() == 2 {
            vec!["super::".to_string(), format!("crate::{top}::")]
        } else {
            vec![format!("crate::{top}::")]
        };
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for prefix in &prefixes {
                graph
                    .entry((top.clone(), room.clone()))
                    .or_default()
                    .extend(names_after(line, prefix).filter(|name| name != room));
            }
        }
    }
    graph
}

/// Pairs of rooms of one module that use each other, directly or through
/// other rooms, as "module: a ⇄ b".
fn room_cycles(graph: &BTreeMap<(String, String), BTreeSet<String>>) -> Vec<String> {
    let reaches = |top: &str, from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(room) = todo.pop() {
            if !seen.insert(room.clone()) {
                continue;
            }
            for next in graph.get(&(top.to_string(), room)).into_iter().flatten() {
                if next == to {
                    return true;
                }
                todo.push(next.clone());
            }
        }
        false
    };
    let mut out = Vec::new();
    for ((top, room), used) in graph {
        for other in used {
            if room < other && reaches(top, other, room) {
                out.push(format!("{top}: {room} ⇄ {other}"));
            }
        }
    }
    out
}

#[test]
fn no_two_rooms_of_a_module_use_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let cycles = room_cycles(&room_uses(&src));
    assert!(
        cycles.is_empty(),
        "rooms that use each other (move what both need into a third room):\n  {}",
        cycles.join("\n  ")
    );
}

#[test]
fn the_room_check_sees_two_rooms_that_use_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("sandbox")).unwrap();
    std::fs::write(
        src.join("sandbox/mod.rs"),
        "mod churn;\nmod company;\nmod week;\n",
    )
    .unwrap();
    std::fs::write(
        src.join("sandbox/churn.rs"),
        "use super::company::Company;\n",
    )
    .unwrap();
    std::fs::write(
        src.join("sandbox/company.rs"),
        "fn f() { crate::sandbox::week::x(); }\n",
    )
    .unwrap();
    std::fs::write(src.join("sandbox/week.rs"), "use super::churn::Pending;\n").unwrap();
    assert_eq!(
        room_cycles(&room_uses(src)),
        vec![
            "sandbox: churn ⇄ company".to_string(),
            "sandbox: company ⇄ week".to_string(),
        ]
    );
    std::fs::write(src.join("sandbox/week.rs"), "pub struct Pending;\n").unwrap();
    assert!(room_cycles(&room_uses(src)).is_empty());
}
