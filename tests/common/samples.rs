//! The sample patient records of `examples/patients/`, shared by the tests and the benches.

/// Each `examples/patients/*.json`, in file-name order: its name without `.json`, and its
/// text.
pub fn sample_files() -> Vec<(String, String)> {
    // The repository's root is ROOT or a directory above it (the exhaustive check's package is
    // tests/exhaustive/).
    let dir = std::path::Path::new(super::ROOT)
        .ancestors()
        .map(|d| d.join("examples/patients"))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| panic!("no examples/patients in {} or above", super::ROOT));
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no sample patient in {}", dir.display());
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_stem().expect("a file name").to_string_lossy();
            let json = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name.into_owned(), json)
        })
        .collect()
}
