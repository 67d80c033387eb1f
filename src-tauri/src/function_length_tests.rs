//! Keeps every production function short enough to read in one sitting: a
//! scan of `src/` that fails naming each `fn` over the limit. Test code
//! (`*tests.rs`, `tests/` folders, `#[cfg(test)]` modules) is not counted.

use std::path::{Path, PathBuf};

/// The most lines a production function may span, from its `fn` line to its
/// closing brace.
const MAX_LINES: usize = 100;

#[test]
fn no_production_function_is_over_100_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut long = Vec::new();
    for path in production_files(&src) {
        let text = std::fs::read_to_string(&path).unwrap();
        let shown = path.strip_prefix(&src).unwrap().display().to_string();
        for f in functions(&text) {
            if f.lines > MAX_LINES {
                long.push(format!(
                    "src/{shown}:{} fn {} is {} lines",
                    f.line, f.name, f.lines
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "production functions over {MAX_LINES} lines; split them:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_scan_counts_bodies_and_skips_test_code_strings_and_comments() {
    let filler = "    let _ = 1;\n".repeat(99);
    let text = format!(
        "fn long() {{\n{filler}}}\n\
         fn short() {{ let s = \"}}\"; let c = '}}'; let r = r#\"{{\"#; /* }} */ }}\n\
         fn bodiless();\n\
         fn array() -> [u8; 2] {{ [b'{{', b'\\''] }}\n\
         fn generic<'a>(x: &'a str) -> &'a str {{\n    x // }}\n}}\n\
         #[cfg(test)]\nmod tests {{\n    fn long_test() {{\n{filler}{filler}    }}\n}}\n"
    );
    let found: Vec<(String, usize)> = functions(&text)
        .into_iter()
        .map(|f| (f.name, f.lines))
        .collect();
    assert_eq!(
        found,
        [
            ("long".to_string(), 101),
            ("short".to_string(), 1),
            ("array".to_string(), 1),
            ("generic".to_string(), 3)
        ]
    );
}

/// The `.rs` files under `dir` that hold production code.
fn production_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let test_only = test_only_modules(dir);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if test_only.contains(&name) || name == "tests" || name.ends_with("tests") {
            continue;
        }
        if path.is_dir() {
            files.extend(production_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Modules declared `#[cfg(test)] mod name;` in `dir`'s `mod.rs` or
/// `lib.rs`: their files are test code whatever they are called.
fn test_only_modules(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for parent in ["mod.rs", "lib.rs"] {
        let Ok(text) = std::fs::read_to_string(dir.join(parent)) else {
            continue;
        };
        let code = blank_literals_and_comments(&text);
        let mut rest = code.as_str();
        while let Some(at) = rest.find("#[cfg(test)]") {
            rest = &rest[at + "#[cfg(test)]".len()..];
            let decl = without_visibility(rest);
            if let Some(decl) = decl.strip_prefix("mod ") {
                let name: String = decl.chars().take_while(|c| is_ident(*c)).collect();
                if decl[name.len()..].trim_start().starts_with(';') {
                    names.push(name);
                }
            }
        }
    }
    names
}

#[derive(Debug)]
struct Function {
    name: String,
    /// 1-based line of the `fn` keyword.
    line: usize,
    lines: usize,
}

/// Every `fn` with a body in `text`, outside `#[cfg(test)]` modules.
fn functions(text: &str) -> Vec<Function> {
    let code: Vec<char> = blank_literals_and_comments(text).chars().collect();
    let skipped = test_module_spans(&code);
    let line_of = |at: usize| code[..at].iter().filter(|c| **c == '\n').count() + 1;
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = find_word(&code, at, "fn") {
        at = start + 2;
        if skipped.iter().any(|(a, b)| (*a..=*b).contains(&start)) {
            continue;
        }
        let name: String = code[at..]
            .iter()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| is_ident(**c))
            .collect();
        if name.is_empty() {
            continue; // a `fn(..)` pointer type
        }
        let Some(open) = body_or_end(&code, at) else {
            break;
        };
        if code[open] == ';' {
            continue;
        }
        let close = matching_brace(&code, open);
        found.push(Function {
            name,
            line: line_of(start),
            lines: line_of(close) - line_of(start) + 1,
        });
    }
    found
}

/// The `{` opening the body of the function whose signature starts at `at`,
/// or the `;` ending a bodiless one (a `;` inside `[u8; 4]` does not count).
fn body_or_end(code: &[char], at: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in code.iter().enumerate().skip(at) {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '{' | ';' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// The char ranges of `#[cfg(test)] mod name { .. }` blocks.
fn test_module_spans(code: &[char]) -> Vec<(usize, usize)> {
    let text: String = code.iter().collect();
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("#[cfg(test)]") {
        let attr = from + found;
        from = attr + "#[cfg(test)]".len();
        let after = without_visibility(&text[from..]);
        if !after.starts_with("mod ") {
            continue;
        }
        let rest = &text[text.len() - after.len()..];
        let Some(open) = rest.find(['{', ';']) else {
            continue;
        };
        if rest[open..].starts_with('{') {
            let open_char = text[..text.len() - rest.len() + open].chars().count();
            spans.push((open_char, matching_brace(code, open_char)));
        }
    }
    spans
}

/// `decl` from its first item keyword on (`pub`, `pub(crate)` dropped).
fn without_visibility(decl: &str) -> &str {
    let decl = decl.trim_start();
    let decl = decl.strip_prefix("pub(crate)").unwrap_or(decl).trim_start();
    decl.strip_prefix("pub ").unwrap_or(decl).trim_start()
}

fn matching_brace(code: &[char], open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in code.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    code.len() - 1
}

/// Where the keyword `word` next stands alone at or after `from`.
fn find_word(code: &[char], from: usize, word: &str) -> Option<usize> {
    let word: Vec<char> = word.chars().collect();
    (from..code.len().saturating_sub(word.len())).find(|i| {
        code[*i..].starts_with(&word)
            && (*i == 0 || !is_ident(code[i - 1]))
            && !is_ident(code[i + word.len()])
    })
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `text` with the insides of comments, strings and char literals replaced
/// by spaces (newlines kept), so braces in them do not count.
fn blank_literals_and_comments(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |out: &mut String, span: &[char]| {
        out.extend(span.iter().map(|c| if *c == '\n' { '\n' } else { ' ' }));
    };
    while i < chars.len() {
        let end = literal_or_comment_end(&chars, i);
        if end > i {
            blank(&mut out, &chars[i..end]);
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// If a comment, string or char literal starts at `i`, the index just past
/// it; otherwise `i`.
fn literal_or_comment_end(chars: &[char], i: usize) -> usize {
    let rest = &chars[i..];
    let find = |from: usize, pat: &[char]| {
        (from..chars.len())
            .find(|j| chars[*j..].starts_with(pat))
            .map_or(chars.len(), |j| j + pat.len())
    };
    let after_ident = i > 0 && is_ident(chars[i - 1]);
    if rest.starts_with(&['/', '/']) {
        // Up to the newline, which stays.
        return (i..chars.len())
            .find(|j| chars[*j] == '\n')
            .unwrap_or(chars.len());
    }
    if rest.starts_with(&['/', '*']) {
        return find(i + 2, &['*', '/']);
    }
    let raw_at = usize::from(rest.first() == Some(&'b'));
    if !after_ident && rest.get(raw_at) == Some(&'r') {
        let hashes = rest[raw_at + 1..].iter().take_while(|c| **c == '#').count();
        if rest.get(raw_at + 1 + hashes) == Some(&'"') {
            let mut close = vec!['"'];
            close.extend(std::iter::repeat_n('#', hashes));
            return find(i + raw_at + 2 + hashes, &close);
        }
    }
    if rest.first() == Some(&'"') {
        let mut j = i + 1;
        while j < chars.len() && chars[j] != '"' {
            j += if chars[j] == '\\' { 2 } else { 1 };
        }
        return j + 1;
    }
    if rest.first() == Some(&'\'') {
        // A char literal ('x', '\n', '\u{1F600}'); a lifetime has no closing quote.
        let len = if rest.get(1) == Some(&'\\') {
            rest.iter().skip(3).position(|c| *c == '\'').map(|p| p + 4)
        } else {
            (rest.get(2) == Some(&'\'')).then_some(3)
        };
        return i + len.unwrap_or(0);
    }
    i
}
