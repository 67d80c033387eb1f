//! SCIM filter expressions (RFC 7644 §3.4.2.2): `userName eq "a@b.c"`,
//! `emails[type eq "work" and value co "@x"]`, `and`/`or`/`not`, `pr`,
//! and the comparison operators, parsed once and matched against stored
//! resources. Also the `attr[filter].sub` paths PATCH uses.

use serde_json::{Map, Value};

use super::error::ScimError;
use super::schema;

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Present(AttrPath),
    Compare(AttrPath, Op, Value),
    /// `attr[filter]`: some value of the multi-valued `attr` matches.
    Within(AttrPath, Box<Filter>),
}

impl Filter {
    /// Whether any attribute path in the filter starts with one of `names`.
    pub fn names_any(&self, names: &[&str]) -> bool {
        let named = |p: &AttrPath| names.iter().any(|n| n.eq_ignore_ascii_case(&p.attr));
        match self {
            Filter::And(a, b) | Filter::Or(a, b) => a.names_any(names) || b.names_any(names),
            Filter::Not(a) => a.names_any(names),
            Filter::Present(p) | Filter::Compare(p, _, _) | Filter::Within(p, _) => named(p),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

/// `[urn:]attr[.sub]`, names as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrPath {
    /// The extension URN the path is inside, if any (core URNs are dropped).
    pub urn: Option<String>,
    pub attr: String,
    pub sub: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    OpenBracket,
    CloseBracket,
    Word(String),
    Text(String),
}

fn invalid(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request("invalidFilter", detail)
}

fn tokens(text: &str) -> Result<Vec<Token>, ScimError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                chars.next();
            }
            '(' | ')' | '[' | ']' => {
                chars.next();
                out.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    '[' => Token::OpenBracket,
                    _ => Token::CloseBracket,
                });
            }
            '"' => {
                chars.next();
                out.push(Token::Text(quoted(&mut chars)?));
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || "()[]\"".contains(c) {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                out.push(Token::Word(word));
            }
        }
    }
    Ok(out)
}

/// The rest of a JSON string literal after its opening quote.
fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, ScimError> {
    let mut raw = String::from("\"");
    let mut escaped = false;
    for c in chars.by_ref() {
        raw.push(c);
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            return serde_json::from_str(&raw)
                .map_err(|_| invalid("a quoted value has a bad escape"));
        }
    }
    Err(invalid("a quoted value is not closed"))
}

