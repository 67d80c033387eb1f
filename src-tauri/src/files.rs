//! Writing a file whole or not at all: a temporary file beside the target,
//! flushed to disk, then renamed over it. A crash or a full disk leaves the
//! old file (or none), never half a file.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` whole or not at all. The folder must exist.
/// A new file gets the usual mode for one (0666 less the umask), not the
/// 0600 of a temporary file.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // Dropped on any error, the temporary file is removed.
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_whole_write_replaces_the_old_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        write_whole(&path, b"old").unwrap();
        write_whole(&path, b"new,contents\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new,contents\n");
        assert_eq!(names_in(dir.path()), ["export.csv"]);
    }

    #[test]
    fn a_write_into_a_missing_folder_fails_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone").join("export.csv");
        assert!(write_whole(&path, b"data").is_err());
        assert!(names_in(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_written_file_has_the_mode_of_any_new_file_not_a_private_temporary_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"x").unwrap();
        let whole = dir.path().join("whole");
        write_whole(&whole, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&whole), mode(&plain));
    }
}
