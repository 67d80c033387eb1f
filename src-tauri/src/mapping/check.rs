//! Checks a mapping before it is saved: errors that block saving (each
//! naming its directory field), warnings that do not, and group names that
//! differ from another only by case or spacing.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::apply::{CompiledMapping, MappedRecord};
use super::catalog::SourceField;
use super::path::SourcePath;
use super::schema::{custom_name_problem, REQUIRED};
use super::spec::{MappingSpec, Transform};
use super::template::{self, Piece};

/// The name `FieldIssue::field` uses for the exclusion rule.
pub const EXCLUSION_FIELD: &str = "exclusion";

/// A problem with one directory field's mapping (or the exclusion rule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldIssue {
    /// The directory field's name, or `exclusion`.
    pub field: String,
    /// Starts with the field's label; says what to do.
    pub message: String,
}

/// A group-driving value that matches another value (or an existing
/// directory group) once case and spacing are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupWarning {
    pub field: String,
    /// The odd spelling, as mapped.
    pub value: String,
    /// The spelling it would merge with (the most common one, or the
    /// directory's existing group name).
    pub similar_to: String,
    /// Whether `similar_to` is a group already in the directory.
    pub in_directory: bool,
}

/// Everything the Map fields screen shows before saving.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MappingCheck {
    /// Saving is refused while there are any.
    pub errors: Vec<FieldIssue>,
    pub warnings: Vec<FieldIssue>,
    /// Saving with these needs an explicit acknowledgement.
    pub group_warnings: Vec<GroupWarning>,
}

struct Issues<'a> {
    labels: HashMap<&'a str, &'a str>,
    errors: Vec<FieldIssue>,
    warnings: Vec<FieldIssue>,
}

impl Issues<'_> {
    fn issue(&self, field: &str, what: &str) -> FieldIssue {
        let label = self.labels.get(field).copied().unwrap_or(field);
        FieldIssue {
            field: field.to_string(),
            message: format!("{label}: {what}"),
        }
    }

    fn error(&mut self, field: &str, what: impl AsRef<str>) {
        let i = self.issue(field, what.as_ref());
        self.errors.push(i);
    }

    fn warn(&mut self, field: &str, what: impl AsRef<str>) {
        let i = self.issue(field, what.as_ref());
        self.warnings.push(i);
    }

    /// Checks one path; with `known`, warns when TriNet sent no such field.
    fn source(&mut self, field: &str, path: &str, known: Option<&HashSet<&str>>) {
        if self.source_ok(field, path) {
            self.unseen(field, &[path], known);
        }
    }

    /// Checks a chain of paths where any one is enough: warns only when
    /// TriNet sent none of them.
    fn sources(&mut self, field: &str, paths: &[&str], known: Option<&HashSet<&str>>) {
        let mut all_ok = true;
        for p in paths {
            all_ok &= self.source_ok(field, p);
        }
        if all_ok {
            self.unseen(field, paths, known);
        }
    }

    fn unseen(&mut self, field: &str, paths: &[&str], known: Option<&HashSet<&str>>) {
        let Some(known) = known else { return };
        if paths.is_empty() || paths.iter().any(|p| known.contains(p.trim())) {
            return;
        }
        let listed = paths
            .iter()
            .map(|p| format!("`{}`", p.trim()))
            .collect::<Vec<_>>()
            .join(" or ");
        self.warn(
            field,
            format!("no fetched employee has {listed}; it will stay empty until TriNet sends it."),
        );
    }

    fn source_ok(&mut self, field: &str, path: &str) -> bool {
        if path.trim().is_empty() {
            self.error(
                field,
                "no TriNet field is chosen. Drag one onto it, or remove the mapping.",
            );
            return false;
        }
        if let Err(e) = SourcePath::parse(path) {
            self.error(field, format!("the TriNet field {e}."));
            return false;
        }
        true
    }
}

/// Checks `spec` on its own. With `catalog` (the last fetch's fields),
/// sources TriNet did not send are warned about.
pub fn check(spec: &MappingSpec, catalog: Option<&[SourceField]>) -> MappingCheck {
    let fields = spec.fields();
    let known: Option<HashSet<&str>> = catalog.map(|c| c.iter().map(|f| f.path.as_str()).collect());
    let mut issues = Issues {
        labels: fields
            .iter()
            .map(|f| (f.name.as_str(), f.label.as_str()))
            .chain([(EXCLUSION_FIELD, "Exclusion rule")])
            .collect(),
        errors: vec![],
        warnings: vec![],
    };

    let mut custom_seen = HashSet::new();
    for f in &spec.custom_fields {
        if let Some(problem) = custom_name_problem(&f.name) {
            issues.error(&f.name, problem);
        } else if !custom_seen.insert(f.name.as_str()) {
            issues.error(&f.name, "two custom fields have this name; rename one.");
        }
        if f.label.trim().is_empty() {
            issues.error(&f.name, "give the field a label the directory shows.");
        }
    }

    let names: HashSet<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let mut mapped = HashSet::new();
    for m in &spec.mappings {
        if !names.contains(m.field.as_str()) {
            issues.error(&m.field, "this directory field does not exist; add it as a custom field or remove the mapping.");
            continue;
        }
        if !mapped.insert(m.field.as_str()) {
            issues.error(&m.field, "is mapped twice; keep one mapping.");
            continue;
        }
        check_transform(&mut issues, &m.field, &m.transform, &names, known.as_ref());
    }
    for f in &fields {
        if mapped.contains(f.name.as_str()) {
            continue;
        }
        if REQUIRED.contains(&f.name.as_str()) {
            issues.error(&f.name, "must be mapped: Roster matches people by it.");
        } else if f.core {
            issues.warn(
                &f.name,
                "is not mapped; it will stay empty in the directory.",
            );
        } else {
            issues.error(
                &f.name,
                "has no TriNet field mapped. Drag one onto it, or remove the custom field.",
            );
        }
    }
    template_cycles(&mut issues, spec);

    if let Some(ex) = &spec.exclusion {
        issues.source(EXCLUSION_FIELD, &ex.source, known.as_ref());
        if ex.value.trim().is_empty() {
            issues.error(
                EXCLUSION_FIELD,
                "enter the value that excludes a person (e.g. Yes).",
            );
        }
    }
    MappingCheck {
        errors: issues.errors,
        warnings: issues.warnings,
        group_warnings: vec![],
    }
}