/// Parses a whole filter expression.
pub fn parse(text: &str) -> Result<Filter, ScimError> {
    let tokens = tokens(text)?;
    let mut p = Parser { tokens, at: 0 };
    let f = p.or()?;
    if p.at != p.tokens.len() {
        return Err(invalid(format!("unexpected text in the filter {text:?}")));
    }
    Ok(f)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek_word(&self, word: &str) -> bool {
        matches!(self.tokens.get(self.at), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn expect(&mut self, want: Token) -> Result<(), ScimError> {
        match self.next() {
            Some(t) if t == want => Ok(()),
            _ => Err(invalid(format!("expected {want:?} in the filter"))),
        }
    }

    fn or(&mut self) -> Result<Filter, ScimError> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.at += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, ScimError> {
        let mut left = self.unary()?;
        while self.peek_word("and") {
            self.at += 1;
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, ScimError> {
        if self.peek_word("not") {
            self.at += 1;
            self.expect(Token::Open)?;
            let inner = self.or()?;
            self.expect(Token::Close)?;
            return Ok(Filter::Not(Box::new(inner)));
        }
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                self.expect(Token::Close)?;
                Ok(inner)
            }
            Some(Token::Word(path)) => self.after_path(&path),
            _ => Err(invalid("the filter is incomplete")),
        }
    }

    fn after_path(&mut self, path: &str) -> Result<Filter, ScimError> {
        let path = attr_path(path)?;
        if self.tokens.get(self.at) == Some(&Token::OpenBracket) {
            self.at += 1;
            let inner = self.or()?;
            self.expect(Token::CloseBracket)?;
            return Ok(Filter::Within(path, Box::new(inner)));
        }
        let Some(Token::Word(op)) = self.next() else {
            return Err(invalid("an attribute in the filter has no operator"));
        };
        let op = match op.to_ascii_lowercase().as_str() {
            "pr" => return Ok(Filter::Present(path)),
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "co" => Op::Co,
            "sw" => Op::Sw,
            "ew" => Op::Ew,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            other => return Err(invalid(format!("unknown filter operator {other:?}"))),
        };
        let value = match self.next() {
            Some(Token::Text(s)) => Value::String(s),
            Some(Token::Word(w)) => serde_json::from_str(&w.to_ascii_lowercase())
                .map_err(|_| invalid(format!("{w:?} is not a value; quote strings")))?,
            _ => return Err(invalid("a comparison in the filter has no value")),
        };
        Ok(Filter::Compare(path, op, value))
    }
}

/// Splits `urn:...:attr.sub` / `attr.sub` / `attr`.
pub fn attr_path(text: &str) -> Result<AttrPath, ScimError> {
    let (urn, rest) = split_urn(text);
    let mut parts = rest.splitn(2, '.');
    let attr = parts.next().unwrap_or_default().to_string();
    let sub = parts.next().map(str::to_string);
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
    };
    if !valid(&attr) || sub.as_deref().is_some_and(|s| !valid(s)) {
        return Err(invalid(format!("{text:?} is not an attribute path")));
    }
    Ok(AttrPath { urn, attr, sub })
}

/// (`Some(extension urn)` or `None` for core/no URN, rest of the path). A
/// bare extension URN gives an empty rest.
pub fn split_urn(text: &str) -> (Option<String>, &str) {
    for urn in [schema::ENTERPRISE, schema::USER, schema::GROUP] {
        let Some(head) = text.get(..urn.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(urn) {
            continue;
        }
        let rest = &text[urn.len()..];
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        let ext = (urn == schema::ENTERPRISE).then(|| urn.to_string());
        return (ext, rest);
    }
    (None, text)
}

/// Whether `resource` (a stored User or Group, or one value of a
/// multi-valued attribute when `parent` names it) matches.
pub fn matches(filter: &Filter, resource: &Map<String, Value>, parent: Option<&str>) -> bool {
    match filter {
        Filter::And(a, b) => matches(a, resource, parent) && matches(b, resource, parent),
        Filter::Or(a, b) => matches(a, resource, parent) || matches(b, resource, parent),
        Filter::Not(a) => !matches(a, resource, parent),
        Filter::Present(path) => values(resource, path).iter().any(|v| present(v)),
        Filter::Compare(path, op, want) => {
            let exact = case_exact(path, parent);
            let found = values(resource, path);
            match op {
                Op::Ne => !found.iter().any(|v| compare(v, Op::Eq, want, exact)),
                _ if want.is_null() && *op == Op::Eq => !found.iter().any(|v| present(v)),
                _ => found.iter().any(|v| compare(v, *op, want, exact)),
            }
        }
        Filter::Within(path, inner) => {
            let container = container(resource, path);
            let items = get_ci(container, &path.attr);
            let items: Vec<&Value> = match items {
                Some(Value::Array(a)) => a.iter().collect(),
                Some(v) => vec![v],
                None => Vec::new(),
            };
            items.into_iter().any(|item| match item {
                Value::Object(m) => matches(inner, m, Some(&path.attr)),
                _ => false,
            })
        }
    }
}

fn present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
        _ => true,
    }
}

/// Attribute names are case-insensitive.
pub fn get_ci<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

fn container<'a>(resource: &'a Map<String, Value>, path: &AttrPath) -> &'a Map<String, Value> {
    match &path.urn {
        None => resource,
        Some(urn) => match get_ci(resource, urn) {
            Some(Value::Object(m)) => m,
            _ => &EMPTY,
        },
    }
}

/// Every value `path` reaches: multi-valued attributes are flattened, and
/// a multi-valued complex attribute without a sub-attribute compares its
/// `value`s (`emails eq "a@b.c"`).
fn values<'a>(resource: &'a Map<String, Value>, path: &AttrPath) -> Vec<&'a Value> {
    let Some(top) = get_ci(container(resource, path), &path.attr) else {
        return Vec::new();
    };
    let items: Vec<&Value> = match top {
        Value::Array(a) => a.iter().collect(),
        v => vec![v],
    };
    let sub = path.sub.as_deref();
    items
        .into_iter()
        .filter_map(|item| match (item, sub) {
            (Value::Object(m), Some(s)) => get_ci(m, s),
            (Value::Object(m), None) if top.is_array() => get_ci(m, "value"),
            (v, None) => Some(v),
            _ => None,
        })
        .collect()
}

