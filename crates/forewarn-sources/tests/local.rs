//! Files, directories and standard input (through `read_capped`, which `read_stdin` uses).

use std::fs::{self, File};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use forewarn_sources::{InputSpec, SourceError, read_capped, read_file, walk};

const MIB: u64 = 1024 * 1024;

#[test]
fn a_file_is_read_and_named_by_the_path_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    fs::write(&path, "Al-Shabaab claimed the attack.").unwrap();
    let input = read_file(&path, MIB).unwrap();
    assert_eq!(input.name, path.display().to_string());
    assert_eq!(input.bytes, b"Al-Shabaab claimed the attack.");
    assert_eq!(input.content_type, None);
    assert_eq!(input.url, None);
}

#[test]
fn a_missing_file_is_reported_as_such() {
    let err = read_file(Path::new("/nonexistent/forewarn/report.txt"), MIB).unwrap_err();
    assert!(matches!(err, SourceError::NoSuchFile { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "/nonexistent/forewarn/report.txt: no such file"
    );
}

#[test]
fn a_directory_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_file(dir.path(), MIB).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: not a regular file (a directory)", dir.path().display())
    );
}

#[test]
fn a_sparse_gigabyte_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.bin");
    File::create(&path).unwrap().set_len(1024 * MIB).unwrap();
    let started = Instant::now();
    let err = read_file(&path, 64 * MIB).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        err.to_string(),
        format!("{}: larger than the 64 MiB limit", path.display())
    );
}

#[test]
fn a_file_exactly_at_the_limit_is_read_and_one_byte_more_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edge.txt");
    fs::write(&path, [b'a'; 100]).unwrap();
    assert_eq!(read_file(&path, 100).unwrap().bytes.len(), 100);
    assert!(matches!(
        read_file(&path, 99),
        Err(SourceError::TooLarge { limit: 99, .. })
    ));
}

#[cfg(unix)]
#[test]
fn a_device_is_not_a_regular_file() {
    let err = read_file(Path::new("/dev/zero"), MIB).unwrap_err();
    assert_eq!(
        err.to_string(),
        "/dev/zero: not a regular file (a character device)"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pipe");
    let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path and a plain mode.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let started = Instant::now();
    let err = read_file(&path, MIB).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(
        err.to_string(),
        format!("{}: not a regular file (a FIFO)", path.display())
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_says_permission_denied() {
    use std::os::unix::fs::PermissionsExt;
    // root reads anything: nothing to test then.
    if unsafe { libc::geteuid() } == 0 {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.txt");
    fs::write(&path, "x").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    let err = read_file(&path, MIB).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: permission denied", path.display())
    );
}

#[test]
fn read_capped_takes_up_to_the_limit_and_refuses_beyond() {
    let data = b"Boko Haram attacked the town at dawn.";
    let n = data.len() as u64;
    assert_eq!(read_capped(Cursor::new(data), n, "stdin").unwrap(), data);
    let err = read_capped(Cursor::new(data), n - 1, "stdin").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("stdin: larger than the {} bytes limit", n - 1)
    );
    assert_eq!(read_capped(Cursor::new(b""), 0, "stdin").unwrap(), b"");
}

#[test]
fn read_capped_stops_one_byte_past_the_limit() {
    // An endless reader: the cap must end the read.
    let err = read_capped(std::io::repeat(b'x'), MIB, "stdin").unwrap_err();
    assert!(matches!(err, SourceError::TooLarge { .. }));
}

/// Builds a small tree: visible files at several depths, hidden files and directories.
fn sample_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (path, text) in [
        ("b.txt", "b"),
        ("a.html", "a"),
        ("sub/z.md", "z"),
        ("sub/deeper/c.pdf", "c"),
        ("sub/.hidden.txt", "hidden"),
        (".git/config", "git"),
        (".cache/x/y.txt", "cache"),
        ("A-upper.txt", "A"),
    ] {
        let p = root.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    fs::create_dir(root.join("empty")).unwrap();
    dir
}

fn relative(root: &Path, paths: Vec<PathBuf>) -> Vec<String> {
    paths
        .into_iter()
        .map(|p| p.strip_prefix(root).unwrap().display().to_string())
        .collect()
}

#[test]
fn walk_returns_visible_regular_files_sorted_and_nested() {
    let dir = sample_tree();
    let found: Vec<PathBuf> = walk(dir.path()).collect::<Result<_, _>>().unwrap();
    assert_eq!(
        relative(dir.path(), found),
        [
            "A-upper.txt",
            "a.html",
            "b.txt",
            "sub/deeper/c.pdf",
            "sub/z.md"
        ]
    );
}

#[test]
fn walk_is_deterministic() {
    let dir = sample_tree();
    let first: Vec<_> = walk(dir.path()).map(Result::unwrap).collect();
    let second: Vec<_> = walk(dir.path()).map(Result::unwrap).collect();
    assert_eq!(first, second);
}

#[test]
fn walk_does_not_skip_a_hidden_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(".reports");
    fs::create_dir(&root).unwrap();
    fs::write(root.join("one.txt"), "1").unwrap();
    let found: Vec<PathBuf> = walk(&root).collect::<Result<_, _>>().unwrap();
    assert_eq!(relative(&root, found), ["one.txt"]);
}

#[test]
fn walk_of_a_missing_directory_is_one_error() {
    let items: Vec<_> = walk(Path::new("/nonexistent/forewarn")).collect();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].as_ref().unwrap_err().to_string(),
        "/nonexistent/forewarn: no such file"
    );
}

#[cfg(unix)]
#[test]
fn walk_follows_file_links_reports_loops_and_goes_on() {
    use std::os::unix::fs::symlink;
    let dir = sample_tree();
    let root = dir.path();
    symlink(root.join("b.txt"), root.join("link-to-b.txt")).unwrap();
    symlink(root, root.join("sub/loop")).unwrap();
    symlink("/dev/null", root.join("null")).unwrap();
    let items: Vec<_> = walk(root).collect();
    let errors: Vec<String> = items
        .iter()
        .filter_map(|i| i.as_ref().err().map(ToString::to_string))
        .collect();
    let files: Vec<PathBuf> = items.into_iter().filter_map(Result::ok).collect();
    assert_eq!(
        relative(root, files),
        [
            "A-upper.txt",
            "a.html",
            "b.txt",
            "link-to-b.txt",
            "sub/deeper/c.pdf",
            "sub/z.md"
        ]
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("symbolic link loop"), "{}", errors[0]);
}

#[test]
fn a_directory_spec_loads_every_file_under_it() {
    let dir = sample_tree();
    let fetcher = forewarn_sources::Fetcher::new(Default::default()).unwrap();
    let spec = InputSpec::parse(dir.path().to_str().unwrap());
    let loaded: Vec<_> = spec.load(&fetcher).map(Result::unwrap).collect();
    let texts: Vec<&[u8]> = loaded.iter().map(|i| i.bytes.as_slice()).collect();
    assert_eq!(texts, [&b"A"[..], b"a", b"b", b"c", b"z"]);
}
