//! Roster's IPC surface, from its one list (command_list.rs): the typed
//! command table the UI's client is checked against (ui/src/ipc/commands.ts,
//! generated from the commands' Rust signatures like bindings.ts) and the
//! checks that build.rs, lib.rs and capabilities/main.json all use that list.

use tauri::{AppHandle, Emitter, Runtime};

use crate::operations::auto_push::AutoPushed;
use crate::sync::run::SyncOutcome;

/// The app event that announces every scheduled run (payload: [`SyncOutcome`]).
pub const SYNC_EVENT: &str = "scheduled-sync";

/// The app event that says what auto-push did for one target after an
/// import approved in the window (payload: [`AutoPushed`]).
pub const AUTO_PUSH_EVENT: &str = "auto-push";

/// The `(file, command)` pairs of command_list.rs.
macro_rules! ipc_commands {
    ($($file:ident::$command:ident),* $(,)?) => {
        &[$((stringify!($file), stringify!($command))),*]
    };
}

/// Every IPC command as `(file under src/app/commands/, command name)`.
pub const COMMANDS: &[(&str, &str)] = include!("command_list.rs");

/// Every app event Rust emits, with its payload's type; each is sent only
/// through its function below, so the payload named here is the one sent.
pub fn events() -> Vec<(&'static str, String)> {
    use ts_rs::TS;
    vec![
        (SYNC_EVENT, SyncOutcome::name()),
        (AUTO_PUSH_EVENT, AutoPushed::name()),
    ]
}

/// Announces a scheduled run's outcome to the window.
pub fn emit_scheduled_sync<R: Runtime>(
    app: &AppHandle<R>,
    outcome: &SyncOutcome,
) -> tauri::Result<()> {
    app.emit(SYNC_EVENT, outcome)
}

/// Tells the window what auto-push did for one target.
pub fn emit_auto_push<R: Runtime>(app: &AppHandle<R>, done: &AutoPushed) -> tauri::Result<()> {
    app.emit(AUTO_PUSH_EVENT, done)
}