fn case_exact(path: &AttrPath, parent: Option<&str>) -> bool {
    let last = path.sub.as_deref().unwrap_or(&path.attr);
    let owner = if path.sub.is_some() {
        Some(path.attr.as_str())
    } else {
        parent
    };
    let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    is(last, "id")
        || is(last, "externalId")
        || is(last, "$ref")
        || (is(last, "value")
            && owner.is_some_and(|o| ["members", "groups", "manager"].iter().any(|m| is(o, m))))
        || (is(last, "version") && owner.is_some_and(|o| is(o, "meta")))
}

fn compare(have: &Value, op: Op, want: &Value, exact: bool) -> bool {
    match (have, want) {
        (Value::String(h), Value::String(w)) => {
            let (h, w) = if exact {
                (h.clone(), w.clone())
            } else {
                (h.to_lowercase(), w.to_lowercase())
            };
            match op {
                Op::Eq => h == w,
                Op::Ne => h != w,
                Op::Co => h.contains(&w),
                Op::Sw => h.starts_with(&w),
                Op::Ew => h.ends_with(&w),
                Op::Gt => h > w,
                Op::Ge => h >= w,
                Op::Lt => h < w,
                Op::Le => h <= w,
            }
        }
        (Value::Number(h), Value::Number(w)) => {
            let (h, w) = (h.as_f64().unwrap_or(0.0), w.as_f64().unwrap_or(0.0));
            match op {
                Op::Eq => h == w,
                Op::Ne => h != w,
                Op::Gt => h > w,
                Op::Ge => h >= w,
                Op::Lt => h < w,
                Op::Le => h <= w,
                _ => false,
            }
        }
        (Value::Bool(h), Value::Bool(w)) => match op {
            Op::Eq => h == w,
            Op::Ne => h != w,
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn user() -> Map<String, Value> {
        let Value::Object(m) = json!({
            "id": "abc",
            "userName": "Ann.Lee@Example.com",
            "externalId": "00001000071",
            "displayName": "Ann Lee",
            "active": true,
            "emails": [{ "value": "ann@example.com", "type": "work" }, { "value": "ann@home.test", "type": "home" }],
            schema::ENTERPRISE: { "department": "Sales", "manager": { "value": "m1" } },
            "meta": { "lastModified": "2026-01-05T00:00:00Z" },
        }) else {
            unreachable!()
        };
        m
    }

    fn hit(text: &str) -> bool {
        matches(&parse(text).unwrap(), &user(), None)
    }

    #[test]
    fn identity_filters_match_as_rfc_7644_says() {
        assert!(
            hit(r#"userName eq "ann.lee@example.com""#),
            "userName ignores case"
        );
        assert!(hit(r#"externalId eq "00001000071""#));
        assert!(!hit(r#"externalId eq "00001000072""#));
        assert!(hit(r#"emails[type eq "work" and value co "@example"]"#));
        assert!(!hit(r#"emails[type eq "other"]"#));
        assert!(hit(r#"emails.value eq "ann@home.test""#));
        assert!(hit(r#"emails eq "ann@example.com""#));
        assert!(hit(r#"userName sw "ann" and (active eq true or title pr)"#));
        assert!(hit(r#"not (title pr) and displayName ew "lee""#));
        assert!(hit(
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "sales""#
        ));
        assert!(hit(
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m1""#
        ));
        assert!(hit(r#"meta.lastModified gt "2025-12-31T00:00:00Z""#));
        assert!(hit(r#"id eq "abc""#));
        assert!(!hit(r#"id eq "ABC""#), "ids are case-exact");
        assert!(hit(r#"USERNAME EQ "ann.lee@example.com""#));
        assert!(hit(r#"displayName eq "Ann \"Lee\"" or displayName ne "x""#));
    }

    #[test]
    fn identity_filters_refuse_what_they_cannot_read() {
        for bad in [
            "userName eq",
            r#"userName xx "a""#,
            r#"userName eq "a"#,
            r#"(userName eq "a""#,
            "userName eq unquoted",
            r#"emails[type eq "work""#,
            "",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.status, 400, "{bad}");
            assert_eq!(e.scim_type, Some("invalidFilter"), "{bad}");
        }
    }
}
