//! A mapping as the admin edits it and as each version is saved: custom
//! fields, one transform per directory field, and an optional exclusion
//! rule. Plain data (serialised to JSON in the database and over IPC); the
//! engine compiles it before use.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::schema::{core_fields, DirectoryField};

/// Everything an admin decides on the Map fields screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MappingSpec {
    /// Directory fields beyond the core ones, in display order.
    #[serde(default)]
    pub custom_fields: Vec<DirectoryField>,
    /// At most one per directory field (core or custom).
    pub mappings: Vec<FieldMapping>,
    #[serde(default)]
    pub exclusion: Option<Exclusion>,
}

/// How one directory field gets its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldMapping {
    /// A directory field name (core or custom).
    pub field: String,
    pub transform: Transform,
}

/// How a value is made from a TriNet record. Source paths are written as
/// the catalog lists them, e.g. `employmentInfo.department.deptName` or
/// `names[PRI].firstName`. Every transform trims its result; a blank
/// result is no value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Transform {
    /// The value as TriNet sent it.
    Direct { source: String },
    /// A lookup table: the first row whose `from` equals the value
    /// (ignoring case and surrounding spaces) gives `to`. With no matching
    /// row, `default` replaces the value (an empty `default` leaves it
    /// empty); with no `default`, the TriNet value is kept as it is.
    ValueMap {
        source: String,
        table: Vec<ValueMapEntry>,
        default: Option<String>,
    },
    /// A date in any spelling TriNet uses (date, date-time, US m/d/Y) as
    /// `YYYY-MM-DD`; anything else is an error shown in the preview.
    Date { source: String },
    /// The first of `sources` that has a value.
    Fallback { sources: Vec<String> },
    /// Text with placeholders: `{first_name}` is a directory field's mapped
    /// value, `{src:employmentInfo.jobCode}` a TriNet value; `{{` and `}}`
    /// are literal braces. Empty placeholders become empty text; a template
    /// whose placeholders are all empty gives no value.
    Template { template: String },
    /// The work email of the person whose `employeeId` is the value at
    /// `source` (else at `fallback_source`), among the same fetch.
    ManagerEmail {
        source: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        fallback_source: Option<String>,
    },
}

/// One row of a value map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ValueMapEntry {
    pub from: String,
    pub to: String,
}

/// Who stays out of the directory: people whose value at `source` equals
/// `value` (ignoring case and surrounding spaces). They are shown as
/// excluded, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Exclusion {
    pub source: String,
    #[serde(default = "default_exclusion_value")]
    pub value: String,
}

pub fn default_exclusion_value() -> String {
    "Yes".to_string()
}

impl Transform {
    /// The TriNet paths this transform reads (template `{src:..}` included).
    pub fn sources(&self) -> Vec<&str> {
        match self {
            Self::Direct { source } | Self::ValueMap { source, .. } | Self::Date { source } => {
                vec![source.as_str()]
            }
            Self::ManagerEmail {
                source,
                fallback_source,
            } => std::iter::once(source.as_str())
                .chain(fallback_source.as_deref())
                .collect(),
            Self::Fallback { sources } => sources.iter().map(String::as_str).collect(),
            Self::Template { template } => super::template::parse(template)
                .map(|pieces| {
                    pieces
                        .into_iter()
                        .filter_map(|p| match p {
                            super::template::Piece::Source(s) => Some(s),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

fn direct(source: &str) -> Transform {
    Transform::Direct {
        source: source.into(),
    }
}

fn date(source: &str) -> Transform {
    Transform::Date {
        source: source.into(),
    }
}

/// TriNet's `employmentStatus` codes as the directory's status codes; the
/// planner combines them with the dates (pending start, terminated by date).
pub fn status_table() -> Vec<ValueMapEntry> {
    [
        ("A", "active"),
        ("L", "on_leave"),
        ("P", "on_leave"),
        ("S", "on_leave"),
        ("T", "terminated"),
        ("U", "terminated"),
        ("D", "terminated"),
    ]
    .into_iter()
    .map(|(from, to)| ValueMapEntry {
        from: from.into(),
        to: to.into(),
    })
    .collect()
}

/// What a new install maps: every core field from where TriNet keeps it.
pub fn default_spec() -> MappingSpec {
    let ei = |rest: &str| format!("employmentInfo.{rest}");
    let pairs: Vec<(&str, Transform)> = vec![
        ("employee_id", direct("employeeId")),
        ("work_email", direct(&ei("workEmail"))),
        ("first_name", direct("names[PRI].firstName")),
        ("last_name", direct("names[PRI].lastName")),
        (
            "preferred_name",
            Transform::Fallback {
                sources: vec!["names[PRF].firstName".into(), "names[PRI].firstName".into()],
            },
        ),
        ("date_of_birth", date("bioInfo.birthdate")),
        ("start_date", date(&ei("serviceDate"))),
        ("end_date", date(&ei("terminationDate"))),
        (
            "status",
            Transform::ValueMap {
                source: ei("employmentStatus"),
                table: status_table(),
                default: None,
            },
        ),
        (
            "manager_email",
            Transform::ManagerEmail {
                source: ei("supervisor.supervisorId"),
                fallback_source: Some(ei("supervisorId")),
            },
        ),
        ("department", direct(&ei("department.deptName"))),
        ("location", direct(&ei("location.locationName"))),
        ("job_title", direct(&ei("businessTitle"))),
        ("employment_type", direct(&ei("employeeType"))),
    ];
    MappingSpec {
        custom_fields: vec![],
        mappings: pairs
            .into_iter()
            .map(|(field, transform)| FieldMapping {
                field: field.into(),
                transform,
            })
            .collect(),
        exclusion: None,
    }
}

impl MappingSpec {
    /// Core fields then custom fields: the order of a mapped record's values.
    pub fn fields(&self) -> Vec<DirectoryField> {
        let mut all = core_fields();
        all.extend(self.custom_fields.iter().cloned());
        all
    }

    pub fn mapping_for(&self, field: &str) -> Option<&FieldMapping> {
        self.mappings.iter().find(|m| m.field == field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_spec_maps_every_core_field_once() {
        let spec = default_spec();
        for field in core_fields() {
            assert_eq!(
                spec.mappings
                    .iter()
                    .filter(|m| m.field == field.name)
                    .count(),
                1,
                "{}",
                field.name
            );
        }
    }

    #[test]
    fn transforms_travel_as_tagged_json() {
        let t: Transform = serde_json::from_str(
            r#"{"type":"value_map","source":"a.b","table":[{"from":"x","to":"y"}],"default":null}"#,
        )
        .unwrap();
        assert_eq!(t.sources(), vec!["a.b"]);
        let back = serde_json::to_value(&t).unwrap();
        assert_eq!(back["type"], "value_map");
        let ex: Exclusion =
            serde_json::from_str(r#"{"source":"employmentInfo.customGroupB"}"#).unwrap();
        assert_eq!(ex.value, "Yes");
        let tpl = Transform::Template {
            template: "{first_name} {src:employmentInfo.jobCode}".into(),
        };
        assert_eq!(tpl.sources(), vec!["employmentInfo.jobCode"]);
    }
}