/// The permission capabilities/main.json must grant for `command`.
pub fn permission(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

#[cfg(test)]
mod generate {
    //! Reads each command's signature from its source file and writes it as
    //! TypeScript. A small reader for the one shape commands are written in
    //! (`fn name<generics>(arg: Type, ...) -> Reply {`); it panics, naming the
    //! command, on anything else rather than guessing.

    use std::collections::BTreeSet;
    use std::path::Path;

    /// Arguments tauri fills in itself; the UI never sends them.
    const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

    /// One command as the UI calls it.
    pub struct Signature {
        pub name: String,
        /// `(camelCase name, TypeScript type)`.
        pub args: Vec<(String, String)>,
        pub reply: String,
    }

    /// Type names the table uses, to import from bindings.ts.
    #[derive(Default)]
    pub struct Names(pub BTreeSet<String>);

    pub fn signature(src: &Path, file: &str, command: &str, names: &mut Names) -> Signature {
        let path = src.join(format!("app/commands/{file}.rs"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let after_attr = text
            .split("#[tauri::command]")
            .skip(1)
            .find(|chunk| {
                chunk
                    .split_once("fn ")
                    .is_some_and(|(_, rest)| rest.starts_with(command) && !rest[command.len()..].starts_with(|c: char| c == '_' || c.is_alphanumeric()))
            })
            .unwrap_or_else(|| {
                panic!("command_list.rs names {file}::{command}: no `#[tauri::command]` fn {command} in {}", path.display())
            });
        // Renamed arguments or other options would change what the UI sends.
        assert!(
            after_attr.trim_start().starts_with("pub "),
            "{command}: write #[tauri::command] without options, right above `pub`"
        );
        let rest = &after_attr[after_attr.find("fn ").unwrap() + 3 + command.len()..];
        let rest = match rest.strip_prefix('<') {
            Some(generics) => &generics[closing(generics, '<', '>') + 1..],
            None => rest,
        };
        let inner = rest
            .strip_prefix('(')
            .unwrap_or_else(|| panic!("{command}: no argument list"));
        let close = closing(inner, '(', ')');
        let mut args = vec![];
        for arg in split_top(&inner[..close]) {
            let (name, ty) = arg
                .split_once(':')
                .unwrap_or_else(|| panic!("{command}: argument `{arg}` has no type"));
            let ty = Ty::parse(ty.trim());
            if INJECTED.contains(&ty.name.as_str()) {
                continue;
            }
            args.push((camel_case(name.trim()), ty.ts(command, names)));
        }
        let after = inner[close + 1..].trim_start();
        let reply = match after.strip_prefix("->") {
            None => "void".to_string(),
            Some(reply) => {
                let reply = Ty::parse(reply[..reply.find('{').unwrap()].trim());
                match (reply.name.as_str(), reply.args.as_slice()) {
                    ("Result", [ok, _]) => ok.ts(command, names),
                    _ => reply.ts(command, names),
                }
            }
        };
        Signature {
            name: command.to_string(),
            args,
            reply,
        }
    }

    /// Where the bracket opened just before `text` closes.
    fn closing(text: &str, open: char, close: char) -> usize {
        let mut depth = 1;
        for (i, c) in text.char_indices() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
        }
        panic!("unbalanced {open}{close} in {text}")
    }

    /// `text` split at commas outside brackets, without empty pieces.
    fn split_top(text: &str) -> Vec<&str> {
        let (mut depth, mut start, mut parts) = (0, 0, vec![]);
        for (i, c) in text.char_indices() {
            match c {
                '<' | '(' | '[' => depth += 1,
                '>' | ')' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(text[start..i].trim());
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(text[start..].trim());
        parts.retain(|p| !p.is_empty());
        parts
    }

    /// A Rust type as written: its last path segment and type arguments.
    struct Ty {
        name: String,
        args: Vec<Ty>,
    }

    impl Ty {
        fn parse(text: &str) -> Self {
            let text = text.trim();
            if let Some(referenced) = text.strip_prefix('&') {
                let referenced = referenced.trim_start();
                let referenced = match referenced.strip_prefix('\'') {
                    Some(lifetime) => lifetime.split_once(' ').map_or("", |(_, t)| t),
                    None => referenced,
                };
                return Self::parse(referenced);
            }
            if text == "()" {
                return Self {
                    name: "()".into(),
                    args: vec![],
                };
            }
            let (path, args) = match text.split_once('<') {
                Some((path, rest)) => {
                    let inner = &rest[..closing(rest, '<', '>')];
                    let args = split_top(inner)
                        .into_iter()
                        .filter(|a| !a.starts_with('\''))
                        .map(Self::parse)
                        .collect();
                    (path, args)
                }
                None => (text, vec![]),
            };
            let name = path.rsplit("::").next().unwrap().trim().to_string();
            assert!(
                !name.is_empty() && name.chars().all(|c| c == '_' || c.is_alphanumeric()),
                "unsupported IPC type `{text}`"
            );
            Self { name, args }
        }

        /// The type as TypeScript sees its JSON. Integers are JSON numbers
        /// (Roster's ids and counts stay far below 2^53, as the
        /// `#[ts(type = "number")]` fields in the bindings say); named types
        /// come from bindings.ts.
        fn ts(&self, command: &str, names: &mut Names) -> String {
            let one = |names: &mut Names| match self.args.as_slice() {
                [inner] => inner.ts(command, names),
                _ => panic!("{command}: {} needs one type argument", self.name),
            };
            match self.name.as_str() {
                "Option" => format!("{} | null", one(names)),
                "Vec" => format!("Array<{}>", one(names)),
                "Channel" => format!("Channel<{}>", one(names)),
                "()" => "null".into(),
                "String" | "str" => "string".into(),
                "bool" => "boolean".into(),
                "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
                | "f32" | "f64" => "number".into(),
                name => {
                    assert!(
                        self.args.is_empty(),
                        "{command}: generic type {name} does not cross IPC"
                    );
                    names.0.insert(name.to_string());
                    name.to_string()
                }
            }
        }
    }

    fn camel_case(snake: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in snake.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.extend(c.to_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }
}

/// The whole generated ui/src/ipc/commands.ts.
#[cfg(test)]
pub fn render() -> String {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut names = generate::Names::default();
    let signatures: Vec<_> = COMMANDS
        .iter()
        .map(|(file, command)| generate::signature(&src, file, command, &mut names))
        .collect();
    let events: Vec<_> = events()
        .into_iter()
        .inspect(|(_, payload)| {
            names.0.insert(payload.clone());
        })
        .collect();
    let bindings = super::bindings::render();
    for name in &names.0 {
        assert!(
            bindings.contains(&format!("export type {name} ")),
            "{name} crosses IPC but is not in bindings.ts: add it to app/bindings.rs"
        );
    }
    let mut out = String::from(
        "// Generated from Rust by src-tauri/src/app/surface.rs, from src-tauri/src/app/command_list.rs and each\n\
         // command's signature. Do not edit by hand: run `UPDATE_BINDINGS=1 cargo test -p roster --lib bindings`.\n\n",
    );
    if signatures
        .iter()
        .flat_map(|s| &s.args)
        .any(|(_, t)| t.contains("Channel<"))
    {
        out.push_str("import type { Channel } from \"@tauri-apps/api/core\";\n");
    }
    out.push_str("import type {\n");
    for name in &names.0 {
        out.push_str(&format!("  {name},\n"));
    }
    out.push_str("} from \"./bindings\";\n\n");
    out.push_str(
        "/** Every command the window may call: its arguments, as the UI sends them, and its reply. */\n\
         export type Commands = {\n",
    );
    for s in &signatures {
        let args = if s.args.is_empty() {
            String::new()
        } else {
            let fields: Vec<_> = s.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            format!("args: {{ {} }}; ", fields.join("; "))
        };
        out.push_str(&format!("  {}: {{ {args}reply: {} }};\n", s.name, s.reply));
    }
    out.push_str("};\n\n");
    out.push_str(
        "/** Every app event Rust emits, and its payload. */\n\
         export type Events = {\n",
    );
    for (name, payload) in &events {
        out.push_str(&format!("  \"{name}\": {payload};\n"));
    }
    out.push_str("};\n");
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::{permission, COMMANDS};

    fn crate_file(path: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// `UPDATE_BINDINGS=1` rewrites it, like bindings.ts.
    #[test]
    fn committed_command_bindings_are_current() {
        crate::app::bindings::assert_committed("commands.ts", &super::render());
    }

    /// The window may call exactly the listed commands: a command missing
    /// from the capability fails at runtime with "not allowed", and one the
    /// capability grants beyond the list is a permission nobody uses.
    #[test]
    fn the_capability_grants_exactly_the_listed_commands() {
        let capability: serde_json::Value =
            serde_json::from_str(&crate_file("capabilities/main.json")).unwrap();
        let granted: BTreeSet<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| !p.contains(':'))
            .map(str::to_string)
            .collect();
        let listed: BTreeSet<String> = COMMANDS.iter().map(|(_, c)| permission(c)).collect();
        let missing: Vec<_> = listed.difference(&granted).collect();
        let extra: Vec<_> = granted.difference(&listed).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "capabilities/main.json disagrees with app/command_list.rs: missing {missing:?}, not listed {extra:?}"
        );
    }

    /// An event sent from anywhere else could carry a payload commands.ts
    /// does not know.
    #[test]
    fn events_are_sent_only_through_this_module() {
        fn visit(dir: &Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    visit(&path, found);
                } else if path.file_name().is_some_and(|n| n != "surface.rs")
                    && std::fs::read_to_string(&path).unwrap().contains(".emit(")
                {
                    found.push(path.display().to_string());
                }
            }
        }
        let mut found = vec![];
        visit(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(
            found.is_empty(),
            "events emitted outside app/surface.rs: {found:?}"
        );
    }

    /// build.rs (permissions) and lib.rs (handlers) take their commands from
    /// the list, not from lists of their own; and every `#[tauri::command]`
    /// in commands/ is listed, so none is written and never registered.
    #[test]
    fn build_rs_lib_rs_and_the_command_files_use_the_one_list() {
        let build = crate_file("build.rs");
        assert!(build.contains(r#"include!("src/app/command_list.rs")"#));
        assert!(
            !build.contains(r#""app_info""#),
            "build.rs lists commands itself"
        );
        let lib = crate_file("src/lib.rs");
        assert!(lib.contains(r#".invoke_handler(include!("app/command_list.rs"))"#));
        assert_eq!(
            lib.matches("generate_handler!").count(),
            1,
            "one handler list, the macro's"
        );

        let listed: BTreeSet<(String, String)> = COMMANDS
            .iter()
            .map(|(f, c)| (f.to_string(), c.to_string()))
            .collect();
        assert_eq!(listed.len(), COMMANDS.len(), "a command is listed twice");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app/commands");
        let mut written = BTreeSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_stem().unwrap().to_string_lossy().into_owned();
            if file == "mod" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for chunk in text.split("#[tauri::command]").skip(1) {
                let name = chunk
                    .split("fn ")
                    .nth(1)
                    .and_then(|rest| rest.split(['(', '<']).next())
                    .unwrap()
                    .trim()
                    .to_string();
                written.insert((file.clone(), name));
            }
        }
        let unlisted: Vec<_> = written.difference(&listed).collect();
        assert!(
            unlisted.is_empty(),
            "commands not in app/command_list.rs (never registered, no permission): {unlisted:?}"
        );
    }
}
