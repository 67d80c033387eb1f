//! The template transform's little language: literal text, `{field}` for a
//! directory field's mapped value, `{src:path}` for a TriNet value, and
//! `{{` / `}}` for literal braces.

/// One piece of a parsed template, borrowing names from the template text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Literal(String),
    Field(&'a str),
    Source(&'a str),
}

/// Splits `template` into pieces; the error says what is wrong, for the admin.
pub fn parse(template: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        literal.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            literal.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('}') {
            return Err("has a } without a matching {; write }} for a literal brace".into());
        }
        let Some(close) = tail.find('}') else {
            return Err("has a { without a closing }".into());
        };
        let inner = tail[1..close].trim();
        if inner.is_empty() {
            return Err("has an empty {}".into());
        }
        if !literal.is_empty() {
            pieces.push(Piece::Literal(std::mem::take(&mut literal)));
        }
        pieces.push(match inner.strip_prefix("src:") {
            Some(path) if path.trim().is_empty() => {
                return Err("has {src:} without a TriNet field".into())
            }
            Some(path) => Piece::Source(path.trim()),
            None => Piece::Field(inner),
        });
        rest = &tail[close + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_fields_sources_and_text() {
        assert_eq!(
            parse("{first_name} {last_name} ({src:employmentInfo.jobCode}) {{x}}").unwrap(),
            vec![
                Piece::Field("first_name"),
                Piece::Literal(" ".into()),
                Piece::Field("last_name"),
                Piece::Literal(" (".into()),
                Piece::Source("employmentInfo.jobCode"),
                Piece::Literal(") {x}".into()),
            ]
        );
        assert!(parse("{first_name").is_err());
        assert!(parse("a } b").is_err());
        assert!(parse("{}").is_err());
        assert!(parse("{src:}").is_err());
        assert_eq!(parse("").unwrap(), vec![]);
    }
}