fn check_transform(
    issues: &mut Issues<'_>,
    field: &str,
    t: &Transform,
    names: &HashSet<&str>,
    known: Option<&HashSet<&str>>,
) {
    match t {
        Transform::Direct { source } | Transform::Date { source } => {
            issues.source(field, source, known)
        }
        Transform::ManagerEmail {
            source,
            fallback_source,
        } => {
            let mut paths = vec![source.as_str()];
            paths.extend(fallback_source.as_deref().filter(|f| !f.trim().is_empty()));
            issues.sources(field, &paths, known);
        }
        Transform::ValueMap { source, table, .. } => {
            issues.source(field, source, known);
            let mut seen = HashSet::new();
            for (n, row) in table.iter().enumerate() {
                let from = row.from.trim().to_lowercase();
                if from.is_empty() {
                    issues.error(field, format!("row {} of the value map has nothing in \"from\"; fill it in or delete the row.", n + 1));
                } else if !seen.insert(from) {
                    issues.error(
                        field,
                        format!(
                            "\"{}\" appears twice in the value map; keep one row.",
                            row.from.trim()
                        ),
                    );
                }
            }
        }
        Transform::Fallback { sources } => {
            if sources.is_empty() {
                issues.error(
                    field,
                    "the fallback chain is empty; add at least one TriNet field.",
                );
            }
            let paths: Vec<&str> = sources.iter().map(String::as_str).collect();
            issues.sources(field, &paths, known);
        }
        Transform::Template { template } => match template::parse(template) {
            Err(e) => issues.error(field, format!("the template {e}.")),
            Ok(pieces) if pieces.is_empty() => issues.error(field, "the template is empty."),
            Ok(pieces) => {
                for p in pieces {
                    match p {
                        Piece::Field(name) if !names.contains(name) => issues.error(
                            field,
                            format!("the template refers to {{{name}}}, which is not a directory field."),
                        ),
                        Piece::Source(path) => issues.source(field, path, known),
                        _ => {}
                    }
                }
            }
        },
    }
}

/// Templates that read each other in a circle can never be filled.
fn template_cycles(issues: &mut Issues<'_>, spec: &MappingSpec) {
    let mut deps: HashMap<&str, Vec<&str>> = HashMap::new();
    for m in &spec.mappings {
        if let Transform::Template { template } = &m.transform {
            if let Ok(pieces) = template::parse(template) {
                deps.insert(
                    m.field.as_str(),
                    pieces
                        .into_iter()
                        .filter_map(|p| match p {
                            Piece::Field(f) => Some(f),
                            _ => None,
                        })
                        .collect(),
                );
            }
        }
    }
    let mut fields: Vec<&str> = deps.keys().copied().collect();
    fields.sort_unstable();
    for start in fields {
        // Depth-first from `start`: does any path lead back to it?
        let mut stack: Vec<&str> = deps[start].clone();
        let mut seen = HashSet::new();
        while let Some(f) = stack.pop() {
            if f == start {
                issues.error(start, "its template refers back to itself (directly or through another template); break the circle.");
                break;
            }
            if seen.insert(f) {
                if let Some(next) = deps.get(f) {
                    stack.extend(next.iter().copied());
                }
            }
        }
    }
}

/// How group names are compared: case, surrounding and repeated spaces ignored.
pub fn normalise_group_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Group-driving values (per the spec's fields) that collide with another
/// spelling among `records`, or with a group already in the directory
/// (`existing`, by field name). Excluded people's values count too: they
/// may be included later. Sorted by field, then value.
pub fn group_warnings(
    mapping: &CompiledMapping,
    records: &[MappedRecord],
    existing: &HashMap<String, Vec<String>>,
) -> Vec<GroupWarning> {
    let mut out = Vec::new();
    for (i, field) in mapping.fields().iter().enumerate() {
        if !field.drives_group {
            continue;
        }
        // normalised -> (spelling -> count)
        let mut buckets: HashMap<String, HashMap<&str, usize>> = HashMap::new();
        for r in records {
            if let Some(v) = r.values[i].as_deref() {
                *buckets
                    .entry(normalise_group_name(v))
                    .or_default()
                    .entry(v)
                    .or_default() += 1;
            }
        }
        let known: HashMap<String, &str> = existing
            .get(&field.name)
            .into_iter()
            .flatten()
            .map(|g| (normalise_group_name(g), g.as_str()))
            .collect();
        for (norm, spellings) in &buckets {
            let (canonical, in_directory) = match known.get(norm) {
                Some(&g) => (g, true),
                None => {
                    if spellings.len() < 2 {
                        continue;
                    }
                    // Most common spelling; ties by text, for a stable answer.
                    let common = spellings
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(s, _)| *s)
                        .unwrap_or_default();
                    (common, false)
                }
            };
            for s in spellings.keys() {
                if *s != canonical {
                    out.push(GroupWarning {
                        field: field.name.clone(),
                        value: s.to_string(),
                        similar_to: canonical.to_string(),
                        in_directory,
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.field, &a.value).cmp(&(&b.field, &b.value)));
    out
}
